//! The cluster stage: reprinted passages in, passage clusters out.
//!
//! A cluster is one passage traced through every document that printed it:
//! a paragraph of one story copied by 300 sites is one cluster of 301
//! witnesses, each a document and the span of its text that holds the
//! passage. The pair records cannot say this by themselves: for a story
//! copied very widely, the candidate stage links each holder to the
//! earliest holders only.
//!
//! In: the passages of the reprint records (each links a span of one
//! document to a span of another) and the documents' dates. Out:
//! [`Cluster`]s, the connected components of two links: a passage links
//! its two spans, and two spans of one document that overlap by at least
//! half of the shorter are one stretch of that document's text. Each
//! document's spans in a cluster are merged into its witnesses: one, unless
//! the document prints the passage twice, far apart. The work
//! is a sort and a union-find over the spans: linear, up to the sort, in
//! the number of witnesses, however widely a story was copied.

use std::collections::HashMap;

use crate::clean::PubDate;
use crate::family::{earliest, UnionFind};
use crate::model::Passage;

/// The passages of one reprint record, by document index.
#[derive(Clone, Copy, Debug)]
pub struct PairPassages<'a> {
    /// The record's first document.
    pub a: usize,
    /// The record's second document.
    pub b: usize,
    /// The original, when the record's direction is known.
    pub original: Option<usize>,
    /// The aligned passages, their `a_*` spans in `a` and `b_*` in `b`.
    pub passages: &'a [Passage],
}

/// One document's text inside a cluster.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Witness {
    /// The document, by index.
    pub doc: usize,
    /// First code point of the passage in the document's text.
    pub begin: u32,
    /// First code point after it.
    pub end: u32,
}

/// One passage and every document that printed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cluster {
    /// The cluster's number, from 0, in order of its first witness.
    pub id: usize,
    /// Every witness, ordered by document (input order), then position. A
    /// document that holds the passage twice is two witnesses.
    pub witnesses: Vec<Witness>,
    /// The document that printed the passage first, when it can be told:
    /// the one document of the cluster that no directed record calls a
    /// copy, or, of several such, the one dated before all others.
    pub earliest: Option<usize>,
}

impl Cluster {
    /// How many distinct documents hold the passage.
    pub fn documents(&self) -> usize {
        let mut count = 0;
        let mut last = None;
        for w in &self.witnesses {
            if last != Some(w.doc) {
                count += 1;
                last = Some(w.doc);
            }
        }
        count
    }
}

