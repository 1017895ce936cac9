//! Scoring reprint against labelled data.
//!
//! * [`pan`]: passage boundaries against PAN text-alignment gold, with PAN's
//!   character-level precision, recall, granularity and plagdet.
//! * [`pairs`]: pair-level precision, recall and direction accuracy against
//!   a labelled pairs file.
//! * [`clough`]: document-level reuse on Clough and Stevenson's corpus of
//!   graded rewriting (cut, light, heavy, non).
//! * [`news`]: real news reprints and look-alikes (news_dev's layout): is
//!   each pair a reprint, by language and label, and who came first.

pub mod clough;
pub mod news;
pub mod pairs;
pub mod pan;

use std::path::PathBuf;

/// Why labelled data could not be loaded; names the file and line.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A file could not be read.
    #[error("{path}: {error}", path = path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        error: std::io::Error,
    },
    /// A line or field is not what the format requires.
    #[error("{path}:{line}: {message}", path = path.display())]
    Format {
        /// The file.
        path: PathBuf,
        /// The 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The documents could not be read.
    #[error(transparent)]
    Read(#[from] crate::read::ReadError),
    /// The scan could not spill its sorted runs.
    #[error(transparent)]
    Spill(#[from] crate::spill::SpillError),
}

fn read_to_string(path: &std::path::Path) -> Result<String, EvalError> {
    std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        error: source,
    })
}
