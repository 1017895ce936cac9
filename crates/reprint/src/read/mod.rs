//! The read stage: input files in, [`Document`]s out.
//!
//! Formats are chosen by file name:
//!
//! * `.jsonl`, `.jsonl.gz`, `.jsonl.zst` (and `.ndjson`, `.json` alike, and
//!   the `part-00000` files Spark and passim write, with or without `.gz`):
//!   one JSON object per line, streamed, never parsed whole;
//! * `.parquet`: one document a row, its columns named as JSONL's fields
//!   (see [`table`](self::table) for the types read), read a batch of rows
//!   at a time;
//! * `.txt`: one document per file, its id the file stem; a file that
//!   starts with a byte-order mark is decoded as the mark says, and one that
//!   is not UTF-8 from the legacy encoding `chardetng` detects
//!   (windows-1252, latin-1, windows-1256, ...), and listed in
//!   [`Corpus::decoded`]; a file that holds binary data rather than text is
//!   skipped and listed in [`Corpus::binary_files`];
//! * `.html`, `.htm`: one web page each, its id the file's path; the article
//!   text, title, site name and date are extracted from the page, and its
//!   reader comments are kept after the text as a removed region;
//! * `.warc`, `.warc.gz`: web archives; every HTML response becomes a
//!   document whose id is its `WARC-Target-URI`, and every other record is
//!   counted in [`Corpus::pages_skipped`] with the reason;
//! * a directory: walked recursively, in sorted order, following symbolic
//!   links, reading the files above and counting every other file as
//!   ignored, and every entry that is no file (a dangling link, a link loop,
//!   a FIFO) in [`Corpus::not_read`];
//! * `-`: JSONL on standard input.
//!
//! With [`ReadOptions::source_from_folder`], each `.txt` and `.html` file's
//! source is the name of the folder it sits in, so that a folder per outlet
//! says who published what.
//!
//! Every malformed record is a [`ReadError`] naming the file and line. With
//! [`ReadOptions::skip_bad`] such records are skipped instead, and each skip
//! is kept in [`Corpus::skipped`] so nothing disappears without a trace.

mod error;
mod extractor;
mod html;
mod jsonl;
mod shape;
mod table;
mod warc;

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use error::{PageSkip, ReadError};
use extractor::Extractors;

use rayon::prelude::*;

use crate::model::{Document, Location, Text};
use crate::spill::{Spill, SpillFile};

/// Bytes of JSONL read before a batch is parsed in parallel.
const BATCH_BYTES: usize = 8 << 20;

/// The longest record read by default: a JSONL line, a WARC record, or a
/// page once its compression is undone. News articles are kilobytes; a
/// record past this is a mistake or an attack, skipped and counted.
pub const DEFAULT_MAX_RECORD_BYTES: usize = 64_000_000;

/// How the reader treats malformed input, and where it keeps texts that
/// outgrow memory.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Skip malformed records (and later duplicates of an id) instead of
    /// failing; each skip is recorded in [`Corpus::skipped`].
    pub skip_bad: bool,
    /// Texts stay in memory while they fit this spill's budget; each text
    /// that would pass it is written to a file in its folder and read back
    /// from there ([`Text::is_on_disk`](crate::model::Text::is_on_disk)).
    /// `None` keeps every text in memory.
    pub spill: Option<Spill>,
    /// Give each `.txt` and `.html` file the name of its folder as its
    /// source (`observalgerie.com/000.txt` comes from `observalgerie.com`),
    /// in place of any site name the page itself gives.
    pub source_from_folder: bool,
    /// The longest record taken, in bytes once inflated: a JSONL line, a
    /// WARC record, a page's content encoding undone. A longer one is a
    /// record error (a JSONL line) or a counted page skip (a WARC record),
    /// and reading goes on after it with memory bounded by this limit.
    pub max_record_bytes: usize,
    /// The longest one web page's extraction may take; a page that takes
    /// longer is a counted skip ([`PageSkip::TooSlow`]). `None` waits for
    /// every page.
    pub page_time_limit: Option<Duration>,
}

/// The default of [`ReadOptions::page_time_limit`]: the pages the shape
/// limits let through take the extractor three seconds at most, real news
/// pages a few milliseconds.
pub const DEFAULT_PAGE_TIME_LIMIT: Duration = Duration::from_secs(10);

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            skip_bad: false,
            spill: None,
            source_from_folder: false,
            max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
            page_time_limit: Some(DEFAULT_PAGE_TIME_LIMIT),
        }
    }
}

/// A record the reader skipped under [`ReadOptions::skip_bad`].
#[derive(Debug)]
pub struct Skipped {
    /// Why the record was skipped, naming its file and line.
    pub error: ReadError,
}

/// Every document read from the inputs, in input order, with unique ids.
#[derive(Debug, Default)]
pub struct Corpus {
    /// The documents, in the order they were read.
    pub documents: Vec<Document>,
    /// Records skipped because they were malformed (only with `skip_bad`).
    pub skipped: Vec<Skipped>,
    /// Entries met while walking directories that are no file to read:
    /// dangling symbolic links, links that loop, FIFOs, sockets, devices.
    pub not_read: Vec<(PathBuf, NotRead)>,
    /// Files met while walking directories whose format reprint does not
    /// read (a `README.md`, a `labels.csv`, ...).
    pub ignored_files: Vec<PathBuf>,
    /// Text and HTML files that were not UTF-8, with the encoding they were
    /// decoded from.
    pub decoded: Vec<(PathBuf, &'static str)>,
    /// Text files that are UTF-8 but for a few stray bytes, read as UTF-8
    /// with each bad sequence replaced by U+FFFD, with how many there were.
    pub repaired: Vec<(PathBuf, usize)>,
    /// `.txt` files skipped because they hold binary data (NUL bytes, or
    /// mostly control bytes), not text.
    pub binary_files: Vec<PathBuf>,
    /// WARC records and HTML pages that gave no document, each with where
    /// it was and why.
    pub pages_skipped: Vec<(Location, PageSkip)>,
    /// Total bytes of text read.
    pub text_bytes: u64,
}

/// Why a folder walk passed over an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotRead {
    /// A symbolic link whose target does not exist.
    DanglingLink,
    /// A symbolic link to a folder the walk is already inside.
    LinkLoop,
    /// A FIFO, a socket or a device: no file to read whole.
    SpecialFile,
}

impl NotRead {
    /// The reason in a few words, as the summary counts it.
    pub fn label(self) -> &'static str {
        match self {
            NotRead::DanglingLink => "dangling link",
            NotRead::LinkLoop => "link loop",
            NotRead::SpecialFile => "special file",
        }
    }
}

