use std::io;
use std::path::PathBuf;

use crate::model::Location;
use crate::spill::SpillError;

/// Why the inputs could not be read. Every variant names the file, and the
/// line where there is one, so the user can go straight to the problem.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read (or failed to decompress).
    #[error("{path}: {error}", path = path.display())]
    Io {
        /// The file that failed.
        path: PathBuf,
        /// What the operating system or decoder said.
        error: io::Error,
    },
    /// Texts past the memory budget could not be written to the spill
    /// folder.
    #[error(transparent)]
    Spill(#[from] SpillError),
    /// A file was named whose format reprint does not read.
    #[error(
        "{path}: unsupported input format (reprint reads .jsonl, .json and Spark's part-* files of JSON lines, each also .gz or .zst, .parquet, .txt, .html, .htm, .warc, .warc.gz and directories of them)",
        path = path.display()
    )]
    UnknownFormat {
        /// The file that was named.
        path: PathBuf,
    },
    /// A table (a Parquet file, an Arrow batch) lacks a column reprint
    /// needs.
    #[error("{path}: no column `{column}` (the columns are: {found})", path = path.display())]
    MissingColumn {
        /// The table's file.
        path: PathBuf,
        /// The column that is missing.
        column: &'static str,
        /// The columns the table has, comma-separated.
        found: String,
    },
    /// A column of a table holds values of a type reprint cannot read as
    /// the field it names.
    #[error("{path}: column `{column}` holds {found}; it must hold {expected}", path = path.display())]
    ColumnType {
        /// The table's file.
        path: PathBuf,
        /// The column.
        column: &'static str,
        /// The Arrow type it holds.
        found: String,
        /// What it must hold.
        expected: &'static str,
    },
    /// A table could not be read: a Parquet file that is damaged or not
    /// Parquet at all, or batches that do not fit together.
    #[error("{path}: cannot read the table: {message}", path = path.display())]
    Table {
        /// The table's file.
        path: PathBuf,
        /// What the Parquet or Arrow reader said.
        message: String,
    },
    /// A line (or a text file) is not valid UTF-8.
    #[error("{location}: invalid UTF-8")]
    InvalidUtf8 {
        /// Where the bad bytes are.
        location: Location,
    },
    /// A JSONL line is not valid JSON.
    #[error("{location}: invalid JSON: {message}")]
    InvalidJson {
        /// The line.
        location: Location,
        /// What the JSON parser said.
        message: String,
    },
    /// A JSONL line is valid JSON but not an object.
    #[error("{location}: the record is not a JSON object")]
    NotAnObject {
        /// The line.
        location: Location,
    },
    /// A required field is absent.
    #[error("{location}: missing field `{field}`")]
    MissingField {
        /// The line.
        location: Location,
        /// The field's name.
        field: &'static str,
    },
    /// A field holds a value of the wrong type (or an empty id).
    #[error("{location}: `{field}` must be {expected}")]
    WrongType {
        /// The line.
        location: Location,
        /// The field's name.
        field: &'static str,
        /// What the field must hold.
        expected: &'static str,
    },
    /// Every record was malformed and skipped: nothing was read, which is
    /// no result to report as a success.
    #[error("no record could be read: all {skipped} were malformed (the first: {first})")]
    NothingRead {
        /// How many records were skipped.
        skipped: usize,
        /// Why the first was.
        first: Box<ReadError>,
    },
    /// Two documents carry the same id.
    #[error("duplicate id {id:?}: first at {first}, again at {second}")]
    DuplicateId {
        /// The id both documents carry.
        id: String,
        /// Where the first was read.
        first: Box<Location>,
        /// Where the second was read.
        second: Box<Location>,
    },
    /// A JSONL line longer than the record limit; it was passed over
    /// without being held in memory.
    #[error(
        "{location}: record longer than {} (raise it with --max-record-size)",
        crate::size::format_size(*limit as u64)
    )]
    RecordTooLarge {
        /// Where the line starts.
        location: Location,
        /// The limit, in bytes.
        limit: usize,
    },
    /// Compressed input that ends or breaks part way, as a download cut
    /// off does: every whole line before the break was read.
    #[error(
        "{path}: compressed data ends or breaks after line {after_line} ({error}); the lines before it were read",
        path = path.display()
    )]
    Truncated {
        /// The file.
        path: PathBuf,
        /// The last whole line read before the break.
        after_line: u64,
        /// What the decoder said.
        error: io::Error,
    },
}

impl ReadError {
    /// Where the error is: the file, and the line or record where there is
    /// one (for a duplicate id, the second place; for a cut-off file, the
    /// line after the last one read).
    pub fn location(&self) -> Location {
        match self {
            ReadError::InvalidUtf8 { location }
            | ReadError::InvalidJson { location, .. }
            | ReadError::NotAnObject { location }
            | ReadError::MissingField { location, .. }
            | ReadError::WrongType { location, .. }
            | ReadError::RecordTooLarge { location, .. } => location.clone(),
            ReadError::DuplicateId { second, .. } => (**second).clone(),
            ReadError::Truncated {
                path, after_line, ..
            } => Location::line(path, after_line + 1),
            ReadError::Io { path, .. }
            | ReadError::UnknownFormat { path }
            | ReadError::MissingColumn { path, .. }
            | ReadError::ColumnType { path, .. }
            | ReadError::Table { path, .. } => Location::file(path),
            ReadError::NothingRead { first, .. } => first.location(),
            ReadError::Spill(error) => Location::file(&error.dir),
        }
    }

