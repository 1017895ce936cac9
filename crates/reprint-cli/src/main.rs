//! The `reprint` command: argument parsing, progress and exit codes over the
//! `reprint` library, which does all the work.

mod index;
mod serve;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use rayon::prelude::*;
use reprint::align::AlignParams;
use reprint::candidates::CandidateParams;
use reprint::eval::{clough, pan};
use reprint::fingerprint::FingerprintParams;
use reprint::read::{read_inputs, ReadError, ReadOptions};
use reprint::relate::JudgeParams;
use reprint::report::html::write_report;
use reprint::scan::{scan, Progress, ScanParams, ScanStats};
use reprint::spill::Spill;
use reprint::write::{
    write_clean, write_parquet, write_results, write_skipped, write_texts, write_texts_parquet,
    ResultFolder,
};

/// A scan makes millions of short-lived vectors (tokens, fingerprints, JSON
/// values) from several threads at once; mimalloc's per-thread heaps serve
/// them with less work than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Finds reprinted text: which documents copy which, and exactly which
/// passages were reused.
#[derive(Parser)]
#[command(name = "reprint", version, about, long_about = None)]
struct Cli {
    /// When to colour the output: auto colours a terminal unless the
    /// NO_COLOR environment variable is set.
    #[arg(long, value_enum, global = true, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Scan documents for reused text and write the results to a folder.
    ///
    /// Reads .jsonl (also .jsonl.gz and .jsonl.zst) with one record per line
    /// ({"id", "text"} required; "source" or "series", "date", "url", "title",
    /// "lang" optional), .txt files (one document each, id = file name without
    /// extension), .html and .htm pages (id = the path), .warc and .warc.gz
    /// archives (id = each page's URL), folders of them, or - for JSONL on
    /// standard input. Writes
    /// DIR/documents.jsonl, DIR/reuse.jsonl, DIR/families.jsonl,
    /// DIR/clusters.jsonl (each reprinted passage with every document that
    /// printed it),
    /// DIR/texts.jsonl (the texts of paired documents) and DIR/report.html;
    /// with --format parquet, the tables and texts as .parquet files.
    Scan(ScanArgs),
    /// Write the cleaned corpus: each document's body text without title,
    /// dateline, comments or credit lines, with its source, date and credits.
    Clean(CleanArgs),
    /// Print the pair view of two documents of a scan: both texts with the
    /// reused passages numbered alike, edits marked by kind, and removed
    /// regions set apart. Coloured when standard output is a terminal.
    Show(ShowArgs),
    /// Write a keep list from a scan, for a deduplicated corpus: a document
    /// is dropped when more than --max-reused of its body text is found in
    /// earlier documents, and each dropped one names the kept document it
    /// duplicates, so every story keeps one document.
    ///
    /// Earlier is the original where the scan knows the direction, else the
    /// document first in input order. Writes one line per document, in input
    /// order: {"id", "keep", "reused_share", "duplicate_of"}.
    Dedup(DedupArgs),
    /// Score reprint against labelled data sets.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Keep an archive: add documents to a persistent index, check new ones
    /// against it, tell what it holds.
    #[command(subcommand)]
    Index(index::IndexCommand),
    /// Serve an archive over HTTP: a JSON API (POST /query, POST
    /// /documents, GET /documents/ID, GET /pairs/A/B, GET /health, GET
    /// /openapi.json) and a web page at / where a person pastes an article.
    Serve(serve::ServeArgs),
}

/// What to read, and how; shared by the commands that read documents.
#[derive(Args)]
struct InputArgs {
    /// Files or folders to read; - reads JSONL from standard input.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Skip malformed records instead of stopping; they are counted in the
    /// summary.
    #[arg(long)]
    skip_bad: bool,
    /// Take each .txt and .html file's source from the name of the folder
    /// it sits in (a folder per outlet: observalgerie.com/000.txt).
    #[arg(long)]
    source_from_folder: bool,
    /// The longest record read, once decompressed: a JSONL line, a WARC
    /// record, a web page. A longer one is a bad record (a JSONL line) or a
    /// skipped page (in a WARC), and memory stays bounded by this size.
    #[arg(long, value_parser = reprint::size::parse_size, default_value = "64MB")]
    max_record_size: u64,
    /// The longest one web page's extraction may take, in seconds; a page
    /// that takes longer is skipped and counted. 0 waits for every page.
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds, default_value = "10")]
    page_time_limit: Duration,
}

impl InputArgs {
    fn read(&self, spill: Option<Spill>) -> Result<reprint::read::Corpus, ReadError> {
        read_inputs(
            &self.inputs,
            ReadOptions {
                skip_bad: self.skip_bad,
                spill,
                source_from_folder: self.source_from_folder,
                max_record_bytes: usize::try_from(self.max_record_size).unwrap_or(usize::MAX),
                page_time_limit: (!self.page_time_limit.is_zero()).then_some(self.page_time_limit),
            },
        )
    }
}