/// Whether a walk error is a symbolic link pointing nowhere: following it
/// failed with "not found" while the link itself exists.
fn is_dangling_link(err: &walkdir::Error) -> bool {
    let not_found = err
        .io_error()
        .is_some_and(|e| e.kind() == io::ErrorKind::NotFound);
    not_found
        && err
            .path()
            .and_then(|p| std::fs::symlink_metadata(p).ok())
            .is_some_and(|m| m.file_type().is_symlink())
}

/// The input formats reprint reads, chosen by file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Jsonl(Compression),
    Text,
    Html,
    Warc(Compression),
    Parquet,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Compression {
    None,
    Gzip,
    Zstd,
}

impl Format {
    fn of(path: &Path) -> Option<Format> {
        // Matched by the name's bytes: the extensions are ASCII, and a name
        // that is not UTF-8 is still a file of its format.
        let name =
            String::from_utf8_lossy(path.file_name()?.as_encoded_bytes()).to_ascii_lowercase();
        let (stem, compression) = if let Some(stem) = name.strip_suffix(".gz") {
            (stem, Compression::Gzip)
        } else if let Some(stem) = name.strip_suffix(".zst") {
            (stem, Compression::Zstd)
        } else {
            (name.as_str(), Compression::None)
        };
        // Spark writes its JSON output as `part-00000-<uuid>-c000.json` and
        // Hadoop's text output as `part-00000` (`.gz`): JSON lines both.
        let spark_part = stem.starts_with("part-") && !stem.contains('.');
        if stem.ends_with(".jsonl")
            || stem.ends_with(".ndjson")
            || stem.ends_with(".json")
            || spark_part
        {
            Some(Format::Jsonl(compression))
        } else if stem.ends_with(".parquet") && compression == Compression::None {
            Some(Format::Parquet)
        } else if stem.ends_with(".warc") && compression != Compression::Zstd {
            Some(Format::Warc(compression))
        } else if compression != Compression::None {
            None
        } else if stem.ends_with(".txt") {
            Some(Format::Text)
        } else if stem.ends_with(".html") || stem.ends_with(".htm") {
            Some(Format::Html)
        } else {
            None
        }
    }
}

/// Reads every input path into one corpus.
///
/// Paths are read in the order given; directories are walked in sorted order
/// so the same inputs always give the same document order. Two documents with
/// one id are an error naming both places (or, with `skip_bad`, the second is
/// skipped and recorded).
pub fn read_inputs(inputs: &[PathBuf], options: ReadOptions) -> Result<Corpus, ReadError> {
    let mut reader = CorpusReader::new(options);
    for input in inputs {
        reader.read_input(input)?;
    }
    reader.extract_pages()?;
    reader.finish()
}

/// Reads JSONL from any stream into a corpus, as if it were a file named
/// `name` (which error messages use).
pub fn read_jsonl(
    mut input: impl Read + Send,
    name: &Path,
    options: ReadOptions,
) -> Result<Corpus, ReadError> {
    let mut reader = CorpusReader::new(options);
    reader.read_jsonl(name, &mut input, false)?;
    reader.finish()
}

/// Reads one web page held in memory, as if it were a file named `name`:
/// its article becomes a document, or the page is counted in
/// [`Corpus::pages_skipped`] with the reason (no article text, nested too
/// deep, ...).
pub fn read_html(html: &[u8], name: &Path, options: ReadOptions) -> Result<Corpus, ReadError> {
    let mut reader = CorpusReader::new(options);
    reader.queue_page(PendingPage {
        html: html.to_vec(),
        http_charset: None,
        id: name.display().to_string(),
        url: None,
        location: Location::file(name),
        folder_source: None,
    })?;
    reader.extract_pages()?;
    reader.finish()
}

/// Reads a table of documents given as Arrow record batches (from pyarrow,
/// pandas or Spark), as if it were a file named `name`: one document a row,
/// columns as [`table`](self::table) describes. `schema` is the table's;
/// every batch must have it.
pub fn read_record_batches(
    schema: arrow_schema::SchemaRef,
    batches: &[arrow_array::RecordBatch],
    name: &Path,
    options: ReadOptions,
) -> Result<Corpus, ReadError> {
    let mut reader = CorpusReader::new(options);
    let layout = table::TableLayout::of(schema, name)?;
    let mut first_row = 1;
    for batch in batches {
        let rows = layout.documents(batch, name, first_row)?;
        first_row += batch.num_rows() as u64;
        reader.accept_rows(rows)?;
    }
    reader.finish()
}

/// Rows of a Parquet file decoded at a time.
const TABLE_BATCH_ROWS: usize = 4096;

/// Bytes of HTML gathered before the pages are extracted in parallel.
const PAGE_BATCH_BYTES: usize = 32 << 20;

/// Reads a WARC archive held in memory (gzip-compressed when `gzip`), as
/// if it were a file named `name`: every HTML page becomes a document, and
/// every other record is counted in [`Corpus::pages_skipped`].
pub fn read_warc(
    bytes: &[u8],
    gzip: bool,
    name: &Path,
    options: ReadOptions,
) -> Result<Corpus, ReadError> {
    let mut reader = CorpusReader::new(options);
    reader.read_warc(bytes, gzip, name)?;
    reader.extract_pages()?;
    reader.finish()
}

struct CorpusReader {
    options: ReadOptions,
    corpus: Corpus,
    /// Each id read so far, with the index of its document.
    seen: HashMap<String, usize>,
    /// Pages read but not yet extracted, in input order.
    pages: Vec<PendingPage>,
    /// Bytes of HTML in `pages`.
    page_bytes: usize,
    /// The texts written to disk so far, once memory's share is used up.
    spilled: Option<SpilledTexts>,
}

/// Texts written to a spill file while reading. Each document's text there
/// stays empty until the reading ends and the file is mapped.
struct SpilledTexts {
    file: SpillFile,
    /// Each document whose text is in the file, with its bytes there.
    texts: Vec<(usize, u64, u64)>,
}

/// A web page waiting for text extraction.
struct PendingPage {
    html: Vec<u8>,
    http_charset: Option<String>,
    id: String,
    url: Option<String>,
    location: Location,
    /// The source given by the page's folder, which wins over the page's
    /// own site name ([`ReadOptions::source_from_folder`]).
    folder_source: Option<String>,
}

impl CorpusReader {
    fn new(options: ReadOptions) -> CorpusReader {
        CorpusReader {
            options,
            corpus: Corpus::default(),
            seen: HashMap::new(),
            pages: Vec::new(),
            page_bytes: 0,
            spilled: None,
        }
    }

    /// Maps the spilled texts back into their documents, and hands over the
    /// corpus.
    fn finish(mut self) -> Result<Corpus, ReadError> {
        if self.corpus.documents.is_empty() && !self.corpus.skipped.is_empty() {
            let skipped = std::mem::take(&mut self.corpus.skipped);
            return Err(ReadError::NothingRead {
                skipped: skipped.len(),
                first: Box::new(skipped.into_iter().next().expect("not empty").error),
            });
        }
        if let Some(SpilledTexts { file, texts }) = self.spilled.take() {
            let file = file.map()?;
            for (doc, begin, end) in texts {
                // SAFETY: the bytes are those of a `String`, written whole.
                self.corpus.documents[doc].text =
                    unsafe { Text::mapped(file.clone(), begin as usize, end as usize) };
            }
        }
        Ok(self.corpus)
    }

