//! The whole batch pipeline: documents in, reuse records and families out,
//! stage by stage.
//!
//! [`scan`] cleans every document, fingerprints its body, groups the
//! fingerprints into candidate pairs, marks each source's boilerplate,
//! aligns each candidate pair, relates what the aligner found, and groups
//! reprints into families. Texts are not copied: between stages only
//! fingerprints and articles (region lists) are kept, and the aligner
//! tokenizes each pair's texts again when it needs them.

use std::cell::RefCell;
use std::collections::HashMap;
use std::time::Instant;

use rayon::prelude::*;

use crate::align::{align, AlignParams};
use crate::candidates::{find_candidates, CandidateParams, Candidates, DocKey, SortedHashes};
use crate::clean::{clean_tokenized, Article};
use crate::cluster::{clusters, Cluster, PairPassages};
use crate::dedup::{reused, Reused};
use crate::family::{families, Edge, Families};
use crate::fingerprint::{
    kgram_hashes, winnow, Fingerprint, FingerprintParams, FingerprintTable, PlacedFingerprint,
    TableBuilder,
};
use crate::model::{CharSpan, Document, RemovedKind, Reuse, ReuseKind};
use crate::relate::named_source::direct_from_named_sources;
use crate::relate::siblings::mark_siblings;
use crate::relate::{relate, CorpusFacts, JudgeParams, Side};
use crate::spill::{Spill, SpillError};
use crate::tokenize::{count_chars, tokenize, tokenize_into, Token};

/// Every setting of a scan.
#[derive(Clone, Debug, Default)]
pub struct ScanParams {
    /// How fingerprints are taken.
    pub fingerprint: FingerprintParams,
    /// How candidate pairs are chosen.
    pub candidates: CandidateParams,
    /// How passages are aligned.
    pub align: AlignParams,
    /// How pairs are judged.
    pub judge: JudgeParams,
    /// Where the candidate stage sorts its postings on disk when they
    /// outgrow a memory budget; `None` sorts them in memory.
    pub spill: Option<Spill>,
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
    /// Body tokens across all documents.
    pub tokens: u64,
    /// Fingerprints kept across all documents.
    pub fingerprints: u64,
    /// Hashes dropped as one source's boilerplate.
    pub boilerplate_hashes: u64,
    /// Documents whose fingerprints were kept on disk.
    pub fingerprints_on_disk: u64,
    /// Sorted runs of postings the candidate stage wrote to disk.
    pub spilled_runs: u64,
    /// Pairs the candidate stage proposed.
    pub candidate_pairs: u64,
    /// Pairs that share at least one passage, of every kind.
    pub reuse_pairs: u64,
    /// Of those, reprints.
    pub reprints: u64,
    /// Of those, shared quotes.
    pub quotes: u64,
    /// Of those, shared boilerplate.
    pub boilerplate_pairs: u64,
    /// Of those, templates filled with other facts.
    pub templates: u64,
    /// Of those, shared text too slight or too unlike a copy to be a
    /// reprint.
    pub overlaps: u64,
    /// Passages across all pairs.
    pub passages: u64,
    /// Families of two or more documents.
    pub families: u64,
    /// Documents whose given `date` was not understood (kept as
    /// `date_given`).
    pub dates_not_understood: u64,
    /// The first of those: its id and the date as given.
    pub first_date_not_understood: Option<(String, String)>,
    /// Time per stage, in pipeline order.
    pub stages: Vec<StageTime>,
}

impl ScanStats {
    /// What the scan found, as a person reads it: "7 reprinted pairs in 3
    /// families, 1 pair sharing only a quotation", or "no reprint".
    pub fn found(&self) -> String {
        let counted =
            |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut found = vec![match self.reprints {
            0 => "no reprint".to_string(),
            n => format!(
                "{} in {}",
                counted(n, "reprinted pair", "reprinted pairs"),
                counted(self.families, "family", "families")
            ),
        }];
        if self.quotes > 0 {
            found.push(counted(
                self.quotes,
                "pair sharing only a quotation",
                "pairs sharing only a quotation",
            ));
        }
        if self.boilerplate_pairs > 0 {
            found.push(counted(
                self.boilerplate_pairs,
                "pair sharing only boilerplate",
                "pairs sharing only boilerplate",
            ));
        }
        found.join(", ")
    }
}

/// The result of a scan.
pub struct ScanResult {
    /// Each document's article (body, removed regions, credits, date), in
    /// input order.
    pub articles: Vec<Article>,
    /// The body token count of each document, in input order.
    pub doc_tokens: Vec<u32>,
    /// One record per pair of documents sharing reused text, ordered by the
    /// input order of the pair's first, then second document.
    pub reuses: Vec<Reuse>,
    /// The families, and each document's family and role.
    pub families: Families,
    /// The passage clusters: each reprinted passage with every document
    /// that printed it.
    pub clusters: Vec<Cluster>,
    /// For each document, in input order, how much of its text earlier
    /// documents hold.
    pub reused: Vec<Reused>,
    /// What the scan did.
    pub stats: ScanStats,
}

