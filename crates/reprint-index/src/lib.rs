//! reprint's archive: a persistent index of documents that grows batch by
//! batch, and checks new texts against everything it holds.
//!
//! In: batches of [`Document`]s to add, and documents to check. Out: for a
//! check, the same [`ScanResult`] a scan of the checked documents together
//! with the archive would give for the pairs that involve them.
//!
//! An index is a folder:
//!
//! * `archive.redb`, a [redb] database: every document (compressed, with
//!   every field it was read with), its id, the sources, and the list of
//!   committed segments;
//! * `segments/NNNNNNNN/`, one per added batch: its fingerprint postings
//!   (see [`segment`]), written once and never changed.
//!
//! An add cleans and fingerprints its batch exactly as `reprint scan` does,
//! writes the batch's segment and makes it durable, then commits the
//! documents and names the segment in one database transaction. A crash
//! before that commit leaves a segment no transaction names, removed at the
//! next open; after it, the whole batch is in. So the index holds every
//! batch or none of it. An update ([`Existing::Replace`]) retires the held
//! version in that same transaction: its stored text goes, its number is
//! listed as retired, and checks pass over its postings, which stay in
//! their segment.
//!
//! A check reads the postings of the hashes the checked documents hold,
//! from every segment, and applies the candidate stage's rule to each
//! hash's holders ([`Grouper`](reprint::candidates::Grouper)): what is
//! boilerplate, what is frequent and which holder anchors a widely copied
//! story are decided on everything the archive holds, as of that moment.
//! Only the archived documents paired with a checked one are read back, and
//! the rest of the pipeline runs on them unchanged
//! ([`scan_with`](reprint::scan::scan_with)), their pairs among themselves
//! included: the verdicts on a checked document's pairs rest on those
//! (siblings of one earlier document), though only pairs with a checked end
//! are reported. So an index built in ten batches answers as one scan of
//! the same documents would, and one article checked alone gets the
//! verdicts a scan of it and its partners gives.

mod error;
mod query;
pub mod segment;
mod stored;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;
use redb::{Database, ReadableDatabase, ReadableTable, ReadableTableMetadata, TableDefinition};
use reprint::fingerprint::FingerprintParams;
use reprint::model::Document;
use reprint::scan::{prepare_document, source_key};

pub use error::IndexError;
pub use query::QueryResult;

use segment::{Holder, Segment};

/// Each document's stored bytes, by number.
const DOCUMENTS: TableDefinition<u32, &[u8]> = TableDefinition::new("documents");
/// Each document's number, by id.
const IDS: TableDefinition<&str, u32> = TableDefinition::new("ids");
/// Each source's number, by its name trimmed and lowercased.
const SOURCES: TableDefinition<&str, u32> = TableDefinition::new("sources");
/// Each committed segment: its number, then its first document and count.
const SEGMENTS: TableDefinition<u32, (u32, u32)> = TableDefinition::new("segments");
/// Counters and settings: see the `META_*` names.
const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
/// The earliest and latest publication dates held, as sort keys and text.
const DATES: TableDefinition<&str, (u64, &str)> = TableDefinition::new("dates");
/// Each document number an update retired, with the number of the version
/// that replaced it. Its postings stay in their segment; checks pass over
/// them.
const RETIRED: TableDefinition<u32, u32> = TableDefinition::new("retired");

const META_FORMAT: &str = "format";
const META_NGRAM: &str = "ngram";
const META_WINDOW: &str = "window";
const META_TEXT_BYTES: &str = "text_bytes";
const DATE_EARLIEST: &str = "earliest";
const DATE_LATEST: &str = "latest";

/// The database's page cache. Documents are read back only for the pairs a
/// check finds, a few per article, so a small cache serves; the operating
/// system caches the mapped segments beside it.
const CACHE_BYTES: usize = 64 << 20;

/// The version of the index's layout; an index of another is refused.
const FORMAT: u64 = 1;
const DATABASE_FILE: &str = "archive.redb";
const SEGMENTS_DIR: &str = "segments";

/// What an add does with a document whose id the index already holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Existing {
    /// Refuse the whole batch with an error naming both places: two texts
    /// under one id are most often two inputs that overlap.
    #[default]
    Refuse,
    /// Replace the held version: it leaves the archive (its text, and its
    /// place in every later check and in the corpus facts checks decide
    /// on), and the new one is added as any other document of the batch.
    Replace,
}

/// What one add did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddSummary {
    /// Documents added, replacements among them.
    pub documents: u64,
    /// Of `documents`, those that replaced a held version.
    pub replaced: u64,
    /// Bytes of text added.
    pub text_bytes: u64,
    /// Documents the index holds now (one per id).
    pub total_documents: u64,
}

/// What an index holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexInfo {
    /// Documents.
    pub documents: u64,
    /// Distinct sources.
    pub sources: u64,
    /// Batches added (segments).
    pub segments: u64,
    /// Bytes of text held (before compression).
    pub text_bytes: u64,
    /// The earliest publication date added, as ISO 8601 at its precision
    /// (a version since replaced counts too).
    pub earliest: Option<String>,
    /// The latest publication date added.
    pub latest: Option<String>,
    /// Bytes the index takes on disk.
    pub bytes_on_disk: u64,
}

