//! The candidates stage: every document's fingerprints in, the pairs of
//! documents worth aligning out.
//!
//! All fingerprints of the corpus are sorted by hash, so each hash's holders
//! sit together. Each group then links its holders:
//!
//! * a hash that one source repeats across many of its own documents is that
//!   site's boilerplate (a footer, a newsletter pitch) and links nothing;
//! * a small group links every pair of its holders;
//! * a large group (a story many sites copied) links each holder to one
//!   anchor only, the holder published first, so a story copied by 1,000
//!   sites costs 1,000 links, not half a million. Every copy still joins the
//!   story's family through the anchor.
//!
//! A pair becomes a candidate when enough distinct hashes link it.

use rayon::prelude::*;

use crate::fingerprint::Fingerprint;

/// How candidate pairs are chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CandidateParams {
    /// Only pair documents whose sources differ (documents without a source
    /// pair with everything).
    pub cross_source: bool,
    /// A hash held by at least this many documents of one source, which make
    /// up at least half of its holders, is that source's boilerplate.
    pub boilerplate_docs: usize,
    /// Groups of up to this many documents link all their pairs; larger ones
    /// link each holder to an anchor.
    pub all_pairs_max: usize,
    /// Distinct shared fingerprints a pair needs to be aligned.
    pub min_shared: u32,
}

impl Default for CandidateParams {
    fn default() -> Self {
        CandidateParams {
            cross_source: false,
            boilerplate_docs: 5,
            all_pairs_max: 12,
            min_shared: 2,
        }
    }
}

/// What the grouping needs to know about each document.
#[derive(Clone, Debug)]
pub struct DocKey {
    /// The document's source, as a small integer (`None` when unknown).
    pub source: Option<u32>,
    /// A rank by publication date (earlier ranks lower, undated last), used
    /// to choose anchors.
    pub date_rank: u32,
}

/// Two documents worth aligning, `a < b` by index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct CandidatePair {
    /// Index of the first document.
    pub a: u32,
    /// Index of the second document.
    pub b: u32,
    /// How many distinct fingerprint hashes link the pair.
    pub shared: u32,
}

/// What the candidate stage saw, for the run summary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CandidateStats {
    /// Fingerprints across the corpus.
    pub fingerprints: u64,
    /// Distinct hashes held by two or more documents.
    pub shared_hashes: u64,
    /// Of those, hashes dropped as one source's boilerplate.
    pub boilerplate_hashes: u64,
    /// Of those, hashes whose holders were linked through an anchor.
    pub anchored_hashes: u64,
}

/// One fingerprint of one document, as the candidate stage sorts them:
/// packed to 12 bytes, since there is one per fingerprint of the corpus.
/// Ordered by hash, then document.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[repr(C, packed)]
struct Posting {
    hash: u64,
    doc: u32,
}

/// Documents holding a fingerprint for it to count as frequent: text that
/// many documents share, such as a template or a story copied far and wide.
pub const FREQUENT_DOCS: usize = 5;

/// A set of fingerprint hashes, sorted for lookup.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SortedHashes(Vec<u64>);

impl SortedHashes {
    /// Whether `hash` is in the set.
    pub fn contains(&self, hash: u64) -> bool {
        self.0.binary_search(&hash).is_ok()
    }

