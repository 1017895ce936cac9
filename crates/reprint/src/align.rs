//! The align stage: the token hashes of two documents in, the passages they
//! share out, each with its token-level operations.
//!
//! The method follows read aligners such as minimap2, on words instead of
//! bases:
//!
//! 1. **Seeds.** Every k-gram (`seed_len` tokens) the two texts share marks
//!    an anchor `(i, j)`. K-grams repeated too often inside either text
//!    ("of the", "de la") seed nothing.
//! 2. **Chaining.** Anchors are chained co-linearly by dynamic programming:
//!    each anchor extends the best chain ending at an earlier anchor before it
//!    in both texts and no more than `max_gap` tokens away, paying for the
//!    difference between the two distances (indels) and for tokens skipped.
//!    Chains are taken best first; each anchor serves one chain. A block that
//!    moved (swapped paragraphs) breaks co-linearity, so it forms a chain of
//!    its own and becomes a second passage instead of being lost.
//! 3. **Filling.** Between consecutive anchors of a chain, the tokens are
//!    aligned globally with affine gaps (Gotoh). The gaps are bounded by
//!    `max_gap`, so each fill is a small band of the full matrix.
//! 4. **Extension.** Both ends of a chain are extended with a gapped X-drop
//!    alignment: it runs on while the score stays within `x_drop` of the
//!    best seen, and ends on the best.
//! 5. **Cleanup.** Passages are split where a non-matching stretch exceeds
//!    `max_gap`, trimmed to start and end on a match, dropped below
//!    `min_tokens` matched tokens, and dropped when they mostly repeat a
//!    better passage on both sides.

use std::ops::Range;

use crate::fingerprint::kgram_hashes;

/// One alignment operation on tokens, reading `a` as the original and `b` as
/// the copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    /// The same token on both sides.
    Match,
    /// One token of `a` replaced by one token of `b`.
    Substitute,
    /// A token of `b` with nothing in `a`.
    Insert,
    /// A token of `a` with nothing in `b`.
    Delete,
}

impl Op {
    /// How many tokens of `a` and of `b` the operation consumes.
    pub fn steps(self) -> (u32, u32) {
        match self {
            Op::Match | Op::Substitute => (1, 1),
            Op::Insert => (0, 1),
            Op::Delete => (1, 0),
        }
    }
}

/// A run of one operation, `len` times over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpRun {
    /// The operation.
    pub op: Op,
    /// How many times in a row.
    pub len: u32,
}

/// How passages are found and aligned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlignParams {
    /// Tokens per seed k-gram.
    pub seed_len: usize,
    /// A seed k-gram occurring more often than this in either text is
    /// ignored.
    pub max_seed_repeats: usize,
    /// The longest stretch without a seed (and the longest non-matching
    /// stretch) a passage bridges; longer ones split it.
    pub max_gap: u32,
    /// How far below its best the extension score may fall before it stops.
    pub x_drop: i32,
    /// The fewest matched tokens a passage must have to be kept.
    pub min_tokens: u32,
}

impl Default for AlignParams {
    fn default() -> Self {
        AlignParams {
            seed_len: 3,
            max_seed_repeats: 8,
            max_gap: 40,
            x_drop: 12,
            min_tokens: 20,
        }
    }
}

/// A passage found in token coordinates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenPassage {
    /// The passage's tokens in `a`.
    pub a: Range<u32>,
    /// The passage's tokens in `b`.
    pub b: Range<u32>,
    /// The operations that turn `a[a]` into `b[b]`, in order; the first and
    /// last are matches.
    pub ops: Vec<OpRun>,
    /// How many operations are matches.
    pub matches: u32,
    /// How many operations there are in all.
    pub columns: u32,
}

const MATCH: i32 = 2;
const MISMATCH: i32 = -2;
const GAP_OPEN: i32 = -3;
const GAP_EXTEND: i32 = -1;
/// Below any reachable score, yet far from overflow when added to.
const NEG: i32 = i32::MIN / 4;
/// What chaining charges for a difference in distance between two anchors
/// (an indel): a fixed part and a part per token.
const CHAIN_INDEL_OPEN: f32 = 0.5;
const CHAIN_INDEL: f32 = 0.25;
/// What chaining charges per token skipped on both sides (a rewritten
/// stretch); kept low so that a lightly revised copy, whose verbatim runs
/// are short, still forms one chain.
const CHAIN_SKIP: f32 = 0.25;
/// Predecessors examined per anchor while chaining.
const CHAIN_LOOKBACK: usize = 64;

