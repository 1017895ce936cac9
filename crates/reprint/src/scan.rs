//! The whole batch pipeline: documents in, reuse records out, stage by stage.
//!
//! [`scan`] runs tokenize and fingerprint over every document in parallel,
//! groups the fingerprints into candidate pairs, aligns each candidate pair
//! and relates what the aligner found. Texts are not copied: fingerprints are
//! all that is kept between stages, and the aligner tokenizes each pair's
//! texts again when it needs them.

use std::collections::HashMap;
use std::time::Instant;

use rayon::prelude::*;

use crate::align::{align, AlignParams};
use crate::candidates::{find_candidates, CandidateParams, DocKey};
use crate::fingerprint::{fingerprint, Fingerprint, FingerprintParams};
use crate::model::{Document, Reuse};
use crate::relate::{relate, Side};
use crate::tokenize::{tokenize, Token};

/// Every setting of a scan.
#[derive(Clone, Copy, Debug, Default)]
pub struct ScanParams {
    /// How fingerprints are taken.
    pub fingerprint: FingerprintParams,
    /// How candidate pairs are chosen.
    pub candidates: CandidateParams,
    /// How passages are aligned.
    pub align: AlignParams,
}

/// Receives progress as a scan runs, so a front end can draw it. The library
/// never draws anything itself.
pub trait Progress: Sync {
    /// A stage begins, with `total` units of work (documents or pairs).
    fn stage(&self, name: &'static str, total: u64);
    /// `done` more units of the current stage are finished.
    fn advance(&self, done: u64);
}

/// A [`Progress`] that ignores everything.
pub struct NoProgress;

impl Progress for NoProgress {
    fn stage(&self, _: &'static str, _: u64) {}
    fn advance(&self, _: u64) {}
}

/// How long one stage took.
#[derive(Clone, Debug)]
pub struct StageTime {
    /// The stage's name.
    pub stage: &'static str,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// What a scan did, for the closing summary.
#[derive(Clone, Debug, Default)]
pub struct ScanStats {
    /// Documents scanned.
    pub documents: u64,
    /// Bytes of text scanned.
    pub text_bytes: u64,
    /// Tokens across all documents.
    pub tokens: u64,
    /// Fingerprints kept across all documents.
    pub fingerprints: u64,
    /// Hashes dropped as one source's boilerplate.
    pub boilerplate_hashes: u64,
    /// Pairs the candidate stage proposed.
    pub candidate_pairs: u64,
    /// Pairs that share at least one passage.
    pub reuse_pairs: u64,
    /// Passages across all pairs.
    pub passages: u64,
    /// Time per stage, in pipeline order.
    pub stages: Vec<StageTime>,
}

/// The result of a scan.
pub struct ScanResult {
    /// One record per pair of documents sharing reused text, ordered by the
    /// input order of `a`, then of `b`.
    pub reuses: Vec<Reuse>,
    /// The body token count of each document, in input order.
    pub doc_tokens: Vec<u32>,
    /// What the scan did.
    pub stats: ScanStats,
}

/// The tokens of a document's body: what reuse is measured on.
pub fn body_tokens(doc: &Document) -> Vec<Token> {
    tokenize(&doc.text)
}

fn hashes(tokens: &[Token]) -> Vec<u64> {
    tokens.iter().map(|t| t.hash).collect()
}

/// Aligns two documents directly, without the candidate stage: the reuse
/// record they form, or `None` when they share nothing.
pub fn compare(a: &Document, b: &Document, params: &AlignParams) -> Option<Reuse> {
    let (ta, tb) = (body_tokens(a), body_tokens(b));
    let passages = align(&hashes(&ta), &hashes(&tb), params);
    relate(
        Side {
            doc: a,
            tokens: &ta,
        },
        Side {
            doc: b,
            tokens: &tb,
        },
        passages,
    )
}

/// Scans a corpus for reused text.
pub fn scan(documents: &[Document], params: &ScanParams, progress: &dyn Progress) -> ScanResult {
    let mut stats = ScanStats {
        documents: documents.len() as u64,
        text_bytes: documents.iter().map(|d| d.text.len() as u64).sum(),
        ..ScanStats::default()
    };
    let mut clock = Instant::now();
    let mut lap = |stats: &mut ScanStats, stage: &'static str| {
        stats.stages.push(StageTime {
            stage,
            seconds: clock.elapsed().as_secs_f64(),
        });
        clock = Instant::now();
    };