/// A persistent archive of documents.
///
/// One process opens an index at a time (the database holds a lock); within
/// it, checks run while an add is in progress and see the archive as of
/// their start.
pub struct Index {
    root: PathBuf,
    db: Database,
    fingerprint: FingerprintParams,
    /// Segments opened so far, by number.
    segments: Mutex<HashMap<u32, Arc<Segment>>>,
    /// Held by an add from start to commit: one batch at a time.
    adding: Mutex<()>,
    /// The retired document numbers as last read, for checks.
    retired: Mutex<Arc<Retired>>,
}

/// The document numbers updates retired, as of some transaction. The table
/// only grows, so its length tells whether a copy is current.
#[derive(Default)]
struct Retired {
    count: u64,
    numbers: HashSet<u32>,
}

impl Index {
    /// Opens the index in `root`, or makes a new one there when the folder
    /// is missing or empty.
    pub fn open_or_create(root: &Path) -> Result<Index, IndexError> {
        let empty = match std::fs::read_dir(root) {
            Ok(mut entries) => entries.next().is_none(),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => true,
            Err(error) => {
                return Err(IndexError::Io {
                    path: root.to_path_buf(),
                    error,
                })
            }
        };
        if empty {
            std::fs::create_dir_all(root.join(SEGMENTS_DIR)).map_err(io_at(root))?;
        }
        Index::open_folder(root, empty)
    }

    /// Opens the index in `root`, which must exist.
    pub fn open(root: &Path) -> Result<Index, IndexError> {
        Index::open_folder(root, false)
    }

    fn open_folder(root: &Path, new: bool) -> Result<Index, IndexError> {
        let db_path = root.join(DATABASE_FILE);
        if !new && !db_path.is_file() {
            return Err(match std::fs::read_dir(root) {
                Err(_) => IndexError::Missing {
                    path: root.to_path_buf(),
                },
                Ok(entries) => match entries.flatten().next() {
                    Some(entry) => IndexError::NotAnIndex {
                        path: root.to_path_buf(),
                        found: entry.file_name().to_string_lossy().into_owned(),
                    },
                    None => IndexError::Missing {
                        path: root.to_path_buf(),
                    },
                },
            });
        }
        let db = match Database::builder()
            .set_cache_size(CACHE_BYTES)
            .create(&db_path)
        {
            Ok(db) => db,
            Err(redb::DatabaseError::DatabaseAlreadyOpen) => {
                return Err(IndexError::InUse {
                    path: root.to_path_buf(),
                })
            }
            Err(err) => return Err(store_error(&db_path, err)),
        };
        let fingerprint = FingerprintParams::default();
        let txn = db.begin_write().or_store(&db_path)?;
        {
            let mut meta = txn.open_table(META).or_store(&db_path)?;
            let format = meta.get(META_FORMAT).or_store(&db_path)?.map(|v| v.value());
            match format {
                None => {
                    meta.insert(META_FORMAT, FORMAT).or_store(&db_path)?;
                    meta.insert(META_NGRAM, fingerprint.ngram as u64)
                        .or_store(&db_path)?;
                    meta.insert(META_WINDOW, fingerprint.window as u64)
                        .or_store(&db_path)?;
                }
                Some(FORMAT) => {}
                Some(other) => {
                    return Err(IndexError::Damaged {
                        path: db_path.clone(),
                        message: format!(
                            "the index is of layout {other}; this reprint reads layout {FORMAT}"
                        ),
                    })
                }
            }
            let ngram = meta.get(META_NGRAM).or_store(&db_path)?.map(|v| v.value());
            let window = meta.get(META_WINDOW).or_store(&db_path)?.map(|v| v.value());
            if ngram != Some(fingerprint.ngram as u64) || window != Some(fingerprint.window as u64)
            {
                return Err(IndexError::Damaged {
                    path: db_path.clone(),
                    message: format!(
                        "the index was fingerprinted with --ngram {ngram:?} --window {window:?}; \
                         this reprint uses {} and {}",
                        fingerprint.ngram, fingerprint.window
                    ),
                });
            }
            txn.open_table(DOCUMENTS).or_store(&db_path)?;
            txn.open_table(IDS).or_store(&db_path)?;
            txn.open_table(SOURCES).or_store(&db_path)?;
            txn.open_table(SEGMENTS).or_store(&db_path)?;
            txn.open_table(DATES).or_store(&db_path)?;
            txn.open_table(RETIRED).or_store(&db_path)?;
        }
        txn.commit().or_store(&db_path)?;
        let index = Index {
            root: root.to_path_buf(),
            db,
            fingerprint,
            segments: Mutex::new(HashMap::new()),
            adding: Mutex::new(()),
            retired: Mutex::new(Arc::new(Retired::default())),
        };
        index.remove_uncommitted_segments()?;
        Ok(index)
    }

    /// The folder the index lives in.
    pub fn path(&self) -> &Path {
        &self.root
    }