/// Finds and aligns every passage `a` and `b` share.
///
/// The result is ordered by position in `a`. Equal inputs give equal output:
/// nothing depends on hashing order or threads.
pub fn align(a: &[u64], b: &[u64], params: &AlignParams) -> Vec<TokenPassage> {
    let k = params.seed_len.max(1);
    let anchors = find_anchors(a, b, k, params.max_seed_repeats);
    let chains = chain_anchors(&anchors, k as u32, params);
    let mut passages = Vec::new();
    for chain in chains {
        let ops = align_chain(a, b, &chain, k as u32, params);
        split_and_trim(chain_start(&chain, &ops), &ops, params, &mut passages);
    }
    remove_overlaps(&mut passages);
    passages.sort_by_key(|p| (p.a.start, p.b.start));
    passages
}

/// A shared seed: `seed_len` tokens equal at `a[i..]` and `b[j..]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Anchor {
    i: u32,
    j: u32,
}

fn find_anchors(a: &[u64], b: &[u64], k: usize, max_repeats: usize) -> Vec<Anchor> {
    let (mut ka, mut kb) = (Vec::new(), Vec::new());
    kgram_hashes(a, k, &mut ka);
    kgram_hashes(b, k, &mut kb);
    let (index_a, index_b) = (KgramIndex::new(&ka), KgramIndex::new(&kb));
    // Walking `a` in order and each k-gram's positions in `b` in order gives
    // the anchors sorted by (i, j) with no sort at all.
    let mut anchors = Vec::new();
    for (i, &h) in (0u32..).zip(&ka) {
        let Some(in_b) = index_b.find(h) else {
            continue;
        };
        if in_b.count as usize > max_repeats
            || index_a
                .find(h)
                .is_none_or(|in_a| in_a.count as usize > max_repeats)
        {
            continue;
        }
        anchors.extend(index_b.positions(in_b).map(|j| Anchor { i, j }));
    }
    anchors
}

/// Where the k-grams of one text occur: an open-addressing table from each
/// distinct k-gram hash to its first position and count, with the later
/// positions linked in order.
struct KgramIndex {
    mask: usize,
    slots: Vec<Slot>,
    /// The next position holding the same k-gram, or `NONE`.
    next: Vec<u32>,
}

/// One distinct k-gram in a [`KgramIndex`].
#[derive(Clone, Copy)]
struct Slot {
    hash: u64,
    /// Its first position, or `NONE` for an empty slot.
    first: u32,
    count: u32,
}

const NONE: u32 = u32::MAX;

impl KgramIndex {
    /// Indexes `hashes`, which are well mixed (they come from
    /// [`kgram_hashes`]), so their low bits serve as the table position.
    fn new(hashes: &[u64]) -> KgramIndex {
        let capacity = (2 * hashes.len()).next_power_of_two().max(2);
        let mut index = KgramIndex {
            mask: capacity - 1,
            slots: vec![
                Slot {
                    hash: 0,
                    first: NONE,
                    count: 0
                };
                capacity
            ],
            next: vec![NONE; hashes.len()],
        };
        // Linking from the last position back leaves each list in order.
        for (p, &h) in hashes.iter().enumerate().rev() {
            let slot = index.slot_of(h);
            let entry = &mut index.slots[slot];
            entry.hash = h;
            index.next[p] = entry.first;
            entry.first = p as u32;
            entry.count += 1;
        }
        index
    }

    /// The slot holding `hash`, or the empty slot where it would go.
    fn slot_of(&self, hash: u64) -> usize {
        let mut slot = hash as usize & self.mask;
        loop {
            let entry = &self.slots[slot];
            if entry.first == NONE || entry.hash == hash {
                return slot;
            }
            slot = (slot + 1) & self.mask;
        }
    }

    fn find(&self, hash: u64) -> Option<Slot> {
        let entry = self.slots[self.slot_of(hash)];
        (entry.first != NONE).then_some(entry)
    }

    /// The positions of a k-gram, in increasing order.
    fn positions(&self, slot: Slot) -> impl Iterator<Item = u32> + '_ {
        std::iter::successors(Some(slot.first), |&p| {
            Some(self.next[p as usize]).filter(|&n| n != NONE)
        })
    }
}

