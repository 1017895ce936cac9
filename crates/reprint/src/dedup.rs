//! The dedup stage: reprinted passages in, per document the share of its
//! text found in earlier documents out, and from that a keep list.
//!
//! A corpus builder asks of each document "is most of this text already in
//! the corpus?", not "is it a copy?": an article that reprints one
//! paragraph of another is a copy, yet most of its text is its own. So each
//! document gets a [`Reused`]: the share of its body that lies inside
//! passages it shares with earlier documents, and the earlier document
//! that gives most of it.
//!
//! Earlier means what direction says: the original, when a record's
//! direction is known. When it is not (same day, no credit; or siblings of
//! one agency), the document first in input order counts as the earlier,
//! as deduplication tools keep the first of equals: of two carriers of one
//! dispatch, one is kept.
//!
//! [`keep_list`] then drops each document whose reused share passes a
//! threshold, naming the kept document it duplicates.

use crate::cluster::PairPassages;
use crate::model::CharSpan;

/// How much of a document's text earlier documents hold.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reused {
    /// The share of the body's code points inside passages shared with
    /// earlier documents, in `[0, 1]`: 0 for a text of its own, near 1 for
    /// a copy of a whole article.
    pub share: f64,
    /// The earlier document whose passages cover most of the body, if any.
    pub from: Option<usize>,
}