/// Reads a number of seconds, such as `10` or `0.5`.
fn parse_seconds(given: &str) -> Result<Duration, String> {
    given
        .trim()
        .parse::<f64>()
        .ok()
        .and_then(|seconds| Duration::try_from_secs_f64(seconds).ok())
        .ok_or_else(|| format!("{given:?} is not a number of seconds, such as 10 or 0.5"))
}

#[derive(Args)]
struct CleanArgs {
    #[command(flatten)]
    input: InputArgs,
    /// The JSONL file to write.
    #[arg(long, short)]
    output: PathBuf,
}

#[derive(Args)]
struct ShowArgs {
    /// A folder written by `reprint scan`.
    dir: PathBuf,
    /// One document's id.
    a: String,
    /// The other document's id.
    b: String,
}

#[derive(Args)]
struct DedupArgs {
    /// A folder written by `reprint scan` (JSONL or Parquet).
    dir: PathBuf,
    /// The largest share of a kept document's body that earlier documents
    /// may hold: at 0.8, a document that adds less than a fifth of new text
    /// is dropped; at 0.5, one that is mostly old; at 0, any that reprints
    /// anything.
    #[arg(long, default_value_t = 0.8, value_parser = unit_interval)]
    max_reused: f64,
    /// Where to write the keep list [default: DIR/keep.jsonl].
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// When reprint colours its output.
#[derive(Clone, Copy, clap::ValueEnum)]
enum ColorChoice {
    /// When standard output is a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

#[derive(Args)]
struct ScanArgs {
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
    /// Keep on disk, in this folder, what outgrows --memory-budget: texts
    /// and fingerprints are written there and read back as needed, and
    /// fingerprint postings are sorted there in runs (by default everything
    /// stays in memory).
    #[arg(long, value_name = "DIR")]
    tmp_dir: Option<PathBuf>,
    /// Bytes of each of texts, fingerprints and fingerprint postings held
    /// in memory before the rest spills to --tmp-dir (B, KB, MB or GB).
    #[arg(long, value_parser = reprint::size::parse_size, default_value = "1GB", requires = "tmp_dir")]
    memory_budget: u64,
    /// The format of the result tables: JSONL (documents.jsonl, reuse.jsonl,
    /// families.jsonl, clusters.jsonl) or Parquet (documents.parquet,
    /// reuse.parquet, passages.parquet, edits.parquet, families.parquet,
    /// clusters.parquet).
    #[arg(long, value_enum, default_value_t = OutputFormat::Jsonl)]
    format: OutputFormat,
    #[command(flatten)]
    tuning: Tuning,
}

/// The format `reprint scan` writes its result tables in.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum OutputFormat {
    /// JSON lines.
    Jsonl,
    /// Apache Parquet.
    Parquet,
}

/// Settings that trade speed against sensitivity.
#[derive(Args)]
struct Tuning {
    /// Tokens per fingerprint k-gram.
    #[arg(long, default_value_t = FingerprintParams::default().ngram, value_parser = at_least_one)]
    ngram: usize,
    /// Winnowing window in k-grams; every shared run of ngram + window - 1
    /// tokens is guaranteed to be found.
    #[arg(long, default_value_t = FingerprintParams::default().window, value_parser = at_least_one)]
    window: usize,
    /// The fewest matched tokens a reused passage must have.
    #[arg(long, default_value_t = AlignParams::default().min_tokens, value_parser = clap::value_parser!(u32).range(1..))]
    min_tokens: u32,
    /// The score (0 to 1) a pair needs to be called a reprint; pairs below
    /// it are named template, quote, boilerplate or overlap instead.
    #[arg(long, default_value_t = JudgeParams::default().min_score, value_parser = unit_interval)]
    min_score: f64,
    /// Worker threads (default: one per core).
    #[arg(long, value_parser = at_least_one)]
    threads: Option<usize>,
}

/// Parses a number from 0 to 1.
fn unit_interval(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        Ok(_) => Err("must be from 0 to 1".into()),
        Err(err) => Err(err.to_string()),
    }
}

/// The most worker threads `--threads` starts per core.
const THREADS_PER_CORE: usize = 4;

/// Parses a count that must be at least 1; clap reports a failure as a
/// usage error.
fn at_least_one(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(err) => Err(err.to_string()),
    }
}