/// Chains anchors co-linearly; returns each kept chain's anchors in order,
/// best chain first.
fn chain_anchors(anchors: &[Anchor], k: u32, params: &AlignParams) -> Vec<Vec<Anchor>> {
    let n = anchors.len();
    let reach = params.max_gap + k;
    let mut score = vec![0f32; n];
    let mut pred = vec![usize::MAX; n];
    for idx in 0..n {
        let cur = anchors[idx];
        let mut best = k as f32;
        let mut best_pred = usize::MAX;
        for p in (idx.saturating_sub(CHAIN_LOOKBACK)..idx).rev() {
            let prev = anchors[p];
            let di = cur.i - prev.i;
            if di > reach {
                break;
            }
            if di == 0 || prev.j >= cur.j {
                continue;
            }
            let dj = cur.j - prev.j;
            if dj > reach {
                continue;
            }
            let gained = di.min(dj).min(k);
            let indel = di.abs_diff(dj);
            let skipped = di.min(dj) - gained;
            let indel_cost = if indel > 0 {
                CHAIN_INDEL_OPEN + CHAIN_INDEL * indel as f32
            } else {
                0.0
            };
            let cost = indel_cost + CHAIN_SKIP * skipped as f32;
            let candidate = score[p] + gained as f32 - cost;
            if candidate > best {
                best = candidate;
                best_pred = p;
            }
            // An overlapping anchor on the same diagonal continues an exact
            // match: nothing farther back can beat it, so stop looking (as
            // minimap2's chainer does), which keeps verbatim text linear.
            if indel == 0 && di <= k && p == best_pred {
                break;
            }
        }
        score[idx] = best;
        pred[idx] = best_pred;
    }

    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&x, &y| score[y].total_cmp(&score[x]).then(x.cmp(&y)));
    let mut used = vec![false; n];
    let mut chains = Vec::new();
    let min_chain_score = (params.min_tokens / 2) as f32;
    for end in order {
        if used[end] {
            continue;
        }
        let mut chain = Vec::new();
        let mut at = end;
        loop {
            used[at] = true;
            chain.push(anchors[at]);
            match pred[at] {
                p if p != usize::MAX && !used[p] => at = p,
                _ => break,
            }
        }
        let base = match pred[at] {
            p if p != usize::MAX => score[p],
            _ => 0.0,
        };
        if score[end] - base >= min_chain_score {
            chain.reverse();
            chains.push(chain);
        }
    }
    chains
}

/// Where the aligned operations of a chain start, in (a, b) tokens: the
/// first anchor, moved back over what the left extension added.
fn chain_start(chain: &[Anchor], ops: &AlignedChain) -> (u32, u32) {
    (chain[0].i - ops.left_a, chain[0].j - ops.left_b)
}

/// The operations of one chain, from its left extension to its right one.
struct AlignedChain {
    ops: Vec<OpRun>,
    /// Tokens of `a` and `b` the left extension added before the first anchor.
    left_a: u32,
    left_b: u32,
}

fn push_op(ops: &mut Vec<OpRun>, op: Op, len: u32) {
    if len == 0 {
        return;
    }
    match ops.last_mut() {
        Some(last) if last.op == op => last.len += len,
        _ => ops.push(OpRun { op, len }),
    }
}