    /// How many hashes the set holds.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What the candidate stage found.
#[derive(Debug, Default)]
pub struct Candidates {
    /// The pairs worth aligning, sorted by `(a, b)`, each once.
    pub pairs: Vec<CandidatePair>,
    /// Hashes held by at least [`FREQUENT_DOCS`] documents (boilerplate
    /// excluded).
    pub frequent: SortedHashes,
    /// Hashes dropped as one source's boilerplate.
    pub boilerplate: SortedHashes,
    /// Counts for the run summary.
    pub stats: CandidateStats,
}

/// Finds the candidate pairs among documents, given each one's fingerprints
/// (`fingerprints[i]` belongs to `keys[i]`).
pub fn find_candidates(
    fingerprints: &[Vec<Fingerprint>],
    keys: &[DocKey],
    params: CandidateParams,
) -> Candidates {
    let mut stats = CandidateStats::default();
    let mut postings: Vec<Posting> = Vec::with_capacity(fingerprints.iter().map(Vec::len).sum());
    for (doc, fps) in fingerprints.iter().enumerate() {
        postings.extend(fps.iter().map(|f| Posting {
            hash: f.hash,
            doc: doc as u32,
        }));
    }
    stats.fingerprints = postings.len() as u64;
    // One posting per (hash, document): a phrase a text repeats counts once.
    postings.par_sort_unstable();
    postings.dedup();

    let mut links: Vec<u64> = Vec::new();
    let mut holders: Vec<u32> = Vec::new();
    let mut frequent = Vec::new();
    let mut boilerplate = Vec::new();
    for group in postings.chunk_by(|x, y| x.hash == y.hash) {
        if group.len() < 2 {
            continue;
        }
        stats.shared_hashes += 1;
        holders.clear();
        holders.extend(group.iter().map(|p| p.doc));
        let hash = group[0].hash;
        if is_boilerplate(&holders, keys, params.boilerplate_docs) {
            stats.boilerplate_hashes += 1;
            boilerplate.push(hash);
            continue;
        }
        if holders.len() >= FREQUENT_DOCS {
            frequent.push(hash);
        }
        if holders.len() <= params.all_pairs_max {
            link_all_pairs(&holders, keys, params.cross_source, &mut links);
        } else {
            stats.anchored_hashes += 1;
            link_to_anchor(&holders, keys, params.cross_source, &mut links);
        }
    }
    drop(postings);

    links.par_sort_unstable();
    let pairs = links
        .chunk_by(|x, y| x == y)
        .filter(|run| run.len() as u32 >= params.min_shared)
        .map(|run| CandidatePair {
            a: (run[0] >> 32) as u32,
            b: run[0] as u32,
            shared: run.len() as u32,
        })
        .collect();
    // The groups were visited in hash order, so both lists are sorted.
    Candidates {
        pairs,
        frequent: SortedHashes(frequent),
        boilerplate: SortedHashes(boilerplate),
        stats,
    }
}

fn pair_key(x: u32, y: u32) -> u64 {
    let (a, b) = if x < y { (x, y) } else { (y, x) };
    (u64::from(a) << 32) | u64::from(b)
}

fn may_pair(x: u32, y: u32, keys: &[DocKey], cross_source: bool) -> bool {
    if !cross_source {
        return true;
    }
    match (keys[x as usize].source, keys[y as usize].source) {
        (Some(s), Some(t)) => s != t,
        _ => true,
    }
}

/// Whether one source holds at least `min_docs` of the holders and at least
/// half of them: a site repeating itself, not a story travelling.
fn is_boilerplate(holders: &[u32], keys: &[DocKey], min_docs: usize) -> bool {
    if holders.len() < min_docs {
        return false;
    }
    let mut sources: Vec<u32> = holders
        .iter()
        .filter_map(|&d| keys[d as usize].source)
        .collect();
    sources.sort_unstable();
    sources
        .chunk_by(|x, y| x == y)
        .any(|run| run.len() >= min_docs && run.len() * 2 >= holders.len())
}

fn link_all_pairs(holders: &[u32], keys: &[DocKey], cross_source: bool, links: &mut Vec<u64>) {
    for (i, &x) in holders.iter().enumerate() {
        for &y in &holders[i + 1..] {
            if may_pair(x, y, keys, cross_source) {
                links.push(pair_key(x, y));
            }
        }
    }
}

/// Links every holder to the earliest-published holder; under
/// `cross_source`, holders of the anchor's own source link to the earliest
/// holder of another source instead.
fn link_to_anchor(holders: &[u32], keys: &[DocKey], cross_source: bool, links: &mut Vec<u64>) {
    let earliest = |candidates: &mut dyn Iterator<Item = u32>| {
        candidates.min_by_key(|&d| (keys[d as usize].date_rank, d))
    };
    let Some(anchor) = earliest(&mut holders.iter().copied()) else {
        return;
    };
    let second_anchor = if cross_source {
        earliest(
            &mut holders
                .iter()
                .copied()
                .filter(|&d| may_pair(d, anchor, keys, true)),
        )
    } else {
        None
    };
    for &d in holders {
        if d == anchor {
            continue;
        }
        if may_pair(d, anchor, keys, cross_source) {
            links.push(pair_key(d, anchor));
        } else if let Some(second) = second_anchor.filter(|&s| s != d) {
            if may_pair(d, second, keys, cross_source) {
                links.push(pair_key(d, second));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fps(hashes: &[u64]) -> Vec<Fingerprint> {
        hashes
            .iter()
            .enumerate()
            .map(|(i, &hash)| Fingerprint {
                hash,
                pos: i as u32,
            })
            .collect()
    }

    fn keys(sources: &[Option<u32>]) -> Vec<DocKey> {
        sources
            .iter()
            .map(|&source| DocKey {
                source,
                date_rank: 0,
            })
            .collect()
    }

    #[test]
    fn pairs_documents_sharing_enough_hashes() {
        let docs = vec![fps(&[1, 2, 3]), fps(&[2, 3, 9]), fps(&[3, 10, 11])];
        let found = find_candidates(
            &docs,
            &keys(&[None, None, None]),
            CandidateParams::default(),
        );
        assert_eq!(
            found.pairs,
            [CandidatePair {
                a: 0,
                b: 1,
                shared: 2
            }]
        );
    }

    #[test]
    fn cross_source_skips_pairs_within_a_source() {
        let docs = vec![fps(&[1, 2]), fps(&[1, 2]), fps(&[1, 2])];
        let params = CandidateParams {
            cross_source: true,
            ..CandidateParams::default()
        };
        let found = find_candidates(&docs, &keys(&[Some(0), Some(0), Some(1)]), params);
        let found: Vec<_> = found.pairs.iter().map(|p| (p.a, p.b)).collect();
        assert_eq!(found, [(0, 2), (1, 2)]);
    }

    #[test]
    fn one_sources_repeated_text_is_boilerplate() {
        let footer = [7, 8, 9];
        let docs: Vec<_> = (0..6)
            .map(|i| fps(&[footer[0], footer[1], footer[2], 100 + i]))
            .collect();
        let found = find_candidates(&docs, &keys(&[Some(3); 6]), CandidateParams::default());
        assert!(found.pairs.is_empty());
        assert_eq!(found.stats.boilerplate_hashes, 3);
        assert!(found.boilerplate.contains(8) && !found.boilerplate.contains(100));
    }

    #[test]
    fn a_story_copied_by_many_sites_costs_linear_links() {
        let story = [1, 2, 3, 4];
        let copies = 1000;
        let docs: Vec<_> = (0..copies).map(|_| fps(&story)).collect();
        let sources: Vec<_> = (0..copies).map(Some).collect();
        let mut keys = keys(&sources);
        for (i, key) in keys.iter_mut().enumerate() {
            key.date_rank = if i == 500 { 0 } else { 1 };
        }
        let found = find_candidates(&docs, &keys, CandidateParams::default());
        assert_eq!(found.pairs.len(), copies as usize - 1);
        assert!(
            found.pairs.iter().all(|p| p.a == 500 || p.b == 500),
            "anchor is the earliest"
        );
        assert_eq!(found.stats.anchored_hashes, 4);
        assert_eq!(found.frequent.len(), 4);
    }
}