impl Tuning {
    /// Checks the settings, starts the worker threads (`--threads`), and
    /// returns the scan parameters.
    fn configure(&self, cross_source: bool) -> anyhow::Result<ScanParams> {
        if let Some(asked) = self.threads {
            // Threads past a few per core only add switching and memory.
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
            let threads = asked.min(THREADS_PER_CORE * cores);
            if threads < asked {
                eprintln!(
                    "reprint: note: --threads {asked} lowered to {threads} ({THREADS_PER_CORE} per core)"
                );
            }
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build_global()?;
        }
        Ok(ScanParams {
            spill: None,
            fingerprint: FingerprintParams {
                ngram: self.ngram,
                window: self.window,
            },
            candidates: CandidateParams {
                cross_source,
                ..CandidateParams::default()
            },
            align: AlignParams {
                min_tokens: self.min_tokens,
                ..AlignParams::default()
            },
            judge: JudgeParams {
                min_score: self.min_score,
            },
        })
    }
}

#[derive(Subcommand)]
enum EvalCommand {
    /// PAN text alignment: character precision, recall, granularity and
    /// plagdet per gold confidence level.
    ///
    /// DIR holds pairs.tsv, susp/, src/ and the gold (gold_cases.jsonl, or
    /// PAN's XML files). Without --scan, every listed pair is aligned
    /// directly; with --scan, the passages of an earlier `reprint scan` of
    /// DIR/susp and DIR/src are scored.
    Pan {
        /// The data set's folder.
        dir: PathBuf,
        /// A folder written by `reprint scan` to score instead.
        #[arg(long)]
        scan: Option<PathBuf>,
        #[command(flatten)]
        tuning: Tuning,
    },
    /// Pair-level precision, recall and F1 of a scan against labelled pairs,
    /// and direction accuracy where the gold names the original.
    ///
    /// GOLD holds JSON lines {"a", "b", "label": "reuse" | "not_reuse",
    /// "original"?}; SCAN_DIR is a folder written by `reprint scan`.
    Pairs {
        /// The labelled pairs.
        gold: PathBuf,
        /// A folder written by `reprint scan`.
        scan_dir: PathBuf,
    },
    /// Real news reprints and look-alikes in news_dev's layout: precision,
    /// recall and F1 of the pairs called reprints, by language and by
    /// label, direction where the gold names the original, and every false
    /// and missed pair.
    ///
    /// DIR holds docs.jsonl and pairs.jsonl. Without --scan the documents
    /// are scanned here (source: the host of their URL; date: the date the
    /// page shows); with --scan, the reuse.jsonl of an earlier scan of them
    /// is scored.
    News {
        /// The data set's folder.
        dir: PathBuf,
        /// A folder written by `reprint scan` to score instead.
        #[arg(long)]
        scan: Option<PathBuf>,
        #[command(flatten)]
        tuning: Tuning,
    },
    /// Clough and Stevenson's graded rewriting corpus: per category (cut,
    /// light, heavy, non), how many answers are paired with their source,
    /// their mean coverage, and the mean share of their words matched word
    /// for word.
    Clough {
        /// The corpus folder (labels.csv and texts/).
        dir: PathBuf,
        #[command(flatten)]
        tuning: Tuning,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = cli.color;
    let result = match cli.command {
        Command::Scan(args) => run_scan(args),
        Command::Clean(args) => run_clean(args),
        Command::Show(args) => run_show(args, color),
        Command::Dedup(args) => run_dedup(args),
        Command::Eval(EvalCommand::Pan { dir, scan, tuning }) => run_eval_pan(dir, scan, tuning),
        Command::Eval(EvalCommand::Pairs { gold, scan_dir }) => run_eval_pairs(gold, scan_dir),
        Command::Eval(EvalCommand::Clough { dir, tuning }) => run_eval_clough(dir, tuning),
        Command::Eval(EvalCommand::News { dir, scan, tuning }) => run_eval_news(dir, scan, tuning),
        Command::Index(command) => index::run(command),
        Command::Serve(args) => serve::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("reprint: error: {err:#}");
            ExitCode::from(exit_code(&err))
        }
    }
}