    /// Writes `text` to the spill file when memory's share of texts is used
    /// up, and returns whether it did.
    fn spill_text(&mut self, doc: usize, text: &str) -> Result<bool, ReadError> {
        let Some(spill) = &self.options.spill else {
            return Ok(false);
        };
        let in_memory = self.corpus.text_bytes - self.spilled.as_ref().map_or(0, |s| s.file.len());
        if text.is_empty() || in_memory + text.len() as u64 <= spill.budget_bytes as u64 {
            return Ok(false);
        }
        let spilled = match &mut self.spilled {
            Some(spilled) => spilled,
            None => self.spilled.insert(SpilledTexts {
                file: SpillFile::create(spill)?,
                texts: Vec::new(),
            }),
        };
        let begin = spilled.file.append(text.as_bytes())?;
        spilled.texts.push((doc, begin, begin + text.len() as u64));
        Ok(true)
    }

    fn read_input(&mut self, input: &Path) -> Result<(), ReadError> {
        if input.as_os_str() == "-" {
            return self.read_jsonl(Path::new("-"), &mut io::stdin(), false);
        }
        let metadata = std::fs::metadata(input).map_err(|source| ReadError::Io {
            path: input.to_path_buf(),
            error: source,
        })?;
        if metadata.is_dir() {
            return self.read_dir(input);
        }
        match Format::of(input) {
            Some(format) => self.read_file(input, format),
            None => Err(ReadError::UnknownFormat {
                path: input.to_path_buf(),
            }),
        }
    }