    /// The fingerprint settings the index was built with.
    pub fn fingerprint_params(&self) -> FingerprintParams {
        self.fingerprint
    }

    fn db_path(&self) -> PathBuf {
        self.root.join(DATABASE_FILE)
    }

    fn segment_dir(&self, number: u32) -> PathBuf {
        self.root.join(SEGMENTS_DIR).join(format!("{number:08}"))
    }

    /// Removes what an add that never committed left in `segments/`: this
    /// process holds the database's lock, so no add is running elsewhere.
    fn remove_uncommitted_segments(&self) -> Result<(), IndexError> {
        let committed: HashSet<u32> = self
            .committed_segments()?
            .into_iter()
            .map(|s| s.0)
            .collect();
        let dir = self.root.join(SEGMENTS_DIR);
        let entries = std::fs::read_dir(&dir).map_err(io_at(&dir))?;
        for entry in entries {
            let entry = entry.map_err(io_at(&dir))?;
            let name = entry.file_name();
            let number = name.to_str().and_then(|n| n.parse::<u32>().ok());
            if number.is_none_or(|n| !committed.contains(&n)) {
                let path = entry.path();
                std::fs::remove_dir_all(&path).map_err(io_at(&path))?;
            }
        }
        Ok(())
    }

    /// The committed segments, with their first document and count.
    fn committed_segments(&self) -> Result<Vec<(u32, u32, u32)>, IndexError> {
        let db_path = self.db_path();
        let txn = self.db.begin_read().or_store(&db_path)?;
        read_segments(&txn, &db_path)
    }

    fn open_segment(&self, number: u32) -> Result<Arc<Segment>, IndexError> {
        let mut open = self.segments.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(segment) = open.get(&number) {
            return Ok(Arc::clone(segment));
        }
        let dir = self.segment_dir(number);
        let segment = Arc::new(Segment::open(&dir).map_err(io_at(&dir))?);
        open.insert(number, Arc::clone(&segment));
        Ok(segment)
    }

    /// Adds a batch of documents, cleaned and fingerprinted as a scan would,
    /// in one transaction: after a crash at any moment the index holds the
    /// whole batch or none of it, and an add that fails leaves it as it
    /// was. An id the index already holds is refused or replaced, as
    /// `existing` says; one the batch holds twice is an error naming both
    /// places.
    pub fn add(
        &self,
        documents: &[Document],
        existing: Existing,
    ) -> Result<AddSummary, IndexError> {
        let _adding = self.adding.lock().unwrap_or_else(PoisonError::into_inner);
        let db_path = self.db_path();
        let mut txn = self.db.begin_write().or_store(&db_path)?;
        // The commit saves the allocator's state, so that opening the index
        // after a crash takes a moment instead of a walk over the whole
        // database.
        txn.set_quick_repair(true);
        unique_ids(documents)?;
        let mut replacing: Vec<Replacement> = Vec::new();
        let (first_doc, segment_number, held) = {
            let ids = txn.open_table(IDS).or_store(&db_path)?;
            let held = ids.len().or_store(&db_path)?;
            let stored = txn.open_table(DOCUMENTS).or_store(&db_path)?;
            for (position, doc) in documents.iter().enumerate() {
                if let Some(number) = ids.get(doc.id.as_str()).or_store(&db_path)? {
                    let held = read_document(&stored, number.value(), &db_path)?;
                    if existing == Existing::Refuse {
                        return Err(IndexError::DuplicateId {
                            id: doc.id.clone(),
                            first: Box::new(held.location),
                            second: Box::new(doc.location.clone()),
                        });
                    }
                    replacing.push(Replacement {
                        retired: number.value(),
                        position,
                        text_bytes: held.text.len() as u64,
                    });
                }
            }
            let segments = txn.open_table(SEGMENTS).or_store(&db_path)?;
            let last = segments.last().or_store(&db_path)?;
            match last {
                Some((number, span)) => {
                    let (first, count) = span.value();
                    (
                        u64::from(first) + u64::from(count),
                        number.value() + 1,
                        held,
                    )
                }
                None => (0, 0, held),
            }
        };
        if first_doc + documents.len() as u64 >= u64::from(u32::MAX) {
            return Err(IndexError::Full {
                path: self.root.clone(),
                limit: u64::from(u32::MAX) - 1,
            });
        }
        let first_doc = first_doc as u32;

        let fingerprint = self.fingerprint;
        let prepared: Vec<(Option<reprint::clean::PubDate>, Vec<u64>, Vec<u8>)> = documents
            .par_iter()
            .map(|doc| {
                let (date, hashes) = date_and_hashes(doc, fingerprint);
                let bytes = stored::encode(doc)?;
                Ok((date, hashes, bytes))
            })
            .collect::<std::io::Result<_>>()
            .map_err(|error| IndexError::Io {
                path: db_path.clone(),
                error,
            })?;

        let mut postings: Vec<(u64, u32)> =
            Vec::with_capacity(prepared.iter().map(|p| p.1.len()).sum());
        let mut holders: Vec<Holder> = Vec::with_capacity(documents.len());
        {
            let mut sources = txn.open_table(SOURCES).or_store(&db_path)?;
            let mut next_source = sources.len().or_store(&db_path)? as u32;
            for (i, (doc, (date, hashes, _))) in documents.iter().zip(&prepared).enumerate() {
                let number = first_doc + i as u32;
                let source = match &doc.source {
                    None => None,
                    Some(name) => {
                        let key = source_key(name);
                        let known = sources
                            .get(key.as_str())
                            .or_store(&db_path)?
                            .map(|n| n.value());
                        match known {
                            Some(number) => Some(number),
                            None => {
                                sources
                                    .insert(key.as_str(), next_source)
                                    .or_store(&db_path)?;
                                next_source += 1;
                                Some(next_source - 1)
                            }
                        }
                    }
                };
                holders.push(Holder {
                    doc: number,
                    source,
                    date: date.map(|d| d.sort_key()),
                });
                postings.extend(hashes.iter().map(|&hash| (hash, number)));
            }
        }

        // The segment is written on a thread of its own while this one puts
        // the documents into the database: the two take about as long, and
        // neither needs the other. The segment is durable under its final
        // name before the transaction that names it commits.
        let dir = self.segment_dir(segment_number);
        let parent = self.root.join(SEGMENTS_DIR);
        let text_bytes = std::thread::scope(|scope| -> Result<u64, IndexError> {
            let segment = scope.spawn(|| -> Result<(), IndexError> {
                let staging = dir.with_extension("partial");
                std::fs::create_dir(&staging).map_err(io_at(&staging))?;
                let holder_of = |doc: u32| holders[(doc - first_doc) as usize];
                segment::write_segment(&staging, &mut postings, holder_of)
                    .map_err(io_at(&staging))?;
                std::fs::rename(&staging, &dir).map_err(io_at(&dir))?;
                std::fs::File::open(&parent)
                    .and_then(|folder| folder.sync_all())
                    .map_err(io_at(&parent))
            });
            let stored = self.store_documents(
                &txn,
                documents,
                &prepared,
                &replacing,
                first_doc,
                segment_number,
            );
            let written = segment
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            let text_bytes = stored?;
            written?;
            Ok(text_bytes)
        })?;
        txn.commit().or_store(&db_path)?;
        Ok(AddSummary {
            documents: documents.len() as u64,
            replaced: replacing.len() as u64,
            text_bytes,
            total_documents: held + (documents.len() - replacing.len()) as u64,
        })
    }

