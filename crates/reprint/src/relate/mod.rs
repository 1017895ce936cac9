//! The relate stage: the aligned passages of a pair in, one [`Reuse`] record
//! out: which document is the original and why, whether the copy credits
//! it, what kind of reuse it is, how much of each body it covers, and every
//! edit the copy made.

pub mod direction;
pub mod edits;
pub mod judge;
pub mod kind;
pub mod named_source;
pub mod siblings;

use std::ops::Range;

use crate::align::{Op, OpRun, TokenPassage};
use crate::candidates::SortedHashes;
use crate::clean::credits::same_outlet;
use crate::clean::Article;
use crate::fingerprint::{fingerprint, FingerprintParams};
use crate::model::{Document, Edit, EditKind, Passage, Reuse};
use crate::tokenize::Token;

use direction::Party;

/// How the relate stage judges pairs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct JudgeParams {
    /// The score a pair needs to be called a reprint; below it, it is a
    /// template, a quote, boilerplate or an overlap.
    pub min_score: f64,
}

impl Default for JudgeParams {
    fn default() -> Self {
        JudgeParams {
            min_score: judge::DEFAULT_MIN_SCORE,
        }
    }
}

/// One side of a pair: the document, its article and its body tokens.
#[derive(Clone, Copy)]
pub struct Side<'a> {
    /// The document.
    pub doc: &'a Document,
    /// Its cleaned article.
    pub article: &'a Article,
    /// Its body tokens, as the aligner saw them.
    pub tokens: &'a [Token],
}

/// A text and the tokens the aligner saw in it: what the edit and judge
/// steps read of one side of a pair.
#[derive(Clone, Copy)]
pub struct TokenizedText<'a> {
    /// The whole text.
    pub text: &'a str,
    /// Its body tokens.
    pub tokens: &'a [Token],
}

impl<'a> Side<'a> {
    fn tokenized(&self) -> TokenizedText<'a> {
        TokenizedText {
            text: &self.doc.text,
            tokens: self.tokens,
        }
    }

    fn party(&self) -> Party<'a> {
        Party {
            doc: self.doc,
            article: self.article,
        }
    }
}

/// What the relate stage knows of the whole corpus.
pub struct CorpusFacts<'a> {
    /// Fingerprints many documents hold (for telling templates apart).
    pub frequent: &'a SortedHashes,
    /// How fingerprints were taken.
    pub fingerprint: FingerprintParams,
}

/// The names `party`'s outlet goes by: its source, its address, and the
/// outlet whose feed the page is ([`Article::feed_of`]).
///
/// [`Article::feed_of`]: crate::clean::Article::feed_of
pub(super) fn outlet_names<'a>(party: &Party<'a>) -> impl Iterator<Item = &'a str> {
    party
        .doc
        .source
        .as_deref()
        .into_iter()
        .chain(party.doc.url.as_deref())
        .chain(party.article.feed_of.as_deref())
}

/// The name under which `credit_side` credits `outlet_side`'s outlet, if it
/// does. A credit of `credit_side`'s own outlet does not count: the "(AP)"
/// tag on AP's own story credits no portal's page of AP's feed.
pub(crate) fn credits_outlet(credit_side: Party<'_>, outlet_side: Party<'_>) -> Option<String> {
    credit_side
        .article
        .credits
        .iter()
        .filter(|c| !outlet_names(&credit_side).any(|own| same_outlet(&c.name, own)))
        .find(|c| outlet_names(&outlet_side).any(|name| same_outlet(&c.name, name)))
        .map(|c| c.name.clone())
}

/// Tokens a passage may start after a text's head, or end before its foot,
/// and still sit at it: room for a word the alignment left out.
const EDGE_TOKENS: u32 = 3;

/// Whether there is a passage and every one (its token ranges in `a` and
/// `b`) starts at the head or ends at the foot of its text, on both sides.
fn at_edges<'r>(
    passages: impl IntoIterator<Item = (&'r Range<u32>, &'r Range<u32>)>,
    a_len: usize,
    b_len: usize,
) -> bool {
    let at_edge = |r: &Range<u32>, len: usize| {
        r.start <= EDGE_TOKENS || r.end as usize + EDGE_TOKENS as usize >= len
    };
    let mut any = false;
    passages.into_iter().all(|(a, b)| {
        any = true;
        at_edge(a, a_len) && at_edge(b, b_len)
    }) && any
}