/// A document's body tokens and their hashes, in buffers that are filled
/// again for each document a worker aligns.
#[derive(Default)]
struct BodyTokens {
    tokens: Vec<Token>,
    ids: Vec<u64>,
}

impl BodyTokens {
    /// Holds `doc`'s body tokens (what reuse is measured on, as
    /// [`Article::body_tokens`] keeps them) and their hashes, in place of
    /// what the buffers held.
    fn fill(&mut self, doc: &Document, article: &Article) {
        let mut all = std::mem::take(&mut self.tokens);
        all.clear();
        tokenize_into(&doc.text, 0, &mut all);
        self.tokens = article.body_tokens(all);
        self.ids.clear();
        self.ids.extend(self.tokens.iter().map(|t| t.hash));
    }
}

fn hashes(tokens: &[Token]) -> Vec<u64> {
    tokens.iter().map(|t| t.hash).collect()
}

/// Cleans and aligns two documents directly, without the candidate stage:
/// the reuse record they form, or `None` when they share nothing.
pub fn compare(a: &Document, b: &Document, params: &AlignParams) -> Option<Reuse> {
    let prepare = |doc: &Document| {
        let tokens = tokenize(&doc.text);
        let article = clean_tokenized(doc, &tokens);
        let body = article.body_tokens(tokens);
        (article, body)
    };
    let ((art_a, ta), (art_b, tb)) = (prepare(a), prepare(b));
    let passages = align(&hashes(&ta), &hashes(&tb), params);
    let facts = CorpusFacts {
        frequent: &SortedHashes::default(),
        fingerprint: FingerprintParams::default(),
    };
    relate(
        Side {
            doc: a,
            article: &art_a,
            tokens: &ta,
        },
        Side {
            doc: b,
            article: &art_b,
            tokens: &tb,
        },
        passages,
        &facts,
        JudgeParams::default(),
    )
}

/// Aligns one candidate pair and relates what the aligner found, exactly as
/// [`scan`] does for each pair its candidate stage gives: each document
/// with its article as [`prepare_document`] and [`cut_boilerplate`] left
/// it, and the corpus's frequent fingerprints in `facts`. `a` comes first
/// in input order.
pub fn relate_pair(
    a: (&Document, &Article),
    b: (&Document, &Article),
    facts: &CorpusFacts,
    params: &ScanParams,
) -> Option<Reuse> {
    let (mut side_a, mut side_b) = (BodyTokens::default(), BodyTokens::default());
    side_a.fill(a.0, a.1);
    side_b.fill(b.0, b.1);
    let passages = align(&side_a.ids, &side_b.ids, &params.align);
    relate(
        Side {
            doc: a.0,
            article: a.1,
            tokens: &side_a.tokens,
        },
        Side {
            doc: b.0,
            article: b.1,
            tokens: &side_b.tokens,
        },
        passages,
        facts,
        params.judge,
    )
}

/// Documents cleaned and fingerprinted at a time: enough to keep every core
/// busy, few enough that their fingerprints are small beside the corpus's.
const PREPARE_SLICE: usize = 1 << 14;

/// What [`prepare`] works in, kept from one document to the next on each
/// thread, so that a document costs one allocation (its fingerprints)
/// rather than one per step.
#[derive(Default)]
struct PrepareBuffers {
    tokens: Vec<Token>,
    ids: Vec<u64>,
    kgrams: Vec<u64>,
    kept: Vec<Fingerprint>,
}

/// Tokens a buffer may keep between documents: an outsized document's
/// buffers are let go rather than held to the end of the scan.
const KEPT_BUFFER_TOKENS: usize = 1 << 20;

thread_local! {
    static PREPARE_BUFFERS: RefCell<PrepareBuffers> = RefCell::default();
}