fn align_chain(
    a: &[u64],
    b: &[u64],
    chain: &[Anchor],
    k: u32,
    params: &AlignParams,
) -> AlignedChain {
    // Turn the anchors into non-overlapping exact blocks (i, j, len).
    let mut blocks: Vec<(u32, u32, u32)> = Vec::with_capacity(chain.len());
    for anchor in chain {
        if let Some(last) = blocks.last_mut() {
            let (li, lj, ll) = *last;
            if anchor.i - li == anchor.j - lj && anchor.i <= li + ll {
                last.2 = ll.max(anchor.i + k - li);
                continue;
            }
            let skip = (li + ll)
                .saturating_sub(anchor.i)
                .max((lj + ll).saturating_sub(anchor.j));
            if skip < k {
                blocks.push((anchor.i + skip, anchor.j + skip, k - skip));
            }
        } else {
            blocks.push((anchor.i, anchor.j, k));
        }
    }

    let window = (2 * params.max_gap) as usize;
    let (fi, fj, _) = blocks[0];
    let left_a: Vec<u64> = a[fi as usize - (fi as usize).min(window)..fi as usize]
        .iter()
        .rev()
        .copied()
        .collect();
    let left_b: Vec<u64> = b[fj as usize - (fj as usize).min(window)..fj as usize]
        .iter()
        .rev()
        .copied()
        .collect();
    let left = dynamic_align(&left_a, &left_b, Some(params.x_drop));

    let mut ops = Vec::new();
    for run in left.ops.iter().rev() {
        push_op(&mut ops, run.op, run.len);
    }
    for (n, &(i, j, len)) in blocks.iter().enumerate() {
        push_op(&mut ops, Op::Match, len);
        let (end_i, end_j) = ((i + len) as usize, (j + len) as usize);
        if let Some(&(ni, nj, _)) = blocks.get(n + 1) {
            let fill = dynamic_align(&a[end_i..ni as usize], &b[end_j..nj as usize], None);
            for run in fill.ops {
                push_op(&mut ops, run.op, run.len);
            }
        } else {
            let right_a = &a[end_i..(end_i + window).min(a.len())];
            let right_b = &b[end_j..(end_j + window).min(b.len())];
            for run in dynamic_align(right_a, right_b, Some(params.x_drop)).ops {
                push_op(&mut ops, run.op, run.len);
            }
        }
    }
    AlignedChain {
        ops,
        left_a: left.consumed_a,
        left_b: left.consumed_b,
    }
}

/// The result of one dynamic-programming alignment.
struct DpAlignment {
    ops: Vec<OpRun>,
    consumed_a: u32,
    consumed_b: u32,
}

/// Affine-gap alignment of `x` against `y` (Gotoh).
///
/// With `x_drop = None` the alignment is global: it consumes both sequences
/// whole. With `Some(x)` it is an extension from the start: cells scoring
/// more than `x` below the best so far are pruned, and the alignment ends at
/// the best-scoring cell (possibly the start, consuming nothing).
fn dynamic_align(x: &[u64], y: &[u64], x_drop: Option<i32>) -> DpAlignment {
    let (n, m) = (x.len(), y.len());
    let width = m + 1;
    // Three states: h = ends in a match or substitution, e = ends in an
    // insertion (a gap in x), f = ends in a deletion (a gap in y).
    let mut h = vec![NEG; (n + 1) * width];
    let mut e = vec![NEG; (n + 1) * width];
    let mut f = vec![NEG; (n + 1) * width];
    h[0] = 0;
    for (jj, cell) in e.iter_mut().enumerate().take(m + 1).skip(1) {
        *cell = GAP_OPEN + GAP_EXTEND * jj as i32;
    }
    for ii in 1..=n {
        f[ii * width] = GAP_OPEN + GAP_EXTEND * ii as i32;
    }
    let best_of = |idx: usize, h: &[i32], e: &[i32], f: &[i32]| h[idx].max(e[idx]).max(f[idx]);
    let mut best = (0i32, 0usize, 0usize);
    for ii in 1..=n {
        let mut row_alive = false;
        for jj in 1..=m {
            let idx = ii * width + jj;
            let diag = best_of(idx - width - 1, &h, &e, &f);
            let step = if x[ii - 1] == y[jj - 1] {
                MATCH
            } else {
                MISMATCH
            };
            h[idx] = diag.saturating_add(step);
            e[idx] =
                (best_of(idx - 1, &h, &e, &f) + GAP_OPEN + GAP_EXTEND).max(e[idx - 1] + GAP_EXTEND);
            f[idx] = (best_of(idx - width, &h, &e, &f) + GAP_OPEN + GAP_EXTEND)
                .max(f[idx - width] + GAP_EXTEND);
            if let Some(drop) = x_drop {
                let here = best_of(idx, &h, &e, &f);
                if here < best.0 - drop {
                    h[idx] = NEG;
                    e[idx] = NEG;
                    f[idx] = NEG;
                } else {
                    row_alive = true;
                    if h[idx] > best.0 {
                        best = (h[idx], ii, jj);
                    }
                }
            }
        }
        if x_drop.is_some() && !row_alive {
            break;
        }
    }
    let (end_i, end_j) = if x_drop.is_some() {
        (best.1, best.2)
    } else {
        (n, m)
    };
    let ops = trace_back(x, y, &h, &e, &f, width, end_i, end_j);
    DpAlignment {
        ops,
        consumed_a: end_i as u32,
        consumed_b: end_j as u32,
    }
}