    /// The document numbers retired as of `txn`, read again only when an
    /// update has retired more since the last read.
    fn retired(&self, txn: &redb::ReadTransaction) -> Result<Arc<Retired>, IndexError> {
        let db_path = self.db_path();
        let table = txn.open_table(RETIRED).or_store(&db_path)?;
        let count = table.len().or_store(&db_path)?;
        let mut cached = self.retired.lock().unwrap_or_else(PoisonError::into_inner);
        if cached.count != count {
            let mut numbers = HashSet::with_capacity(count as usize);
            for entry in table.iter().or_store(&db_path)? {
                numbers.insert(entry.or_store(&db_path)?.0.value());
            }
            *cached = Arc::new(Retired { count, numbers });
        }
        Ok(Arc::clone(&cached))
    }

    /// Puts a batch's documents, their ids and dates, and the segment that
    /// holds their postings into the add's transaction, and retires the
    /// versions the batch replaces; returns the bytes of text added.
    fn store_documents(
        &self,
        txn: &redb::WriteTransaction,
        documents: &[Document],
        prepared: &[(Option<reprint::clean::PubDate>, Vec<u64>, Vec<u8>)],
        replacing: &[Replacement],
        first_doc: u32,
        segment_number: u32,
    ) -> Result<u64, IndexError> {
        let db_path = self.db_path();
        let mut text_bytes = 0u64;
        let mut ids = txn.open_table(IDS).or_store(&db_path)?;
        let mut stored = txn.open_table(DOCUMENTS).or_store(&db_path)?;
        let mut dates = txn.open_table(DATES).or_store(&db_path)?;
        let mut earliest = dates
            .get(DATE_EARLIEST)
            .or_store(&db_path)?
            .map(|v| (v.value().0, v.value().1.to_string()));
        let mut latest = dates
            .get(DATE_LATEST)
            .or_store(&db_path)?
            .map(|v| (v.value().0, v.value().1.to_string()));
        for (i, (doc, (date, _, bytes))) in documents.iter().zip(prepared).enumerate() {
            let number = first_doc + i as u32;
            if let Some(date) = date {
                let key = date.sort_key();
                if earliest.as_ref().is_none_or(|e| key < e.0) {
                    earliest = Some((key, date.to_string()));
                }
                if latest.as_ref().is_none_or(|l| key > l.0) {
                    latest = Some((key, date.to_string()));
                }
            }
            ids.insert(doc.id.as_str(), number).or_store(&db_path)?;
            stored.insert(number, bytes.as_slice()).or_store(&db_path)?;
            text_bytes += doc.text.len() as u64;
        }
        for (name, date) in [(DATE_EARLIEST, earliest), (DATE_LATEST, latest)] {
            if let Some((key, text)) = date {
                dates
                    .insert(name, (key, text.as_str()))
                    .or_store(&db_path)?;
            }
        }
        let mut retired = txn.open_table(RETIRED).or_store(&db_path)?;
        let mut retired_bytes = 0;
        for replacement in replacing {
            stored.remove(replacement.retired).or_store(&db_path)?;
            retired
                .insert(replacement.retired, first_doc + replacement.position as u32)
                .or_store(&db_path)?;
            retired_bytes += replacement.text_bytes;
        }
        let mut meta = txn.open_table(META).or_store(&db_path)?;
        let held = meta
            .get(META_TEXT_BYTES)
            .or_store(&db_path)?
            .map_or(0, |v| v.value());
        meta.insert(META_TEXT_BYTES, held + text_bytes - retired_bytes)
            .or_store(&db_path)?;
        let mut segments = txn.open_table(SEGMENTS).or_store(&db_path)?;
        segments
            .insert(segment_number, (first_doc, documents.len() as u32))
            .or_store(&db_path)?;
        Ok(text_bytes)
    }