/// Cleans a document and fingerprints its body: the article, the body's
/// token count, and the fingerprints with the byte each k-gram starts at
/// (for boilerplate marking to find the text a fingerprint covers without
/// tokenizing the whole document again). The fingerprints are those
/// [`fingerprint`](crate::fingerprint::fingerprint) takes of the body's
/// token hashes.
fn prepare(doc: &Document, params: FingerprintParams) -> (Article, u32, Vec<PlacedFingerprint>) {
    PREPARE_BUFFERS.with_borrow_mut(|buffers| {
        let PrepareBuffers {
            tokens,
            ids,
            kgrams,
            kept,
        } = buffers;
        tokens.clear();
        tokenize_into(&doc.text, 0, tokens);
        let article = clean_tokenized(doc, tokens);
        let body = article.body_tokens(std::mem::take(tokens));
        ids.clear();
        ids.extend(body.iter().map(|t| t.hash));
        kgram_hashes(ids, params.ngram, kgrams);
        kept.clear();
        winnow(kgrams, params.window, kept);
        let placed = kept
            .iter()
            .map(|f| PlacedFingerprint {
                hash: f.hash,
                pos: f.pos,
                byte: body[f.pos as usize].byte_begin,
            })
            .collect();
        let count = body.len() as u32;
        *tokens = body;
        if tokens.capacity() > KEPT_BUFFER_TOKENS {
            *buffers = PrepareBuffers::default();
        }
        (article, count, placed)
    })
}

/// A document cleaned and fingerprinted, as the scan's first stage leaves
/// it.
pub struct PreparedDocument {
    /// Its article: body, removed regions, credits, date.
    pub article: Article,
    /// Its body tokens.
    pub body_tokens: u32,
    /// Its body's fingerprints, in token order.
    pub fingerprints: Vec<PlacedFingerprint>,
}

/// Cleans a document and fingerprints its body exactly as [`scan`] does.
pub fn prepare_document(doc: &Document, params: FingerprintParams) -> PreparedDocument {
    let (article, body_tokens, fingerprints) = prepare(doc, params);
    PreparedDocument {
        article,
        body_tokens,
        fingerprints,
    }
}

/// Scans a corpus for reused text. Fails only when `params.spill` names a
/// folder that cannot hold what outgrows memory.
pub fn scan(
    documents: &[Document],
    params: &ScanParams,
    progress: &dyn Progress,
) -> Result<ScanResult, SpillError> {
    scan_with(
        documents,
        params,
        Reported::All,
        progress,
        |fingerprints, keys| {
            find_candidates(fingerprints, keys, params.candidates, params.spill.as_ref())
        },
    )
}

/// Which pairs a scan reports.
#[derive(Clone, Copy, Debug)]
pub enum Reported<'a> {
    /// Every pair.
    All,
    /// The pairs with at least one end that the slice marks (indexed like
    /// the documents). Pairs between two unmarked documents are still
    /// aligned and related, because the verdicts on the reported pairs rest
    /// on them (two copies of one earlier document are siblings, a document
    /// a copy credits directs its partners), and are then left out: a
    /// check against an archive reports the checked documents' pairs, judged
    /// as a scan of all of them would judge them.
    WithMarked(&'a [bool]),
}