    /// Walks `dir` in sorted order, following symbolic links (a link back
    /// to a folder above is a loop, counted, not followed), and counts what
    /// it cannot read as a file: dangling links, loops, FIFOs, sockets and
    /// devices.
    fn read_dir(&mut self, dir: &Path) -> Result<(), ReadError> {
        let walk = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name();
        for entry in walk {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) if err.loop_ancestor().is_some() => {
                    let path = err.path().unwrap_or(dir).to_path_buf();
                    self.corpus.not_read.push((path, NotRead::LinkLoop));
                    continue;
                }
                Err(err) if is_dangling_link(&err) => {
                    let path = err.path().unwrap_or(dir).to_path_buf();
                    self.corpus.not_read.push((path, NotRead::DanglingLink));
                    continue;
                }
                Err(err) => {
                    return Err(ReadError::Io {
                        path: err.path().unwrap_or(dir).to_path_buf(),
                        error: err.into(),
                    })
                }
            };
            if entry.file_type().is_dir() {
                continue;
            }
            if !entry.file_type().is_file() {
                let path = entry.path().to_path_buf();
                self.corpus.not_read.push((path, NotRead::SpecialFile));
                continue;
            }
            match Format::of(entry.path()) {
                Some(format) => self.read_file(entry.path(), format)?,
                None => self.corpus.ignored_files.push(entry.path().to_path_buf()),
            }
        }
        Ok(())
    }

    fn read_file(&mut self, path: &Path, format: Format) -> Result<(), ReadError> {
        let io_error = |source| ReadError::Io {
            path: path.to_path_buf(),
            error: source,
        };
        if !matches!(format, Format::Html | Format::Warc(_)) {
            // Documents keep input order: pages read earlier go first.
            self.extract_pages()?;
        }
        let file = File::open(path).map_err(io_error)?;
        match format {
            Format::Html => {
                let html = std::fs::read(path).map_err(io_error)?;
                let id = path.display().to_string();
                let folder_source = self.folder_source(path);
                self.queue_page(PendingPage {
                    html,
                    http_charset: None,
                    id,
                    url: None,
                    location: Location::file(path),
                    folder_source,
                })
            }
            Format::Warc(compression) => {
                let bytes = std::fs::read(path).map_err(io_error)?;
                self.read_warc(&bytes, compression == Compression::Gzip, path)
            }
            Format::Text => self.read_text(path, file),
            Format::Parquet => self.read_parquet(path, file),
            Format::Jsonl(Compression::None) => self.read_jsonl(path, &mut { file }, false),
            Format::Jsonl(Compression::Gzip) => {
                let mut decoder = flate2::read::MultiGzDecoder::new(BufReader::new(file));
                self.read_jsonl(path, &mut decoder, true)
            }
            Format::Jsonl(Compression::Zstd) => {
                let mut decoder = zstd::Decoder::new(file).map_err(io_error)?;
                self.read_jsonl(path, &mut decoder, true)
            }
        }
    }

    fn read_text(&mut self, path: &Path, mut file: File) -> Result<(), ReadError> {
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)
            .map_err(|source| ReadError::Io {
                path: path.to_path_buf(),
                error: source,
            })?;
        let location = Location::file(path);
        let text = if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(&bytes) {
            let (text, _) = encoding.decode_with_bom_removal(&bytes);
            if encoding != encoding_rs::UTF_8 {
                self.corpus
                    .decoded
                    .push((path.to_path_buf(), encoding.name()));
            }
            text.into_owned()
        } else if looks_binary(&bytes) {
            self.corpus.binary_files.push(path.to_path_buf());
            return Ok(());
        } else {
            match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(err) if mostly_utf8(err.as_bytes()) => {
                    let (text, bad) = repair_utf8(err.as_bytes());
                    self.corpus.repaired.push((path.to_path_buf(), bad));
                    text
                }
                Err(err) => {
                    let bytes = err.into_bytes();
                    let mut detector =
                        chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
                    detector.feed(&bytes, true);
                    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
                    let (text, _, _) = encoding.decode(&bytes);
                    self.corpus
                        .decoded
                        .push((path.to_path_buf(), encoding.name()));
                    text.into_owned()
                }
            }
        };
        // A name that is not UTF-8 keeps its readable part, each bad byte
        // shown as U+FFFD.
        let id = path
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut document = Document::new(id, text, location);
        document.source = self.folder_source(path);
        self.accept(document)
    }

    /// The name of `path`'s folder, when sources come from folders.
    fn folder_source(&self, path: &Path) -> Option<String> {
        if !self.options.source_from_folder {
            return None;
        }
        let folder = std::path::absolute(path)
            .ok()?
            .parent()?
            .file_name()?
            .to_owned();
        Some(folder.to_string_lossy().into_owned())
    }

    /// Reads JSONL in blocks of about [`BATCH_BYTES`] of whole lines, three
    /// blocks at a time: while one block is parsed on all cores, the next is
    /// read (and decompressed), and the records of the block before are
    /// accepted in order. So ids, errors and skips come out exactly as a
    /// line-by-line reading would give them, with at most three blocks in
    /// memory at a time (and a line longer than
    /// [`ReadOptions::max_record_bytes`] is passed over, not held).
    ///
    /// When reading fails part way (`compressed` input cut off or corrupt),
    /// every whole line before the failure is read first; the failure is
    /// then [`ReadError::Truncated`], a record error that `skip_bad` counts
    /// and reading goes on past. A plain file that cannot be read is an
    /// [`ReadError::Io`].
    fn read_jsonl(
        &mut self,
        path: &Path,
        input: &mut (dyn Read + Send),
        compressed: bool,
    ) -> Result<(), ReadError> {
        let max_line = self.options.max_record_bytes;
        let mut next = read_block(input, &[], Vec::new(), BATCH_BYTES, max_line);
        // The buffer of the block before last, read into again: a fresh
        // one would cost the time to fault in its pages.
        let mut spare = Vec::new();
        let mut first_line = 1u64;
        let mut waiting: Option<ParsedBlock> = None;
        loop {
            let Block {
                lines,
                rest,
                end,
                oversized,
                failure,
            } = next;
            let more = !end && failure.is_none();
            let recycled = std::mem::take(&mut spare);
            let before = waiting.take();
            let (accepted, (parsed, following)) = rayon::join(
                || before.map_or(Ok(()), |parsed| self.accept_parsed(parsed)),
                || {
                    rayon::join(
                        || match oversized {
                            true => ParsedBlock {
                                records: vec![Err(ReadError::RecordTooLarge {
                                    location: Location::line(path, first_line),
                                    limit: max_line,
                                })],
                                lines: 1,
                            },
                            false => parse_block(&lines, first_line, path, max_line),
                        },
                        || more.then(|| read_block(input, &rest, recycled, BATCH_BYTES, max_line)),
                    )
                },
            );
            accepted?;
            spare = lines;
            first_line += parsed.lines;
            self.accept_parsed(parsed)?;
            if let Some(error) = failure {
                let error = if compressed {
                    ReadError::Truncated {
                        path: path.to_path_buf(),
                        after_line: first_line - 1,
                        error,
                    }
                } else {
                    ReadError::Io {
                        path: path.to_path_buf(),
                        error,
                    }
                };
                return self.reject(error);
            }
            match following {
                Some(block) => next = block,
                None => return Ok(()),
            }
        }
    }

    fn read_parquet(&mut self, path: &Path, file: File) -> Result<(), ReadError> {
        let table_error = |error: parquet::errors::ParquetError| ReadError::Table {
            path: path.to_path_buf(),
            message: error.to_string(),
        };
        let builder = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
            .map_err(table_error)?;
        let layout = table::TableLayout::of(builder.schema().clone(), path)?;
        let batches = builder
            .with_batch_size(TABLE_BATCH_ROWS)
            .build()
            .map_err(table_error)?;
        let mut first_row = 1;
        for batch in batches {
            let batch = batch.map_err(|error| ReadError::Table {
                path: path.to_path_buf(),
                message: error.to_string(),
            })?;
            let rows = layout.documents(&batch, path, first_row)?;
            first_row += batch.num_rows() as u64;
            self.accept_rows(rows)?;
        }
        Ok(())
    }

    /// Accepts a table's rows in order.
    fn accept_rows(&mut self, rows: Vec<Result<Document, ReadError>>) -> Result<(), ReadError> {
        for row in rows {
            match row {
                Ok(document) => self.accept(document)?,
                Err(err) => self.reject(err)?,
            }
        }
        Ok(())
    }

    /// Accepts a parsed block's records in order.
    fn accept_parsed(&mut self, parsed: ParsedBlock) -> Result<(), ReadError> {
        for record in parsed.records {
            match record {
                Ok(document) => self.accept(document)?,
                Err(err) => self.reject(err)?,
            }
        }
        Ok(())
    }

    fn read_warc(&mut self, bytes: &[u8], gzip: bool, path: &Path) -> Result<(), ReadError> {
        let mut result = Ok(());
        warc::read_archive(bytes, gzip, self.options.max_record_bytes, |found| {
            if result.is_err() {
                return;
            }
            match found {
                Ok(page) => {
                    let location = Location::record(path, page.offset);
                    let id = page.url.clone().unwrap_or_else(|| location.to_string());
                    result = self.queue_page(PendingPage {
                        html: page.html,
                        http_charset: page.http_charset,
                        id,
                        url: page.url,
                        location,
                        folder_source: None,
                    });
                }
                Err((offset, skip)) => self
                    .corpus
                    .pages_skipped
                    .push((Location::record(path, offset), skip)),
            }
        });
        result
    }

    /// Queues a page for extraction, extracting the queue once it holds
    /// [`PAGE_BATCH_BYTES`].
    fn queue_page(&mut self, page: PendingPage) -> Result<(), ReadError> {
        self.page_bytes += page.html.len();
        self.pages.push(page);
        if self.page_bytes >= PAGE_BATCH_BYTES {
            self.extract_pages()?;
        }
        Ok(())
    }

    /// Extracts every queued page on all cores and accepts the documents in
    /// the order the pages were read. A page whose address was already read
    /// is skipped, not refused: crawlers fetch pages twice.
    fn extract_pages(&mut self) -> Result<(), ReadError> {
        let pages = std::mem::take(&mut self.pages);
        self.page_bytes = 0;
        let Some(first) = pages.first() else {
            return Ok(());
        };
        let cannot_start = |path: &Path, error: io::Error| ReadError::Io {
            path: path.to_path_buf(),
            error: io::Error::new(
                error.kind(),
                format!("could not start a thread to extract pages: {error}"),
            ),
        };
        let extractors =
            Extractors::shared().map_err(|error| cannot_start(&first.location.path, error))?;
        let time_limit = self.options.page_time_limit;
        let extracted: Vec<(Location, Option<&'static str>, Result<Document, PageSkip>)> = pages
            .into_par_iter()
            .map(|page| {
                let location = page.location.clone();
                let decoded = html::decode(&page.html, page.http_charset.as_deref());
                drop(page.html);
                let origin = html::PageOrigin {
                    id: page.id,
                    url: page.url,
                    location: page.location,
                };
                let mut document = extractors
                    .extract(decoded.html, origin, time_limit)
                    .map_err(|error| cannot_start(&location.path, error))?;
                if let (Ok(document), Some(source)) = (&mut document, page.folder_source) {
                    document.source = Some(source);
                }
                Ok((location, decoded.legacy_encoding, document))
            })
            .collect::<Result<_, ReadError>>()?;
        for (location, legacy_encoding, document) in extracted {
            // Loose files are reported like text files; in an archive,
            // legacy charsets are too ordinary to list page by page.
            if let (Some(encoding), None) = (legacy_encoding, location.offset) {
                self.corpus.decoded.push((location.path.clone(), encoding));
            }
            match document {
                Ok(document)
                    if document.location.offset.is_some()
                        && self.seen.contains_key(&document.id) =>
                {
                    self.corpus
                        .pages_skipped
                        .push((location, PageSkip::RepeatedUrl));
                }
                Ok(document) => self.accept(document)?,
                Err(skip) => self.corpus.pages_skipped.push((location, skip)),
            }
        }
        Ok(())
    }

    /// Adds a document, enforcing unique ids.
    fn accept(&mut self, mut document: Document) -> Result<(), ReadError> {
        if let Some(&first) = self.seen.get(&document.id) {
            return self.reject(ReadError::DuplicateId {
                id: document.id,
                first: Box::new(self.corpus.documents[first].location.clone()),
                second: Box::new(document.location),
            });
        }
        let doc = self.corpus.documents.len();
        let bytes = document.text.len() as u64;
        if self.spill_text(doc, &document.text)? {
            document.text = Text::default();
        }
        self.corpus.text_bytes += bytes;
        self.seen.insert(document.id.clone(), doc);
        self.corpus.documents.push(document);
        Ok(())
    }

    /// Fails on a bad record, or records the skip under `skip_bad`.
    fn reject(&mut self, error: ReadError) -> Result<(), ReadError> {
        if self.options.skip_bad && error.is_record_error() {
            self.corpus.skipped.push(Skipped { error });
            Ok(())
        } else {
            Err(error)
        }
    }
}