#[allow(clippy::too_many_arguments)]
fn trace_back(
    x: &[u64],
    y: &[u64],
    h: &[i32],
    e: &[i32],
    f: &[i32],
    width: usize,
    mut ii: usize,
    mut jj: usize,
) -> Vec<OpRun> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        H,
        E,
        F,
    }
    let at = |ii: usize, jj: usize| ii * width + jj;
    let best_state = |idx: usize| {
        if h[idx] >= e[idx] && h[idx] >= f[idx] {
            State::H
        } else if e[idx] >= f[idx] {
            State::E
        } else {
            State::F
        }
    };
    let mut reversed = Vec::new();
    let mut state = best_state(at(ii, jj));
    while ii > 0 || jj > 0 {
        let idx = at(ii, jj);
        match state {
            State::H if ii > 0 && jj > 0 => {
                let op = if x[ii - 1] == y[jj - 1] {
                    Op::Match
                } else {
                    Op::Substitute
                };
                push_op(&mut reversed, op, 1);
                ii -= 1;
                jj -= 1;
                state = best_state(at(ii, jj));
            }
            State::E if jj > 0 => {
                push_op(&mut reversed, Op::Insert, 1);
                let opened = e[idx] == best_max(h, e, f, idx - 1) + GAP_OPEN + GAP_EXTEND;
                jj -= 1;
                state = if opened || jj == 0 {
                    best_state(at(ii, jj))
                } else {
                    State::E
                };
            }
            State::F if ii > 0 => {
                push_op(&mut reversed, Op::Delete, 1);
                let opened = f[idx] == best_max(h, e, f, idx - width) + GAP_OPEN + GAP_EXTEND;
                ii -= 1;
                state = if opened || ii == 0 {
                    best_state(at(ii, jj))
                } else {
                    State::F
                };
            }
            // On the first row or column only one move is left.
            _ => state = if ii == 0 { State::E } else { State::F },
        }
    }
    reversed.reverse();
    reversed
}

fn best_max(h: &[i32], e: &[i32], f: &[i32], idx: usize) -> i32 {
    h[idx].max(e[idx]).max(f[idx])
}

/// Cuts a chain's operations where a non-matching stretch is longer than
/// `max_gap`, trims each piece to start and end on a match, and keeps the
/// pieces with at least `min_tokens` matches.
fn split_and_trim(
    start: (u32, u32),
    chain: &AlignedChain,
    params: &AlignParams,
    out: &mut Vec<TokenPassage>,
) {
    let (mut ia, mut ib) = start;
    let mut piece: Vec<OpRun> = Vec::new();
    let mut piece_start = (ia, ib);
    let mut pending_gap = (0u32, 0u32);
    let flush = |piece: &mut Vec<OpRun>, from: (u32, u32), out: &mut Vec<TokenPassage>| {
        if let Some(passage) = finish_piece(std::mem::take(piece), from, params) {
            out.push(passage);
        }
    };
    for run in &chain.ops {
        let (sa, sb) = run.op.steps();
        if run.op == Op::Match {
            if pending_gap.0.max(pending_gap.1) > params.max_gap {
                // The stretch ends this passage and starts another.
                drop_trailing_gap(&mut piece);
                flush(&mut piece, piece_start, out);
                piece_start = (ia, ib);
            }
            pending_gap = (0, 0);
        } else {
            pending_gap.0 += sa * run.len;
            pending_gap.1 += sb * run.len;
        }
        if !piece.is_empty() || run.op == Op::Match {
            push_op(&mut piece, run.op, run.len);
        } else {
            piece_start = (ia + sa * run.len, ib + sb * run.len);
        }
        ia += sa * run.len;
        ib += sb * run.len;
    }
    drop_trailing_gap(&mut piece);
    flush(&mut piece, piece_start, out);
}

/// Removes the non-matching operations at the end of `piece`.
fn drop_trailing_gap(piece: &mut Vec<OpRun>) {
    let keep = piece
        .iter()
        .rposition(|r| r.op == Op::Match)
        .map_or(0, |p| p + 1);
    piece.truncate(keep);
}

