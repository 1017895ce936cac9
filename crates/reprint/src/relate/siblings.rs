//! Siblings inside the scan: two copies of one earlier document are not
//! each other's original.
//!
//! In: every pair's reuse record, as [`relate`](super::relate) made them.
//! Out: the same records, where a directed reprint `x → y` turns out to be
//! two reprints of a third document `c` of the scan (`c → x` and `c → y`,
//! both directed from `c`) and `y` shares with `x` no more than it shares
//! with `c`: then `y` took the text from `c`, not from `x`, and the pair
//! becomes siblings (`original` and `credited` null, `common_original`
//! naming `c`). Without this pass, a story two sites copied from a third
//! reads as one site copying the other without credit.
//!
//! The same holds when `c → y` is directed but `x` and `c` share the text
//! with nothing to tell which came first (same day, no credit): if all that
//! `y` shares with `x` is in `c`, and all that `x` shares with `y` is what
//! `x` shares with `c`, the date alone does not make `x` the original of
//! `y`, which may as well have taken its text from `c`. A copy that credits
//! `x` keeps its direction.
//!
//! A reprint left undecided between two copies of `c` (same day, no
//! credit), each sharing with the other no more than it shares with `c`,
//! becomes siblings of `c` by the same reasoning.
//!
//! The pass costs, per pair, the smaller of its two documents' partner
//! lists, so a story one anchor shares with 10,000 copies stays
//! linear.

use std::collections::HashMap;

use crate::model::{EditKind, Reuse, ReuseKind};

/// How much more of a document a pair may cover than the common original
/// covers of it, for the pair still to be read as two copies of it: room
/// for the alignment drawing a passage's edge a few words apart.
const COVERAGE_SLACK: f64 = 0.05;