/// Scans documents as [`scan`] does, with the candidate stage left to
/// `find`: given the documents' fingerprints and keys (indexed like
/// `documents`), it returns the pairs to align and the corpus's frequent and
/// boilerplate hashes. The archive index passes one that reads its postings
/// from disk, so a few new documents are checked against millions with the
/// rest of the pipeline unchanged.
pub fn scan_with<E: From<SpillError>>(
    documents: &[Document],
    params: &ScanParams,
    reported: Reported<'_>,
    progress: &dyn Progress,
    find: impl FnOnce(&FingerprintTable, &[DocKey]) -> Result<Candidates, E>,
) -> Result<ScanResult, E> {
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

    progress.stage("clean+fingerprint", documents.len() as u64);
    let mut articles = Vec::with_capacity(documents.len());
    let mut doc_tokens = Vec::with_capacity(documents.len());
    let mut table = TableBuilder::new(params.spill.as_ref());
    // Documents are taken in slices, each cleaned on all cores, so that the
    // fingerprints can be handed to the table in document order (and to
    // disk, past the budget) without holding all of them at once.
    for slice in documents.chunks(PREPARE_SLICE) {
        let prepared: Vec<(Article, u32, Vec<PlacedFingerprint>)> = slice
            .par_iter()
            .map(|doc| {
                let prepared = prepare(doc, params.fingerprint);
                progress.advance(1);
                prepared
            })
            .collect();
        for (article, count, fps) in prepared {
            articles.push(article);
            doc_tokens.push(count);
            table.push(fps)?;
        }
    }
    let fingerprints = table.finish()?;
    let mut unread_dates = documents
        .iter()
        .zip(&articles)
        .filter_map(|(doc, article)| Some((&doc.id, article.unread_given_date(doc)?)));
    if let Some((id, given)) = unread_dates.next() {
        stats.first_date_not_understood = Some((id.clone(), given.to_string()));
        stats.dates_not_understood = 1 + unread_dates.count() as u64;
    }
    lap(&mut stats, "clean+fingerprint");

    progress.stage("candidates", 1);
    let keys = doc_keys(documents, &articles);
    stats.fingerprints_on_disk = fingerprints.on_disk() as u64;
    let candidates = find(&fingerprints, &keys)?;
    stats.fingerprints = candidates.stats.fingerprints;
    stats.boilerplate_hashes = candidates.stats.boilerplate_hashes;
    stats.spilled_runs = candidates.stats.spilled_runs;
    stats.candidate_pairs = candidates.pairs.len() as u64;
    progress.advance(1);
    lap(&mut stats, "candidates");

    if !candidates.boilerplate.is_empty() {
        mark_boilerplate(
            documents,
            &mut articles,
            &mut doc_tokens,
            &fingerprints,
            &candidates.boilerplate,
            params.fingerprint,
        );
    }
    drop(fingerprints);
    lap(&mut stats, "boilerplate");

    progress.stage("align+relate", candidates.pairs.len() as u64);
    let facts = CorpusFacts {
        frequent: &candidates.frequent,
        fingerprint: params.fingerprint,
    };
    // Chunks of pairs sorted by `a` let a worker tokenize `a` once for all
    // its partners in the chunk, while keeping the load balanced.
    let reuses: Vec<Reuse> = candidates
        .pairs
        .par_chunks(64)
        .flat_map_iter(|chunk| {
            let (mut side_a, mut side_b) = (BodyTokens::default(), BodyTokens::default());
            let mut cached_a = None;
            let mut found = Vec::new();
            for pair in chunk {
                let (ia, ib) = (pair.a as usize, pair.b as usize);
                if cached_a != Some(pair.a) {
                    side_a.fill(&documents[ia], &articles[ia]);
                    cached_a = Some(pair.a);
                }
                side_b.fill(&documents[ib], &articles[ib]);
                let passages = align(&side_a.ids, &side_b.ids, &params.align);
                let a = Side {
                    doc: &documents[ia],
                    article: &articles[ia],
                    tokens: &side_a.tokens,
                };
                let b = Side {
                    doc: &documents[ib],
                    article: &articles[ib],
                    tokens: &side_b.tokens,
                };
                found.extend(relate(a, b, passages, &facts, params.judge));
            }
            progress.advance(chunk.len() as u64);
            found
        })
        .collect();
    lap(&mut stats, "align+relate");
    let mut result = conclude(documents, articles, doc_tokens, reuses, stats, reported);
    lap(&mut result.stats, "family");
    Ok(result)
}

/// A scan's last stages, over the reuse records of every candidate pair
/// (in the order of the pairs, by the input order of their first, then
/// second document): a document a copy credits becomes the original of its
/// undecided partners, copies of one original become siblings, the records
/// are counted into `stats`, and reprints are grouped into families.
/// [`scan`] ends with it; a scan whose earlier stages ran elsewhere (on a
/// Spark cluster) ends with it too.
pub fn conclude(
    documents: &[Document],
    articles: Vec<Article>,
    doc_tokens: Vec<u32>,
    mut reuses: Vec<Reuse>,
    mut stats: ScanStats,
    reported: Reported<'_>,
) -> ScanResult {
    direct_from_named_sources(&mut reuses);
    mark_siblings(&mut reuses);
    let index: HashMap<&str, usize> = documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    if let Reported::WithMarked(marked) = reported {
        reuses.retain(|r| marked[index[r.a.as_str()]] || marked[index[r.b.as_str()]]);
    }
    stats.reuse_pairs = reuses.len() as u64;
    let count = |kind: ReuseKind| reuses.iter().filter(|r| r.kind == kind).count() as u64;
    (stats.reprints, stats.quotes, stats.boilerplate_pairs) = (
        count(ReuseKind::Reprint),
        count(ReuseKind::Quote),
        count(ReuseKind::Boilerplate),
    );
    (stats.templates, stats.overlaps) = (count(ReuseKind::Template), count(ReuseKind::Overlap));
    stats.passages = reuses.iter().map(|r| r.passages.len() as u64).sum();
    stats.tokens = doc_tokens.iter().map(|&n| u64::from(n)).sum();

    let reprints: Vec<&Reuse> = reuses
        .iter()
        .filter(|r| r.kind == ReuseKind::Reprint)
        .collect();
    let edges: Vec<Edge> = reprints
        .iter()
        .map(|r| Edge {
            a: index[r.a.as_str()],
            b: index[r.b.as_str()],
            directed: r.original.is_some(),
        })
        .collect();
    let common_sources: Vec<Option<&str>> = reprints
        .iter()
        .map(|r| r.common_source.as_deref())
        .collect();
    let dates: Vec<_> = articles.iter().map(|a| a.date).collect();
    let families = families(documents.len(), &edges, &common_sources, &dates);
    stats.families = families.families.len() as u64;

    let passages: Vec<PairPassages<'_>> = reprints
        .iter()
        .zip(&edges)
        .map(|(r, e)| PairPassages {
            a: e.a,
            b: e.b,
            original: e.directed.then_some(e.a),
            passages: &r.passages,
        })
        .collect();
    let clusters = clusters(documents.len(), &passages, &dates);
    let bodies: Vec<&[CharSpan]> = articles.iter().map(|a| a.body.as_slice()).collect();
    let reused = reused(&bodies, &passages);
    drop(passages);

    ScanResult {
        articles,
        doc_tokens,
        reuses,
        families,
        clusters,
        reused,
        stats,
    }
}