fn finish_piece(ops: Vec<OpRun>, start: (u32, u32), params: &AlignParams) -> Option<TokenPassage> {
    let mut len_a = 0;
    let mut len_b = 0;
    let mut matches = 0;
    let mut columns = 0;
    for run in &ops {
        let (sa, sb) = run.op.steps();
        len_a += sa * run.len;
        len_b += sb * run.len;
        columns += run.len;
        if run.op == Op::Match {
            matches += run.len;
        }
    }
    (matches >= params.min_tokens && matches > 0).then(|| TokenPassage {
        a: start.0..start.0 + len_a,
        b: start.1..start.1 + len_b,
        ops,
        matches,
        columns,
    })
}

fn overlap(x: &Range<u32>, y: &Range<u32>) -> u32 {
    x.end.min(y.end).saturating_sub(x.start.max(y.start))
}

/// Drops passages that repeat more than half of a better passage on both
/// sides at once (a second chain through the same text), and those that
/// repeat more than half of one on either side while matching loosely (a
/// stretch already aligned, aligned again to a second place that merely
/// resembles it).
fn remove_overlaps(passages: &mut Vec<TokenPassage>) {
    passages.sort_by(|x, y| y.matches.cmp(&x.matches).then(x.a.start.cmp(&y.a.start)));
    let mut kept: Vec<TokenPassage> = Vec::with_capacity(passages.len());
    for p in passages.drain(..) {
        let half = |r: &Range<u32>, s: &Range<u32>| {
            2 * overlap(r, s) > (r.end - r.start).min(s.end - s.start)
        };
        // A stretch a stronger passage already aligns is aligned again
        // elsewhere only where the other text really holds it twice: a
        // second place that matches it loosely is a coincidence.
        let echoes_loosely = f64::from(p.matches) < REPEAT_IDENTITY * f64::from(p.columns);
        let repeats = kept.iter().any(|q| {
            (half(&p.a, &q.a) && half(&p.b, &q.b))
                || (echoes_loosely && (half(&p.a, &q.a) || half(&p.b, &q.b)))
        });
        if !repeats {
            kept.push(p);
        }
    }
    *passages = kept;
}

/// The identity a second alignment of one stretch needs to be kept: the
/// text it points to must repeat the stretch nearly word for word.
const REPEAT_IDENTITY: f64 = 0.9;

#[cfg(test)]
mod tests {
    use super::*;

    /// Token ids from words, so tests read as text.
    fn ids(text: &str) -> Vec<u64> {
        text.split_whitespace()
            .map(crate::tokenize::hash_folded)
            .collect()
    }

    fn words(n: usize, salt: &str) -> String {
        (0..n).map(|i| format!("{salt}{i} ")).collect()
    }

    fn params() -> AlignParams {
        AlignParams {
            min_tokens: 10,
            ..AlignParams::default()
        }
    }

    fn apply(p: &TokenPassage) -> (u32, u32) {
        let (mut la, mut lb) = (0, 0);
        for run in &p.ops {
            let (sa, sb) = run.op.steps();
            la += sa * run.len;
            lb += sb * run.len;
        }
        (la, lb)
    }

    #[test]
    fn a_stretch_is_aligned_again_elsewhere_only_where_the_text_repeats_it() {
        let stretch = words(30, "s");
        // b holds the whole passage, then the stretch again with every
        // fourth word changed: a loose echo, not a repeat.
        let echo: String = stretch
            .split_whitespace()
            .enumerate()
            .map(|(i, w)| {
                if i % 4 == 3 {
                    format!("x{i} ")
                } else {
                    format!("{w} ")
                }
            })
            .collect();
        let passage = format!("{}{}{}", words(20, "p"), stretch, words(20, "q"));
        let a = ids(&format!("{}{}", passage, words(30, "a")));
        let loose = ids(&format!(
            "{}{}{}{}",
            passage,
            words(30, "b"),
            echo,
            words(30, "c")
        ));
        let spans = |b: &[u64]| -> Vec<(Range<u32>, Range<u32>)> {
            align(&a, b, &params())
                .into_iter()
                .map(|p| (p.a, p.b))
                .collect()
        };
        assert_eq!(spans(&loose), [(0..70, 0..70)]);
        let repeated = ids(&format!(
            "{}{}{}{}",
            passage,
            words(30, "b"),
            stretch,
            words(30, "c")
        ));
        assert_eq!(spans(&repeated).len(), 2, "{:?}", spans(&repeated));
    }