/// Turns directed reprints between two copies of one earlier document into
/// siblings (see the module's documentation).
pub fn mark_siblings(reuses: &mut [Reuse]) {
    // For each document, the reprints it is the original of: copy id ->
    // the pair's record.
    let mut copies_of: HashMap<&str, HashMap<&str, usize>> = HashMap::new();
    // For each document, its undirected reprint partners: partner id -> the
    // pair's record and this document's coverage in it.
    let mut undirected: HashMap<&str, HashMap<&str, (usize, f64)>> = HashMap::new();
    for (i, r) in reuses.iter().enumerate() {
        if r.kind != ReuseKind::Reprint {
            continue;
        }
        match r.original.as_deref() {
            Some(original) if original == r.a => {
                copies_of
                    .entry(r.a.as_str())
                    .or_default()
                    .insert(r.b.as_str(), i);
            }
            Some(_) => {}
            None if r.common_original.is_none() && r.common_source.is_none() => {
                undirected
                    .entry(r.a.as_str())
                    .or_default()
                    .insert(r.b.as_str(), (i, r.coverage_a));
                undirected
                    .entry(r.b.as_str())
                    .or_default()
                    .insert(r.a.as_str(), (i, r.coverage_b));
            }
            None => {}
        }
    }
    // Documents that are copies, with the originals they copy.
    let mut originals_of: HashMap<&str, Vec<&str>> = HashMap::new();
    for (&original, copies) in &copies_of {
        for &copy in copies.keys() {
            originals_of.entry(copy).or_default().push(original);
        }
    }
    for list in originals_of.values_mut() {
        list.sort_unstable();
    }
    let copy_record = |original: &str, copy: &str| &reuses[copies_of[original][copy]];
    let mut changes: Vec<(usize, String, String)> = Vec::new();
    // Evidence against a direction that stands.
    let mut notes: Vec<(usize, String)> = Vec::new();
    let within =
        |pair_coverage: f64, coverage_by_c: f64| pair_coverage <= coverage_by_c + COVERAGE_SLACK;
    for (i, r) in reuses.iter().enumerate() {
        let undecided =
            r.original.is_none() && r.common_source.is_none() && r.common_original.is_none();
        if r.kind != ReuseKind::Reprint || !(r.original.is_some() || undecided) {
            continue;
        }
        // `a` is the record's original once its direction is known.
        let (x, y) = (r.a.as_str(), r.b.as_str());
        let Some(of_y) = originals_of.get(y) else {
            continue;
        };
        let explains_y =
            |c: &str| c != x && c != y && within(r.coverage_b, copy_record(c, y).coverage_b);
        // Both reprint one earlier document, which holds what they share.
        if let Some(of_x) = originals_of.get(x) {
            let (shorter, other) = if of_x.len() <= of_y.len() {
                (of_x, of_y)
            } else {
                (of_y, of_x)
            };
            let common = shorter.iter().find(|&&c| {
                other.binary_search(&c).is_ok()
                    && explains_y(c)
                    && within(r.coverage_a, copy_record(c, x).coverage_b)
            });
            if let Some(&c) = common {
                changes.push((
                    i,
                    c.to_string(),
                    format!("{x} and {y} both reprint {c}, published before either: each took its text from {c}"),
                ));
                continue;
            }
        }
        if undecided {
            continue;
        }
        // `x` and a document `c` share text with no direction between them
        // (same day, no credit), and `c` is `y`'s original too. Which of the
        // two `y` took its text from, the dates cannot say; the text can:
        // where `y` reads as `c` and `x` reads otherwise, `x` changed it. A
        // copy that credits `x` keeps its direction.
        if r.credited == Some(true) {
            continue;
        }
        let Some(partners_of_x) = undirected.get(x) else {
            continue;
        };
        let spans_of_y_with_x = copy_spans(r);
        let source_of_y = |c: &str| -> SourceOfY {
            let Some(&(_, x_in_c)) = partners_of_x.get(c) else {
                return SourceOfY::X;
            };
            if !explains_y(c) || !within(r.coverage_a, x_in_c) {
                return SourceOfY::X;
            }
            let from_c = copy_record(c, y);
            let both = intersect(&spans_of_y_with_x, &copy_spans(from_c));
            let (changed_by_x, changed_by_c) =
                (changes_inside(r, &both), changes_inside(from_c, &both));
            if changed_by_x > changed_by_c {
                SourceOfY::C { reads_as_c: true }
            } else if changed_by_x == changed_by_c
                && from_c.coverage_b > r.coverage_b + COVERAGE_SLACK
            {
                SourceOfY::C { reads_as_c: false }
            } else {
                SourceOfY::Either
            }
        };
        let mut sources: Vec<(&str, SourceOfY)> = if of_y.len() <= partners_of_x.len() {
            of_y.iter().map(|&c| (c, source_of_y(c))).collect()
        } else {
            partners_of_x
                .keys()
                .copied()
                .filter(|&c| of_y.binary_search(&c).is_ok())
                .map(|c| (c, source_of_y(c)))
                .collect()
        };
        sources.sort_unstable_by_key(|&(c, _)| c);
        let common = sources.iter().find_map(|&(c, source)| match source {
            SourceOfY::C { reads_as_c } => Some((c, reads_as_c)),
            _ => None,
        });
        let either = sources
            .iter()
            .find(|&&(_, source)| source == SourceOfY::Either);
        if let (None, Some(&(c, _))) = (common, either) {
            // The direction stands (`x` came first), but the reader is told
            // that `y` may owe its text to `c` instead.
            notes.push((
                i,
                format!(
                    "against: all that {y} shares with {x} is also in {c}, which shares it with {x} with nothing to tell which came first: {y} may have taken it from {c}"
                ),
            ));
        }
        if let Some((c, reads_as_c)) = common {
            let why = if reads_as_c {
                format!("reads as {c} where {x} differs")
            } else {
                format!("holds more of {c} than {x} has")
            };
            changes.push((
                i,
                c.to_string(),
                format!(
                    "{y} reprints {c}, which holds all that {y} shares with {x}, and {why}; {x} and {c} share the text with nothing to tell which came first: {y} took it from {c}, not from {x}"
                ),
            ));
        }
    }
    for (i, note) in notes {
        reuses[i].evidence.push(note);
    }
    for (i, common, reason) in changes {
        let r = &mut reuses[i];
        let mut evidence = vec![reason];
        evidence.extend(r.evidence.drain(..).map(|e| format!("set aside: {e}")));
        r.evidence = evidence;
        r.original = None;
        r.credited = None;
        r.common_original = Some(common);
    }
}

/// Where a copy `y` of `x` may have taken the text from, judged against a
/// document `c` that shares it with `x` undirected and is `y`'s original.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SourceOfY {
    /// From `c`: it reads as `c` where `x` differs (`reads_as_c`), or it
    /// holds more of `c` than `x` has.
    C { reads_as_c: bool },
    /// From either: the text cannot tell.
    Either,
    /// From `x`, or `c` does not hold what `y` shares with `x`.
    X,
}

