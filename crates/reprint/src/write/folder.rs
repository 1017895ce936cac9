//! The result folder as one unit: a scan's files are written into a fresh
//! folder beside `--out`, which then takes `--out`'s place whole.
//!
//! In: the destination folder. Out: a staging folder to write into, and a
//! commit that swaps it in. A run that fails, or is killed at any moment,
//! leaves the destination exactly as it was: the previous scan whole, or
//! nothing. On Linux the swap is one atomic `renameat2(RENAME_EXCHANGE)`;
//! elsewhere it is two renames, with an instant between them when the
//! destination is missing.
//!
//! A staging folder left by a killed run is named after its process
//! (`.out.reprint-PID-XXXXXX`) and removed by the next run once that
//! process is gone, so killed runs leave no lasting debris.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::WriteError;

/// The files a scan writes: a folder holding anything else is not replaced.
pub const RESULT_FILES: &[&str] = &[
    "documents.jsonl",
    "reuse.jsonl",
    "families.jsonl",
    "clusters.jsonl",
    "texts.jsonl",
    "skipped.jsonl",
    "report.html",
    "documents.parquet",
    "reuse.parquet",
    "passages.parquet",
    "edits.parquet",
    "families.parquet",
    "clusters.parquet",
    "texts.parquet",
    "keep.jsonl",
];

/// A result folder being written (see the module's documentation).
#[derive(Debug)]
pub struct ResultFolder {
    destination: PathBuf,
    staging: tempfile::TempDir,
}

impl ResultFolder {
    /// Starts writing results for `destination`. Fails, before any work is
    /// done, when the destination cannot take them: its parent cannot be
    /// written, or it holds files that are not a scan's (which replacing it
    /// would delete).
    pub fn begin(destination: &Path) -> Result<ResultFolder, WriteError> {
        let fail = |path: &Path, error: io::Error| WriteError {
            path: path.to_path_buf(),
            error: crate::spill::os_error(error),
        };
        fs::create_dir_all(destination).map_err(|e| fail(destination, e))?;
        for entry in fs::read_dir(destination).map_err(|e| fail(destination, e))? {
            let entry = entry.map_err(|e| fail(destination, e))?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if !RESULT_FILES.contains(&name.as_ref()) && !name.starts_with(".reprint") {
                return Err(fail(
                    destination,
                    io::Error::other(format!(
                        "it holds {name}, which reprint did not write; give --out an empty or new folder, or an earlier scan's"
                    )),
                ));
            }
        }
        let (parent, prefix) = staging_place(destination);
        remove_stale_staging(&parent, &prefix);
        let staging = tempfile::Builder::new()
            .prefix(&format!("{prefix}{}-", std::process::id()))
            .tempdir_in(&parent)
            .map_err(|e| {
                let why = crate::spill::os_error(e);
                fail(
                    &parent,
                    io::Error::new(
                        why.kind(),
                        format!("{why} (a scan writes its results beside --out, then swaps them in whole)"),
                    ),
                )
            })?;
        Ok(ResultFolder {
            destination: destination.to_path_buf(),
            staging,
        })
    }

    /// The folder to write the results into.
    pub fn path(&self) -> &Path {
        self.staging.path()
    }

    /// The error `error` of a writer that wrote into [`path`](Self::path),
    /// naming the file by its place in the destination: the staging
    /// folder's name means nothing to the user.
    pub fn in_destination(&self, error: WriteError) -> WriteError {
        let path = match error.path.strip_prefix(self.staging.path()) {
            Ok(inside) => self.destination.join(inside),
            Err(_) => error.path,
        };
        WriteError {
            path,
            error: error.error,
        }
    }

    /// Puts the written folder in the destination's place, whole, and
    /// removes what was there.
    pub fn commit(self) -> Result<(), WriteError> {
        let fail = |error: io::Error| WriteError {
            path: self.destination.clone(),
            error: crate::spill::os_error(error),
        };
        swap(self.staging.path(), &self.destination).map_err(fail)?;
        // The staging path now holds the previous results: dropping it
        // removes them.
        drop(self.staging);
        Ok(())
    }
}

/// The folder staging folders go in (the destination's parent) and the
/// start of their names.
fn staging_place(destination: &Path) -> (PathBuf, String) {
    let absolute = std::path::absolute(destination).unwrap_or_else(|_| destination.to_path_buf());
    let parent = absolute
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let name = absolute
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    (parent, format!(".{name}.reprint-"))
}

/// Removes the staging folders that runs now gone left in `parent`.
fn remove_stale_staging(parent: &Path, prefix: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(prefix)) else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|pid| !process_alive(pid)) {
            // Best effort: a folder that will not go is left for the next
            // run, and never blocks this one.
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether process `pid` still runs. Only Linux can tell (by `/proc`);
/// elsewhere every process counts as alive, so nothing is removed.
fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// Exchanges the folders `new` and `old` (which exists): afterwards `old`'s
/// path holds the new results and `new`'s the previous ones.
#[cfg(target_os = "linux")]
fn swap(new: &Path, old: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    match renameat_with(CWD, new, CWD, old, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        // A file system that cannot exchange (some network ones).
        Err(rustix::io::Errno::INVAL) | Err(rustix::io::Errno::NOSYS) => swap_by_renames(new, old),
        Err(errno) => Err(errno.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn swap(new: &Path, old: &Path) -> io::Result<()> {
    swap_by_renames(new, old)
}

/// The swap in two renames, through a third name.
fn swap_by_renames(new: &Path, old: &Path) -> io::Result<()> {
    let mut aside = new.as_os_str().to_owned();
    aside.push(".previous");
    let aside = PathBuf::from(aside);
    fs::rename(old, &aside)?;
    if let Err(error) = fs::rename(new, old) {
        let _ = fs::rename(&aside, old);
        return Err(error);
    }
    fs::rename(&aside, new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_committed_folder_replaces_the_old_one_whole() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("documents.jsonl"), "old").unwrap();
        fs::write(out.join("reuse.jsonl"), "old").unwrap();

        let folder = ResultFolder::begin(&out).unwrap();
        fs::write(folder.path().join("documents.parquet"), "new").unwrap();
        // Until the commit, the old results stand.
        assert_eq!(fs::read_to_string(out.join("reuse.jsonl")).unwrap(), "old");
        folder.commit().unwrap();

        let mut names: Vec<_> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["documents.parquet"]);
        let left: Vec<_> = fs::read_dir(root.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no staging folder remains");
    }

    #[test]
    fn a_folder_that_is_not_a_scans_is_never_replaced() {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join("thesis.tex"), "mine").unwrap();
        let error = ResultFolder::begin(root.path()).unwrap_err();
        assert!(error.to_string().contains("it holds thesis.tex"), "{error}");
    }

    #[test]
    fn a_dropped_folder_leaves_the_old_results() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("reuse.jsonl"), "old").unwrap();
        let folder = ResultFolder::begin(&out).unwrap();
        fs::write(folder.path().join("reuse.jsonl"), "half").unwrap();
        drop(folder);
        assert_eq!(fs::read_to_string(out.join("reuse.jsonl")).unwrap(), "old");
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 1);
    }

    #[test]
    fn staging_left_by_a_dead_process_is_removed() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        // No process has a pid this large.
        let stale = root.path().join(".out.reprint-4294967295-abcdef");
        fs::create_dir(&stale).unwrap();
        fs::write(stale.join("reuse.jsonl"), "half").unwrap();
        let folder = ResultFolder::begin(&out).unwrap();
        assert!(!stale.exists());
        folder.commit().unwrap();
    }
}