/// A command line that asks for something that cannot be done, found by
/// reprint rather than by clap (which exits 2 on its own).
#[derive(Debug)]
struct UsageError(String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// The exit code README promises for `err`: 2 when the command line or the
/// input is at fault (what the user asked for or gave), 1 when the work
/// itself failed (a full disk, a folder that cannot be spilled to, a file
/// that cannot be written), whichever stage it failed in.
fn exit_code(err: &anyhow::Error) -> u8 {
    use reprint::eval::EvalError;
    for cause in err.chain() {
        if cause.is::<UsageError>() || cause.is::<reprint::report::LoadError>() {
            return 2;
        }
        if let Some(err) = cause.downcast_ref::<reprint_index::IndexError>() {
            return if index::is_usage_error(err) { 2 } else { 1 };
        }
        if let Some(err) = cause.downcast_ref::<ReadError>() {
            return if matches!(err, ReadError::Spill(_)) {
                1
            } else {
                2
            };
        }
        if let Some(err) = cause.downcast_ref::<EvalError>() {
            return match err {
                EvalError::Spill(_) | EvalError::Read(ReadError::Spill(_)) => 1,
                EvalError::Io { .. } | EvalError::Format { .. } | EvalError::Read(_) => 2,
            };
        }
    }
    1
}

/// Checks that `dir`, given with `option`, can take results before any
/// work starts; a folder that cannot is the command line's fault.
fn prepare_folder(option: &str, dir: &std::path::Path) -> anyhow::Result<()> {
    reprint::write::prepare_dir(dir).map_err(|err| UsageError(format!("{option}: {err}")).into())
}

fn run_scan(args: ScanArgs) -> anyhow::Result<()> {
    let mut params = args.tuning.configure(args.cross_source)?;
    let mut budget_bytes = usize::try_from(args.memory_budget).unwrap_or(usize::MAX);
    if args.tmp_dir.is_some() && budget_bytes < reprint::spill::MIN_BUDGET_BYTES {
        budget_bytes = reprint::spill::MIN_BUDGET_BYTES;
        eprintln!(
            "reprint: --memory-budget {} is below the smallest that works; using {}",
            reprint::size::format_size(args.memory_budget),
            reprint::size::format_size(budget_bytes as u64)
        );
    }
    params.spill = args.tmp_dir.as_ref().map(|dir| Spill {
        dir: dir.clone(),
        budget_bytes,
    });
    let folder = ResultFolder::begin(&args.out)
        .map_err(|err| anyhow::Error::from(UsageError(format!("--out: {err}"))))?;
    let started = Instant::now();
    let reading = TerminalProgress::spinner("reading");
    let corpus = args.input.read(params.spill.clone());
    reading.finish();
    let corpus = corpus?;
    let read_seconds = started.elapsed().as_secs_f64();
    let bar = TerminalProgress::new();
    let result = scan(&corpus.documents, &params, &bar)?;
    let write_started = Instant::now();
    write_scan_folder(folder, &corpus.documents, &result, args.format, &corpus)?;
    bar.finish();
    let mut stats = result.stats;
    stats.stages.insert(
        0,
        reprint::scan::StageTime {
            stage: "read",
            seconds: read_seconds,
        },
    );
    stats.stages.push(reprint::scan::StageTime {
        stage: "write",
        seconds: write_started.elapsed().as_secs_f64(),
    });
    let summary = ScanSummary {
        stats: &stats,
        checked: None,
        corpus: &corpus,
        out: &args.out,
        format: args.format,
        seconds: started.elapsed().as_secs_f64(),
        verbose: args.verbose,
    };
    let text = summary.to_string();
    // The process ends here: the system takes the whole heap back at once,
    // faster than freeing a corpus's texts and records one by one.
    std::mem::forget((corpus, result.articles, result.reuses, result.families));
    print_quietly(&text)
}

/// Writes a scan's results into `folder` (the tables in `format`, the
/// texts, the report, what the reader skipped) and swaps it into place.
fn write_scan_folder(
    folder: ResultFolder,
    documents: &[reprint::model::Document],
    result: &reprint::scan::ScanResult,
    format: OutputFormat,
    corpus: &reprint::read::Corpus,
) -> anyhow::Result<()> {
    // The writers share nothing but the inputs, so they run at once; the
    // report, the longest, starts first, so that the others fill the second
    // core around it.
    let dir = folder.path();
    let (report, (texts, tables)) = rayon::join(
        || write_report(&dir.join("report.html"), documents, result),
        || {
            rayon::join(
                || match format {
                    OutputFormat::Jsonl => write_texts(dir, documents, result),
                    OutputFormat::Parquet => write_texts_parquet(dir, documents, result),
                },
                || match format {
                    OutputFormat::Jsonl => write_results(dir, documents, result),
                    OutputFormat::Parquet => write_parquet(dir, documents, result),
                },
            )
        },
    );
    let written = tables
        .and(texts)
        .and(report)
        .and_then(|()| write_skipped(dir, corpus));
    written.map_err(|err| folder.in_destination(err))?;
    folder.commit()?;
    Ok(())
}

/// `count` and the noun, singular or plural as the count wants.
fn counted(count: u64, singular: &str, plural: &str) -> String {
    format!("{count} {}", if count == 1 { singular } else { plural })
}

/// The closing summary of a scan, for the person who ran it: what was
/// found, where the results are, what was skipped on the way, and how long
/// it took (stage by stage with `--verbose`).
struct ScanSummary<'a> {
    stats: &'a ScanStats,
    /// For a check against an archive: the documents checked, and those the
    /// archive holds.
    checked: Option<(u64, u64)>,
    corpus: &'a reprint::read::Corpus,
    out: &'a std::path::Path,
    format: OutputFormat,
    seconds: f64,
    verbose: bool,
}

