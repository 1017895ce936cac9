//! `reprint serve`: the HTTP API and web page over an archive, from the
//! `reprint-server` library.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;
use reprint::scan::ScanParams;
use reprint_index::Index;
use reprint_server::{serve, ServerConfig};

#[derive(Args)]
pub(crate) struct ServeArgs {
    /// The index folder, made by `reprint index add`.
    index: PathBuf,
    /// The address to listen on: loopback by default, so only this machine
    /// reaches the server; 0.0.0.0:PORT opens it to the network.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Require this token to add documents (POST /documents), as
    /// `Authorization: Bearer TOKEN`. Without it anyone who reaches the
    /// server can add.
    #[arg(long, value_name = "TOKEN", env = "REPRINT_WRITE_TOKEN")]
    write_token: Option<String>,
    /// The largest request body taken (B, KB, MB or GB).
    #[arg(long, value_parser = reprint::size::parse_size, default_value = "16MB")]
    max_body_size: u64,
}

pub(crate) fn run(args: ServeArgs) -> anyhow::Result<()> {
    let index = Index::open(&args.index)?;
    let documents = index.info()?.documents;
    let config = ServerConfig {
        addr: args.addr,
        write_token: args.write_token.filter(|t| !t.is_empty()),
        max_body_bytes: usize::try_from(args.max_body_size).unwrap_or(usize::MAX),
        params: ScanParams::default(),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let path = args.index.display().to_string();
    runtime.block_on(serve(
        index,
        config,
        move |addr| {
            let mut out = std::io::stdout().lock();
            // A test or a supervisor reads the address from this line.
            let _ = writeln!(
                out,
                "Serving {path} ({documents} documents) on http://{addr}/; Ctrl-C stops."
            );
            let _ = out.flush();
        },
        stop_signal(),
    ))?;
    println!("Stopped.");
    Ok(())
}

/// Resolves at Ctrl-C, or at SIGTERM, what service managers send to stop a
/// service: either way the server finishes what is in flight.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
