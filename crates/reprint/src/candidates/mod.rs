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
//!
//! When the postings would outgrow a memory budget, they are sorted in runs
//! on disk and merged back (`runs.rs`); the candidates are the same.

mod runs;

use rayon::prelude::*;

use crate::fingerprint::FingerprintTable;
use crate::spill::{Spill, SpillError};

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
    /// Sorted runs written to disk (0 when the postings fit the budget).
    pub spilled_runs: u64,
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

/// A set of fingerprint hashes, sorted for lookup, with a bitmap in front
/// that rules out most absent hashes in one look-up: most fingerprints
/// asked about are not in the set, and a binary search is a chain of
/// dependent loads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SortedHashes {
    hashes: Vec<u64>,
    /// Bit `hash >> shift` is set for each hash of the set; about one bit
    /// in eight is, so seven absent hashes in eight stop here.
    present: Vec<u64>,
    shift: u32,
}

impl SortedHashes {
    /// The set of `hashes`, in any order, repeats allowed.
    pub fn new(mut hashes: Vec<u64>) -> Self {
        hashes.sort_unstable();
        hashes.dedup();
        SortedHashes::from_sorted(hashes)
    }

    /// The hashes, in increasing order.
    pub fn as_slice(&self) -> &[u64] {
        &self.hashes
    }

    /// The set of `hashes`, which must be sorted.
    fn from_sorted(hashes: Vec<u64>) -> Self {
        debug_assert!(hashes.is_sorted());
        let bits = (hashes.len() * 8).next_power_of_two().clamp(64, 1 << 27);
        let shift = 64 - bits.trailing_zeros();
        let mut present = vec![0u64; bits / 64];
        for &hash in &hashes {
            let bit = (hash >> shift) as usize;
            present[bit / 64] |= 1 << (bit % 64);
        }
        SortedHashes {
            hashes,
            present,
            shift,
        }
    }

    /// Whether `hash` is in the set.
    pub fn contains(&self, hash: u64) -> bool {
        let bit = (hash >> self.shift) as usize;
        let maybe = self
            .present
            .get(bit / 64)
            .is_some_and(|word| word >> (bit % 64) & 1 == 1);
        maybe && self.hashes.binary_search(&hash).is_ok()
    }

    /// How many hashes the set holds.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }
}

/// The links a [`Grouper`] made, one for each hash group that linked a
/// pair, and the hashes it found frequent or boilerplate.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupLinks {
    /// Each link `(a, b)`, `a < b`, once per group that made it.
    pub links: Vec<(u32, u32)>,
    /// Hashes held by at least [`FREQUENT_DOCS`] documents, boilerplate
    /// excluded, in the order visited.
    pub frequent: Vec<u64>,
    /// Hashes that are one source's boilerplate, in the order visited.
    pub boilerplate: Vec<u64>,
}

/// What the candidate stage found.
#[derive(Debug, Default, PartialEq, Eq)]
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
/// (`fingerprints[i]` belongs to `keys[i]`). With `spill`, postings past its
/// budget are sorted on disk instead of in memory, with the same result.
pub fn find_candidates(
    fingerprints: &FingerprintTable,
    keys: &[DocKey],
    params: CandidateParams,
    spill: Option<&Spill>,
) -> Result<Candidates, SpillError> {
    let total = fingerprints.total();
    let mut grouper = Grouper::new(keys, params);
    let budget = spill.map_or(usize::MAX, |s| s.budget_bytes);
    match spill.filter(|_| total.saturating_mul(std::mem::size_of::<Posting>()) > budget) {
        None => {
            grouper.stats.fingerprints = total as u64;
            // Postings are dealt into shards by the top bits of their hash,
            // so each shard is sorted and grouped on its own, on all cores,
            // and the shards taken in order are the postings in hash order.
            let shards = deal_into_shards(fingerprints);
            let parts: Vec<Grouper> = shards
                .into_par_iter()
                .map(|pieces| {
                    let mut shard = sort_shard(pieces);
                    // One posting per (hash, document): a phrase a text
                    // repeats counts once.
                    shard.dedup();
                    let mut part = Grouper::new(keys, params);
                    let mut holders: Vec<u32> = Vec::new();
                    for group in shard.chunk_by(|x, y| x.hash == y.hash) {
                        holders.clear();
                        holders.extend(group.iter().map(|p| p.doc));
                        part.visit(group[0].hash, &holders);
                    }
                    part
                })
                .collect();
            for part in parts {
                grouper.absorb(part);
            }
        }
        Some(spill) => {
            let (mut merged, fingerprints, written) = runs::sorted_runs(fingerprints, spill)?;
            grouper.stats.fingerprints = fingerprints;
            grouper.stats.spilled_runs = written;
            let mut holders: Vec<u32> = Vec::new();
            let mut current = None;
            while let Some(posting) = merged.next_posting()? {
                let Posting { hash, doc } = posting;
                if current != Some(hash) {
                    if let Some(previous) = current {
                        grouper.visit(previous, &holders);
                    }
                    holders.clear();
                    current = Some(hash);
                }
                holders.push(doc);
            }
            if let Some(last) = current {
                grouper.visit(last, &holders);
            }
        }
    }
    Ok(grouper.finish())
}