/// Cuts each source's boilerplate out of its documents' bodies, every
/// document on all cores ([`cut_boilerplate`]).
fn mark_boilerplate(
    documents: &[Document],
    articles: &mut [Article],
    doc_tokens: &mut [u32],
    fingerprints: &FingerprintTable,
    boilerplate: &SortedHashes,
    params: FingerprintParams,
) {
    articles
        .par_iter_mut()
        .zip(doc_tokens.par_iter_mut())
        .enumerate()
        .for_each(|(i, (article, count))| {
            cut_boilerplate(
                &documents[i],
                article,
                count,
                fingerprints.doc(i),
                boilerplate,
                params,
            );
        });
}

/// Cuts the corpus's boilerplate out of one document's body, as [`scan`]
/// does after its candidate stage: the k-grams of every fingerprint in
/// `boilerplate`, joined across the gaps winnowing leaves between samples,
/// and widened to the ends of their lines when those lie within one such
/// gap (winnowing samples a repeated line a few words in from its ends).
/// `fingerprints` are the document's, in token order, as
/// [`prepare_document`] gives them; `body_tokens` is lowered by the tokens
/// cut. Each fingerprint knows the byte its k-gram starts at, so only the
/// text around the boilerplate is read again, not tokenized whole.
pub fn cut_boilerplate(
    doc: &Document,
    article: &mut Article,
    body_tokens: &mut u32,
    fingerprints: &[PlacedFingerprint],
    boilerplate: &SortedHashes,
    params: FingerprintParams,
) {
    /// Boilerplate fingerprints joined: tokens `[first, end)`, from byte
    /// `begin`, the last fingerprint starting at token `end - k`, byte
    /// `last_start`.
    struct Run {
        first: u32,
        end: u32,
        begin: u32,
        last_start: u32,
    }
    let k = params.ngram as u32;
    let reach = k + params.window as u32;
    let mut runs: Vec<Run> = Vec::new();
    for f in fingerprints {
        let start = f.byte;
        if !boilerplate.contains(f.hash) {
            continue;
        }
        match runs.last_mut() {
            // Fingerprints come in token order, so the one that
            // reaches furthest is the last.
            Some(run) if f.pos <= run.end + reach => {
                (run.end, run.last_start) = (f.pos + k, start);
            }
            _ => runs.push(Run {
                first: f.pos,
                end: f.pos + k,
                begin: start,
                last_start: start,
            }),
        }
    }
    if runs.is_empty() {
        return;
    }
    let text = doc.text.as_str();
    // Each run's first byte and its last fingerprint's, in text
    // order, to count code points in one pass.
    let marks: Vec<usize> = runs
        .iter()
        .flat_map(|r| [r.begin as usize, r.last_start as usize])
        .collect();
    let mark_chars = char_offsets_at(text, &marks);
    let (mut wanted, mut chars) = (Vec::new(), Vec::new());
    for (mark, mark_char) in marks.chunks(2).zip(mark_chars.chunks(2)) {
        let (end, end_char) = kgram_end(text, article, (mark[1], mark_char[1]), k);
        wanted.extend([mark[0], end]);
        chars.extend([mark_char[0], end_char]);
    }
    let mut removed_tokens = 0;
    for ((run, bounds), chars) in runs.iter().zip(wanted.chunks(2)).zip(chars.chunks(2)) {
        let (mut begin, mut end) = (chars[0], chars[1]);
        removed_tokens += run.end - run.first;
        let line_start = text[..bounds[0]].rfind('\n').map_or(0, |p| p + 1);
        let before = &text[line_start..bounds[0]];
        let words = tokenize(before);
        if let Some(first) = words.first().filter(|_| words.len() <= reach as usize) {
            let widened = begin - (count_chars(before) - first.begin);
            if article.same_body_region(widened, begin) {
                begin = widened;
                removed_tokens += words.len() as u32;
            }
        }
        let line_end = text[bounds[1]..]
            .find('\n')
            .map_or(text.len(), |p| bounds[1] + p);
        let words = tokenize(&text[bounds[1]..line_end]);
        if let Some(last) = words.last().filter(|_| words.len() <= reach as usize) {
            if article.same_body_region(end - 1, end + last.end - 1) {
                end += last.end;
                removed_tokens += words.len() as u32;
            }
        }
        article.cut(CharSpan { begin, end }, RemovedKind::Boilerplate);
    }
    *body_tokens = body_tokens.saturating_sub(removed_tokens);
}

