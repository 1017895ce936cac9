//! Checking documents against the archive.
//!
//! In: the documents to check, and the scan's settings. Out: a
//! [`QueryResult`]: the checked documents with the archived documents they
//! pair with, and the scan result over them.
//!
//! A checked document whose id the archive holds stands in for the archived
//! one (the archive's copy is left out), so checking an archive's own
//! documents gives what a scan of them gives. Others are numbered after
//! everything the archive holds, in the order given.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;
use redb::{ReadableDatabase, ReadableTableMetadata};
use reprint::candidates::{Candidates, DocKey, Grouper};
use reprint::model::Document;
use reprint::scan::{scan_with, source_key, Progress, Reported, ScanParams, ScanResult};

use crate::segment::{Holder, Segment};
use crate::{io_at, Index, IndexError, OrStore, DOCUMENTS, IDS};

/// What a check found.
pub struct QueryResult {
    /// The checked documents and the archived documents paired with them,
    /// in archive order; checked documents the archive does not hold come
    /// last, in the order given.
    pub documents: Vec<Document>,
    /// Whether each of `documents` is one of the checked ones.
    pub checked: Vec<bool>,
    /// The scan's result over `documents`: every pair that involves a
    /// checked document.
    pub result: ScanResult,
}

impl QueryResult {
    /// The ids of the checked documents, in the order of `documents`.
    pub fn checked_ids(&self) -> Vec<&str> {
        self.documents
            .iter()
            .zip(&self.checked)
            .filter(|(_, &checked)| checked)
            .map(|(doc, _)| doc.id.as_str())
            .collect()
    }
}

/// Each hash's holders, archive and checked documents together, in
/// document order.
type Groups = HashMap<u64, Vec<Holder>>;

impl Index {
    /// Checks `documents` against the archive without adding them: the
    /// pairs each one forms with archived documents and with the others
    /// checked, judged on everything the archive holds now. The fingerprint
    /// settings are the index's own, whatever `params` says.
    pub fn query(
        &self,
        documents: Vec<Document>,
        params: &ScanParams,
        progress: &dyn Progress,
    ) -> Result<QueryResult, IndexError> {
        let db_path = self.db_path();
        let txn = self.db.begin_read().or_store(&db_path)?;
        let segments: Vec<Arc<Segment>> = crate::read_segments(&txn, &db_path)?
            .into_iter()
            .map(|(number, _, _)| self.open_segment(number))
            .collect::<Result<_, _>>()?;
        let held: u64 = crate::read_segments(&txn, &db_path)?
            .iter()
            .map(|s| u64::from(s.2))
            .sum();
        let ids = txn.open_table(IDS).or_store(&db_path)?;
        let sources = txn.open_table(crate::SOURCES).or_store(&db_path)?;
        let retired = self.retired(&txn)?;

        // Numbers: an archived id keeps its number, a new one comes after
        // everything held.
        let mut numbers = Vec::with_capacity(documents.len());
        let mut replaced = HashSet::new();
        let mut next = held as u32;
        crate::unique_ids(&documents)?;
        for doc in &documents {
            match ids.get(doc.id.as_str()).or_store(&db_path)? {
                Some(number) => {
                    numbers.push(number.value());
                    replaced.insert(number.value());
                }
                None => {
                    numbers.push(next);
                    next += 1;
                }
            }
        }

        // The checked documents' own holders, sources numbered as the
        // archive numbers them (new sources after the archive's).
        let mut new_sources: HashMap<String, u32> = HashMap::new();
        let mut next_source = sources.len().or_store(&db_path)? as u32;
        let fingerprint = self.fingerprint;
        let prepared: Vec<(Option<u64>, Vec<u64>)> = documents
            .par_iter()
            .map(|doc| {
                let (date, hashes) = crate::date_and_hashes(doc, fingerprint);
                (date.map(|d| d.sort_key()), hashes)
            })
            .collect();
        let mut groups: Groups = HashMap::new();
        for ((doc, &number), (date, hashes)) in documents.iter().zip(&numbers).zip(&prepared) {
            let source = match &doc.source {
                None => None,
                Some(name) => {
                    let key = source_key(name);
                    match sources.get(key.as_str()).or_store(&db_path)? {
                        Some(id) => Some(id.value()),
                        None => Some(*new_sources.entry(key).or_insert_with(|| {
                            next_source += 1;
                            next_source - 1
                        })),
                    }
                }
            };
            let holder = Holder {
                doc: number,
                source,
                date: *date,
            };
            for &hash in hashes {
                groups.entry(hash).or_default().push(holder);
            }
        }
        drop(prepared);
        let lookup = |hash: u64, holders: &mut Vec<Holder>| -> Result<(), IndexError> {
            let checked = holders.len();
            for (segment, number) in segments.iter().zip(0..) {
                segment
                    .holders_of(hash, holders)
                    .map_err(io_at(&self.segment_dir(number)))?;
            }
            // Versions an update retired, and archived documents a checked
            // one stands in for, hold their hashes no more.
            let mut kept = checked;
            for i in checked..holders.len() {
                let doc = holders[i].doc;
                if !replaced.contains(&doc) && !retired.numbers.contains(&doc) {
                    holders[kept] = holders[i];
                    kept += 1;
                }
            }
            holders.truncate(kept);
            holders.sort_unstable_by_key(|h| h.doc);
            Ok(())
        };
        for (&hash, holders) in groups.iter_mut() {
            lookup(hash, holders)?;
        }
        let checked_numbers: HashSet<u32> = numbers.iter().copied().collect();

        // The archived documents paired with a checked one.
        let (first_pass, globals) = link(&groups, &checked_numbers, params);
        let mut partners: Vec<u32> = first_pass
            .pairs
            .iter()
            .flat_map(|p| [globals[p.a as usize], globals[p.b as usize]])
            .filter(|n| !checked_numbers.contains(n))
            .collect();
        partners.sort_unstable();
        partners.dedup();
        let stored_docs = txn.open_table(DOCUMENTS).or_store(&db_path)?;
        let mut involved: Vec<(u32, Document, bool)> = Vec::new();
        for &number in &partners {
            let doc = crate::read_document(&stored_docs, number, &db_path)?;
            involved.push((number, doc, false));
        }
        involved.extend(
            numbers
                .iter()
                .zip(documents)
                .map(|(&number, doc)| (number, doc, true)),
        );
        involved.sort_unstable_by_key(|entry| entry.0);
        let order: Vec<u32> = involved.iter().map(|entry| entry.0).collect();
        let (documents, checked): (Vec<Document>, Vec<bool>) = involved
            .into_iter()
            .map(|(_, doc, checked)| (doc, checked))
            .unzip();

        let mut params = params.clone();
        params.fingerprint = self.fingerprint;
        // The partners' pairs among themselves are aligned too, though not
        // reported: the verdicts on a checked document's pairs rest on them
        // (two archived copies of one earlier archived story are siblings,
        // not original and copy, and so are their later copies).
        let involved: HashSet<u32> = order.iter().copied().collect();
        let result = scan_with(
            &documents,
            &params,
            Reported::WithMarked(&checked),
            progress,
            |fingerprints, _| {
                // Every hash of the archived partners too: their boilerplate is
                // cut by what the whole archive repeats.
                for doc in 0..fingerprints.len() {
                    for f in fingerprints.doc(doc) {
                        if let std::collections::hash_map::Entry::Vacant(entry) =
                            groups.entry(f.hash)
                        {
                            let mut holders = Vec::new();
                            lookup(f.hash, &mut holders)?;
                            entry.insert(holders);
                        }
                    }
                }
                let (mut found, globals) = link(&groups, &involved, &params);
                let position = |local: u32| order.binary_search(&globals[local as usize]).ok();
                found
                    .pairs
                    .retain_mut(|pair| match (position(pair.a), position(pair.b)) {
                        (Some(a), Some(b)) => {
                            (pair.a, pair.b) = (a as u32, b as u32);
                            true
                        }
                        // A partner's pair with an archived document no checked
                        // one pairs with bears on no reported verdict.
                        _ => false,
                    });
                Ok::<Candidates, IndexError>(found)
            },
        )?;
        Ok(QueryResult {
            documents,
            checked,
            result,
        })
    }
}