/// Whole lines of JSONL, read ahead of their parsing.
struct Block {
    /// The lines, each ending in a newline except at the end of the input.
    lines: Vec<u8>,
    /// The start of the line that follows, read past the block's end.
    rest: Vec<u8>,
    /// Whether the input ended with this block.
    end: bool,
    /// Whether the block is one line longer than the record limit, passed
    /// over (`lines` is then empty).
    oversized: bool,
    /// The error that stopped reading after `lines`, if any.
    failure: Option<io::Error>,
}

/// Whether bytes that are not valid UTF-8 are still UTF-8 text with a few
/// stray bytes (a cut-and-paste, a truncated character), rather than text
/// in a legacy encoding: they hold valid multi-byte sequences, and more of
/// them than invalid ones. Text in windows-1252 or latin-1 almost never
/// forms a valid multi-byte sequence, so one stray byte in a UTF-8 file no
/// longer turns every accented letter of it into mojibake.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    valid > 0 && invalid < valid
}

/// Decodes mostly-UTF-8 bytes, each invalid sequence as U+FFFD; and how
/// many sequences were replaced.
fn repair_utf8(bytes: &[u8]) -> (String, usize) {
    let mut text = String::with_capacity(bytes.len());
    let mut bad = 0;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            text.push(char::REPLACEMENT_CHARACTER);
            bad += 1;
        }
    }
    (text, bad)
}

/// Whether a file's bytes are binary data rather than text: a NUL byte, or
/// more than one byte in twenty a control character that no text holds,
/// among its first 64 KB. Text in UTF-16, which is full of NULs, is told
/// apart by its byte-order mark before this is asked.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 << 10)];
    if memchr::memchr(0, head).is_some() {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f)
        .count();
    controls * 20 > head.len()
}

/// Reads about `size` more bytes after `start` (the unfinished line of the
/// block before) into `buffer` (emptied first, and reused for its memory),
/// and cuts them after their last newline; a line longer than that is read
/// to its end, unless it grows past `max_line`, when it is passed over to
/// its end without being kept. A read that fails leaves the whole lines
/// before it in the block, with the error.
fn read_block(
    input: &mut (dyn Read + Send),
    start: &[u8],
    mut buffer: Vec<u8>,
    size: usize,
    max_line: usize,
) -> Block {
    buffer.clear();
    // Room for the whole block up front, so that it is read in place
    // rather than into a buffer that doubles and moves as it fills.
    buffer.reserve(start.len() + size);
    buffer.extend_from_slice(start);
    let block = |mut lines: Vec<u8>, end: bool, failure: Option<io::Error>| {
        let cut = memchr::memrchr(b'\n', &lines).map_or(0, |last| last + 1);
        let rest = if end || failure.is_some() {
            // What follows the last newline is a whole last line at the
            // end of the input, but only a piece of one after a failure.
            if failure.is_some() {
                lines.truncate(cut);
            }
            Vec::new()
        } else {
            let rest = lines[cut..].to_vec();
            lines.truncate(cut);
            rest
        };
        Block {
            lines,
            rest,
            end,
            oversized: false,
            failure,
        }
    };
    let mut searched = 0;
    loop {
        let wanted = buffer.len() + size;
        let read = match input.take(size as u64).read_to_end(&mut buffer) {
            Ok(read) => read,
            Err(error) => return block(buffer, true, Some(error)),
        };
        if read == 0 {
            return block(buffer, true, None);
        }
        if memchr::memchr(b'\n', &buffer[searched..]).is_none() && buffer.len() > max_line {
            return pass_over_line(input, buffer);
        }
        if buffer.len() < wanted {
            continue;
        }
        if memchr::memrchr(b'\n', &buffer[searched..]).is_some() {
            return block(buffer, false, None);
        }
        searched = buffer.len();
    }
}

/// Reads past the rest of a line too long to keep (its start is in
/// `buffer`, which holds no newline), keeping only what follows its end.
fn pass_over_line(input: &mut (dyn Read + Send), mut buffer: Vec<u8>) -> Block {
    let oversized = |rest: Vec<u8>, end: bool, failure: Option<io::Error>| Block {
        lines: Vec::new(),
        rest,
        end,
        oversized: true,
        failure,
    };
    loop {
        buffer.clear();
        match input.take(1 << 20).read_to_end(&mut buffer) {
            Ok(0) => return oversized(Vec::new(), true, None),
            Ok(_) => {
                if let Some(newline) = memchr::memchr(b'\n', &buffer) {
                    return oversized(buffer[newline + 1..].to_vec(), false, None);
                }
            }
            Err(error) => return oversized(Vec::new(), true, Some(error)),
        }
    }
}

/// The records of one block, in order, and how many lines it held.
struct ParsedBlock {
    records: Vec<Result<Document, ReadError>>,
    lines: u64,
}