impl std::fmt::Display for ScanSummary<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let stats = self.stats;
        match self.checked {
            None => writeln!(
                f,
                "Read {} ({}): found {}.",
                counted(stats.documents, "document", "documents"),
                reprint::size::format_size(stats.text_bytes),
                stats.found()
            )?,
            Some((checked, held)) => writeln!(
                f,
                "Checked {} against an archive of {}: found {}.",
                counted(checked, "document", "documents"),
                counted(held, "document", "documents"),
                stats.found()
            )?,
        }
        let tables = match self.format {
            OutputFormat::Jsonl => {
                "documents.jsonl, reuse.jsonl, families.jsonl, clusters.jsonl, texts.jsonl"
            }
            OutputFormat::Parquet => {
                "documents.parquet, reuse.parquet, passages.parquet, edits.parquet, families.parquet, clusters.parquet, texts.parquet"
            }
        };
        writeln!(
            f,
            "Wrote {tables} and report.html to {}; open {} to read them.",
            self.out.display(),
            self.out.join("report.html").display()
        )?;
        self.skips(f)?;
        let corpus = self.corpus;
        if !(corpus.skipped.is_empty()
            && corpus.pages_skipped.is_empty()
            && corpus.binary_files.is_empty()
            && corpus.not_read.is_empty())
        {
            writeln!(
                f,
                "Every record passed over is listed in {}.",
                self.out.join("skipped.jsonl").display()
            )?;
        }
        writeln!(
            f,
            "Took {:.2} s ({}/s).",
            self.seconds,
            reprint::size::format_size((stats.text_bytes as f64 / self.seconds.max(1e-9)) as u64)
        )?;
        if self.verbose {
            self.details(f)?;
        }
        Ok(())
    }
}

/// How many listed items a summary names before it says "and N more".
const NAMED_SKIPS: usize = 5;

impl ScanSummary<'_> {
    /// What the reader passed over, each kind with its count and first
    /// places.
    fn skips(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let corpus = self.corpus;
        if let Some((id, given)) = &self.stats.first_date_not_understood {
            writeln!(
                f,
                "{} not understood, kept as date_given (first: {:?} gives {:?})",
                counted(self.stats.dates_not_understood, "date was", "dates were"),
                id,
                given
            )?;
        }
        write_corpus_skips(f, corpus)
    }

    /// What each stage did and took, for `--verbose`.
    fn details(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let stats = self.stats;
        writeln!(
            f,
            "{}, {}, {}, {}",
            counted(stats.tokens, "body token", "body tokens"),
            counted(stats.candidate_pairs, "candidate pair", "candidate pairs"),
            counted(stats.reuse_pairs, "pair sharing text", "pairs sharing text"),
            counted(stats.passages, "passage", "passages")
        )?;
        if stats.boilerplate_hashes > 0 {
            writeln!(
                f,
                "{} dropped as one source's boilerplate",
                counted(stats.boilerplate_hashes, "fingerprint", "fingerprints")
            )?;
        }
        let texts_on_disk = self
            .corpus
            .documents
            .iter()
            .filter(|d| d.text.is_on_disk())
            .count();
        if texts_on_disk > 0 || stats.fingerprints_on_disk > 0 {
            writeln!(
                f,
                "kept on disk past the memory budget: the texts of {}, the fingerprints of {}",
                counted(texts_on_disk as u64, "document", "documents"),
                counted(stats.fingerprints_on_disk, "document", "documents")
            )?;
        }
        if stats.spilled_runs > 0 {
            writeln!(
                f,
                "fingerprint postings sorted on disk in {}",
                counted(stats.spilled_runs, "run", "runs")
            )?;
        }
        let stages: Vec<String> = stats
            .stages
            .iter()
            .map(|s| format!("{} {:.2} s", s.stage, s.seconds))
            .collect();
        writeln!(f, "stages: {}", stages.join(", "))
    }
}

/// What the reader passed over, as [`write_corpus_skips`] writes it.
fn corpus_skips(corpus: &reprint::read::Corpus) -> String {
    let mut text = String::new();
    write_corpus_skips(&mut text, corpus).expect("writing to a String cannot fail");
    text
}