/// The spans of a directed record's copy (its `b`) inside passages, in
/// order and apart.
fn copy_spans(r: &Reuse) -> Vec<(u32, u32)> {
    let mut spans: Vec<(u32, u32)> = r.passages.iter().map(|p| (p.b_begin, p.b_end)).collect();
    spans.sort_unstable();
    let mut merged: Vec<(u32, u32)> = Vec::with_capacity(spans.len());
    for (begin, end) in spans {
        match merged.last_mut() {
            Some(last) if begin <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((begin, end)),
        }
    }
    merged
}

/// Where two lists of ordered, apart spans overlap.
fn intersect(a: &[(u32, u32)], b: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        let (begin, end) = (a[i].0.max(b[j].0), a[i].1.min(b[j].1));
        if begin < end {
            out.push((begin, end));
        }
        if a[i].1 <= b[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// How many of a directed record's edits (moves aside: they change no
/// words) fall inside `spans` of its copy.
fn changes_inside(r: &Reuse, spans: &[(u32, u32)]) -> usize {
    r.edits
        .iter()
        .filter(|e| e.kind != EditKind::Move)
        .filter(|e| {
            spans
                .iter()
                .any(|&(begin, end)| begin <= e.b_begin && e.b_end <= end)
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Passage;

    fn reprint(a: &str, b: &str, directed: bool, coverage: (f64, f64)) -> Reuse {
        Reuse {
            a: a.into(),
            b: b.into(),
            original: directed.then(|| a.into()),
            common_source: None,
            common_original: None,
            evidence: vec![format!("{a} is dated before {b}")],
            coverage_a: coverage.0,
            coverage_b: coverage.1,
            credited: directed.then_some(false),
            passages: Vec::new(),
            kind: ReuseKind::Reprint,
            score: 1.0,
            signals: Default::default(),
            edits: Vec::new(),
        }
    }

    #[test]
    fn two_copies_of_one_original_are_siblings() {
        let mut reuses = vec![
            reprint("c", "x", true, (0.9, 0.9)),
            reprint("c", "y", true, (0.9, 0.9)),
            reprint("x", "y", true, (0.9, 0.9)),
        ];
        mark_siblings(&mut reuses);
        let pair = &reuses[2];
        assert_eq!(pair.original, None);
        assert_eq!(pair.credited, None);
        assert_eq!(pair.common_original.as_deref(), Some("c"));
        assert_eq!(
            pair.evidence,
            [
                "x and y both reprint c, published before either: each took its text from c",
                "set aside: x is dated before y"
            ]
        );
        assert_eq!(reuses[0].original.as_deref(), Some("c"));
    }

    #[test]
    fn two_undecided_copies_of_one_original_are_siblings() {
        let mut reuses = vec![
            reprint("c", "x", true, (0.9, 0.9)),
            reprint("c", "y", true, (0.9, 0.9)),
            undirected("x", "y", (0.9, 0.9)),
            undirected("x", "z", (0.9, 0.9)),
        ];
        mark_siblings(&mut reuses);
        assert_eq!(reuses[2].common_original.as_deref(), Some("c"));
        assert_eq!(reuses[2].credited, None);
        assert_eq!(
            reuses[2].evidence,
            ["x and y both reprint c, published before either: each took its text from c"]
        );
        // z reprints nothing of the scan: its pair stays undecided.
        assert_eq!(reuses[3].common_original, None);
    }

    #[test]
    fn a_copy_that_shares_more_with_the_other_copy_copied_it() {
        // y holds a paragraph x added to c's text: y copied x.
        let mut reuses = vec![
            reprint("c", "x", true, (0.9, 0.6)),
            reprint("c", "y", true, (0.9, 0.6)),
            reprint("x", "y", true, (0.9, 0.9)),
        ];
        mark_siblings(&mut reuses);
        assert_eq!(reuses[2].original.as_deref(), Some("x"));
        assert_eq!(reuses[2].common_original, None);
    }

    fn undirected(a: &str, b: &str, coverage: (f64, f64)) -> Reuse {
        Reuse {
            evidence: Vec::new(),
            ..reprint(a, b, false, coverage)
        }
    }

    #[test]
    fn a_later_copy_of_one_of_two_undirected_documents_is_a_sibling_of_the_other() {
        // c and x share a story on one day with no credit; y, a day later,
        // reprints all of c, which holds everything y shares with x.
        let mut reuses = vec![
            undirected("c", "x", (0.3, 0.95)),
            reprint("c", "y", true, (1.0, 0.98)),
            reprint("x", "y", true, (0.95, 0.3)),
        ];
        mark_siblings(&mut reuses);
        let pair = &reuses[2];
        assert_eq!((pair.original.as_deref(), pair.credited), (None, None));
        assert_eq!(pair.common_original.as_deref(), Some("c"));
        assert!(
            pair.evidence[0].starts_with(
                "y reprints c, which holds all that y shares with x, and holds more of c than x has"
            ),
            "{:?}",
            pair.evidence
        );
        assert_eq!(pair.evidence[1], "set aside: x is dated before y");
    }

    #[test]
    fn a_copy_holding_more_of_the_undirected_document_or_crediting_it_keeps_its_direction() {
        // y holds a paragraph of x that c lacks: y took from x.
        let mut more = vec![
            undirected("c", "x", (0.6, 0.6)),
            reprint("c", "y", true, (0.6, 0.6)),
            reprint("x", "y", true, (0.9, 0.9)),
        ];
        mark_siblings(&mut more);
        assert_eq!(more[2].original.as_deref(), Some("x"));
        // y credits x.
        let mut credited = vec![
            undirected("c", "x", (0.9, 0.9)),
            reprint("c", "y", true, (0.9, 0.9)),
            Reuse {
                credited: Some(true),
                ..reprint("x", "y", true, (0.9, 0.9))
            },
        ];
        mark_siblings(&mut credited);
        assert_eq!(credited[2].original.as_deref(), Some("x"));
    }

    /// A reprint of all of `y`'s first 100 code points, with substitutions
    /// at the given points of `y`.
    fn reprint_with_changes(a: &str, b: &str, directed: bool, changed_at: &[u32]) -> Reuse {
        let edits = changed_at
            .iter()
            .map(|&at| crate::model::Edit {
                kind: EditKind::Substitution,
                a_begin: at,
                a_end: at + 4,
                b_begin: at,
                b_end: at + 4,
                a_text: "word".into(),
                b_text: "term".into(),
            })
            .collect();
        Reuse {
            passages: vec![Passage::between((0, 100), (0, 100))],
            edits,
            ..reprint(a, b, directed, (1.0, 1.0))
        }
    }

    #[test]
    fn a_later_copy_the_text_cannot_assign_keeps_its_direction_with_the_doubt_said() {
        // o and e share the story word for word on one day; y, later, reads
        // as both. Either may be y's source: both directions stand (each came
        // before y), each saying that y may have taken the text from the
        // other.
        let mut reuses = vec![
            Reuse {
                original: None,
                credited: None,
                ..reprint_with_changes("o", "e", false, &[])
            },
            reprint_with_changes("o", "y", true, &[80]),
            reprint_with_changes("e", "y", true, &[80]),
        ];
        mark_siblings(&mut reuses);
        for (pair, other) in [(&reuses[1], "e"), (&reuses[2], "o")] {
            assert_eq!(pair.original.as_deref(), Some(pair.a.as_str()));
            assert_eq!(pair.common_original, None);
            assert_eq!(
                pair.evidence.last().unwrap(),
                &format!(
                    "against: all that y shares with {a} is also in {other}, which shares it with {a} with nothing to tell which came first: y may have taken it from {other}",
                    a = pair.a
                )
            );
        }
    }

    #[test]
    fn of_two_undirected_documents_the_one_a_later_copy_reads_like_is_its_original() {
        // o and its same-day copy e (which changed two words) cannot be
        // told apart by date; y, later, reads as o where e differs.
        let mut reuses = vec![
            Reuse {
                original: None,
                credited: None,
                ..reprint_with_changes("o", "e", false, &[10, 50])
            },
            reprint_with_changes("o", "y", true, &[80]),
            reprint_with_changes("e", "y", true, &[10, 50, 80]),
        ];
        mark_siblings(&mut reuses);
        assert_eq!(reuses[1].original.as_deref(), Some("o"));
        assert_eq!(reuses[1].common_original, None);
        let pair = &reuses[2];
        assert_eq!((pair.original.as_deref(), pair.credited), (None, None));
        assert_eq!(pair.common_original.as_deref(), Some("o"));
        assert!(
            pair.evidence[0].contains("and reads as o where e differs"),
            "{:?}",
            pair.evidence
        );
    }
}
