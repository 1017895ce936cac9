//! Every document's fingerprints, kept from the fingerprint stage for the
//! two stages that read them again: the candidate stage, which groups their
//! hashes, and boilerplate marking, which finds the text a fingerprint
//! covers.
//!
//! A corpus holds tens of millions of fingerprints, so the table fills its
//! share of the memory budget and writes the rest to a spill file mapped
//! from disk (see [`spill`](crate::spill)).

use bytemuck::{Pod, Zeroable};

use crate::spill::{MappedFile, Spill, SpillError, SpillFile};

/// A fingerprint as a document keeps it: 16 bytes, with no padding, so that
/// a spill file holds the records exactly as memory does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Pod, Zeroable)]
#[repr(C)]
pub struct PlacedFingerprint {
    /// The k-gram's hash.
    pub hash: u64,
    /// The index of the k-gram's first token among the body's tokens.
    pub pos: u32,
    /// The byte of the text where that token starts.
    pub byte: u32,
}

/// Bytes of one record.
const RECORD: usize = std::mem::size_of::<PlacedFingerprint>();

/// Every document's fingerprints, by document index: the first documents'
/// in memory, those past the memory budget in a mapped spill file.
#[derive(Default)]
pub struct FingerprintTable {
    memory: Vec<Vec<PlacedFingerprint>>,
    disk: Option<DiskPart>,
    total: usize,
}

/// The documents whose fingerprints are on disk, back to back, in order:
/// the `j`-th of them ends before record `ends[j]`.
struct DiskPart {
    file: MappedFile,
    ends: Vec<usize>,
}

impl FingerprintTable {
    /// How many documents the table holds.
    pub fn len(&self) -> usize {
        self.memory.len() + self.disk.as_ref().map_or(0, |d| d.ends.len())
    }

    /// Whether the table holds no document.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many fingerprints all the documents hold together.
    pub fn total(&self) -> usize {
        self.total
    }

    /// The fingerprints of document `doc`, in token order.
    ///
    /// # Panics
    ///
    /// When `doc` is not below [`len`](Self::len).
    pub fn doc(&self, doc: usize) -> &[PlacedFingerprint] {
        if let Some(fps) = self.memory.get(doc) {
            return fps;
        }
        let disk = self
            .disk
            .as_ref()
            .expect("a document past memory is on disk");
        let j = doc - self.memory.len();
        let begin = if j == 0 { 0 } else { disk.ends[j - 1] };
        bytemuck::cast_slice(&disk.file.bytes()[begin * RECORD..disk.ends[j] * RECORD])
    }

    /// How many documents' fingerprints are on disk.
    pub fn on_disk(&self) -> usize {
        self.disk.as_ref().map_or(0, |d| d.ends.len())
    }
}

impl From<Vec<Vec<PlacedFingerprint>>> for FingerprintTable {
    /// A table held wholly in memory.
    fn from(memory: Vec<Vec<PlacedFingerprint>>) -> Self {
        let total = memory.iter().map(Vec::len).sum();
        FingerprintTable {
            memory,
            disk: None,
            total,
        }
    }
}

/// Fills a [`FingerprintTable`] one document at a time, in document order.
pub struct TableBuilder {
    memory: Vec<Vec<PlacedFingerprint>>,
    memory_bytes: usize,
    spill: Option<Spill>,
    disk: Option<(SpillFile, Vec<usize>)>,
    total: usize,
}

impl TableBuilder {
    /// An empty table that keeps everything in memory, or, with `spill`,
    /// writes to its folder every document past its budget.
    pub fn new(spill: Option<&Spill>) -> TableBuilder {
        TableBuilder {
            memory: Vec::new(),
            memory_bytes: 0,
            spill: spill.cloned(),
            disk: None,
            total: 0,
        }
    }

    /// Adds the next document's fingerprints.
    pub fn push(&mut self, fingerprints: Vec<PlacedFingerprint>) -> Result<(), SpillError> {
        self.total += fingerprints.len();
        let bytes = fingerprints.len() * RECORD;
        let over_budget = |spill: &Spill| self.memory_bytes + bytes > spill.budget_bytes;
        // Once one document goes to disk, every later one does too, so that
        // the documents in memory are the first ones.
        let to_disk = self.disk.is_some() || self.spill.as_ref().is_some_and(over_budget);
        if !to_disk {
            self.memory_bytes += bytes;
            self.memory.push(fingerprints);
            return Ok(());
        }
        let (file, ends) = match &mut self.disk {
            Some(disk) => disk,
            None => {
                let spill = self.spill.as_ref().expect("only a spill goes to disk");
                self.disk.insert((SpillFile::create(spill)?, Vec::new()))
            }
        };
        file.append(bytemuck::cast_slice(&fingerprints))?;
        ends.push(file.len() as usize / RECORD);
        Ok(())
    }

    /// Ends the filling, mapping what went to disk.
    pub fn finish(self) -> Result<FingerprintTable, SpillError> {
        let disk = match self.disk {
            Some((file, ends)) => Some(DiskPart {
                file: file.map()?,
                ends,
            }),
            None => None,
        };
        Ok(FingerprintTable {
            memory: self.memory,
            disk,
            total: self.total,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(n: u64) -> Vec<PlacedFingerprint> {
        (0..n)
            .map(|i| PlacedFingerprint {
                hash: n * 1000 + i,
                pos: i as u32,
                byte: 7 * i as u32,
            })
            .collect()
    }

    #[test]
    fn documents_past_the_budget_are_read_back_from_disk_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let spill = Spill {
            dir: dir.path().to_path_buf(),
            budget_bytes: 5 * RECORD,
        };
        let docs: Vec<_> = [2, 3, 0, 4, 1, 0].into_iter().map(doc).collect();
        let mut builder = TableBuilder::new(Some(&spill));
        for fps in &docs {
            builder.push(fps.clone()).unwrap();
        }
        let table = builder.finish().unwrap();
        assert_eq!(table.len(), docs.len());
        assert_eq!(table.total(), 10);
        // 2 + 3 records fill the budget; the empty third document still
        // fits, and the fourth's 4 records do not.
        assert_eq!(table.on_disk(), 3);
        for (i, fps) in docs.iter().enumerate() {
            assert_eq!(table.doc(i), fps.as_slice(), "document {i}");
        }
    }

    #[test]
    fn without_a_spill_everything_stays_in_memory() {
        let mut builder = TableBuilder::new(None);
        for n in [3, 1] {
            builder.push(doc(n)).unwrap();
        }
        let table = builder.finish().unwrap();
        assert_eq!((table.len(), table.on_disk(), table.total()), (2, 0, 4));
        assert_eq!(table.doc(1), doc(1).as_slice());
    }
}
