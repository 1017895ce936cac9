//! What can go wrong with an index, each error naming the index or file.

use std::path::PathBuf;

use reprint::model::Location;
use reprint::spill::SpillError;

/// An index operation that failed. An add that fails leaves the index as it
/// was before it.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// A file of the index could not be read or written.
    #[error("{path}: {error}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        error: std::io::Error,
    },
    /// The embedded database refused an operation.
    #[error("{path}: {message}")]
    Store {
        /// The database file.
        path: PathBuf,
        /// What the database said.
        message: String,
    },
    /// Another process has the index open (an add, a query or a server).
    #[error("{path}: the index is open in another process; wait for it to finish, or stop it")]
    InUse {
        /// The index folder.
        path: PathBuf,
    },
    /// The folder exists but is not an index.
    #[error(
        "{path}: not a reprint index (it holds {found:?}); name a new folder or one made by `reprint index add`"
    )]
    NotAnIndex {
        /// The folder.
        path: PathBuf,
        /// A file in it that no index holds.
        found: String,
    },
    /// The folder holds no index.
    #[error("{path}: no index here; `reprint index add {path} INPUT...` makes one")]
    Missing {
        /// The folder.
        path: PathBuf,
    },
    /// A document id the index already holds, or that a batch holds twice.
    #[error("document id {id:?} is already in the index, from {first}; read again at {second}")]
    DuplicateId {
        /// The id.
        id: String,
        /// Where the document the index holds was read from.
        first: Box<Location>,
        /// Where the new one was read.
        second: Box<Location>,
    },
    /// The index would hold more documents than it can number.
    #[error("{path}: an index holds at most {limit} documents")]
    Full {
        /// The index folder.
        path: PathBuf,
        /// The most documents it holds.
        limit: u64,
    },
    /// A stored document or segment does not read back.
    #[error("{path}: stored data is damaged: {message}")]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What was wrong.
        message: String,
    },
    /// The pipeline could not spill to disk.
    #[error(transparent)]
    Spill(#[from] SpillError),
}