/// Applies the candidate stage's rule to every group, in hash order,
/// keeping the pairs with an end in `wanted`. Returns the candidates,
/// numbered into the second value: every holder's archive number, in order.
fn link(groups: &Groups, wanted: &HashSet<u32>, params: &ScanParams) -> (Candidates, Vec<u32>) {
    let mut facts: Vec<Holder> = groups.values().flatten().copied().collect();
    facts.sort_unstable_by_key(|h| h.doc);
    facts.dedup_by_key(|h| h.doc);
    let globals: Vec<u32> = facts.iter().map(|h| h.doc).collect();
    let mut keys: Vec<DocKey> = facts
        .iter()
        .map(|h| DocKey {
            source: h.source,
            date_rank: u32::MAX,
        })
        .collect();
    // Ranks as the scan gives them: by date, then by number; undated last.
    let mut dated: Vec<(u64, usize)> = facts
        .iter()
        .enumerate()
        .filter_map(|(i, h)| h.date.map(|d| (d, i)))
        .collect();
    dated.sort_unstable();
    for (rank, (_, i)) in dated.into_iter().enumerate() {
        keys[i].date_rank = rank as u32;
    }
    let wanted: Vec<bool> = globals.iter().map(|g| wanted.contains(g)).collect();
    let local = |doc: u32| {
        globals
            .binary_search(&doc)
            .expect("every holder is numbered") as u32
    };
    let mut hashes: Vec<u64> = groups.keys().copied().collect();
    hashes.sort_unstable();
    let mut grouper = Grouper::new(&keys, params.candidates).only_pairs_with(&wanted);
    let mut holders = Vec::new();
    for hash in hashes {
        holders.clear();
        holders.extend(groups[&hash].iter().map(|h| local(h.doc)));
        grouper.visit(hash, &holders);
    }
    (grouper.finish(), globals)
}