    #[test]
    fn finds_a_verbatim_passage_inside_unrelated_text() {
        let shared = words(30, "s");
        let a = ids(&format!("{}{}{}", words(50, "a"), shared, words(20, "b")));
        let b = ids(&format!("{}{}{}", words(7, "c"), shared, words(40, "d")));
        let passages = align(&a, &b, &params());
        assert_eq!(passages.len(), 1);
        let p = &passages[0];
        assert_eq!((p.a.clone(), p.b.clone()), (50..80, 7..37));
        assert_eq!(
            p.ops,
            [OpRun {
                op: Op::Match,
                len: 30
            }]
        );
    }

    #[test]
    fn bridges_a_deleted_clause_and_a_substitution() {
        let a = ids(&format!(
            "{} one two three four five six {} changed {}",
            words(20, "x"),
            words(15, "y"),
            words(15, "z")
        ));
        let b = ids(&format!(
            "{} {} altered {}",
            words(20, "x"),
            words(15, "y"),
            words(15, "z")
        ));
        let passages = align(&a, &b, &params());
        assert_eq!(passages.len(), 1, "{passages:?}");
        let p = &passages[0];
        assert_eq!(
            p.ops,
            [
                OpRun {
                    op: Op::Match,
                    len: 20
                },
                OpRun {
                    op: Op::Delete,
                    len: 6
                },
                OpRun {
                    op: Op::Match,
                    len: 15
                },
                OpRun {
                    op: Op::Substitute,
                    len: 1
                },
                OpRun {
                    op: Op::Match,
                    len: 15
                },
            ]
        );
        assert_eq!(apply(p), (p.a.end - p.a.start, p.b.end - p.b.start));
    }

    #[test]
    fn swapped_paragraphs_give_two_passages() {
        let (p1, p2) = (words(25, "p"), words(25, "q"));
        let a = ids(&format!("{p1}{p2}"));
        let b = ids(&format!("{p2}{p1}"));
        let passages = align(&a, &b, &params());
        let spans: Vec<_> = passages
            .iter()
            .map(|p| (p.a.clone(), p.b.clone()))
            .collect();
        assert_eq!(spans, [(0..25, 25..50), (25..50, 0..25)]);
    }

    #[test]
    fn a_gap_longer_than_max_gap_splits_the_passage() {
        let a = ids(&format!(
            "{}{}{}",
            words(20, "l"),
            words(60, "gap"),
            words(20, "r")
        ));
        let b = ids(&format!("{}{}", words(20, "l"), words(20, "r")));
        let passages = align(&a, &b, &params());
        let spans: Vec<_> = passages
            .iter()
            .map(|p| (p.a.clone(), p.b.clone()))
            .collect();
        assert_eq!(spans, [(0..20, 0..20), (80..100, 20..40)]);
    }

    #[test]
    fn short_shared_runs_are_dropped() {
        let a = ids(&format!(
            "{}{}{}",
            words(30, "a"),
            words(6, "s"),
            words(30, "b")
        ));
        let b = ids(&format!(
            "{}{}{}",
            words(30, "c"),
            words(6, "s"),
            words(30, "d")
        ));
        assert!(align(&a, &b, &params()).is_empty());
    }

    #[test]
    fn extension_reaches_past_the_last_seed() {
        // After a substitution the copy's last two words match: too few for
        // a seed, but the X-drop extension still takes them. One word alone
        // would not pay for the mismatch before it.
        let a = ids(&format!("{} alpha omega beta gamma", words(20, "m")));
        let b = ids(&format!("{} alpha sigma beta gamma", words(20, "m")));
        let passages = align(&a, &b, &params());
        assert_eq!(passages[0].a, 0..24);
        assert_eq!(passages[0].matches, 23);
        let a = ids(&format!("{} alpha omega beta", words(20, "m")));
        let b = ids(&format!("{} alpha sigma beta", words(20, "m")));
        assert_eq!(align(&a, &b, &params())[0].a, 0..21);
    }

    #[test]
    fn global_fill_uses_affine_gaps() {
        let x = ids("a b c d e f");
        let y = ids("a f");
        let result = dynamic_align(&x, &y, None);
        assert_eq!(
            result.ops,
            [
                OpRun {
                    op: Op::Match,
                    len: 1
                },
                OpRun {
                    op: Op::Delete,
                    len: 4
                },
                OpRun {
                    op: Op::Match,
                    len: 1
                },
            ]
        );
    }
}