/// What the reader passed over, each kind with its count and first places:
/// malformed records, web records, binary and undecodable files, folder
/// entries not read, files of other formats.
fn write_corpus_skips(
    f: &mut impl std::fmt::Write,
    corpus: &reprint::read::Corpus,
) -> std::fmt::Result {
    write_skipped_records(f, &corpus.skipped)?;
    f.write_str(&pages_skipped(corpus))?;
    if let Some(first) = corpus.binary_files.first() {
        writeln!(
            f,
            "{} not read: binary data, not text (first: {})",
            counted(corpus.binary_files.len() as u64, ".txt file", ".txt files"),
            first.display()
        )?;
    }
    if let Some((first, encoding)) = corpus.decoded.first() {
        writeln!(
            f,
            "{} not UTF-8, decoded (first: {} as {})",
            counted(corpus.decoded.len() as u64, "file was", "files were"),
            first.display(),
            encoding
        )?;
    }
    if let Some((first, bad)) = corpus.repaired.first() {
        writeln!(
            f,
            "{} UTF-8 but for stray bytes, each shown as U+FFFD (first: {}, {})",
            counted(corpus.repaired.len() as u64, "file was", "files were"),
            first.display(),
            counted(*bad as u64, "stray sequence", "stray sequences")
        )?;
    }
    if let Some((first, _)) = corpus.not_read.first() {
        let mut reasons: Vec<&str> = corpus.not_read.iter().map(|(_, why)| why.label()).collect();
        reasons.sort_unstable();
        let counts: Vec<String> = reasons
            .chunk_by(|x, y| x == y)
            .map(|run| format!("{} {}", run.len(), run[0]))
            .collect();
        writeln!(
            f,
            "{} not read: {} (first: {})",
            counted(
                corpus.not_read.len() as u64,
                "folder entry",
                "folder entries"
            ),
            counts.join(", "),
            first.display()
        )?;
    }
    if let Some(first) = corpus.ignored_files.first() {
        writeln!(
            f,
            "{} of other formats ignored (first: {})",
            counted(corpus.ignored_files.len() as u64, "file", "files"),
            first.display()
        )?;
    }
    Ok(())
}

/// The malformed records skipped under `--skip-bad`: their count, the
/// first few, and how many more there were.
fn write_skipped_records(
    f: &mut impl std::fmt::Write,
    skipped: &[reprint::read::Skipped],
) -> std::fmt::Result {
    if skipped.is_empty() {
        return Ok(());
    }
    writeln!(
        f,
        "{} skipped:",
        counted(
            skipped.len() as u64,
            "malformed record",
            "malformed records"
        )
    )?;
    for record in skipped.iter().take(NAMED_SKIPS) {
        writeln!(f, "  {}", record.error)?;
    }
    if skipped.len() > NAMED_SKIPS {
        writeln!(f, "  and {} more", skipped.len() - NAMED_SKIPS)?;
    }
    Ok(())
}

/// How many WARC records and HTML pages gave no document, by reason, each
/// reason with its first place and detail; empty when there were none.
fn pages_skipped(corpus: &reprint::read::Corpus) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    if corpus.pages_skipped.is_empty() {
        return out;
    }
    let mut by_reason: std::collections::BTreeMap<&str, Vec<_>> = Default::default();
    for (location, skip) in &corpus.pages_skipped {
        by_reason
            .entry(skip.category())
            .or_default()
            .push((location, skip));
    }
    let counts: Vec<String> = by_reason
        .iter()
        .map(|(reason, skips)| format!("{} {reason}", skips.len()))
        .collect();
    let _ = writeln!(
        out,
        "{} gave no document: {}; the first of each:",
        counted(
            corpus.pages_skipped.len() as u64,
            "web record",
            "web records"
        ),
        counts.join(", ")
    );
    for skips in by_reason.values() {
        let (location, skip) = skips[0];
        let _ = writeln!(out, "  {location}: {skip}");
    }
    out
}

fn run_eval_pan(dir: PathBuf, scan_dir: Option<PathBuf>, tuning: Tuning) -> anyhow::Result<()> {
    use std::fmt::Write;
    let mut out = String::new();
    let params = tuning.configure(false)?;
    let data = pan::PanData::load(&dir)?;
    let detections = match scan_dir {
        Some(scan_dir) => data.detections_from_scan(&scan_dir)?,
        None => data.detect(&params.align)?,
    };
    let _ = writeln!(
        out,
        "{:<8} {:>6} {:>10} {:>9} {:>7} {:>11} {:>8}",
        "gold", "cases", "detections", "precision", "recall", "granularity", "plagdet"
    );
    let mut levels: Vec<&str> = data.gold.iter().map(|g| g.confidence.as_str()).collect();
    levels.sort_unstable();
    levels.dedup();
    levels.sort_by_key(|l| *l != "high");
    for level in levels {
        let s = pan::score_level(&data.gold, &detections, level);
        let _ = writeln!(
            out,
            "{:<8} {:>6} {:>10} {:>9.4} {:>7.4} {:>11.4} {:>8.4}",
            level, s.cases, s.detections, s.precision, s.recall, s.granularity, s.plagdet
        );
    }
    print_quietly(&out)
}

