use std::io;
use std::path::PathBuf;

use crate::model::Location;

/// Why the inputs could not be read. Every variant names the file, and the
/// line where there is one, so the user can go straight to the problem.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read (or failed to decompress).
    #[error("{path}: {source}", path = path.display())]
    Io {
        /// The file that failed.
        path: PathBuf,
        /// What the operating system or decoder said.
        source: io::Error,
    },
    /// A file was named whose format reprint does not read.
    #[error(
        "{path}: unsupported input format (reprint reads .jsonl, .jsonl.gz, .jsonl.zst, .txt and directories of them)",
        path = path.display()
    )]
    UnknownFormat {
        /// The file that was named.
        path: PathBuf,
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
    /// Two documents carry the same id.
    #[error("duplicate id {id:?}: first at {first}, again at {second}")]
    DuplicateId {
        /// The id both documents carry.
        id: String,
        /// Where the first was read.
        first: Location,
        /// Where the second was read.
        second: Location,
    },
}

impl ReadError {
    /// Whether the error concerns one record (which `--skip-bad` may skip)
    /// rather than a whole input that cannot be read at all.
    pub fn is_record_error(&self) -> bool {
        !matches!(self, ReadError::Io { .. } | ReadError::UnknownFormat { .. })
    }
}