    /// The document the index holds under `id`, as it was added.
    pub fn document(&self, id: &str) -> Result<Option<Document>, IndexError> {
        let db_path = self.db_path();
        let txn = self.db.begin_read().or_store(&db_path)?;
        let ids = txn.open_table(IDS).or_store(&db_path)?;
        let Some(number) = ids.get(id).or_store(&db_path)? else {
            return Ok(None);
        };
        let stored_docs = txn.open_table(DOCUMENTS).or_store(&db_path)?;
        read_document(&stored_docs, number.value(), &db_path).map(Some)
    }

    /// What the index holds.
    pub fn info(&self) -> Result<IndexInfo, IndexError> {
        let db_path = self.db_path();
        let txn = self.db.begin_read().or_store(&db_path)?;
        let segments = read_segments(&txn, &db_path)?;
        let sources = txn
            .open_table(SOURCES)
            .or_store(&db_path)?
            .len()
            .or_store(&db_path)?;
        let meta = txn.open_table(META).or_store(&db_path)?;
        let text_bytes = meta
            .get(META_TEXT_BYTES)
            .or_store(&db_path)?
            .map_or(0, |v| v.value());
        let dates = txn.open_table(DATES).or_store(&db_path)?;
        let date = |name| -> Result<Option<String>, IndexError> {
            Ok(dates
                .get(name)
                .or_store(&db_path)?
                .map(|v| v.value().1.to_string()))
        };
        let documents = txn
            .open_table(IDS)
            .or_store(&db_path)?
            .len()
            .or_store(&db_path)?;
        Ok(IndexInfo {
            documents,
            sources,
            segments: segments.len() as u64,
            text_bytes,
            earliest: date(DATE_EARLIEST)?,
            latest: date(DATE_LATEST)?,
            bytes_on_disk: folder_bytes(&self.root),
        })
    }
}

/// A held version an add replaces.
struct Replacement {
    /// Its document number.
    retired: u32,
    /// The new version's place in the batch.
    position: usize,
    /// Its text's length in bytes.
    text_bytes: u64,
}

/// The committed segments a transaction sees: number, first document,
/// count.
fn read_segments(
    txn: &redb::ReadTransaction,
    db_path: &Path,
) -> Result<Vec<(u32, u32, u32)>, IndexError> {
    let table = txn.open_table(SEGMENTS).or_store(db_path)?;
    let mut segments = Vec::new();
    for entry in table.iter().or_store(db_path)? {
        let (number, span) = entry.or_store(db_path)?;
        let (first, count) = span.value();
        segments.push((number.value(), first, count));
    }
    Ok(segments)
}

/// What a document brings to the postings, cleaned and fingerprinted as a
/// scan does: its publication date and its distinct hashes, in order.
fn date_and_hashes(
    doc: &Document,
    fingerprint: FingerprintParams,
) -> (Option<reprint::clean::PubDate>, Vec<u64>) {
    let prepared = prepare_document(doc, fingerprint);
    let mut hashes: Vec<u64> = prepared.fingerprints.iter().map(|f| f.hash).collect();
    hashes.sort_unstable();
    hashes.dedup();
    (prepared.article.date, hashes)
}

/// Refuses a batch that holds one id twice, naming both places.
fn unique_ids(documents: &[Document]) -> Result<(), IndexError> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, doc) in documents.iter().enumerate() {
        if let Some(&earlier) = seen.get(doc.id.as_str()) {
            return Err(IndexError::DuplicateId {
                id: doc.id.clone(),
                first: Box::new(documents[earlier].location.clone()),
                second: Box::new(doc.location.clone()),
            });
        }
        seen.insert(&doc.id, i);
    }
    Ok(())
}

/// The document stored under `number`; the index names every number it
/// holds, so a missing one is damage.
fn read_document(
    table: &impl ReadableTable<u32, &'static [u8]>,
    number: u32,
    db_path: &Path,
) -> Result<Document, IndexError> {
    let bytes = table
        .get(number)
        .or_store(db_path)?
        .ok_or_else(|| damaged(db_path, format!("document {number} is missing")))?;
    stored::decode(bytes.value()).map_err(|err| damaged(db_path, err.to_string()))
}