/// Bits of a hash that choose its shard: 256 shards, each small enough to
/// sort in cache-sized pieces and many enough to share among the cores.
const SHARD_BITS: u32 = 8;

/// Joins the pieces of one shard in sorted order, by dealing the postings
/// by the byte of their hash below the shard's bits, then each of those
/// buckets by the byte after, and sorting what shares both: a few postings
/// each, against the dozen comparisons per posting of sorting whole
/// buckets.
fn sort_shard(pieces: Vec<Vec<Posting>>) -> Vec<Posting> {
    const SHIFT: u32 = 64 - SHARD_BITS - 8;
    /// Buckets this small are sorted as they are.
    const SMALL: usize = 64;
    let empty = Posting { hash: 0, doc: 0 };
    let mut sorted = vec![empty; pieces.iter().map(Vec::len).sum()];
    let buckets = deal_by_byte(pieces.iter().flatten().copied(), SHIFT, &mut sorted);
    let mut scratch = Vec::new();
    for bucket in buckets.windows(2) {
        let bucket = &mut sorted[bucket[0]..bucket[1]];
        if bucket.len() <= SMALL {
            bucket.sort_unstable();
            continue;
        }
        scratch.clear();
        scratch.resize(bucket.len(), empty);
        let runs = deal_by_byte(bucket.iter().copied(), SHIFT - 8, &mut scratch);
        for run in runs.windows(2) {
            scratch[run[0]..run[1]].sort_unstable();
        }
        bucket.copy_from_slice(&scratch);
    }
    sorted
}

/// Deals `postings` into `out`, which has room for exactly them, by the
/// byte of their hash at bit `shift`, in byte order; returns where each
/// byte's run starts in `out`, then its end.
fn deal_by_byte(
    postings: impl Iterator<Item = Posting> + Clone,
    shift: u32,
    out: &mut [Posting],
) -> [usize; 257] {
    let byte_of = |posting: &Posting| ((posting.hash >> shift) & 0xff) as usize;
    let mut next = [0usize; 256];
    for posting in postings.clone() {
        next[byte_of(&posting)] += 1;
    }
    let mut starts = [0usize; 257];
    for byte in 0..256 {
        starts[byte + 1] = starts[byte] + next[byte];
        next[byte] = starts[byte];
    }
    for posting in postings {
        let byte = byte_of(&posting);
        out[next[byte]] = posting;
        next[byte] += 1;
    }
    starts
}

/// Every fingerprint as a posting, dealt into `1 << SHARD_BITS` shards by the
/// top bits of its hash: for each shard, its postings in pieces (one per
/// slice of documents, dealt on all cores), to be joined when the shard is
/// sorted. Each piece is allocated at its final size, so the postings take
/// no more memory than one flat list would.
fn deal_into_shards(fingerprints: &FingerprintTable) -> Vec<Vec<Vec<Posting>>> {
    let shard_of = |hash: u64| (hash >> (64 - SHARD_BITS)) as usize;
    let docs = fingerprints.len();
    let docs_per_slice = docs.div_ceil(4 * rayon::current_num_threads()).max(1);
    let slices: Vec<Vec<Vec<Posting>>> = (0..docs.div_ceil(docs_per_slice))
        .into_par_iter()
        .map(|slice| {
            let slice = slice * docs_per_slice..((slice + 1) * docs_per_slice).min(docs);
            let mut sizes = vec![0usize; 1 << SHARD_BITS];
            for doc in slice.clone() {
                for f in fingerprints.doc(doc) {
                    sizes[shard_of(f.hash)] += 1;
                }
            }
            let mut pieces: Vec<Vec<Posting>> = sizes.into_iter().map(Vec::with_capacity).collect();
            for doc in slice {
                for f in fingerprints.doc(doc) {
                    pieces[shard_of(f.hash)].push(Posting {
                        hash: f.hash,
                        doc: doc as u32,
                    });
                }
            }
            pieces
        })
        .collect();
    let mut shards: Vec<Vec<Vec<Posting>>> = (0..1 << SHARD_BITS)
        .map(|_| Vec::with_capacity(slices.len()))
        .collect();
    for pieces in slices {
        for (shard, piece) in shards.iter_mut().zip(pieces) {
            shard.push(piece);
        }
    }
    shards
}

