//! `reprint-bench`: tools for measuring reprint. `reprint-bench gen` writes a
//! news-like corpus with known reprints and its ground truth;
//! `reprint-bench query-latency` times checks of single articles against an
//! archive index through the library call.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Parser, Subcommand};

use reprint_bench::generate::{generate, GenParams};

/// Benchmark tools for reprint.
#[derive(Parser)]
#[command(name = "reprint-bench", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a news-like corpus with known reprints: DIR/corpus.jsonl
    /// (records id, source, date, text) and DIR/truth.jsonl (one
    /// {"a": original, "b": copy, "label": "reuse", "original"} line per copy,
    /// the format `reprint eval pairs` reads).
    Gen {
        /// Bytes of text to write: 200MB, 1GB, 500KB, or a plain number.
        #[arg(long, value_parser = reprint::size::parse_size)]
        size: u64,
        /// Seed: equal seeds give equal corpora.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Share of documents that copy an earlier original.
        #[arg(long, default_value_t = 0.2)]
        reprint_share: f64,
        /// Stories copied by many outlets (default: one per 100 MB, at least one).
        #[arg(long)]
        viral_stories: Option<usize>,
        /// Copies of each viral story.
        #[arg(long, default_value_t = 300)]
        viral_copies: usize,
        /// Share of documents that look like reprints but are not: template
        /// instances, stories sharing a quote, stories of one event; their
        /// pairs go to the truth as {"label": "not_reuse", "kind"}.
        #[arg(long, default_value_t = 0.0)]
        lookalike_share: f64,
        /// The folder to write into (created if missing).
        #[arg(long)]
        out: PathBuf,
    },
    /// Check each article of a JSONL file against an index, one at a time,
    /// as a newsroom checks the article it is reading, and print the
    /// latency percentiles of the library call (no process start, no
    /// output written).
    QueryLatency {
        /// The index folder, made by `reprint index add`.
        index: PathBuf,
        /// Articles to check, one per line.
        articles: PathBuf,
        /// Check at most this many.
        #[arg(long, default_value_t = 200)]
        count: usize,
    },
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::QueryLatency {
            index,
            articles,
            count,
        } => query_latency(&index, &articles, count),
        Command::Gen {
            size,
            seed,
            reprint_share,
            viral_stories,
            viral_copies,
            lookalike_share,
            out,
        } => {
            std::fs::create_dir_all(&out)
                .with_context(|| format!("cannot create {}", out.display()))?;
            let params = GenParams {
                bytes: size,
                seed,
                reprint_share,
                viral_stories: viral_stories.unwrap_or((size / 100_000_000).max(1) as usize),
                viral_copies,
                lookalike_share,
            };
            let (corpus_path, truth_path) = (out.join("corpus.jsonl"), out.join("truth.jsonl"));
            let (corpus_tmp, truth_tmp) = (partial(&corpus_path), partial(&truth_path));
            let create = |p: &Path| -> anyhow::Result<BufWriter<File>> {
                Ok(BufWriter::with_capacity(
                    1 << 20,
                    File::create(p).with_context(|| format!("cannot write {}", p.display()))?,
                ))
            };
            let (mut corpus, mut truth) = (create(&corpus_tmp)?, create(&truth_tmp)?);
            let stats = generate(params, &mut corpus, &mut truth).context("writing the corpus")?;
            corpus.into_inner()?.sync_all()?;
            truth.into_inner()?.sync_all()?;
            std::fs::rename(&corpus_tmp, &corpus_path)?;
            std::fs::rename(&truth_tmp, &truth_path)?;
            println!(
                "{} documents ({} copies, {} look-alikes), {:.1} MB of text, in {} and {}",
                stats.documents,
                stats.copies,
                stats.lookalikes,
                stats.text_bytes as f64 / 1e6,
                corpus_path.display(),
                truth_path.display()
            );
            Ok(())
        }
    }
}

/// Where a file is written before it is complete.
fn partial(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

fn query_latency(index: &Path, articles: &Path, count: usize) -> anyhow::Result<()> {
    use reprint::scan::{NoProgress, ScanParams};
    let index = reprint_index::Index::open(index)?;
    let corpus = reprint::read::read_inputs(
        &[articles.to_path_buf()],
        reprint::read::ReadOptions::default(),
    )?;
    let params = ScanParams::default();
    let mut seconds = Vec::new();
    let mut pairs = 0;
    for doc in corpus.documents.into_iter().take(count) {
        let words = doc.text.split_whitespace().count();
        let started = std::time::Instant::now();
        let found = index.query(vec![doc], &params, &NoProgress)?;
        seconds.push((started.elapsed().as_secs_f64(), words));
        pairs += found.result.reuses.len();
    }
    anyhow::ensure!(
        !seconds.is_empty(),
        "{} holds no article",
        articles.display()
    );
    let words = seconds.iter().map(|s| s.1).sum::<usize>() / seconds.len();
    let mut times: Vec<f64> = seconds.iter().map(|s| s.0).collect();
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize] * 1e3;
    println!(
        "{} articles of {words} words on average, {pairs} pairs found: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        times.len(),
        at(0.5),
        at(0.99),
        at(1.0)
    );
    // Mapped segment pages count in the resident size but are the page
    // cache's to drop; what the process itself holds is the anonymous part.
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .map(|l| l[name.len()..].trim().to_string())
        };
        if let (Some(anon), Some(file)) = (field("RssAnon:"), field("RssFile:")) {
            println!("resident at the end: {anon} anonymous, {file} of mapped files");
        }
    }
    Ok(())
}
