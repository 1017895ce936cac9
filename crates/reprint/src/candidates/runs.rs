//! Sorted runs of postings on disk, for corpora whose postings do not fit
//! the memory budget.
//!
//! The postings are cut into runs of consecutive documents, each sorted and
//! deduplicated in memory and written to an unnamed temporary file; a k-way
//! merge then reads the runs back in `(hash, document)` order. Because the
//! runs split the corpus by document, no `(hash, document)` posting appears
//! in two runs, so the merged stream is exactly the sorted, deduplicated
//! postings an in-memory run sorts: the candidates are identical.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::Posting;
use crate::fingerprint::FingerprintTable;
use crate::spill::{Spill, SpillError};

/// Bytes of one posting in a run file: the hash, then the document, both
/// little-endian.
const RECORD: usize = 12;

/// Runs merged at once, at most: files open (and their read buffers) stay
/// bounded however small the budget makes the runs.
const FAN_IN: usize = 64;

/// Writes the postings of `fingerprints` as sorted runs of at most
/// `budget_bytes` each, and returns a reader that merges them, with how
/// many postings there are and how many runs were written. Runs are merged
/// in levels, [`FAN_IN`] at a time, as they come: every `FAN_IN` runs of a
/// level become one run of the next, so each posting is rewritten a
/// logarithmic number of times and no more than `FAN_IN` runs per level
/// are ever open.
pub(super) fn sorted_runs(
    fingerprints: &FingerprintTable,
    spill: &Spill,
) -> Result<(MergedRuns, u64, u64), SpillError> {
    let fail = |source| spill.error(source);
    spill.create_dir()?;
    let per_run = (spill.budget_bytes / std::mem::size_of::<Posting>()).max(1);
    let mut levels: Vec<Vec<BufReader<File>>> = Vec::new();
    let mut written = 0u64;
    let mut add_run = |run: BufReader<File>, levels: &mut Vec<Vec<BufReader<File>>>| {
        written += 1;
        let mut run = run;
        for level in 0.. {
            if levels.len() == level {
                levels.push(Vec::new());
            }
            levels[level].push(run);
            if levels[level].len() < FAN_IN {
                return Ok(());
            }
            let full = std::mem::take(&mut levels[level]);
            run = merge_to_file(full, &spill.dir)?;
        }
        Ok(())
    };
    let mut run: Vec<Posting> = Vec::with_capacity(per_run.min(1 << 24));
    let mut total = 0u64;
    for doc in 0..fingerprints.len() {
        for f in fingerprints.doc(doc) {
            run.push(Posting {
                hash: f.hash,
                doc: doc as u32,
            });
            total += 1;
        }
        // A run ends only between documents, so no document's postings are
        // split across runs.
        if run.len() >= per_run {
            let sorted = write_run(&mut run, &spill.dir).map_err(fail)?;
            add_run(sorted, &mut levels).map_err(fail)?;
        }
    }
    if !run.is_empty() {
        let sorted = write_run(&mut run, &spill.dir).map_err(fail)?;
        add_run(sorted, &mut levels).map_err(fail)?;
    }
    let runs: Vec<BufReader<File>> = levels.into_iter().flatten().collect();
    let merged = MergedRuns::new(runs, spill.dir.clone()).map_err(fail)?;
    Ok((merged, total, written))
}

/// Merges `runs` into one run file, in `(hash, document)` order.
fn merge_to_file(runs: Vec<BufReader<File>>, dir: &Path) -> io::Result<BufReader<File>> {
    let mut merged = MergedRuns::new(runs, dir.to_path_buf())?;
    let mut file = BufWriter::with_capacity(1 << 20, tempfile::tempfile_in(dir)?);
    while let Some(Posting { hash, doc }) = merged.next_posting().map_err(|e| e.error)? {
        file.write_all(&hash.to_le_bytes())?;
        file.write_all(&doc.to_le_bytes())?;
    }
    let mut file = file.into_inner().map_err(|e| e.into_error())?;
    file.rewind()?;
    Ok(BufReader::with_capacity(1 << 16, file))
}

fn write_run(run: &mut Vec<Posting>, dir: &Path) -> io::Result<BufReader<File>> {
    run.par_sort_unstable();
    run.dedup();
    let mut file = BufWriter::with_capacity(1 << 20, tempfile::tempfile_in(dir)?);
    for posting in run.iter() {
        let Posting { hash, doc } = *posting;
        file.write_all(&hash.to_le_bytes())?;
        file.write_all(&doc.to_le_bytes())?;
    }
    run.clear();
    let mut file = file.into_inner().map_err(|e| e.into_error())?;
    file.rewind()?;
    Ok(BufReader::with_capacity(1 << 16, file))
}

/// The postings of every run, merged in `(hash, document)` order.
pub(super) struct MergedRuns {
    runs: Vec<BufReader<File>>,
    heap: BinaryHeap<Reverse<(u64, u32, usize)>>,
    dir: PathBuf,
}

impl MergedRuns {
    fn new(mut runs: Vec<BufReader<File>>, dir: PathBuf) -> io::Result<MergedRuns> {
        let mut heap = BinaryHeap::with_capacity(runs.len());
        for (i, run) in runs.iter_mut().enumerate() {
            if let Some((hash, doc)) = read_record(run)? {
                heap.push(Reverse((hash, doc, i)));
            }
        }
        Ok(MergedRuns { runs, heap, dir })
    }

    /// The next posting, or `None` when every run is read.
    pub(super) fn next_posting(&mut self) -> Result<Option<Posting>, SpillError> {
        let Some(Reverse((hash, doc, run))) = self.heap.pop() else {
            return Ok(None);
        };
        match read_record(&mut self.runs[run]) {
            Ok(Some((next_hash, next_doc))) => self.heap.push(Reverse((next_hash, next_doc, run))),
            Ok(None) => {}
            Err(source) => {
                return Err(SpillError {
                    dir: self.dir.clone(),
                    error: source,
                })
            }
        }
        Ok(Some(Posting { hash, doc }))
    }
}

fn read_record(run: &mut BufReader<File>) -> io::Result<Option<(u64, u32)>> {
    let mut record = [0u8; RECORD];
    match run.read_exact(&mut record) {
        Ok(()) => {
            let (hash, doc) = record.split_at(8);
            Ok(Some((
                u64::from_le_bytes(hash.try_into().expect("8 bytes")),
                u32::from_le_bytes(doc.try_into().expect("4 bytes")),
            )))
        }
        Err(err) if err.kind() == io::ErrorKind::UnexpectedEof => Ok(None),
        Err(err) => Err(err),
    }
}