    /// Whether the error concerns one record (which `--skip-bad` may skip)
    /// rather than a whole input that cannot be read at all.
    pub fn is_record_error(&self) -> bool {
        !matches!(
            self,
            ReadError::Io { .. }
                | ReadError::UnknownFormat { .. }
                | ReadError::MissingColumn { .. }
                | ReadError::ColumnType { .. }
                | ReadError::Table { .. }
                | ReadError::Spill(_)
                | ReadError::NothingRead { .. }
        )
    }
}

/// Why a WARC record or an HTML page gave no document. These are not errors:
/// every crawl is full of records that hold no article, and a fault in an
/// archive costs only the records it touches. Each one is counted in
/// [`Corpus::pages_skipped`](super::Corpus::pages_skipped).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageSkip {
    /// A record that is not a response or resource (`request`, `warcinfo`,
    /// `metadata`, `revisit`, ...): expected in every crawl.
    NotResponse(String),
    /// A response whose content is not HTML; holds its content type.
    NotHtml(String),
    /// An HTTP status other than 2xx (redirects, errors).
    HttpStatus(u16),
    /// A record cut short by the end of the file.
    Truncated,
    /// Compressed data that does not inflate; reading resumed at the next
    /// gzip member.
    BrokenGzip,
    /// A record whose WARC or HTTP framing cannot be parsed.
    Malformed(String),
    /// The extractor found no article text in the page.
    NoText(String),
    /// A page whose address was already read (a crawler fetched it twice);
    /// the first copy is kept.
    RepeatedUrl,
    /// The HTML extractor failed on the page (it panicked); the page is
    /// skipped so one odd page cannot stop a crawl.
    ExtractorFailed,
    /// The page's elements nest deeper than the limit it holds, which no
    /// real page comes near and which would overflow the extractor's stack.
    TooDeep(usize),
    /// The page holds more elements than this limit: past it, extraction
    /// takes seconds and gigabytes.
    TooManyElements(usize),
    /// An element of the page carries more attributes than this limit (the
    /// parser's time grows with the square of their number).
    TooManyAttributes(usize),
    /// Extracting the page took longer than this time limit.
    TooSlow(std::time::Duration),
    /// The record, or its page once inflated, is longer than this many
    /// bytes (the reader's record limit).
    TooLarge(usize),
}

impl PageSkip {
    /// A short name for the kind of skip, to count skips by kind.
    pub fn category(&self) -> &'static str {
        match self {
            PageSkip::NotResponse(_) => "not a response",
            PageSkip::NotHtml(_) => "not HTML",
            PageSkip::HttpStatus(_) => "HTTP status not 2xx",
            PageSkip::Truncated => "truncated record",
            PageSkip::BrokenGzip => "broken gzip member",
            PageSkip::Malformed(_) => "malformed record",
            PageSkip::NoText(_) => "no article text",
            PageSkip::RepeatedUrl => "address already read",
            PageSkip::ExtractorFailed => "extractor failed",
            PageSkip::TooDeep(_) => "nested too deep",
            PageSkip::TooManyElements(_) => "too many elements",
            PageSkip::TooManyAttributes(_) => "too many attributes on one element",
            PageSkip::TooSlow(_) => "took too long to extract",
            PageSkip::TooLarge(_) => "too large",
        }
    }
}

impl std::fmt::Display for PageSkip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PageSkip::NotResponse(kind) => write!(f, "a {kind} record, not a response"),
            PageSkip::NotHtml(kind) => write!(f, "not HTML ({kind})"),
            PageSkip::HttpStatus(status) => write!(f, "HTTP status {status}"),
            PageSkip::Truncated => write!(f, "truncated record"),
            PageSkip::BrokenGzip => write!(f, "broken gzip member"),
            PageSkip::Malformed(why) => write!(f, "malformed record: {why}"),
            PageSkip::NoText(why) => write!(f, "no article text ({why})"),
            PageSkip::RepeatedUrl => write!(f, "address already read"),
            PageSkip::ExtractorFailed => write!(f, "the HTML extractor failed on this page"),
            PageSkip::TooDeep(limit) => {
                write!(f, "elements nested more than {limit} deep")
            }
            PageSkip::TooManyElements(limit) => write!(f, "more than {limit} elements"),
            PageSkip::TooManyAttributes(limit) => {
                write!(f, "an element with more than {limit} attributes")
            }
            PageSkip::TooSlow(limit) => write!(
                f,
                "extraction took longer than {} s (--page-time-limit)",
                limit.as_secs_f64()
            ),
            PageSkip::TooLarge(limit) => write!(
                f,
                "larger than {} once inflated (--max-record-size)",
                crate::size::format_size(*limit as u64)
            ),
        }
    }
}