fn run_clean(args: CleanArgs) -> anyhow::Result<()> {
    use std::fmt::Write;
    let mut out = String::new();
    let folder = args
        .output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    prepare_folder("--output", folder)?;
    let corpus = args.input.read(None)?;
    let articles: Vec<_> = corpus
        .documents
        .par_iter()
        .map(reprint::clean::clean)
        .collect();
    write_clean(&args.output, &corpus.documents, &articles)?;
    let _ = writeln!(
        out,
        "{} cleaned into {}",
        counted(corpus.documents.len() as u64, "document", "documents"),
        args.output.display()
    );
    let _ = write_skipped_records(&mut out, &corpus.skipped);
    out.push_str(&pages_skipped(&corpus));
    print_quietly(&out)
}

fn run_show(args: ShowArgs, color: ColorChoice) -> anyhow::Result<()> {
    use reprint::report::terminal::{render_pair, Style};
    use reprint::report::ScanOutput;
    let output = ScanOutput::load_texts_of(&args.dir, |id| id == args.a || id == args.b)?;
    for id in [&args.a, &args.b] {
        anyhow::ensure!(
            output.document(id).is_some(),
            "no document {id:?} in {}",
            args.dir.join("documents.jsonl").display()
        );
    }
    let Some(pair) = output.pair(&args.a, &args.b) else {
        anyhow::bail!(
            "{} and {} share no reused passage in {}",
            args.a,
            args.b,
            args.dir.display()
        );
    };
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let style = match color {
        ColorChoice::Always => Style::Color,
        ColorChoice::Never => Style::Plain,
        ColorChoice::Auto if std::io::stdout().is_terminal() && !no_color => Style::Color,
        ColorChoice::Auto => Style::Plain,
    };
    let a = output.document(&pair.a).expect("checked above");
    let b = output.document(&pair.b).expect("checked above");
    print_quietly(&render_pair(a, b, pair, style))
}

fn run_dedup(args: DedupArgs) -> anyhow::Result<()> {
    use reprint::report::ScanOutput;
    let output = args.output.unwrap_or_else(|| args.dir.join("keep.jsonl"));
    let folder = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    prepare_folder("--output", folder)?;
    let documents = ScanOutput::load_documents(&args.dir)?;
    if let Some(old) = documents.iter().find(|d| d.reused_share.is_none()) {
        anyhow::bail!(
            "{}: document {:?} has no reused_share: the scan was written by an older reprint; scan again",
            args.dir.display(),
            old.id
        );
    }
    let index: std::collections::HashMap<&str, usize> = documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let shares: Vec<f64> = documents
        .iter()
        .map(|d| d.reused_share.unwrap_or(0.0))
        .collect();
    let mut from = Vec::with_capacity(documents.len());
    for d in &documents {
        from.push(match d.reused_from.as_deref() {
            None => None,
            Some(id) => Some(*index.get(id).ok_or_else(|| {
                anyhow::anyhow!(
                    "{}: document {:?} is reused from {id:?}, which the scan does not hold",
                    args.dir.display(),
                    d.id
                )
            })?),
        });
    }
    let keep = reprint::dedup::keep_list(&shares, &from, args.max_reused);
    let records = documents
        .iter()
        .zip(&keep)
        .map(|(d, k)| reprint::write::KeepRecord {
            id: &d.id,
            keep: k.is_none(),
            reused_share: d.reused_share.unwrap_or(0.0),
            duplicate_of: k.map(|k| documents[k].id.as_str()),
        });
    reprint::write::write_jsonl(&output, records)?;
    let dropped = keep.iter().filter(|k| k.is_some()).count() as u64;
    print_quietly(&format!(
        "Kept {} of {}; dropped {} with more than {}% of their text in earlier documents. Wrote {}.\n",
        counted(documents.len() as u64 - dropped, "document", "documents"),
        documents.len(),
        dropped,
        (args.max_reused * 100.0).round(),
        output.display()
    ))
}

fn run_eval_pairs(gold: PathBuf, scan_dir: PathBuf) -> anyhow::Result<()> {
    use std::fmt::Write;
    let mut out = String::new();
    let s = reprint::eval::pairs::evaluate(&gold, &scan_dir)?;
    let _ = writeln!(
        out,
        "pairs: precision {:.4}, recall {:.4}, F1 {:.4} (TP {}, FP {}, FN {}; {} found pairs unlabelled)",
        s.precision, s.recall, s.f1, s.true_positives, s.false_positives, s.false_negatives, s.unlabelled_found
    );
    let share = |x: usize, y: usize| if y == 0 { 0.0 } else { x as f64 / y as f64 };
    let _ = writeln!(
        out,
        "direction: {} of {} found pairs with a gold original directed, {} right (accuracy {:.4} of directed, {:.4} of all)",
        s.directed,
        s.with_original,
        s.direction_correct,
        share(s.direction_correct, s.directed),
        share(s.direction_correct, s.with_original)
    );
    let _ = writeln!(
        out,
        "siblings: {} found pairs are two copies of one gold original, {} of them wrongly directed as original and copy",
        s.siblings_found, s.siblings_directed
    );
    print_quietly(&out)
}

