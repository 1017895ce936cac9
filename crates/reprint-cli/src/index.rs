//! `reprint index`: the archive commands, over the `reprint-index` library.

use std::path::PathBuf;
use std::time::Instant;

use clap::{Args, Subcommand};
use reprint::scan::StageTime;
use reprint::write::ResultFolder;
use reprint_index::{Existing, Index, IndexError};

use super::{
    counted, print_quietly, write_scan_folder, InputArgs, OutputFormat, ScanSummary,
    TerminalProgress, Tuning, UsageError,
};

#[derive(Subcommand)]
pub(crate) enum IndexCommand {
    /// Add documents to an archive, making it if the folder is missing or
    /// empty. Reads what `reprint scan` reads, cleans and fingerprints it
    /// as a scan does, and adds the whole batch at once: after a crash the
    /// index holds all of it or none of it. An id the archive already holds
    /// is an error naming both places, unless `--update` is given.
    Add(AddArgs),
    /// Check documents against an archive without adding them, and write
    /// what a scan writes for the pairs they form with the archive and with
    /// each other.
    Query(QueryArgs),
    /// Tell what an archive holds: documents, sources, dates, size.
    Info {
        /// The index folder.
        index: PathBuf,
    },
}

#[derive(Args)]
pub(crate) struct AddArgs {
    /// The index folder.
    index: PathBuf,
    #[command(flatten)]
    input: InputArgs,
    /// Replace the held version of a document whose id the archive holds
    /// (a corrected or updated article): the old text leaves the archive
    /// and later checks see the new one only.
    #[arg(long)]
    update: bool,
}

#[derive(Args)]
pub(crate) struct QueryArgs {
    /// The index folder.
    index: PathBuf,
    #[command(flatten)]
    input: InputArgs,
    /// The folder to write results into (created if missing).
    #[arg(long, short)]
    out: PathBuf,
    /// Also print what each stage did and how long it took.
    #[arg(long, short)]
    verbose: bool,
    /// Only pair documents from different sources.
    #[arg(long)]
    cross_source: bool,
    /// The format of the result tables, as for `reprint scan`.
    #[arg(long, value_enum, default_value_t = OutputFormat::Jsonl)]
    format: OutputFormat,
    #[command(flatten)]
    tuning: Tuning,
}

pub(crate) fn run(command: IndexCommand) -> anyhow::Result<()> {
    match command {
        IndexCommand::Add(args) => run_add(args),
        IndexCommand::Query(args) => run_query(args),
        IndexCommand::Info { index } => run_info(index),
    }
}

fn run_add(args: AddArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let index = Index::open_or_create(&args.index)?;
    let reading = TerminalProgress::spinner("reading");
    let corpus = args.input.read(None);
    reading.finish();
    let corpus = corpus?;
    let adding = TerminalProgress::spinner("adding");
    let existing = match args.update {
        true => Existing::Replace,
        false => Existing::Refuse,
    };
    let added = index.add(&corpus.documents, existing);
    adding.finish();
    let added = added?;
    let info = index.info()?;
    let seconds = started.elapsed().as_secs_f64();
    let replaced = match added.replaced {
        0 => String::new(),
        n => format!(
            ", {} replacing the held version",
            counted(n, "update", "updates")
        ),
    };
    let mut text = format!(
        "Added {} ({}{replaced}) to {}: it holds {} from {} now, in {}.\n",
        counted(added.documents, "document", "documents"),
        reprint::size::format_size(added.text_bytes),
        args.index.display(),
        counted(info.documents, "document", "documents"),
        counted(info.sources, "source", "sources"),
        counted(info.segments, "batch", "batches"),
    );
    text.push_str(&super::corpus_skips(&corpus));
    text.push_str(&format!(
        "Took {seconds:.2} s ({}/s).\n",
        reprint::size::format_size((added.text_bytes as f64 / seconds.max(1e-9)) as u64)
    ));
    print_quietly(&text)
}

fn run_query(args: QueryArgs) -> anyhow::Result<()> {
    let params = args.tuning.configure(args.cross_source)?;
    let folder = ResultFolder::begin(&args.out)
        .map_err(|err| anyhow::Error::from(UsageError(format!("--out: {err}"))))?;
    let started = Instant::now();
    let index = Index::open(&args.index)?;
    let built = index.fingerprint_params();
    if params.fingerprint != built {
        return Err(UsageError(format!(
            "{} was fingerprinted with --ngram {} --window {}; a check uses the same",
            args.index.display(),
            built.ngram,
            built.window
        ))
        .into());
    }
    let held = index.info()?.documents;
    let reading = TerminalProgress::spinner("reading");
    let corpus = args.input.read(None);
    reading.finish();
    let mut corpus = corpus?;
    let read_seconds = started.elapsed().as_secs_f64();
    let checked = corpus.documents.len() as u64;
    let bar = TerminalProgress::new();
    let documents = std::mem::take(&mut corpus.documents);
    let found = index.query(documents, &params, &bar)?;
    let write_started = Instant::now();
    write_scan_folder(
        folder,
        &found.documents,
        &found.result,
        args.format,
        &corpus,
    )?;
    bar.finish();
    let mut stats = found.result.stats;
    stats.stages.insert(
        0,
        StageTime {
            stage: "read",
            seconds: read_seconds,
        },
    );
    stats.stages.push(StageTime {
        stage: "write",
        seconds: write_started.elapsed().as_secs_f64(),
    });
    let summary = ScanSummary {
        stats: &stats,
        checked: Some((checked, held)),
        corpus: &corpus,
        out: &args.out,
        format: args.format,
        seconds: started.elapsed().as_secs_f64(),
        verbose: args.verbose,
    };
    print_quietly(&summary.to_string())
}

fn run_info(path: PathBuf) -> anyhow::Result<()> {
    let index = Index::open(&path)?;
    let info = index.info()?;
    let dates = match (&info.earliest, &info.latest) {
        (Some(earliest), Some(latest)) => format!("published from {earliest} to {latest}"),
        _ => "no publication dates known".to_string(),
    };
    print_quietly(&format!(
        "{}: {} from {}, added in {}; {}; {} of text, {} on disk.\n",
        path.display(),
        counted(info.documents, "document", "documents"),
        counted(info.sources, "source", "sources"),
        counted(info.segments, "batch", "batches"),
        dates,
        reprint::size::format_size(info.text_bytes),
        reprint::size::format_size(info.bytes_on_disk),
    ))
}

/// Whether an index error is the user's to fix (exit 2) rather than a
/// failure of the work (exit 1).
pub(crate) fn is_usage_error(err: &IndexError) -> bool {
    matches!(
        err,
        IndexError::DuplicateId { .. }
            | IndexError::NotAnIndex { .. }
            | IndexError::Missing { .. }
            | IndexError::InUse { .. }
    )
}