/// Parses the lines of a block on all cores; its first line is line
/// `first_line` of the file. Blank lines are counted but hold no record.
fn parse_block(block: &[u8], first_line: u64, path: &Path, max_line: usize) -> ParsedBlock {
    let body = block.strip_suffix(b"\n").unwrap_or(block);
    let lines: Vec<(u64, &[u8])> = if block.is_empty() {
        Vec::new()
    } else {
        // memchr finds the line ends many bytes at a time; a byte-by-byte
        // split was an eighth of the read stage.
        let ends = memchr::memchr_iter(b'\n', body).chain([body.len()]);
        let mut start = 0;
        ends.zip(first_line..)
            .map(|(end, number)| {
                let line = &body[start..end];
                start = end + 1;
                (number, line)
            })
            .collect()
    };
    let records = lines
        .par_iter()
        .filter(|(_, line)| !line.iter().all(u8::is_ascii_whitespace))
        .map(|&(number, line)| {
            let location = Location::line(path, number);
            if line.len() > max_line {
                return Err(ReadError::RecordTooLarge {
                    location,
                    limit: max_line,
                });
            }
            jsonl::parse_record(line, location)
        })
        .collect();
    ParsedBlock {
        records,
        lines: lines.len() as u64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, content).unwrap();
        path
    }

    #[test]
    fn reads_jsonl_with_aliases_and_extra_fields() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "a.jsonl",
            br#"{"id":"x","text":"hello","series":"paper","date":"2022-04","topic":"war"}
{"id":"y","text":"world","source":"site.com"}
"#,
        );
        let corpus = read_inputs(&[path], ReadOptions::default()).unwrap();
        assert_eq!(corpus.documents.len(), 2);
        let x = &corpus.documents[0];
        assert_eq!(x.source.as_deref(), Some("paper"));
        assert_eq!(x.date.as_deref(), Some("2022-04"));
        assert_eq!(x.extra.get("topic").and_then(|v| v.as_str()), Some("war"));
        assert_eq!(corpus.documents[1].source.as_deref(), Some("site.com"));
    }

    #[test]
    fn a_null_field_is_an_absent_one_and_a_null_text_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "a.jsonl",
            br#"{"id":"x","text":"hello","source":null,"section":null,"tags":["a",null]}