    progress.stage("fingerprint", documents.len() as u64);
    let fingerprinted: Vec<(u32, Vec<Fingerprint>)> = documents
        .par_iter()
        .map(|doc| {
            let tokens = hashes(&body_tokens(doc));
            let fps = fingerprint(&tokens, params.fingerprint);
            progress.advance(1);
            (tokens.len() as u32, fps)
        })
        .collect();
    let (doc_tokens, fingerprints): (Vec<u32>, Vec<Vec<Fingerprint>>) =
        fingerprinted.into_iter().unzip();
    stats.tokens = doc_tokens.iter().map(|&n| u64::from(n)).sum();
    lap(&mut stats, "tokenize+fingerprint");

    progress.stage("candidates", 1);
    let (pairs, candidate_stats) =
        find_candidates(&fingerprints, &doc_keys(documents), params.candidates);
    drop(fingerprints);
    stats.fingerprints = candidate_stats.fingerprints;
    stats.boilerplate_hashes = candidate_stats.boilerplate_hashes;
    stats.candidate_pairs = pairs.len() as u64;
    progress.advance(1);
    lap(&mut stats, "candidates");

    progress.stage("align", pairs.len() as u64);
    // Chunks of pairs sorted by `a` let a worker tokenize `a` once for all
    // its partners in the chunk, while keeping the load balanced.
    let reuses: Vec<Reuse> = pairs
        .par_chunks(64)
        .flat_map_iter(|chunk| {
            let mut cached: Option<(u32, Vec<Token>, Vec<u64>)> = None;
            let mut found = Vec::new();
            for pair in chunk {
                if cached.as_ref().is_none_or(|c| c.0 != pair.a) {
                    let tokens = body_tokens(&documents[pair.a as usize]);
                    let ids = hashes(&tokens);
                    cached = Some((pair.a, tokens, ids));
                }
                let (_, ta, ia) = cached.as_ref().expect("filled above");
                let doc_b = &documents[pair.b as usize];
                let tb = body_tokens(doc_b);
                let passages = align(ia, &hashes(&tb), &params.align);
                let a = Side {
                    doc: &documents[pair.a as usize],
                    tokens: ta,
                };
                found.extend(relate(
                    a,
                    Side {
                        doc: doc_b,
                        tokens: &tb,
                    },
                    passages,
                ));
            }
            progress.advance(chunk.len() as u64);
            found
        })
        .collect();
    stats.reuse_pairs = reuses.len() as u64;
    stats.passages = reuses.iter().map(|r| r.passages.len() as u64).sum();
    lap(&mut stats, "align+relate");

    ScanResult {
        reuses,
        doc_tokens,
        stats,
    }
}

/// The source and date rank of each document, for the candidate stage.
fn doc_keys(documents: &[Document]) -> Vec<DocKey> {
    let mut source_ids: HashMap<String, u32> = HashMap::new();
    let mut keys: Vec<DocKey> = documents
        .iter()
        .map(|doc| {
            let source = doc.source.as_ref().map(|s| {
                let next = source_ids.len() as u32;
                *source_ids.entry(s.trim().to_lowercase()).or_insert(next)
            });
            DocKey {
                source,
                date_rank: u32::MAX,
            }
        })
        .collect();
    let mut dated: Vec<(&str, usize)> = documents
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.date.as_deref().map(|date| (date, i)))
        .collect();
    // ISO 8601 dates of one precision sort as strings.
    dated.sort_unstable();
    for (rank, (_, i)) in dated.into_iter().enumerate() {
        keys[i].date_rank = rank as u32;
    }
    keys
}