/// Builds the reuse record for `a` and `b` from their token passages, or
/// `None` when they share no passage. When the direction is known, the
/// record's `a` is the original, whichever side it was given as.
pub fn relate(
    a: Side<'_>,
    b: Side<'_>,
    passages: Vec<TokenPassage>,
    facts: &CorpusFacts<'_>,
    judging: JudgeParams,
) -> Option<Reuse> {
    if passages.is_empty() {
        return None;
    }
    let direction = direction::decide(a.party(), b.party());
    let (a, b, mut passages) = if direction.original == Some(direction::Side::B) {
        (b, a, passages.into_iter().map(invert).collect())
    } else {
        (a, b, passages)
    };
    passages.sort_by_key(|p| (p.a.start, p.b.start));
    let coverage_a = coverage(passages.iter().map(|p| p.a.clone()), a.tokens.len());
    let coverage_b = coverage(passages.iter().map(|p| p.b.clone()), b.tokens.len());

    let (side_a, side_b) = (a.tokenized(), b.tokenized());
    let mut all_edits: Vec<Edit> = passages
        .iter()
        .flat_map(|p| edits::passage_edits(side_a, side_b, (p.a.start, p.b.start), &p.ops))
        .collect();
    all_edits.extend(moves(&passages, side_a, side_b));
    all_edits.sort_by_key(|e| (e.a_begin, e.b_begin));
    let frequent_share = frequent_share(&passages, b.tokens, facts);
    let quoted_share = quoted_share(&passages, a, b);
    let signals = judge::signals(
        side_a,
        side_b,
        &passages,
        (coverage_a, coverage_b),
        quoted_share,
        frequent_share,
    );
    let score = judge::score(&signals);

    // Read before the passages turn to code points: only pairs of one
    // source pay for it.
    let same_source = matches!((&a.doc.source, &b.doc.source), (Some(x), Some(y)) if x == y);
    let same_source_edges = same_source
        && at_edges(
            passages.iter().map(|p| (&p.a, &p.b)),
            a.tokens.len(),
            b.tokens.len(),
        );
    let passages: Vec<Passage> = passages
        .into_iter()
        .map(|p| {
            let (a_begin, a_end) = char_span(a.tokens, &p.a);
            let (b_begin, b_end) = char_span(b.tokens, &p.b);
            Passage {
                a_begin,
                a_end,
                b_begin,
                b_end,
                tokens: p.matches,
                identity: f64::from(p.matches) / f64::from(p.columns),
            }
        })
        .collect();

    let spans: Vec<(u32, u32, u32, u32)> = passages
        .iter()
        .map(|p| (p.a_begin, p.a_end, p.b_begin, p.b_end))
        .collect();
    let kind = kind::classify(&kind::KindEvidence {
        passages: &spans,
        quoted: (&a.article.quoted, &b.article.quoted),
        signals: &signals,
        figure_changes: all_edits.iter().map(edits::changed_figures).sum(),
        days_apart: days_apart(a.article, b.article),
        reprint: score >= judging.min_score,
        same_source_edges,
    });

    let original = direction.original.map(|_| a.doc.id.clone());
    // Siblings have no original, so no copy to blame for a missing credit;
    // an agency's later dispatch needs no credit of its earlier one.
    let credited = match direction.original {
        Some(_) if outlet_names(&a.party()).next().is_some() => Some(
            credits_outlet(b.party(), a.party()).is_some()
                || direction::shared_agency(a.party(), b.party()).is_some(),
        ),
        _ => None,
    };
    Some(Reuse {
        a: a.doc.id.clone(),
        b: b.doc.id.clone(),
        original,
        common_source: direction.common_source,
        common_original: None,
        evidence: direction.evidence,
        coverage_a,
        coverage_b,
        credited,
        passages,
        kind,
        score,
        signals,
        edits: all_edits,
    })
}

/// Whole days between two articles' firm dates ([`Article::firm_date`]),
/// when both are known to the day.
fn days_apart(a: &Article, b: &Article) -> Option<u32> {
    u32::try_from(a.firm_days_since(b)?.unsigned_abs()).ok()
}

/// The same passage read from the other side.
fn invert(p: TokenPassage) -> TokenPassage {
    let ops = p
        .ops
        .into_iter()
        .map(|run| OpRun {
            op: match run.op {
                Op::Insert => Op::Delete,
                Op::Delete => Op::Insert,
                op => op,
            },
            len: run.len,
        })
        .collect();
    TokenPassage {
        a: p.b,
        b: p.a,
        ops,
        matches: p.matches,
        columns: p.columns,
    }
}