"#,
        );
        let corpus = read_inputs(&[path], ReadOptions::default()).unwrap();
        let x = &corpus.documents[0];
        assert_eq!(x.source, None);
        assert!(!x.extra.contains_key("section"), "{:?}", x.extra);
        assert_eq!(x.extra["tags"], serde_json::json!(["a", null]));
        let path = write(dir.path(), "b.jsonl", br#"{"id":"y","text":null}"#);
        let err = read_inputs(&[path], ReadOptions::default())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("b.jsonl:1: `text` must be a string, not null"),
            "{err}"
        );
    }

    #[test]
    fn blocks_cut_at_line_ends_and_keep_line_numbers() {
        let text = "{\"id\":\"a\",\"text\":\"one\"}\n\n  \n{\"id\":\"b\",\"text\":\"a longer line than a block\"}\n{\"id\":\"c\",\"text\":\"x\"}";
        let mut input = text.as_bytes();
        let (mut rest, mut first_line) = (Vec::new(), 1);
        let mut found = Vec::new();
        // A used buffer, to show that what it held does not leak into the
        // next block.
        let mut spare = b"stale bytes".to_vec();
        loop {
            let block = read_block(&mut input, &rest, spare, 7, usize::MAX);
            assert!(block.end || block.lines.ends_with(b"\n"));
            let parsed = parse_block(&block.lines, first_line, Path::new("f"), usize::MAX);
            first_line += parsed.lines;
            for record in parsed.records {
                let doc = record.unwrap();
                found.push((doc.id, doc.location.line));
            }
            if block.end {
                break;
            }
            (rest, spare) = (block.rest, block.lines);
        }
        let want = [("a", 1), ("b", 4), ("c", 5)].map(|(id, line)| (id.to_string(), Some(line)));
        assert_eq!(found, want);
        assert_eq!(first_line, 6);
    }

    #[test]
    fn reads_compressed_jsonl() {
        let dir = tempfile::tempdir().unwrap();
        let record = b"{\"id\":\"z\",\"text\":\"compressed text\"}\n";
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(record).unwrap();
        let gz_path = write(dir.path(), "a.jsonl.gz", &gz.finish().unwrap());
        let zst = zstd::encode_all(&b"{\"id\":\"z2\",\"text\":\"more\"}\n"[..], 1).unwrap();
        let zst_path = write(dir.path(), "b.JSONL.zst", &zst);
        let corpus = read_inputs(&[gz_path, zst_path], ReadOptions::default()).unwrap();
        let ids: Vec<_> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["z", "z2"]);
    }

    fn records(count: usize) -> Vec<u8> {
        (0..count)
            .flat_map(|i| {
                format!("{{\"id\":\"r{i}\",\"text\":\"text number {i}, with some words\"}}\n")
                    .into_bytes()
            })
            .collect()
    }

    #[test]
    fn a_line_past_the_record_limit_is_passed_over_and_counted() {
        let dir = tempfile::tempdir().unwrap();
        let limit = 1_000_000;
        // One line a little past the limit, inside a block, and one past
        // the size of a whole block, which must not be held at all.
        for long in [2 * limit, BATCH_BYTES + limit] {
            let mut input = b"{\"id\":\"a\",\"text\":\"before\"}\n".to_vec();
            input.extend_from_slice(b"{\"id\":\"b\",\"text\":\"");
            input.resize(input.len() + long, b'x');
            input.extend_from_slice(b"\"}\n{\"id\":\"c\",\"text\":\"after\"}\n");
            let path = write(dir.path(), "long.jsonl", &input);
            let options = |skip_bad| ReadOptions {
                skip_bad,
                max_record_bytes: limit,
                ..ReadOptions::default()
            };
            let corpus = read_inputs(std::slice::from_ref(&path), options(true)).unwrap();
            let ids: Vec<_> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
            assert_eq!(ids, ["a", "c"], "{long}");
            assert!(
                matches!(&corpus.skipped[..], [Skipped { error: ReadError::RecordTooLarge { location, .. } }] if location.line == Some(2)),
                "{:?}",
                corpus.skipped
            );
            let error = read_inputs(&[path], options(false)).unwrap_err();
            assert!(
                error.to_string().ends_with(
                    "long.jsonl:2: record longer than 1.0 MB (raise it with --max-record-size)"
                ),
                "{error}"
            );
        }
    }

    #[test]
    fn cut_off_compressed_jsonl_keeps_the_lines_before_the_cut() {
        let dir = tempfile::tempdir().unwrap();
        let plain = records(20_000);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&plain).unwrap();
        let gz = gz.finish().unwrap();
        let zst = zstd::encode_all(&plain[..], 1).unwrap();
        for (name, bytes) in [("cut.jsonl.gz", gz), ("cut.jsonl.zst", zst)] {
            let path = write(dir.path(), name, &bytes[..bytes.len() * 3 / 4]);
            let options = |skip_bad| ReadOptions {
                skip_bad,
                ..ReadOptions::default()
            };
            let corpus = read_inputs(std::slice::from_ref(&path), options(true)).unwrap();
            let read = corpus.documents.len();
            assert!(read > 10_000 && read < 20_000, "{name}: {read}");
            assert_eq!(corpus.documents[read - 1].id, format!("r{}", read - 1));
            let [Skipped {
                error: ReadError::Truncated { after_line, .. },
            }] = &corpus.skipped[..]
            else {
                panic!("{name}: {:?}", corpus.skipped)
            };
            assert_eq!(*after_line, read as u64);
            let error = read_inputs(&[path], options(false)).unwrap_err();
            assert!(matches!(error, ReadError::Truncated { .. }), "{error}");
            assert!(
                error.to_string().contains(&format!("after line {read}")),
                "{error}"
            );
        }
    }

    #[test]
    fn one_stray_byte_leaves_a_utf8_file_utf8() {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = "Le député a répondu à la presse.\n".repeat(20).into_bytes();
        bytes.insert(40, 0xE9);
        let path = write(dir.path(), "stray.txt", &bytes);
        let corpus = read_inputs(std::slice::from_ref(&path), ReadOptions::default()).unwrap();
        let text = corpus.documents[0].text.to_string();
        assert_eq!(text.matches("député").count(), 20, "{text}");
        assert_eq!(text.matches('\u{FFFD}').count(), 1);
        assert_eq!(corpus.repaired, [(path, 1)]);
        assert!(corpus.decoded.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_walk_follows_links_and_counts_what_it_cannot_read() {
        use std::os::unix::ffi::OsStrExt;
        let root = tempfile::tempdir().unwrap();
        let corpus_dir = root.path().join("corpus");
        let elsewhere = root.path().join("elsewhere");
        std::fs::create_dir_all(corpus_dir.join("sub")).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        write(&elsewhere, "linked.txt", b"a linked file");
        write(
            &elsewhere,
            "in-linked-folder.txt",
            b"a file in a linked folder",
        );
        let link = |target: &Path, name: &str| {
            std::os::unix::fs::symlink(target, corpus_dir.join(name)).unwrap()
        };
        link(&elsewhere.join("linked.txt"), "a-link.txt");
        link(&elsewhere, "b-folder");
        link(&root.path().join("gone.txt"), "c-dangling.txt");
        link(&corpus_dir, "sub/d-loop");
        let fifo = corpus_dir.join("e-fifo.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        let latin1 = std::ffi::OsStr::from_bytes(b"f-caf\xe9.txt");
        std::fs::write(corpus_dir.join(latin1), b"a file whose name is latin-1").unwrap();

        let corpus =
            read_inputs(std::slice::from_ref(&corpus_dir), ReadOptions::default()).unwrap();
        let ids: Vec<_> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(
            ids,
            ["a-link", "in-linked-folder", "linked", "f-caf\u{FFFD}"]
        );
        let not_read: Vec<(String, NotRead)> = corpus
            .not_read
            .iter()
            .map(|(path, why)| {
                let name = path.strip_prefix(&corpus_dir).unwrap();
                (name.display().to_string(), *why)
            })
            .collect();
        assert_eq!(
            not_read,
            [
                ("c-dangling.txt".to_string(), NotRead::DanglingLink),
                ("e-fifo.txt".to_string(), NotRead::SpecialFile),
                ("sub/d-loop".to_string(), NotRead::LinkLoop),
            ]
        );
        assert!(
            corpus.ignored_files.is_empty(),
            "{:?}",
            corpus.ignored_files
        );
    }

    #[test]
    fn walks_directories_in_order_and_counts_ignored_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        write(dir.path(), "b.txt", "second".as_bytes());
        write(&dir.path().join("sub"), "c.txt", "third".as_bytes());
        write(dir.path(), "a.txt", "first".as_bytes());
        write(dir.path(), "README.md", b"not a document");
        let corpus = read_inputs(&[dir.path().to_path_buf()], ReadOptions::default()).unwrap();
        let ids: Vec<_> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        assert_eq!(corpus.ignored_files.len(), 1);
    }

    #[test]
    fn skipping_every_record_is_an_error_not_an_empty_corpus() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "bad.jsonl", b"{\"text\":\"no id\"}\n[1]\n");
        let options = ReadOptions {
            skip_bad: true,
            ..ReadOptions::default()
        };
        let err = read_inputs(&[path], options).unwrap_err().to_string();
        assert!(
            err.starts_with("no record could be read: all 2 were malformed"),
            "{err}"
        );
        assert!(err.contains("bad.jsonl:1: missing field `id`"), "{err}");
    }

    #[test]
    fn binary_files_named_txt_are_skipped_and_listed() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.txt", "un texte".as_bytes());
        let nul = write(dir.path(), "b.txt", b"PK\x03\x04\x00\x00 zipped");
        let mut controls = b"\x01\x02\x03\x04\x05\x06\x07\x08".repeat(10);
        controls.extend_from_slice(b"a few letters");
        let noise = write(dir.path(), "c.txt", &controls);
        // A form feed and tabs are text.
        write(dir.path(), "d.txt", b"col\tcol\x0cnext page\r\n");
        let corpus = read_inputs(&[dir.path().to_path_buf()], ReadOptions::default()).unwrap();
        let ids: Vec<_> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "d"]);
        assert_eq!(corpus.binary_files, [nul, noise]);
    }

    #[test]
    fn a_byte_order_mark_names_the_encoding() {
        let dir = tempfile::tempdir().unwrap();
        let mut utf16 = vec![0xff, 0xfe];
        for unit in "Élection à Alger".encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        let path = write(dir.path(), "le.txt", &utf16);
        write(dir.path(), "bom8.txt", "\u{feff}déjà".as_bytes());
        let corpus = read_inputs(&[dir.path().to_path_buf()], ReadOptions::default()).unwrap();
        let texts: Vec<_> = corpus.documents.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(texts, ["déjà", "Élection à Alger"]);
        assert_eq!(corpus.decoded, [(path, "UTF-16LE")]);
        assert!(corpus.binary_files.is_empty());
    }

    #[test]
    fn a_folder_per_outlet_gives_each_file_its_source() {
        let dir = tempfile::tempdir().unwrap();
        let outlet = dir.path().join("observalgerie.com");
        std::fs::create_dir(&outlet).unwrap();
        write(&outlet, "000.txt", "un article".as_bytes());
        write(
            &outlet,
            "page.html",
            b"<html><body><article><p>Un article assez long pour etre lu comme tel par l'extracteur de texte, avec plusieurs phrases. Une autre phrase suit ici.</p></article></body></html>",
        );
        let options = ReadOptions {
            source_from_folder: true,
            ..ReadOptions::default()
        };
        let corpus = read_inputs(&[dir.path().to_path_buf()], options).unwrap();
        assert_eq!(corpus.documents.len(), 2);
        for doc in &corpus.documents {
            assert_eq!(
                doc.source.as_deref(),
                Some("observalgerie.com"),
                "{}",
                doc.id
            );
        }
        let plain = read_inputs(&[outlet.join("000.txt")], ReadOptions::default()).unwrap();
        assert_eq!(plain.documents[0].source, None);
    }

    #[test]
    fn errors_name_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let cases: [(&[u8], &str); 5] = [
            (
                b"{\"id\":\"a\",\"text\":\"ok\"}\n{\"text\":\"no id\"}\n",
                "missing field `id`",
            ),
            (
                b"{\"id\":\"a\",\"text\":\"ok\"}\n{\"id\":3,\"text\":\"t\"}\n",
                "`id` must be a string",
            ),
            (
                b"{\"id\":\"a\",\"text\":\"ok\"}\n{\"id\":\"b\",\"text\":\n",
                "invalid JSON",
            ),
            (
                b"{\"id\":\"a\",\"text\":\"ok\"}\n{\"id\":\"b\",\"text\":\"\xff\"}\n",
                "invalid UTF-8",
            ),
            (
                b"{\"id\":\"a\",\"text\":\"ok\"}\n[1,2]\n",
                "not a JSON object",
            ),
        ];
        for (content, message) in cases {
            let path = write(dir.path(), "bad.jsonl", content);
            let err = read_inputs(std::slice::from_ref(&path), ReadOptions::default()).unwrap_err();
            let shown = err.to_string();
            assert!(shown.contains(&format!("{}:2", path.display())), "{shown}");
            assert!(shown.contains(message), "{shown}");

            let corpus = read_inputs(
                &[path],
                ReadOptions {
                    skip_bad: true,
                    ..ReadOptions::default()
                },
            )
            .unwrap();
            assert_eq!(corpus.documents.len(), 1);
            assert_eq!(corpus.skipped.len(), 1);
        }
    }

    #[test]
    fn duplicate_ids_name_both_places() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "d.jsonl", b"{\"id\":\"a\",\"text\":\"1\"}\n");
        let txt = write(dir.path(), "a.txt", b"2");
        let err = read_inputs(&[path.clone(), txt.clone()], ReadOptions::default()).unwrap_err();
        let shown = err.to_string();
        assert!(shown.contains(&format!("{}:1", path.display())), "{shown}");
        assert!(shown.contains(&txt.display().to_string()), "{shown}");
    }

    #[test]
    fn legacy_encoded_text_files_are_decoded_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "t.txt",
            b"It\x92s the \x93best\x94 caf\xe9 in town, d\xe9j\xe0.\n",
        );
        let corpus = read_inputs(std::slice::from_ref(&path), ReadOptions::default()).unwrap();
        assert_eq!(
            corpus.documents[0].text.as_str(),
            "It\u{2019}s the \u{201C}best\u{201D} café in town, déjà.\n"
        );
        assert_eq!(corpus.decoded, [(path, "windows-1252")]);
    }

    /// At least `bytes` of JSONL records, `d0`, `d1`, ..., with `d0`'s id
    /// given again to the record at `repeat_at`, if any.
    fn many_blocks(bytes: usize, repeat_at: Option<usize>) -> Vec<u8> {
        let mut jsonl = Vec::new();
        let mut i = 0;
        while jsonl.len() < bytes {
            let id = if Some(i) == repeat_at { 0 } else { i };
            let text = "word ".repeat(100 + i % 50);
            writeln!(jsonl, "{{\"id\":\"d{id}\",\"text\":\"{text}\"}}").unwrap();
            i += 1;
        }
        jsonl
    }

    #[test]
    fn records_of_many_blocks_are_accepted_in_order() {
        let jsonl = many_blocks(2 * BATCH_BYTES + 1000, None);
        let lines = jsonl.iter().filter(|&&b| b == b'\n').count();
        let corpus = read_jsonl(
            jsonl.as_slice(),
            Path::new("m.jsonl"),
            ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(corpus.documents.len(), lines);
        for (i, doc) in corpus.documents.iter().enumerate() {
            assert_eq!(doc.id, format!("d{i}"));
            assert_eq!(doc.location.line, Some(i as u64 + 1));
        }
    }

    #[test]
    fn an_error_in_records_read_before_a_failed_read_is_the_one_reported() {
        /// Gives its bytes, then fails instead of ending.
        struct FailsAtEnd(io::Cursor<Vec<u8>>);
        impl Read for FailsAtEnd {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                match self.0.read(buf)? {
                    0 => Err(io::Error::other("the disk went away")),
                    n => Ok(n),
                }
            }
        }
        let read = |jsonl| {
            read_jsonl(
                FailsAtEnd(io::Cursor::new(jsonl)),
                Path::new("m.jsonl"),
                ReadOptions::default(),
            )
            .unwrap_err()
        };
        // The repeated id is in the first block, and reading the second
        // fails.
        let err = read(many_blocks(BATCH_BYTES + 1000, Some(1000)));
        assert!(matches!(err, ReadError::DuplicateId { .. }), "{err}");
        let err = read(many_blocks(BATCH_BYTES + 1000, None));
        assert!(err.to_string().contains("the disk went away"), "{err}");
    }

    #[test]
    fn texts_past_the_budget_are_read_back_from_disk() {
        let dir = tempfile::tempdir().unwrap();
        let texts = ["première", "", "second text", "dritter Text, länger", "4"];
        let lines: String = texts
            .iter()
            .enumerate()
            .map(|(i, text)| format!("{{\"id\":\"{i}\",\"text\":\"{text}\"}}\n"))
            .collect();
        let path = write(dir.path(), "c.jsonl", lines.as_bytes());
        let options = ReadOptions {
            spill: Some(Spill {
                dir: dir.path().join("spill"),
                budget_bytes: 12,
            }),
            ..ReadOptions::default()
        };
        let corpus = read_inputs(&[path], options).unwrap();
        let read: Vec<&str> = corpus.documents.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(read, texts);
        let on_disk: Vec<bool> = corpus
            .documents
            .iter()
            .map(|d| d.text.is_on_disk())
            .collect();
        // "première" (9 bytes) fits the 12 and the empty text needs nothing;
        // the next two would pass the budget, and "4" still fits.
        assert_eq!(on_disk, [false, false, true, true, false]);
        assert_eq!(
            corpus.text_bytes,
            texts.iter().map(|t| t.len() as u64).sum::<u64>()
        );
    }

    #[test]
    fn a_spill_folder_that_cannot_be_made_fails_even_when_skipping_bad_records() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "c.jsonl",
            b"{\"id\":\"a\",\"text\":\"some text\"}\n",
        );
        let blocker = write(dir.path(), "blocker", b"a file, not a folder");
        let options = ReadOptions {
            skip_bad: true,
            spill: Some(Spill {
                dir: blocker.join("spill"),
                budget_bytes: 0,
            }),
            ..ReadOptions::default()
        };
        let err = read_inputs(&[path], options).unwrap_err();
        assert!(err.to_string().contains("blocker"), "{err}");
    }

    #[test]
    fn named_file_of_unknown_format_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "x.csv", b"a,b");
        let err = read_inputs(&[path], ReadOptions::default()).unwrap_err();
        assert!(err.to_string().contains("x.csv"));
    }
}
