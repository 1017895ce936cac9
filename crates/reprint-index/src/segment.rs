//! One batch's postings on disk: for each fingerprint hash the batch holds,
//! the documents that hold it, with what the candidate rule reads of each.
//!
//! In: a batch's postings, `(hash, holder)`. Out: a folder of two files,
//! written once and never changed:
//!
//! * `hashes.fst`, an [`fst::Map`] from each hash (eight bytes, big-endian,
//!   so that byte order is number order) to where its holders start in
//!   `holders.bin`;
//! * `holders.bin`, each hash's holders in document order: a count (u32),
//!   then that many holders of 16 bytes (document number u32, source u32,
//!   date key u64; all little-endian, `u32::MAX` and `u64::MAX` for none).
//!
//! Both files are mapped, not read: a query touches the pages of the hashes
//! it asks about, so memory stays bounded however large the archive grows.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use memmap2::Mmap;

/// One document holding a hash, with what the candidate rule needs of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Holder {
    /// The document's number in the archive (the order it was added in).
    pub(crate) doc: u32,
    /// The document's source, as the archive numbers sources.
    pub(crate) source: Option<u32>,
    /// The document's publication date as a sort key
    /// ([`PubDate::sort_key`](reprint::clean::PubDate::sort_key)).
    pub(crate) date: Option<u64>,
}

const HOLDER_BYTES: usize = 16;
const NONE_SOURCE: u32 = u32::MAX;
const NONE_DATE: u64 = u64::MAX;

/// The file that maps hashes to their holders.
const HASHES_FILE: &str = "hashes.fst";
/// The file of holders.
const HOLDERS_FILE: &str = "holders.bin";

/// Writes a segment into the folder `dir`, which must exist and be empty,
/// and makes it durable. `postings` are `(hash, document)`, sorted and
/// deduplicated here; `holder_of` tells what a document's holder entry
/// says. Returns the bytes written.
pub(crate) fn write_segment(
    dir: &Path,
    postings: &mut Vec<(u64, u32)>,
    holder_of: impl Fn(u32) -> Holder,
) -> io::Result<u64> {
    postings.sort_unstable();
    postings.dedup();
    let hashes_file = File::create(dir.join(HASHES_FILE))?;
    let holders_file = File::create(dir.join(HOLDERS_FILE))?;
    let mut map = fst::MapBuilder::new(BufWriter::new(&hashes_file)).map_err(io::Error::other)?;
    let mut holders = BufWriter::new(&holders_file);
    let mut offset = 0u64;
    for group in postings.chunk_by(|x, y| x.0 == y.0) {
        map.insert(group[0].0.to_be_bytes(), offset)
            .map_err(io::Error::other)?;
        let count = u32::try_from(group.len()).map_err(io::Error::other)?;
        holders.write_all(&count.to_le_bytes())?;
        for &(_, doc) in group {
            let holder = holder_of(doc);
            holders.write_all(&holder.doc.to_le_bytes())?;
            holders.write_all(&holder.source.unwrap_or(NONE_SOURCE).to_le_bytes())?;
            holders.write_all(&holder.date.unwrap_or(NONE_DATE).to_le_bytes())?;
        }
        offset += 4 + (group.len() * HOLDER_BYTES) as u64;
    }
    map.finish().map_err(io::Error::other)?;
    holders.flush()?;
    drop(holders);
    hashes_file.sync_all()?;
    holders_file.sync_all()?;
    Ok(offset + hashes_file.metadata()?.len())
}

/// A segment opened for reading.
pub(crate) struct Segment {
    hashes: fst::Map<Bytes>,
    holders: Bytes,
}

/// A mapped file, or nothing for an empty one (which cannot be mapped).
enum Bytes {
    Mapped(Mmap),
    Empty,
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        match self {
            Bytes::Mapped(map) => map,
            Bytes::Empty => &[],
        }
    }
}