/// Passages whose order in `b` differs from their order in `a`: those off
/// the longest run of passages that keep their order.
fn moves(passages: &[TokenPassage], a: TokenizedText<'_>, b: TokenizedText<'_>) -> Vec<Edit> {
    let n = passages.len();
    // Longest increasing subsequence of b starts, passages being in a order.
    let mut best = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for i in 0..n {
        for j in 0..i {
            if passages[j].b.start < passages[i].b.start && best[j] + 1 > best[i] {
                best[i] = best[j] + 1;
                prev[i] = j;
            }
        }
    }
    let mut in_order = vec![false; n];
    let mut at = (0..n).max_by_key(|&i| (best[i], std::cmp::Reverse(i)));
    while let Some(i) = at {
        in_order[i] = true;
        at = (prev[i] != usize::MAX).then_some(prev[i]);
    }
    let text = |side: TokenizedText<'_>, tokens: &std::ops::Range<u32>| {
        let (first, last) = (
            side.tokens[tokens.start as usize],
            side.tokens[tokens.end as usize - 1],
        );
        side.text[first.byte_begin as usize..last.byte_end as usize].to_string()
    };
    passages
        .iter()
        .zip(in_order)
        .filter(|(_, kept)| !kept)
        .map(|(p, _)| {
            let (a_begin, a_end) = char_span(a.tokens, &p.a);
            let (b_begin, b_end) = char_span(b.tokens, &p.b);
            Edit {
                kind: EditKind::Move,
                a_begin,
                a_end,
                b_begin,
                b_end,
                a_text: text(a, &p.a),
                b_text: text(b, &p.b),
            }
        })
        .collect()
}

/// The share of the passages' fingerprints (taken on `b`'s side) that many
/// documents of the corpus hold.
fn frequent_share(passages: &[TokenPassage], tokens: &[Token], facts: &CorpusFacts<'_>) -> f64 {
    let (mut frequent, mut total) = (0usize, 0usize);
    for p in passages {
        let ids: Vec<u64> = tokens[p.b.start as usize..p.b.end as usize]
            .iter()
            .map(|t| t.hash)
            .collect();
        for f in fingerprint(&ids, facts.fingerprint) {
            total += 1;
            frequent += usize::from(facts.frequent.contains(f.hash));
        }
    }
    if total == 0 {
        0.0
    } else {
        frequent as f64 / total as f64
    }
}

/// The share of the passages' matched tokens that lie inside quotation
/// marks on either side: words one of the two gives as someone else's are
/// explained by that someone, whether or not the other marks them too.
fn quoted_share(passages: &[TokenPassage], a: Side<'_>, b: Side<'_>) -> f64 {
    let (mut quoted, mut total) = (0.0, 0.0);
    for p in passages {
        let (a0, a1) = char_span(a.tokens, &p.a);
        let (b0, b1) = char_span(b.tokens, &p.b);
        let inside = kind::share_inside(a0, a1, &a.article.quoted).max(kind::share_inside(
            b0,
            b1,
            &b.article.quoted,
        ));
        quoted += inside * f64::from(p.matches);
        total += f64::from(p.matches);
    }
    if total == 0.0 {
        0.0
    } else {
        quoted / total
    }
}

/// The code points from the first token's start to the last token's end.
fn char_span(tokens: &[Token], range: &std::ops::Range<u32>) -> (u32, u32) {
    (
        tokens[range.start as usize].begin,
        tokens[range.end as usize - 1].end,
    )
}

/// The share of `total` tokens inside the union of `ranges`.
fn coverage(ranges: impl Iterator<Item = std::ops::Range<u32>>, total: usize) -> f64 {
    if total == 0 {
        return 0.0;
    }
    let mut ranges: Vec<_> = ranges.collect();
    ranges.sort_by_key(|r| r.start);
    let mut covered = 0u32;
    let mut reached = 0u32;
    for r in ranges {
        let start = r.start.max(reached);
        if r.end > start {
            covered += r.end - start;
            reached = r.end;
        }
    }
    f64::from(covered) / total as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passages_at_the_heads_or_feet_of_both_texts() {
        // A footer: the last 30 tokens of a 200- and of a 150-token page.
        let edges = |spans: &[(Range<u32>, Range<u32>)]| {
            at_edges(spans.iter().map(|(a, b)| (a, b)), 200, 150)
        };
        assert!(edges(&[(170..200, 120..150)]));
        // A masthead line at both heads, and a footer ending a word short.
        assert!(edges(&[(0..12, 2..14), (168..197, 118..149)]));
        // Mid-text on one side: a paragraph, not furniture.
        assert!(!edges(&[(170..200, 60..90)]));
        assert!(!edges(&[]));
    }

    #[test]
    fn coverage_counts_overlapping_ranges_once() {
        let ranges = [0..10, 5..15, 30..40];
        assert_eq!(coverage(ranges.into_iter(), 50), 25.0 / 50.0);
        assert_eq!(coverage(std::iter::empty(), 0), 0.0);
    }

    #[test]
    fn inverting_swaps_sides_and_insertions_with_deletions() {
        let p = TokenPassage {
            a: 0..5,
            b: 10..14,
            ops: vec![
                OpRun {
                    op: Op::Match,
                    len: 2,
                },
                OpRun {
                    op: Op::Delete,
                    len: 1,
                },
                OpRun {
                    op: Op::Match,
                    len: 2,
                },
            ],
            matches: 4,
            columns: 5,
        };
        let q = invert(p);
        assert_eq!((q.a, q.b), (10..14, 0..5));
        assert_eq!(q.ops[1].op, Op::Insert);
    }
}