/// Links the holders of each hash group, visited in hash order: the rule
/// [`find_candidates`] applies to a whole corpus, open to a caller that
/// holds the postings itself (the archive index, whose postings live on
/// disk).
///
/// Documents are numbers into `keys`, and numbers must follow the corpus's
/// order: anchors are chosen by date, then by number.
pub struct Grouper<'a> {
    keys: &'a [DocKey],
    params: CandidateParams,
    /// When set, only links with at least one wanted end are kept: the
    /// documents being checked against an archive.
    wanted: Option<&'a [bool]>,
    stats: CandidateStats,
    links: Vec<u64>,
    frequent: Vec<u64>,
    boilerplate: Vec<u64>,
}

impl<'a> Grouper<'a> {
    /// A grouper over the documents `keys` describes.
    pub fn new(keys: &'a [DocKey], params: CandidateParams) -> Grouper<'a> {
        Grouper {
            keys,
            params,
            wanted: None,
            stats: CandidateStats::default(),
            links: Vec::new(),
            frequent: Vec::new(),
            boilerplate: Vec::new(),
        }
    }

    /// Keeps only the pairs with at least one document that `wanted`
    /// marks (indexed like `keys`). Every group still counts whole for what
    /// is boilerplate, what is frequent and which holder is the anchor, so
    /// the wanted documents get exactly the pairs a whole-corpus run gives
    /// them.
    pub fn only_pairs_with(mut self, wanted: &'a [bool]) -> Grouper<'a> {
        self.wanted = Some(wanted);
        self
    }

    /// Links the documents holding `hash`, given in document order, each
    /// once. Hashes must be visited in increasing order.
    pub fn visit(&mut self, hash: u64, holders: &[u32]) {
        if holders.len() < 2 {
            return;
        }
        self.stats.shared_hashes += 1;
        let (keys, params) = (self.keys, self.params);
        if is_boilerplate(holders, keys, params.boilerplate_docs) {
            self.stats.boilerplate_hashes += 1;
            self.boilerplate.push(hash);
            return;
        }
        if holders.len() >= FREQUENT_DOCS {
            self.frequent.push(hash);
        }
        let first_new = self.links.len();
        if holders.len() <= params.all_pairs_max {
            link_all_pairs(holders, keys, params.cross_source, &mut self.links);
        } else {
            self.stats.anchored_hashes += 1;
            link_to_anchor(holders, keys, params.cross_source, &mut self.links);
        }
        if let Some(wanted) = self.wanted {
            let mut kept = first_new;
            for i in first_new..self.links.len() {
                let link = self.links[i];
                let (a, b) = ((link >> 32) as usize, link as u32 as usize);
                if wanted[a] || wanted[b] {
                    self.links[kept] = link;
                    kept += 1;
                }
            }
            self.links.truncate(kept);
        }
    }

    /// Takes in what `later` found among hashes that all sort after the
    /// ones this grouper visited, keeping every list in hash order.
    fn absorb(&mut self, later: Grouper) {
        let (stats, theirs) = (&mut self.stats, later.stats);
        stats.shared_hashes += theirs.shared_hashes;
        stats.boilerplate_hashes += theirs.boilerplate_hashes;
        stats.anchored_hashes += theirs.anchored_hashes;
        self.links.extend(later.links);
        self.frequent.extend(later.frequent);
        self.boilerplate.extend(later.boilerplate);
    }

    /// What the groups visited found, before links are counted into
    /// pairs: for a caller that visits the groups in parts (a Spark task
    /// each) and counts the links of all parts together, keeping the pairs
    /// linked by at least [`CandidateParams::min_shared`] hashes, as
    /// [`finish`](Grouper::finish) does for one part.
    pub fn into_links(self) -> GroupLinks {
        GroupLinks {
            links: self
                .links
                .iter()
                .map(|&link| ((link >> 32) as u32, link as u32))
                .collect(),
            frequent: self.frequent,
            boilerplate: self.boilerplate,
        }
    }

    /// The candidate pairs, and the frequent and boilerplate hashes, of
    /// every group visited.
    pub fn finish(mut self) -> Candidates {
        self.links.par_sort_unstable();
        let pairs = self
            .links
            .chunk_by(|x, y| x == y)
            .filter(|run| run.len() as u32 >= self.params.min_shared)
            .map(|run| CandidatePair {
                a: (run[0] >> 32) as u32,
                b: run[0] as u32,
                shared: run.len() as u32,
            })
            .collect();
        // The groups were visited in hash order, so both lists are sorted.
        Candidates {
            pairs,
            frequent: SortedHashes::from_sorted(self.frequent),
            boilerplate: SortedHashes::from_sorted(self.boilerplate),
            stats: self.stats,
        }
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
    use crate::fingerprint::PlacedFingerprint;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_set_holds_its_hashes_and_no_other(
            mut hashes in proptest::collection::vec(any::<u64>(), 0..300),
            others in proptest::collection::vec(any::<u64>(), 0..300),
        ) {
            hashes.sort_unstable();
            hashes.dedup();
            let set = SortedHashes::from_sorted(hashes.clone());
            for hash in hashes.iter().chain(&others) {
                prop_assert_eq!(set.contains(*hash), hashes.contains(hash));
            }
            // Neighbours share the bitmap's bit but are not in the set.
            for hash in &hashes {
                prop_assert_eq!(set.contains(hash ^ 1), hashes.contains(&(hash ^ 1)));
            }
        }

        #[test]
        fn a_shard_sorts_as_one_sort_would(
            shard in 0u64..256,
            crowding in 0u32..=8,
            pieces in proptest::collection::vec(
                proptest::collection::vec((any::<u64>(), 0u64..256, 0u64..4, 0u32..50), 0..120),
                0..5,
            ),
        ) {
            // A shard holds the hashes whose top bits are its number. The
            // byte below takes `crowding` random bits, so that few buckets
            // hold many postings and are dealt again; the next byte and the
            // last bits are drawn from small sets, for equal hashes.
            let bucket_mask = (1u64 << crowding) - 1;
            let pieces: Vec<Vec<Posting>> = pieces
                .into_iter()
                .map(|piece| {
                    piece
                        .into_iter()
                        .map(|(bucket, next, low, doc)| Posting {
                            hash: (shard << (64 - SHARD_BITS))
                                | ((bucket & bucket_mask) << (56 - SHARD_BITS))
                                | (next << (48 - SHARD_BITS))
                                | low,
                            doc,
                        })
                        .collect()
                })
                .collect();
            let mut expected = pieces.concat();
            expected.sort_unstable();
            prop_assert!(sort_shard(pieces) == expected);
        }
    }

    fn fps(hashes: &[u64]) -> Vec<PlacedFingerprint> {
        hashes
            .iter()
            .enumerate()
            .map(|(i, &hash)| PlacedFingerprint {
                hash,
                pos: i as u32,
                byte: 6 * i as u32,
            })
            .collect()
    }

    fn table(docs: &[Vec<PlacedFingerprint>]) -> FingerprintTable {
        FingerprintTable::from(docs.to_vec())
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
            &table(&docs),
            &keys(&[None, None, None]),
            CandidateParams::default(),
            None,
        )
        .unwrap();
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
        let found = find_candidates(
            &table(&docs),
            &keys(&[Some(0), Some(0), Some(1)]),
            params,
            None,
        )
        .unwrap();
        let found: Vec<_> = found.pairs.iter().map(|p| (p.a, p.b)).collect();
        assert_eq!(found, [(0, 2), (1, 2)]);
    }

    #[test]
    fn one_sources_repeated_text_is_boilerplate() {
        let footer = [7, 8, 9];
        let docs: Vec<_> = (0..6)
            .map(|i| fps(&[footer[0], footer[1], footer[2], 100 + i]))
            .collect();
        let found = find_candidates(
            &table(&docs),
            &keys(&[Some(3); 6]),
            CandidateParams::default(),
            None,
        )
        .unwrap();
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
        let found =
            find_candidates(&table(&docs), &keys, CandidateParams::default(), None).unwrap();
        assert_eq!(found.pairs.len(), copies as usize - 1);
        assert!(
            found.pairs.iter().all(|p| p.a == 500 || p.b == 500),
            "anchor is the earliest"
        );
        assert_eq!(found.stats.anchored_hashes, 4);
        assert_eq!(found.frequent.len(), 4);
    }

    proptest! {
        #[test]
        fn wanted_documents_get_the_pairs_a_whole_corpus_run_gives_them(
            docs in proptest::collection::vec(
                proptest::collection::btree_set(0u64..40, 1..12), 2..40),
            sources in proptest::collection::vec(proptest::option::of(0u32..4), 40),
            ranks in proptest::collection::vec(0u32..6, 40),
            wanted in proptest::collection::vec(any::<bool>(), 40),
        ) {
            let n = docs.len();
            let keys: Vec<DocKey> = (0..n)
                .map(|i| DocKey { source: sources[i], date_rank: ranks[i] })
                .collect();
            let fingerprints: Vec<_> = docs
                .iter()
                .map(|hashes| fps(&hashes.iter().copied().collect::<Vec<_>>()))
                .collect();
            let whole = find_candidates(
                &table(&fingerprints), &keys, CandidateParams::default(), None,
            ).unwrap();
            let wanted = &wanted[..n];
            let mut grouper = Grouper::new(&keys, CandidateParams::default())
                .only_pairs_with(wanted);
            for hash in 0u64..40 {
                let holders: Vec<u32> = (0..n as u32)
                    .filter(|&d| docs[d as usize].contains(&hash))
                    .collect();
                grouper.visit(hash, &holders);
            }
            let checked = grouper.finish();
            let expected: Vec<CandidatePair> = whole
                .pairs
                .iter()
                .copied()
                .filter(|p| wanted[p.a as usize] || wanted[p.b as usize])
                .collect();
            prop_assert_eq!(checked.pairs, expected);
            prop_assert_eq!(checked.frequent, whole.frequent);
            prop_assert_eq!(checked.boilerplate, whole.boilerplate);
        }
    }

    #[test]
    fn spilled_runs_give_the_same_candidates_as_memory() {
        // Documents drawing hashes from a small pool, so groups of every
        // size occur: pairs, anchored groups, one source's boilerplate.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |bound: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % bound
        };
        let docs: Vec<Vec<PlacedFingerprint>> = (0..300u64)
            .map(|i| {
                let n = 1 + next(40) as usize;
                let mut hashes: Vec<u64> = (0..n).map(|_| next(2000)).collect();
                // Source 3's footer, and a story every tenth document copies.
                if i % 11 == 3 && i % 7 != 0 {
                    hashes.push(10_000);
                }
                if i % 10 == 0 {
                    hashes.extend([20_000, 20_001]);
                }
                fps(&hashes)
            })
            .collect();
        let keys: Vec<DocKey> = (0..300)
            .map(|i| DocKey {
                source: (i % 7 != 0).then_some((i % 11) as u32),
                date_rank: (i * 37 % 300) as u32,
            })
            .collect();
        let in_memory =
            find_candidates(&table(&docs), &keys, CandidateParams::default(), None).unwrap();
        assert!(in_memory.pairs.len() > 100, "the test needs many pairs");
        assert!(in_memory.stats.anchored_hashes > 0 && in_memory.stats.boilerplate_hashes > 0);
        let dir = tempfile::tempdir().unwrap();
        for budget in [12, 600, 12 * 1000] {
            let spill = Spill {
                dir: dir.path().to_path_buf(),
                budget_bytes: budget,
            };
            let spilled = find_candidates(
                &table(&docs),
                &keys,
                CandidateParams::default(),
                Some(&spill),
            )
            .unwrap();
            assert!(spilled.stats.spilled_runs > 1, "budget {budget}");
            let mut spilled_stats = spilled.stats.clone();
            spilled_stats.spilled_runs = 0;
            assert_eq!(spilled_stats, in_memory.stats, "budget {budget}");
            assert_eq!(spilled.pairs, in_memory.pairs, "budget {budget}");
            assert_eq!(spilled.frequent, in_memory.frequent, "budget {budget}");
            assert_eq!(
                spilled.boilerplate, in_memory.boilerplate,
                "budget {budget}"
            );
        }
        // The run files are gone.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_spill_folder_that_cannot_be_written_is_an_error_naming_it() {
        let docs = vec![fps(&[1, 2, 3]), fps(&[1, 2, 3])];
        // A folder inside a plain file cannot be made, even by root.
        let file = tempfile::NamedTempFile::new().unwrap();
        let dir = file.path().join("spill");
        let spill = Spill {
            dir: dir.clone(),
            budget_bytes: 12,
        };
        let err = find_candidates(
            &table(&docs),
            &keys(&[None, None]),
            CandidateParams::default(),
            Some(&spill),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains(&dir.display().to_string()),
            "{err}"
        );
    }
}
