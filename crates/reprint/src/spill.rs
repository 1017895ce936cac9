//! What a scan keeps on disk once it outgrows its memory budget.
//!
//! Three things grow with the corpus: the texts, the fingerprints, and the
//! postings the candidate stage sorts. Each of them is held in memory up to
//! [`Spill::budget_bytes`], and past that the rest goes to unnamed temporary
//! files in [`Spill::dir`]:
//!
//! * texts and fingerprints are written once, front to back, into a
//!   spill file that is then mapped into memory, so the operating system
//!   pages them in as the scan reads them and drops them again when memory
//!   runs short;
//! * postings are sorted in runs and merged back (see
//!   [`candidates`](crate::candidates)).
//!
//! The files have no name, so the operating system deletes them when the
//! scan ends, however it ends.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::sync::Arc;

use memmap2::Mmap;

/// The smallest memory budget a scan works with: below it, every text and
/// every few postings would be a file of their own, and the scan would
/// spend its time opening files. Front ends raise smaller budgets to it.
pub const MIN_BUDGET_BYTES: usize = 64_000;

/// Where a scan spills to disk, and how much it holds in memory first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spill {
    /// The folder for the temporary files.
    pub dir: PathBuf,
    /// Bytes of each kind of data (texts, fingerprints, postings) held in
    /// memory; past this, the rest of that kind goes to disk.
    pub budget_bytes: usize,
}

/// Why a scan could not spill to disk; names the folder.
#[derive(Debug, thiserror::Error)]
#[error("cannot spill to {dir}: {error}", dir = dir.display())]
pub struct SpillError {
    /// The spill folder.
    pub dir: PathBuf,
    /// What the operating system said.
    pub error: io::Error,
}

impl Spill {
    /// The error for `source`, naming this spill's folder.
    pub(crate) fn error(&self, source: io::Error) -> SpillError {
        SpillError {
            dir: self.dir.clone(),
            error: os_error(source),
        }
    }

    /// Creates the spill folder if it does not exist yet.
    pub(crate) fn create_dir(&self) -> Result<(), SpillError> {
        std::fs::create_dir_all(&self.dir).map_err(|e| self.error(e))
    }
}

/// What the operating system said, without the name of the temporary file
/// that `tempfile` adds to its errors: a user never sees that file, so a
/// message names the folder or the file it stood for instead.
pub(crate) fn os_error(error: io::Error) -> io::Error {
    match error.raw_os_error() {
        Some(code) => io::Error::from_raw_os_error(code),
        None => error,
    }
}

/// A temporary file written once, front to back, then mapped for reading.
///
/// Once mapped, the bytes can no longer change: the file has no name, and
/// this process holds its only handle. That is what lets texts and
/// fingerprints be read from a [`MappedFile`] without checking them again.
pub(crate) struct SpillFile {
    out: BufWriter<File>,
    len: u64,
    spill: Spill,
}

impl SpillFile {
    /// An empty file in `spill`'s folder.
    pub(crate) fn create(spill: &Spill) -> Result<SpillFile, SpillError> {
        spill.create_dir()?;
        let file = tempfile::tempfile_in(&spill.dir).map_err(|e| spill.error(e))?;
        Ok(SpillFile {
            out: BufWriter::with_capacity(1 << 20, file),
            len: 0,
            spill: spill.clone(),
        })
    }

    /// Appends `bytes`, returning the offset they start at.
    pub(crate) fn append(&mut self, bytes: &[u8]) -> Result<u64, SpillError> {
        let at = self.len;
        self.out.write_all(bytes).map_err(|e| self.spill.error(e))?;
        self.len += bytes.len() as u64;
        Ok(at)
    }

    /// Bytes written so far.
    pub(crate) fn len(&self) -> u64 {
        self.len
    }

    /// Ends the writing and maps the file.
    pub(crate) fn map(self) -> Result<MappedFile, SpillError> {
        let SpillFile { out, spill, .. } = self;
        let file = out.into_inner().map_err(|e| spill.error(e.into_error()))?;
        // SAFETY: the file has no name and this process holds its only
        // handle, which is dropped right after mapping, so nothing writes
        // to the file while it is mapped.
        let map = unsafe { Mmap::map(&file) }.map_err(|e| spill.error(e))?;
        Ok(MappedFile(Arc::new(map)))
    }
}

/// A [`SpillFile`] after its writing ended, mapped into memory; cheap to
/// clone, and unmapped when the last clone is dropped.
#[derive(Clone)]
pub(crate) struct MappedFile(Arc<Mmap>);

impl MappedFile {
    /// The file's bytes.
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spill_file_maps_back_what_was_appended() {
        let dir = tempfile::tempdir().unwrap();
        let spill = Spill {
            dir: dir.path().join("nested"),
            budget_bytes: 0,
        };
        let mut file = SpillFile::create(&spill).unwrap();
        assert_eq!(file.append(b"first ").unwrap(), 0);
        assert_eq!(file.append(b"second").unwrap(), 6);
        assert_eq!(file.len(), 12);
        let mapped = file.map().unwrap();
        assert_eq!(mapped.bytes(), b"first second");
    }

    #[test]
    fn a_folder_that_cannot_be_made_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("a-file");
        std::fs::write(&blocker, "not a folder").unwrap();
        let spill = Spill {
            dir: blocker.join("spill"),
            budget_bytes: 0,
        };
        let err = SpillFile::create(&spill).err().expect("cannot create");
        assert!(err.to_string().contains("a-file"), "{err}");
    }
}