fn run_eval_news(dir: PathBuf, scan_dir: Option<PathBuf>, tuning: Tuning) -> anyhow::Result<()> {
    use reprint::eval::news::{reuse_of_scan, Counts, Miss, NewsData};
    use std::fmt::Write;
    let params = tuning.configure(false)?;
    let data = NewsData::load(&dir)?;
    let reuses = match scan_dir {
        Some(scan_dir) => reuse_of_scan(&scan_dir)?,
        None => data.scan(&params)?,
    };
    let s = data.score(&reuses);
    let mut out = String::new();
    let row = |out: &mut String, name: &str, c: &Counts| {
        let _ = writeln!(
            out,
            "{name:<40} {:>9.4} {:>7.4} {:>7.4} {:>4} {:>4} {:>4} {:>4}",
            c.precision(),
            c.recall(),
            c.f1(),
            c.true_positives,
            c.false_positives,
            c.false_negatives,
            c.true_negatives
        );
    };
    let _ = writeln!(
        out,
        "{:<40} {:>9} {:>7} {:>7} {:>4} {:>4} {:>4} {:>4}",
        "pairs", "precision", "recall", "F1", "TP", "FP", "FN", "TN"
    );
    row(&mut out, "all", &s.overall);
    for (language, c) in &s.by_language {
        row(&mut out, &format!("language {language}"), c);
    }
    for (label, c) in &s.by_label {
        row(&mut out, &format!("label {label}"), c);
    }
    let _ = writeln!(
        out,
        "{} not scored (borderline)",
        counted(s.borderline as u64, "pair", "pairs")
    );
    let _ = writeln!(
        out,
        "direction: {} of {} found pairs with a gold original directed, {} right; {} of the others called siblings of one named source",
        s.directed, s.with_original, s.direction_correct, s.siblings_named
    );
    let list = |out: &mut String, title: &str, misses: &[Miss]| {
        let _ = writeln!(out, "{title} ({}):", misses.len());
        for m in misses {
            let said = match (m.kind, m.score) {
                (Some(kind), Some(score)) => format!("{} {score:.2}", kind.as_str()),
                _ => "not found".to_string(),
            };
            let _ = writeln!(
                out,
                "  {} {} {} [{}] {said}: {}",
                m.gold.pair_id, m.gold.a, m.gold.b, m.gold.label, m.gold.why
            );
        }
    };
    list(&mut out, "false pairs", &s.false_pairs);
    list(&mut out, "missed pairs", &s.missed_pairs);
    print_quietly(&out)
}

fn run_eval_clough(dir: PathBuf, tuning: Tuning) -> anyhow::Result<()> {
    use std::fmt::Write;
    let mut out = String::new();
    let params = tuning.configure(false)?;
    let _ = writeln!(
        out,
        "{:<8} {:>7} {:>7} {:>14} {:>13}",
        "category", "answers", "paired", "mean coverage", "mean matched"
    );
    for row in clough::evaluate(&dir, &params)? {
        let _ = writeln!(
            out,
            "{:<8} {:>7} {:>7} {:>14.3} {:>13.3}",
            row.category, row.answers, row.paired, row.mean_coverage, row.mean_matched
        );
    }
    print_quietly(&out)
}

/// Prints to standard output; a reader that went away (`reprint … | head`)
/// is not an error, the results are written all the same.
fn print_quietly(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => Err(err.into()),
        _ => Ok(()),
    }
}

/// Draws one progress bar on standard error while a stage runs; draws nothing
/// when standard error is not a terminal.
struct TerminalProgress {
    bar: ProgressBar,
}

impl TerminalProgress {
    fn new() -> Self {
        let bar = if std::io::stderr().is_terminal() {
            ProgressBar::new(0)
        } else {
            ProgressBar::hidden()
        };
        bar.set_style(
            ProgressStyle::with_template("{msg:>20} [{bar:40}] {pos}/{len} ({eta})")
                .expect("the template is valid")
                .progress_chars("=> "),
        );
        TerminalProgress { bar }
    }

    /// A spinner with a message and the time elapsed, for work whose size
    /// is not known in advance.
    fn spinner(message: &'static str) -> Self {
        let bar = if std::io::stderr().is_terminal() {
            ProgressBar::new_spinner()
        } else {
            ProgressBar::hidden()
        };
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .expect("the template is valid"),
        );
        bar.set_message(message);
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        TerminalProgress { bar }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for TerminalProgress {
    fn stage(&self, name: &'static str, total: u64) {
        self.bar.set_message(name);
        self.bar.set_length(total);
        self.bar.set_position(0);
    }

    fn advance(&self, done: u64) {
        self.bar.inc(done);
    }
}
