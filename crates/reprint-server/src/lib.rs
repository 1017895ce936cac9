//! `reprint serve`: an HTTP JSON API and a web page over an archive index.
//!
//! In: an open [`Index`] and a [`ServerConfig`]. Out: a server that checks
//! texts against the archive (`POST /query`), adds documents to it
//! (`POST /documents`, behind a token when one is set), and gives back
//! documents and pair views. Every answer comes from the library's own
//! stages, through [`Index::query`] and [`Index::add`]; nothing is
//! computed here.
//!
//! Checks and adds run on blocking threads, so the event loop keeps
//! answering; a check never waits for an add (the index's readers see the
//! archive as of their start). Errors are JSON, `{"error": "..."}`, with a
//! 4xx status for what the request got wrong.

mod api;
mod page;

use std::net::SocketAddr;
use std::sync::Arc;

use reprint::scan::ScanParams;
use reprint_index::Index;

/// How the server runs.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// The address to listen on; loopback unless asked otherwise.
    pub addr: SocketAddr,
    /// When set, `POST /documents` needs `Authorization: Bearer TOKEN`.
    pub write_token: Option<String>,
    /// The largest request body taken, in bytes.
    pub max_body_bytes: usize,
    /// The settings checks are run with.
    pub params: ScanParams,
}

/// The default of [`ServerConfig::max_body_bytes`]: room for a batch of a
/// few thousand articles.
pub const DEFAULT_MAX_BODY_BYTES: usize = 16 << 20;

/// What every handler shares.
pub(crate) struct AppState {
    pub(crate) index: Index,
    pub(crate) write_token: Option<String>,
    pub(crate) params: ScanParams,
    /// Checks running at once. A check keeps the cores busy while it runs,
    /// so more at once only add memory and spread the same work thinner;
    /// the others wait their turn in order.
    pub(crate) checks: Arc<tokio::sync::Semaphore>,
}

/// Checks run at once per core.
const CHECKS_PER_CORE: usize = 2;

/// Serves `index` on `config.addr` until `shutdown` resolves, then finishes
/// the requests in flight and returns. `on_listening` is told the address
/// bound (useful with port 0).
pub async fn serve(
    index: Index,
    config: ServerConfig,
    on_listening: impl FnOnce(SocketAddr),
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    on_listening(listener.local_addr()?);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let state = Arc::new(AppState {
        index,
        write_token: config.write_token,
        params: config.params,
        checks: Arc::new(tokio::sync::Semaphore::new(CHECKS_PER_CORE * cores)),
    });
    axum::serve(listener, api::router(state, config.max_body_bytes))
        .with_graceful_shutdown(shutdown)
        .await
}