/// The byte and code point after the `k`-gram of body tokens whose first
/// token starts at byte `start`, code point `start_char`, of `text`: found
/// by tokenizing a short window from there, widened until it holds `k` body
/// tokens.
fn kgram_end(
    text: &str,
    article: &Article,
    (start, start_char): (usize, u32),
    k: u32,
) -> (usize, u32) {
    // Room for k words of a dozen bytes each, which most k-grams fit in.
    let mut window = 12 * k as usize;
    loop {
        let mut stop = (start + window).min(text.len());
        while !text.is_char_boundary(stop) {
            stop -= 1;
        }
        let mut tokens = Vec::new();
        tokenize_into(&text[start..stop], start_char, &mut tokens);
        let whole = stop == text.len();
        // The window's last word may be cut short; only what precedes it
        // is known to be a whole token.
        if !whole {
            tokens.pop();
        }
        let body = article.body_tokens(tokens);
        let end = |t: &Token| (start + t.byte_end as usize, t.end);
        if let Some(last) = body.get(k as usize - 1) {
            return end(last);
        }
        if whole {
            // The fingerprint's tokens were body tokens of this text, so this
            // is not reached; its own end is the best answer if it is.
            return body
                .last()
                .map_or((text.len(), start_char + count_chars(&text[start..])), end);
        }
        window *= 4;
    }
}

/// The code-point offset of each byte offset in `bytes` (ascending,
/// character boundaries of `text`), counting the characters between one and
/// the next.
fn char_offsets_at(text: &str, bytes: &[usize]) -> Vec<u32> {
    let (mut at, mut chars) = (0usize, 0u32);
    bytes
        .iter()
        .map(|&byte| {
            chars += count_chars(&text[at..byte]);
            at = byte;
            chars
        })
        .collect()
}

