//! The relate stage: the aligned passages of a pair in, one [`Reuse`] record
//! out.
//!
//! This stage turns token coordinates into code-point offsets and measures
//! how much of each document the passages cover.

use crate::align::TokenPassage;
use crate::model::{Document, Passage, Reuse};
use crate::tokenize::Token;

/// One side of a pair: the document and its body tokens.
#[derive(Clone, Copy)]
pub struct Side<'a> {
    /// The document.
    pub doc: &'a Document,
    /// Its body tokens, as the aligner saw them.
    pub tokens: &'a [Token],
}

/// Builds the reuse record for `a` and `b` from their token passages, or
/// `None` when they share no passage.
pub fn relate(a: Side<'_>, b: Side<'_>, passages: Vec<TokenPassage>) -> Option<Reuse> {
    if passages.is_empty() {
        return None;
    }
    let coverage_a = coverage(passages.iter().map(|p| p.a.clone()), a.tokens.len());
    let coverage_b = coverage(passages.iter().map(|p| p.b.clone()), b.tokens.len());
    let passages = passages
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
                ops: p.ops,
                a_tokens: p.a,
                b_tokens: p.b,
            }
        })
        .collect();
    Some(Reuse {
        a: a.doc.id.clone(),
        b: b.doc.id.clone(),
        original: None,
        evidence: Vec::new(),
        coverage_a,
        coverage_b,
        credited: None,
        passages,
        edits: Vec::new(),
    })
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
    fn coverage_counts_overlapping_ranges_once() {
        let ranges = [0..10, 5..15, 30..40];
        assert_eq!(coverage(ranges.into_iter(), 50), 25.0 / 50.0);
        assert_eq!(coverage(std::iter::empty(), 0), 0.0);
    }
}