fn folder_bytes(root: &Path) -> u64 {
    fn walk(dir: &Path) -> u64 {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return 0;
        };
        entries
            .flatten()
            .map(|entry| match entry.file_type() {
                Ok(kind) if kind.is_dir() => walk(&entry.path()),
                Ok(_) => entry.metadata().map_or(0, |m| m.len()),
                Err(_) => 0,
            })
            .sum()
    }
    walk(root)
}

fn io_at(path: &Path) -> impl Fn(std::io::Error) -> IndexError + '_ {
    move |error| IndexError::Io {
        path: path.to_path_buf(),
        error,
    }
}

fn store_error(path: &Path, err: impl Into<redb::Error>) -> IndexError {
    IndexError::Store {
        path: path.to_path_buf(),
        message: err.into().to_string(),
    }
}

/// Turns any of the database's errors into an [`IndexError`] naming its
/// file.
trait OrStore<T> {
    fn or_store(self, path: &Path) -> Result<T, IndexError>;
}

impl<T, E: Into<redb::Error>> OrStore<T> for Result<T, E> {
    fn or_store(self, path: &Path) -> Result<T, IndexError> {
        self.map_err(|err| store_error(path, err))
    }
}

fn damaged(path: &Path, message: String) -> IndexError {
    IndexError::Damaged {
        path: path.to_path_buf(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reprint::read::{read_inputs, read_jsonl, ReadOptions};
    use reprint::scan::{scan, NoProgress, ScanParams, ScanResult};
    use reprint_bench::generate::{generate, GenParams};

    fn example_corpus() -> Vec<Document> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
        read_inputs(&[path], ReadOptions::default())
            .unwrap()
            .documents
    }

    /// A corpus with every kind of hash group: pairs, stories copied by
    /// dozens of outlets (anchored), site footers (boilerplate), templates,
    /// shared quotes and same-event look-alikes.
    fn generated_corpus() -> Vec<Document> {
        let params = GenParams {
            bytes: 1_500_000,
            seed: 7,
            reprint_share: 0.3,
            viral_stories: 3,
            viral_copies: 40,
            lookalike_share: 0.1,
        };
        let (mut corpus, mut truth) = (Vec::new(), Vec::new());
        generate(params, &mut corpus, &mut truth).unwrap();
        read_jsonl(
            corpus.as_slice(),
            Path::new("generated.jsonl"),
            ReadOptions::default(),
        )
        .unwrap()
        .documents
    }

    fn to_json<T: serde::Serialize>(value: &T) -> String {
        serde_json::to_string(value).unwrap()
    }

    /// Adds `documents` to a new index in `batches` batches, checks them
    /// all against it, and compares with one scan of them.
    fn assert_index_answers_as_a_scan(documents: Vec<Document>, batches: usize) -> ScanResult {
        let dir = tempfile::tempdir().unwrap();
        let index = Index::open_or_create(&dir.path().join("archive")).unwrap();
        let per_batch = documents.len().div_ceil(batches);
        for batch in documents.chunks(per_batch) {
            index.add(batch, Existing::Refuse).unwrap();
        }
        let params = ScanParams::default();
        let scanned = scan(&documents, &params, &NoProgress).unwrap();
        assert!(scanned.reuses.len() > 3, "the corpus has reuse to find");
        let checked = index
            .query(documents.clone(), &params, &NoProgress)
            .unwrap();
        let ids = |docs: &[Document]| docs.iter().map(|d| d.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&checked.documents), ids(&documents));
        assert!(checked.checked.iter().all(|&c| c));
        let (got, want) = (&checked.result, &scanned);
        assert_eq!(got.reuses.len(), want.reuses.len());
        for (got, want) in got.reuses.iter().zip(&want.reuses) {
            assert_eq!(to_json(got), to_json(want));
        }
        assert_eq!(
            got.stats.boilerplate_hashes, want.stats.boilerplate_hashes,
            "boilerplate decided on the whole archive"
        );
        assert_eq!(got.families, want.families);
        scanned
    }

    #[test]
    fn the_example_added_in_batches_answers_as_one_scan() {
        assert_index_answers_as_a_scan(example_corpus(), 3);
    }

    #[test]
    fn a_generated_corpus_added_in_ten_batches_answers_as_one_scan() {
        let scanned = assert_index_answers_as_a_scan(generated_corpus(), 10);
        // The corpus exercises every rule the archive must apply as a scan
        // does: site boilerplate, stories anchored across dozens of copies.
        assert!(scanned.stats.boilerplate_hashes > 20, "{:?}", scanned.stats);
        assert!(scanned.reuses.len() > 100, "{:?}", scanned.stats);
        assert!(scanned.families.families.iter().any(
            |f| f.members.len() > reprint::candidates::CandidateParams::default().all_pairs_max
        ));
    }

    #[test]
    fn one_new_article_gets_the_pairs_a_scan_gives_it() {
        let mut documents = generated_corpus();
        let newest = documents.pop().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let index = Index::open_or_create(dir.path()).unwrap();
        for batch in documents.chunks(documents.len() / 4 + 1) {
            index.add(batch, Existing::Refuse).unwrap();
        }
        let params = ScanParams::default();
        let mut all = documents.clone();
        all.push(newest.clone());
        let scanned = scan(&all, &params, &NoProgress).unwrap();
        let checked = index
            .query(vec![newest.clone()], &params, &NoProgress)
            .unwrap();
        let want: Vec<String> = scanned
            .reuses
            .iter()
            .filter(|r| r.a == newest.id || r.b == newest.id)
            .map(to_json)
            .collect();
        let got: Vec<String> = checked.result.reuses.iter().map(to_json).collect();
        assert_eq!(got, want);
        assert_eq!(checked.checked.iter().filter(|&&c| c).count(), 1);
        // The index was not changed by the check.
        assert_eq!(index.info().unwrap().documents, documents.len() as u64);
    }

    #[test]
    fn a_check_judges_its_pairs_on_the_archived_partners_pairs_too() {
        // c printed a story, x copied it the next day, y the day after. A
        // scan of the three calls x and y siblings of c, not original and
        // copy; a check of y alone against an archive of c and x must say
        // the same, which takes the pair of c and x, archived both.
        let story = "Le port de Sète a accueilli mardi son premier navire de croisière \
                     propulsé au gaz naturel liquéfié, un paquebot de 300 mètres venu de \
                     Barcelone avec 4 000 passagers à bord. La chambre de commerce, qui gère \
                     les quais, compte sur une saison record et a investi douze millions \
                     d'euros dans le raccordement électrique des navires à quai, une première \
                     sur la façade méditerranéenne française selon ses dirigeants.";
        let doc = |id: &str, source: &str, date: &str| Document {
            source: Some(source.into()),
            date: Some(date.into()),
            ..Document::new(id, story, reprint::model::Location::line("new.jsonl", 1))
        };
        let (c, x, y) = (
            doc("c", "midi.example", "2024-03-01"),
            doc("x", "sud.example", "2024-03-02"),
            doc("y", "ouest.example", "2024-03-03"),
        );
        let params = ScanParams::default();
        let scanned = scan(&[c.clone(), x.clone(), y.clone()], &params, &NoProgress).unwrap();
        let x_y = scanned.reuses.iter().find(|r| r.b == "y" && r.a == "x");
        assert_eq!(x_y.unwrap().common_original.as_deref(), Some("c"));

        let dir = tempfile::tempdir().unwrap();
        let index = Index::open_or_create(dir.path()).unwrap();
        index.add(&[c, x], Existing::Refuse).unwrap();
        let checked = index.query(vec![y], &params, &NoProgress).unwrap();
        let want: Vec<String> = scanned
            .reuses
            .iter()
            .filter(|r| r.a == "y" || r.b == "y")
            .map(to_json)
            .collect();
        let got: Vec<String> = checked.result.reuses.iter().map(to_json).collect();
        assert_eq!(
            got, want,
            "the checked document's pairs only, judged as a scan"
        );
        // The family and its roles too; its edges are the reported pairs.
        let (got, want) = (&checked.result.families, &scanned.families);
        assert_eq!((&got.family_of, &got.roles), (&want.family_of, &want.roles));
        assert_eq!(got.families[0].original, want.families[0].original);
    }

    #[test]
    fn an_id_already_held_is_refused_naming_both_places_and_nothing_changes() {
        let documents = example_corpus();
        let dir = tempfile::tempdir().unwrap();
        let index = Index::open_or_create(dir.path()).unwrap();
        index.add(&documents[..5], Existing::Refuse).unwrap();
        let before = index.info().unwrap();
        let mut again = documents[3].clone();
        again.location = reprint::model::Location::line("later.jsonl", 9);
        let batch = vec![documents[6].clone(), again];
        let err = index.add(&batch, Existing::Refuse).unwrap_err().to_string();
        assert!(err.contains(&format!("{:?}", documents[3].id)), "{err}");
        assert!(
            err.contains("news.jsonl:4") && err.contains("later.jsonl:9"),
            "{err}"
        );
        let after = index.info().unwrap();
        assert_eq!(after.documents, before.documents);
        assert_eq!(after.segments, before.segments);
        // Twice in one batch is refused too.
        let twice = vec![documents[7].clone(), documents[7].clone()];
        assert!(matches!(
            index.add(&twice, Existing::Refuse),
            Err(IndexError::DuplicateId { .. })
        ));
        assert_eq!(index.info().unwrap().documents, 5);
    }

    #[test]
    fn an_update_replaces_the_held_version_and_checks_answer_as_a_scan_of_the_new() {
        let documents = example_corpus();
        let dir = tempfile::tempdir().unwrap();
        let index = Index::open_or_create(dir.path()).unwrap();
        index.add(&documents, Existing::Refuse).unwrap();
        let params = ScanParams::default();
        let copied = "courrier-sud-0412";
        let before = index
            .query(documents.clone(), &params, &NoProgress)
            .unwrap();
        assert!(before.result.reuses.iter().any(|r| r.a == copied));

        // The original is rewritten into another story: its copies no
        // longer pair with it, twice over.
        let mut current = documents.clone();
        for round in 0..2 {
            let at = current.iter().position(|d| d.id == copied).unwrap();
            let mut rewritten = current.remove(at);
            rewritten.text = format!(
                "Version {round}: le conseil municipal a voté le budget des écoles, \
                 des cantines et des gymnases pour l'année qui vient, après trois heures \
                 de débat sur les travaux du quartier de la gare et du vieux port."
            )
            .into();
            let added = index
                .add(std::slice::from_ref(&rewritten), Existing::Replace)
                .unwrap();
            assert_eq!((added.documents, added.replaced), (1, 1));
            assert_eq!(added.total_documents, documents.len() as u64);
            current.push(rewritten);
        }
        let info = index.info().unwrap();
        assert_eq!(info.documents, documents.len() as u64);
        assert_eq!(
            info.text_bytes,
            current.iter().map(|d| d.text.len() as u64).sum::<u64>()
        );
        let held = index.document(copied).unwrap().unwrap();
        assert!(held.text.starts_with("Version 1:"), "{}", held.text);

        let scanned = scan(&current, &params, &NoProgress).unwrap();
        let checked = index.query(current.clone(), &params, &NoProgress).unwrap();
        let ids = |docs: &[Document]| docs.iter().map(|d| d.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&checked.documents), ids(&current));
        assert_eq!(to_json(&checked.result.reuses), to_json(&scanned.reuses));
        assert!(!scanned
            .reuses
            .iter()
            .any(|r| r.a == copied || r.b == copied));
        // A copy checked alone finds no trace of the retired versions.
        let copy = documents.iter().find(|d| d.id == "info-med-88121").unwrap();
        let alone = index
            .query(vec![copy.clone()], &params, &NoProgress)
            .unwrap();
        assert!(
            alone
                .result
                .reuses
                .iter()
                .all(|r| r.a != copied && r.b != copied),
            "{:?}",
            alone.result.reuses
        );
    }

    #[test]
    fn a_segment_no_commit_names_is_removed_at_the_next_open() {
        let documents = example_corpus();
        let dir = tempfile::tempdir().unwrap();
        {
            let index = Index::open_or_create(dir.path()).unwrap();
            index.add(&documents[..4], Existing::Refuse).unwrap();
        }
        // What a crash between writing a segment and committing leaves.
        let orphan = dir.path().join("segments/00000001");
        std::fs::create_dir(&orphan).unwrap();
        std::fs::write(orphan.join("hashes.fst"), b"half").unwrap();
        let partial = dir.path().join("segments/00000002.partial");
        std::fs::create_dir(&partial).unwrap();
        let index = Index::open(dir.path()).unwrap();
        assert!(!orphan.exists() && !partial.exists());
        assert!(dir.path().join("segments/00000000").is_dir());
        index.add(&documents[4..], Existing::Refuse).unwrap();
        let info = index.info().unwrap();
        assert_eq!(info.documents, documents.len() as u64);
        assert_eq!(info.segments, 2);
    }

    #[test]
    fn a_document_is_found_by_id_as_it_was_added() {
        let documents = example_corpus();
        let dir = tempfile::tempdir().unwrap();
        let index = Index::open_or_create(dir.path()).unwrap();
        index.add(&documents, Existing::Refuse).unwrap();
        let found = index.document(&documents[4].id).unwrap().unwrap();
        assert_eq!(found.text, documents[4].text);
        assert_eq!(found.location, documents[4].location);
        assert!(index.document("no-such-id").unwrap().is_none());
    }

    #[test]
    fn info_tells_documents_sources_dates_and_size() {
        let documents = example_corpus();
        let dir = tempfile::tempdir().unwrap();
        let index = Index::open_or_create(dir.path()).unwrap();
        index.add(&documents, Existing::Refuse).unwrap();
        let info = index.info().unwrap();
        let sources: HashSet<String> = documents
            .iter()
            .filter_map(|d| d.source.as_deref().map(source_key))
            .collect();
        assert_eq!(info.documents, documents.len() as u64);
        assert_eq!(info.sources, sources.len() as u64);
        assert_eq!(info.segments, 1);
        assert_eq!(
            info.text_bytes,
            documents.iter().map(|d| d.text.len() as u64).sum::<u64>()
        );
        assert!(info.earliest.is_some() && info.earliest <= info.latest);
        assert!(info.bytes_on_disk > 0);
    }

    #[test]
    fn a_folder_that_is_not_an_index_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let err = Index::open_or_create(dir.path()).err().unwrap().to_string();
        assert!(
            err.contains("not a reprint index") && err.contains("notes.txt"),
            "{err}"
        );
        let missing = dir.path().join("nothing");
        let err = Index::open(&missing).err().unwrap().to_string();
        assert!(err.contains("no index here"), "{err}");
    }

    #[test]
    fn a_second_opener_is_told_the_index_is_in_use() {
        let dir = tempfile::tempdir().unwrap();
        let _first = Index::open_or_create(dir.path()).unwrap();
        assert!(matches!(
            Index::open(dir.path()),
            Err(IndexError::InUse { .. })
        ));
    }
}