/// The passage clusters of a scan of `documents` documents, from the
/// passages of its reprint records; `dates[i]` is document `i`'s
/// publication date.
pub fn clusters(
    documents: usize,
    pairs: &[PairPassages<'_>],
    dates: &[Option<PubDate>],
) -> Vec<Cluster> {
    // Every passage gives two spans, numbered 2k and 2k + 1.
    let mut spans: Vec<Witness> = Vec::new();
    for pair in pairs {
        for p in pair.passages {
            spans.push(Witness {
                doc: pair.a,
                begin: p.a_begin,
                end: p.a_end,
            });
            spans.push(Witness {
                doc: pair.b,
                begin: p.b_begin,
                end: p.b_end,
            });
        }
    }
    let mut sets = UnionFind::new(spans.len());
    for k in (0..spans.len()).step_by(2) {
        sets.union(k, k + 1);
    }
    let mut by_place: Vec<usize> = (0..spans.len()).collect();
    by_place.sort_unstable_by_key(|&s| (spans[s].doc, spans[s].begin, spans[s].end));
    // A stretch is the spans of one document that overlap one another, by
    // at least half of the shorter, grown span by span in order of start.
    let mut stretch: Option<(usize, Witness)> = None;
    for &s in &by_place {
        let span = spans[s];
        match &mut stretch {
            Some((first, extent)) if extent.doc == span.doc && overlaps_enough(*extent, span) => {
                sets.union(*first, s);
                extent.end = extent.end.max(span.end);
            }
            _ => stretch = Some((s, span)),
        }
    }

    // Clusters, numbered in order of their first span by place.
    let mut id_of_root: HashMap<usize, usize> = HashMap::new();
    let mut found: Vec<Cluster> = Vec::new();
    for &s in &by_place {
        let root = sets.root(s);
        let id = *id_of_root.entry(root).or_insert_with(|| {
            found.push(Cluster {
                id: found.len(),
                witnesses: Vec::new(),
                earliest: None,
            });
            found.len() - 1
        });
        let span = spans[s];
        let witnesses = &mut found[id].witnesses;
        // Spans come by place, so a document's spans in one cluster arrive
        // in order of start. Overlapping ones are one witness, and so are
        // two parted by less than either's length: the passage with its
        // paragraphs reordered or a sentence put in, not printed twice.
        match witnesses.last_mut() {
            Some(last) if last.doc == span.doc && close_enough(*last, span) => {
                last.end = last.end.max(span.end);
            }
            _ => witnesses.push(span),
        }
    }

    let mut copies: Vec<Vec<usize>> = vec![Vec::new(); found.len()];
    let mut span = 0;
    for pair in pairs {
        for _ in pair.passages {
            let id = id_of_root[&sets.root(span)];
            if let Some(original) = pair.original {
                copies[id].push(if original == pair.a { pair.b } else { pair.a });
            }
            span += 2;
        }
    }
    let mut is_copy = vec![false; documents];
    for (cluster, copies) in found.iter_mut().zip(&copies) {
        for &c in copies.iter() {
            is_copy[c] = true;
        }
        let mut candidates: Vec<usize> = cluster
            .witnesses
            .iter()
            .map(|w| w.doc)
            .filter(|&d| !is_copy[d])
            .collect();
        candidates.dedup();
        cluster.earliest = match candidates.as_slice() {
            [one] => Some(*one),
            [] => None,
            several => earliest(several, dates),
        };
        for &c in copies.iter() {
            is_copy[c] = false;
        }
    }
    found
}

/// Whether `span` overlaps `extent` by at least half of the shorter of the
/// two: two passages of one stretch of text, not two neighbouring
/// paragraphs whose alignments happen to touch.
fn overlaps_enough(extent: Witness, span: Witness) -> bool {
    let overlap = extent
        .end
        .min(span.end)
        .saturating_sub(extent.begin.max(span.begin));
    let shorter = (extent.end - extent.begin).min(span.end - span.begin);
    overlap > 0 && 2 * overlap >= shorter
}

/// Whether `next`, which starts no earlier than `witness`, belongs to the
/// same witness: it overlaps it, or the gap between them is shorter than
/// each of the two.
fn close_enough(witness: Witness, next: Witness) -> bool {
    let gap = next.begin.saturating_sub(witness.end);
    gap == 0 || (gap < witness.end - witness.begin && gap < next.end - next.begin)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::dates::parse_iso;

    fn witness(doc: usize, begin: u32, end: u32) -> Witness {
        Witness { doc, begin, end }
    }

    #[test]
    fn a_paragraph_copied_from_an_original_by_many_is_one_cluster_with_every_copy() {
        // The original (0) holds the paragraph at 100..400; each copy prints
        // it at its own place, and the alignments on the original differ by
        // a few characters, as they do when copies trim a word or two.
        let passages: Vec<Vec<Passage>> = (1..=300u32)
            .map(|c| vec![Passage::between((100 + c % 7, 400 - c % 5), (c, c + 300))])
            .collect();
        let pairs: Vec<PairPassages<'_>> = passages
            .iter()
            .enumerate()
            .map(|(i, p)| PairPassages {
                a: 0,
                b: i + 1,
                original: Some(0),
                passages: p,
            })
            .collect();
        let found = clusters(301, &pairs, &vec![None; 301]);
        assert_eq!(found.len(), 1);
        let cluster = &found[0];
        assert_eq!(cluster.documents(), 301);
        assert_eq!(cluster.witnesses[0], witness(0, 100, 400));
        assert_eq!(cluster.witnesses[17], witness(17, 17, 317));
        assert_eq!(cluster.earliest, Some(0));
    }

    #[test]
    fn two_paragraphs_copied_by_different_documents_are_two_clusters_until_one_copies_both() {
        let first = [Passage::between((0, 100), (0, 100))];
        let second = [Passage::between((200, 300), (50, 150))];
        let pair = |b, passages| PairPassages {
            a: 0,
            b,
            original: None,
            passages,
        };
        let dates = vec![None; 4];
        let apart = clusters(4, &[pair(1, &first), pair(2, &second)], &dates);
        assert_eq!(apart.len(), 2);
        assert_eq!(apart[0].witnesses, [witness(0, 0, 100), witness(1, 0, 100)]);
        assert_eq!(
            apart[1].witnesses,
            [witness(0, 200, 300), witness(2, 50, 150)]
        );
        // Nothing says which printed it first: same day, no direction.
        assert_eq!(apart[0].earliest, None);

        // A document that holds the whole text, paragraphs and what lies
        // between, joins both paragraphs into one stretch of the original.
        let whole = [Passage::between((0, 300), (0, 300))];
        let joined = clusters(
            4,
            &[pair(1, &first), pair(2, &second), pair(3, &whole)],
            &dates,
        );
        assert_eq!(joined.len(), 1);
        assert_eq!(joined[0].documents(), 4);
        assert_eq!(joined[0].witnesses[0], witness(0, 0, 300));
    }

    #[test]
    fn a_copy_with_its_paragraphs_reordered_is_one_witness_and_one_printing_twice_is_two() {
        // The copy (1) prints the original's second paragraph first.
        let swapped = [
            Passage::between((0, 100), (102, 202)),
            Passage::between((102, 200), (0, 98)),
        ];
        // Another (2) prints the whole once, and its first paragraph again
        // at its end, after 500 characters of its own.
        let twice = [
            Passage::between((0, 200), (0, 200)),
            Passage::between((0, 100), (700, 800)),
        ];
        let pairs = [
            PairPassages {
                a: 0,
                b: 1,
                original: Some(0),
                passages: &swapped,
            },
            PairPassages {
                a: 0,
                b: 2,
                original: Some(0),
                passages: &twice,
            },
        ];
        let found = clusters(3, &pairs, &[None, None, None]);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].witnesses,
            [
                witness(0, 0, 200),
                witness(1, 0, 202),
                witness(2, 0, 200),
                witness(2, 700, 800)
            ]
        );
        assert_eq!(found[0].documents(), 3);
    }

    #[test]
    fn neighbouring_passages_that_barely_touch_stay_apart() {
        let left = [Passage::between((0, 100), (0, 100))];
        let right = [Passage::between((95, 200), (0, 105))];
        let pairs = [
            PairPassages {
                a: 0,
                b: 1,
                original: Some(0),
                passages: &left,
            },
            PairPassages {
                a: 0,
                b: 2,
                original: Some(0),
                passages: &right,
            },
        ];
        assert_eq!(clusters(3, &pairs, &[None, None, None]).len(), 2);
    }

    #[test]
    fn the_earliest_is_the_one_no_record_calls_a_copy_or_else_the_first_dated() {
        let p = [Passage::between((0, 100), (0, 100))];
        let dates: Vec<Option<PubDate>> = ["2024-03-02", "2024-03-01", "2024-03-05"]
            .iter()
            .map(|d| parse_iso(d))
            .collect();
        let undirected = |a, b| PairPassages {
            a,
            b,
            original: None,
            passages: &p,
        };
        let found = clusters(3, &[undirected(0, 1), undirected(0, 2)], &dates);
        assert_eq!(found[0].earliest, Some(1));
        // A credit says 2 is the original of 1, whatever the dates say.
        let credited = PairPassages {
            a: 2,
            b: 1,
            original: Some(2),
            passages: &p,
        };
        let found = clusters(
            3,
            &[
                credited,
                PairPassages {
                    original: Some(2),
                    ..undirected(2, 0)
                },
            ],
            &dates,
        );
        assert_eq!(found[0].earliest, Some(2));
    }
}