/// How sources are told apart: by name, trimmed and lowercased, so that
/// "Le Monde" and "le monde " are one source.
pub fn source_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// The source and date rank of each document, for the candidate stage.
fn doc_keys(documents: &[Document], articles: &[Article]) -> Vec<DocKey> {
    let mut source_ids: HashMap<String, u32> = HashMap::new();
    let mut keys: Vec<DocKey> = documents
        .iter()
        .map(|doc| {
            let source = doc.source.as_ref().map(|s| {
                let next = source_ids.len() as u32;
                *source_ids.entry(source_key(s)).or_insert(next)
            });
            DocKey {
                source,
                date_rank: u32::MAX,
            }
        })
        .collect();
    let mut dated: Vec<(crate::clean::PubDate, usize)> = articles
        .iter()
        .enumerate()
        .filter_map(|(i, a)| a.date.map(|d| (d, i)))
        .collect();
    dated.sort_unstable();
    for (rank, (_, i)) in dated.into_iter().enumerate() {
        keys[i].date_rank = rank as u32;
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Location;

    fn doc(id: &str, source: &str, text: String) -> Document {
        let mut doc = Document::new(id, text, Location::file("t"));
        doc.source = Some(source.into());
        doc
    }

    /// A document with a publication date.
    fn dated(id: &str, source: &str, date: &str, text: String) -> Document {
        let mut d = doc(id, source, text);
        d.date = Some(date.into());
        d
    }

    /// The kind of the pair of `x` and `y` in a scan's result, either way
    /// round.
    fn kind_of(result: &ScanResult, x: &str, y: &str) -> Option<ReuseKind> {
        result
            .reuses
            .iter()
            .find(|r| (r.a == x && r.b == y) || (r.a == y && r.b == x))
            .map(|r| r.kind)
    }

    /// An article of `n` sentences whose words are unique to `seed`.
    fn article(seed: &str, n: usize) -> String {
        (0..n)
            .map(|i| format!("Phrase {i} du sujet {seed} avec les mots {seed}{i}a {seed}{i}b {seed}{i}c et {seed}{i}d."))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn kgram_ends_match_a_whole_tokenization_across_cuts_and_long_words() {
        let long_word = "é".repeat(300);
        let text = format!(
            "Titre de l’article\n\nL’équipe a dit qu'elle {long_word} viendrait. {} Fin, 3,5 % d’ici là.",
            article("kg", 4)
        );
        let document = doc("d", "s", text.clone());
        let tokens = tokenize(&text);
        let mut cleaned = clean_tokenized(&document, &tokens);
        // A removed region inside the body, which k-grams must step over.
        let middle = tokens[tokens.len() / 2];
        cleaned.cut(
            CharSpan {
                begin: middle.begin,
                end: middle.begin + 20,
            },
            RemovedKind::Boilerplate,
        );
        let body = cleaned.body_tokens(tokens);
        let k = FingerprintParams::default().ngram;
        assert!(body.len() > 3 * k);
        for (i, first) in body[..body.len() - k + 1].iter().enumerate() {
            let start = (first.byte_begin as usize, first.begin);
            let last = body[i + k - 1];
            assert_eq!(
                kgram_end(&text, &cleaned, start, k as u32),
                (last.byte_end as usize, last.end),
                "k-gram from token {i}"
            );
        }
    }

    #[test]
    fn a_sites_repeated_footer_is_boilerplate_and_links_nothing() {
        let footer = "Abonnez-vous à notre lettre quotidienne pour recevoir chaque matin l'essentiel de l'actualité \
                      régionale, nos enquêtes exclusives et les offres de nos partenaires commerciaux sélectionnés.";
        let mut docs: Vec<Document> = (0..6)
            .map(|i| {
                doc(
                    &format!("site-{i}"),
                    "site.fr",
                    format!("{}\n\n{footer}", article(&format!("s{i}x"), 6)),
                )
            })
            .collect();
        // Another outlet copies the first article, without the footer.
        docs.push(doc("copy", "other.fr", article("s0x", 6)));
        let result = scan(&docs, &ScanParams::default(), &NoProgress).unwrap();

        let pairs: Vec<(&str, &str)> = result
            .reuses
            .iter()
            .map(|r| (r.a.as_str(), r.b.as_str()))
            .collect();
        assert_eq!(pairs.len(), 1, "{pairs:?}");
        assert!(pairs[0] == ("site-0", "copy") || pairs[0] == ("copy", "site-0"));
        for (i, article) in result.articles.iter().take(6).enumerate() {
            let footer_start = docs[i].text.chars().count() - footer.chars().count();
            let boilerplate: Vec<_> = article
                .removed
                .iter()
                .filter(|r| r.kind == RemovedKind::Boilerplate)
                .collect();
            assert!(!boilerplate.is_empty(), "site-{i}");
            assert!(
                boilerplate.iter().all(|r| r.begin as usize >= footer_start),
                "site-{i}: {boilerplate:?}"
            );
            let covered: u32 = boilerplate.iter().map(|r| r.end - r.begin).sum();
            assert!(
                covered as usize * 10 >= footer.chars().count() * 8,
                "site-{i} covers {covered}"
            );
        }
        assert!(result.articles[6].removed.is_empty());
    }

    #[test]
    fn an_agencys_later_dispatch_reusing_its_earlier_one_is_not_called_uncredited() {
        let page = |id: &str, url: &str, date: &str, text: String| {
            let mut d = doc(id, "portail.example", text);
            d.url = Some(url.into());
            d.date = Some(date.into());
            d
        };
        let background = article("fond", 6);
        let docs = [
            page(
                "monday",
                "https://portail.example/actualites/reuters/six-corps-324418.html",
                "2024-04-10",
                format!("PARIS (Reuters) - {} {background}", article("lundi", 3)),
            ),
            page(
                "wednesday",
                "https://portail.example/actualites/reuters/huit-morts-324638.html",
                "2024-04-12",
                format!("PARIS (Reuters) - {} {background}", article("mercredi", 3)),
            ),
        ];
        let result = scan(&docs, &ScanParams::default(), &NoProgress).unwrap();
        let [pair] = result.reuses.as_slice() else {
            panic!("{:?}", result.reuses);
        };
        assert_eq!(
            pair.original.as_deref(),
            Some("monday"),
            "{:?}",
            pair.evidence
        );
        assert_eq!(pair.credited, Some(true), "{:?}", pair.evidence);
    }

    #[test]
    fn a_rate_decision_refilled_for_the_next_meeting_is_a_template_and_its_copy_a_reprint() {
        let decision = |day: &str, points: &str, rate: &str, next: &str, inflation: &str| {
            format!(
                "O Comitê de Política Monetária (Copom) do Banco Central decidiu nesta quarta-feira ({day}) elevar a taxa básica de juros, a Selic, em {points} ponto percentual, para {rate}% ao ano. \
                 A decisão foi unânime e estava em linha com a expectativa da maioria dos analistas do mercado financeiro. \
                 Em comunicado, o colegiado afirmou que o ambiente externo segue desafiador e que a inflação corrente permanece acima da meta. \
                 A inflação oficial, medida pelo IPCA, acumula alta de {inflation}% em 12 meses, segundo o IBGE. \
                 A próxima reunião do Copom está marcada para os dias {next}. A Selic é o principal instrumento do Banco Central para controlar a inflação."
            )
        };
        let september = decision("18", "0,25", "10,75", "5 e 6 de novembro", "4,24");
        let docs = [
            dated(
                "september",
                "banco.example",
                "2024-09-18",
                september.clone(),
            ),
            dated(
                "november",
                "banco.example",
                "2024-11-06",
                decision("6", "0,50", "11,25", "10 e 11 de dezembro", "4,42"),
            ),
            dated(
                "copy",
                "revista.example",
                "2024-09-19",
                september.replace("Em comunicado,", "Em nota,"),
            ),
        ];
        let result = scan(&docs, &ScanParams::default(), &NoProgress).unwrap();
        let kind_of = |x, y| kind_of(&result, x, y);
        assert_eq!(kind_of("september", "november"), Some(ReuseKind::Template));
        assert_eq!(kind_of("copy", "november"), Some(ReuseKind::Template));
        assert_eq!(kind_of("september", "copy"), Some(ReuseKind::Reprint));
    }

    #[test]
    fn a_warning_issued_again_and_a_price_note_of_another_day_are_templates() {
        let warning = |day: &str, provinces: &str, wind: &str, hour: &str| {
            format!(
                "Het KNMI heeft voor {day} code oranje afgegeven voor de provincies {provinces} vanwege zeer zware windstoten. \
                 Er kunnen windstoten voorkomen van {wind} kilometer per uur, vooral langs de kust.\n\n\
                 De waarschuwing geldt van {hour} uur tot middernacht. Het KNMI raadt mensen aan om losse voorwerpen in de tuin vast te zetten \
                 en niet onnodig de weg op te gaan. Ook kunnen bomen omwaaien en kan het treinverkeer hinder ondervinden.\n\n\
                 Rijkswaterstaat adviseert weggebruikers om rekening te houden met zijwind op bruggen en open wegen. Voor de rest van het land geldt code geel.\n\n\
                 Morgen neemt de wind geleidelijk af. Het blijft wel wisselvallig met regenbuien en temperaturen rond de 9 graden."
            )
        };
        let gold = |day: &str, gram: &str, quarter: &str, ounce: &str, trend: &str| {
            format!(
                "Gram altın {day} günü {gram} liradan işlem görüyor. Çeyrek altının satış fiyatı {quarter} lira oldu.\n\n\
                 Altının ons fiyatı ise {ounce} dolar seviyesinde bulunuyor. Uzmanlar, ABD Merkez Bankası'nın faiz kararları öncesinde fiyatların {trend} seyrettiğini belirtiyor.\n\n\
                 Kapalıçarşı'da altın fiyatları gün içinde dalgalı bir seyir izleyebilir. Yatırımcılar, ABD'den gelecek enflasyon verilerini yakından takip ediyor."
            )
        };
        let tuesday = warning(
            "dinsdag",
            "Zeeland, Zuid-Holland en Noord-Holland",
            "100 tot 110",
            "14",
        );
        let monday = gold("10 Kasım Pazartesi", "4.215,30", "6.890", "2.640", "yatay");
        let docs = [
            dated("tuesday", "weer.example", "2026-11-10", tuesday.clone()),
            dated(
                "sunday",
                "weer.example",
                "2026-11-24",
                warning(
                    "zondag",
                    "Friesland, Groningen en Noord-Holland",
                    "90 tot 100",
                    "10",
                ),
            ),
            dated(
                "copy",
                "krant.example",
                "2026-11-10",
                tuesday.replace("Morgen neemt", "Woensdag neemt"),
            ),
            dated("monday", "altin.example", "2026-11-10", monday.clone()),
            dated(
                "wednesday",
                "altin.example",
                "2026-11-12",
                gold(
                    "12 Kasım Çarşamba",
                    "4.260,75",
                    "6.965",
                    "2.668",
                    "yükselişle",
                ),
            ),
            dated(
                "gold-copy",
                "haber.example",
                "2026-11-10",
                monday.replace("ise", "de"),
            ),
        ];
        let result = scan(&docs, &ScanParams::default(), &NoProgress).unwrap();
        let kind_of = |x, y| kind_of(&result, x, y);
        assert_eq!(kind_of("tuesday", "sunday"), Some(ReuseKind::Template));
        assert_eq!(kind_of("tuesday", "copy"), Some(ReuseKind::Reprint));
        assert_eq!(kind_of("monday", "wednesday"), Some(ReuseKind::Template));
        assert_eq!(kind_of("monday", "gold-copy"), Some(ReuseKind::Reprint));
    }
}