/// Each document's [`Reused`], for `bodies[i]` the body regions of document
/// `i` and `pairs` the passages of the reprint records.
pub fn reused(bodies: &[&[CharSpan]], pairs: &[PairPassages<'_>]) -> Vec<Reused> {
    // Per later document: (earlier document, span) for every passage.
    let mut spans: Vec<Vec<(usize, u32, u32)>> = vec![Vec::new(); bodies.len()];
    for pair in pairs {
        let a_is_earlier = match pair.original {
            Some(original) => original == pair.a,
            None => pair.a < pair.b,
        };
        for p in pair.passages {
            if a_is_earlier {
                spans[pair.b].push((pair.a, p.b_begin, p.b_end));
            } else {
                spans[pair.a].push((pair.b, p.a_begin, p.a_end));
            }
        }
    }
    bodies
        .iter()
        .zip(&mut spans)
        .map(|(body, spans)| {
            let body_chars: u32 = body.iter().map(|s| s.end - s.begin).sum();
            if spans.is_empty() || body_chars == 0 {
                return Reused {
                    share: 0.0,
                    from: None,
                };
            }
            let covered = union_length(spans.iter().map(|&(_, b, e)| (b, e)));
            // The earlier document covering most, the first in input order
            // among equals.
            spans.sort_unstable_by_key(|&(doc, b, _)| (doc, b));
            let from = spans
                .chunk_by(|x, y| x.0 == y.0)
                .map(|run| (union_length(run.iter().map(|&(_, b, e)| (b, e))), run[0].0))
                .max_by_key(|&(length, doc)| (length, std::cmp::Reverse(doc)))
                .map(|(_, doc)| doc);
            Reused {
                share: (f64::from(covered) / f64::from(body_chars)).min(1.0),
                from,
            }
        })
        .collect()
}

/// The length of the union of `spans`.
fn union_length(spans: impl Iterator<Item = (u32, u32)>) -> u32 {
    let mut spans: Vec<(u32, u32)> = spans.collect();
    spans.sort_unstable();
    let mut total = 0;
    let mut current: Option<(u32, u32)> = None;
    for (b, e) in spans {
        match &mut current {
            Some((_, end)) if b <= *end => *end = (*end).max(e),
            _ => {
                if let Some((cb, ce)) = current {
                    total += ce - cb;
                }
                current = Some((b, e));
            }
        }
    }
    total + current.map_or(0, |(b, e)| e - b)
}

/// Which documents to keep: `None` for a kept document, `Some(k)` for a
/// dropped one, `k` the kept document it duplicates. A document is dropped
/// when more than `max_reused` of its body is found in earlier documents
/// (`shares[i]`, `from[i]` as [`Reused`] gives them); it then duplicates
/// what its `from` duplicates, or `from` itself when that is kept. Every
/// story keeps one document: where `from` links run in a circle, the
/// document the walk reaches twice is kept.
pub fn keep_list(shares: &[f64], from: &[Option<usize>], max_reused: f64) -> Vec<Option<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Open,
        Walking,
        Kept,
        Dropped(usize),
    }
    let n = shares.len();
    let mut state = vec![State::Open; n];
    let mut walk = Vec::new();
    for start in 0..n {
        let mut doc = start;
        // Walk the `from` links to a document already decided, or to one
        // that is kept by its own share, or round a circle.
        let end = loop {
            match state[doc] {
                State::Kept => break Some(doc),
                State::Dropped(kept) => break Some(kept),
                State::Walking => break None,
                State::Open => {}
            }
            match from[doc] {
                Some(earlier) if shares[doc] > max_reused && earlier < n => {
                    state[doc] = State::Walking;
                    walk.push(doc);
                    doc = earlier;
                }
                _ => {
                    state[doc] = State::Kept;
                    break Some(doc);
                }
            }
        };
        let kept = end.unwrap_or_else(|| {
            // `doc` is on the walk twice: keep it, and drop the rest.
            state[doc] = State::Kept;
            doc
        });
        for d in walk.drain(..) {
            if d != kept {
                state[d] = State::Dropped(kept);
            }
        }
    }
    state
        .into_iter()
        .map(|s| match s {
            State::Dropped(kept) => Some(kept),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Passage;

    fn body(end: u32) -> Vec<CharSpan> {
        vec![CharSpan { begin: 0, end }]
    }

    #[test]
    fn a_long_article_holding_one_paragraph_of_another_reuses_little_and_a_whole_copy_all() {
        let bodies = [body(1000), body(5000), body(1000)];
        let paragraph = [Passage::between((0, 400), (1000, 1400))];
        let whole = [Passage::between((0, 1000), (0, 1000))];
        let pairs = [
            PairPassages {
                a: 0,
                b: 1,
                original: Some(0),
                passages: &paragraph,
            },
            PairPassages {
                a: 0,
                b: 2,
                original: None,
                passages: &whole,
            },
        ];
        let bodies: Vec<&[CharSpan]> = bodies.iter().map(Vec::as_slice).collect();
        let reused = reused(&bodies, &pairs);
        assert_eq!(
            reused[0],
            Reused {
                share: 0.0,
                from: None
            }
        );
        assert_eq!(
            reused[1],
            Reused {
                share: 0.08,
                from: Some(0)
            }
        );
        // Undirected: the first in input order counts as the earlier.
        assert_eq!(
            reused[2],
            Reused {
                share: 1.0,
                from: Some(0)
            }
        );
        let keep = keep_list(&[0.0, 0.08, 1.0], &[None, Some(0), Some(0)], 0.8);
        assert_eq!(keep, [None, None, Some(0)]);
    }

    #[test]
    fn overlapping_passages_from_two_earlier_documents_count_once() {
        let bodies = [body(100), body(100), body(100)];
        let from_first = [Passage::between((0, 60), (0, 60))];
        let from_second = [Passage::between((0, 70), (30, 100))];
        let pairs = [
            PairPassages {
                a: 0,
                b: 2,
                original: Some(0),
                passages: &from_first,
            },
            PairPassages {
                a: 1,
                b: 2,
                original: Some(1),
                passages: &from_second,
            },
        ];
        let bodies: Vec<&[CharSpan]> = bodies.iter().map(Vec::as_slice).collect();
        let r = reused(&bodies, &pairs)[2];
        assert_eq!(r.share, 1.0);
        assert_eq!(r.from, Some(1));
    }

    #[test]
    fn a_chain_of_copies_keeps_its_head_and_a_circle_keeps_one() {
        // 2 copies 1, which copies 0.
        let keep = keep_list(&[0.1, 0.9, 0.95], &[None, Some(0), Some(1)], 0.8);
        assert_eq!(keep, [None, Some(0), Some(0)]);
        // The same, found from the tail first.
        let keep = keep_list(&[0.95, 0.9, 0.1], &[Some(1), Some(2), None], 0.8);
        assert_eq!(keep, [Some(2), Some(2), None]);
        // Three documents that each say another came first.
        let keep = keep_list(&[1.0, 1.0, 1.0], &[Some(1), Some(2), Some(0)], 0.8);
        assert_eq!(keep.iter().filter(|k| k.is_none()).count(), 1);
        let kept = keep.iter().position(Option::is_none).unwrap();
        assert!(keep.iter().flatten().all(|&k| k == kept));
        // At a threshold above every share, everything is kept.
        assert_eq!(keep_list(&[1.0, 1.0], &[None, Some(0)], 1.0), [None, None]);
    }
}