fn map_file(path: &Path) -> io::Result<Bytes> {
    let file = File::open(path)?;
    if file.metadata()?.len() == 0 {
        return Ok(Bytes::Empty);
    }
    // SAFETY: a segment's files are written once, made durable, and never
    // changed or truncated while the index names them; only removing the
    // whole index under a running reader could change them.
    let map = unsafe { Mmap::map(&file)? };
    // Lookups land on scattered pages; reading ahead around each would
    // bring in (and keep resident) far more than is asked for.
    #[cfg(unix)]
    map.advise(memmap2::Advice::Random)?;
    Ok(Bytes::Mapped(map))
}

impl Segment {
    /// Opens the segment in `dir`.
    pub(crate) fn open(dir: &Path) -> io::Result<Segment> {
        let hashes = fst::Map::new(map_file(&dir.join(HASHES_FILE))?)
            .map_err(|err| io::Error::new(io::ErrorKind::InvalidData, err))?;
        let holders = map_file(&dir.join(HOLDERS_FILE))?;
        Ok(Segment { hashes, holders })
    }

    /// Appends the holders of `hash` to `out`, in document order.
    pub(crate) fn holders_of(&self, hash: u64, out: &mut Vec<Holder>) -> io::Result<()> {
        let Some(offset) = self.hashes.get(hash.to_be_bytes()) else {
            return Ok(());
        };
        let bytes = self.holders.as_ref();
        let corrupt = || io::Error::new(io::ErrorKind::InvalidData, "holders.bin is cut short");
        let start = usize::try_from(offset).map_err(|_| corrupt())?;
        let count = bytes
            .get(start..start + 4)
            .ok_or_else(corrupt)?
            .try_into()
            .map(u32::from_le_bytes)
            .map_err(|_| corrupt())? as usize;
        let body = bytes
            .get(start + 4..start + 4 + count * HOLDER_BYTES)
            .ok_or_else(corrupt)?;
        out.extend(body.chunks_exact(HOLDER_BYTES).map(|entry| {
            let doc = u32::from_le_bytes(entry[0..4].try_into().expect("4 bytes"));
            let source = u32::from_le_bytes(entry[4..8].try_into().expect("4 bytes"));
            let date = u64::from_le_bytes(entry[8..16].try_into().expect("8 bytes"));
            Holder {
                doc,
                source: (source != NONE_SOURCE).then_some(source),
                date: (date != NONE_DATE).then_some(date),
            }
        }));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holder(doc: u32, source: Option<u32>, date: Option<u64>) -> Holder {
        Holder { doc, source, date }
    }

    #[test]
    fn holders_come_back_by_hash_in_document_order_each_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut postings = vec![(7, 3), (u64::MAX, 1), (7, 1), (7, 3), (0, 2)];
        let keys = |doc| match doc {
            1 => holder(1, None, Some(5)),
            2 => holder(2, Some(0), Some(0)),
            _ => holder(3, Some(1), None),
        };
        write_segment(dir.path(), &mut postings, keys).unwrap();
        let segment = Segment::open(dir.path()).unwrap();
        let holders = |hash| {
            let mut out = Vec::new();
            segment.holders_of(hash, &mut out).unwrap();
            out
        };
        assert_eq!(
            holders(7),
            [holder(1, None, Some(5)), holder(3, Some(1), None)]
        );
        assert_eq!(holders(u64::MAX), [holder(1, None, Some(5))]);
        assert_eq!(holders(0), [holder(2, Some(0), Some(0))]);
        assert!(holders(8).is_empty());
    }

    #[test]
    fn an_empty_batch_makes_a_segment_that_holds_nothing() {
        let dir = tempfile::tempdir().unwrap();
        write_segment(dir.path(), &mut Vec::new(), |doc| holder(doc, None, None)).unwrap();
        let segment = Segment::open(dir.path()).unwrap();
        let mut out = Vec::new();
        segment.holders_of(1, &mut out).unwrap();
        assert!(out.is_empty());
    }
}
