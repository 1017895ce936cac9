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
//! The pass costs, per pair, the smaller of its two documents' reprint
//! partner lists, so a story one anchor shares with 10,000 copies stays
//! linear.

use std::collections::HashMap;

use crate::model::{Reuse, ReuseKind};

/// How much more of a document a pair may cover than the common original
/// covers of it, for the pair still to be read as two copies of it: room
/// for the alignment drawing a passage's edge a few words apart.
const COVERAGE_SLACK: f64 = 0.05;

/// Turns directed reprints between two copies of one earlier document into
/// siblings (see the module's documentation).
pub fn mark_siblings(reuses: &mut [Reuse]) {
    // For each document, the reprints it is the original of, and the
    // coverage of the copy in each: partner id -> coverage of partner.
    let mut copies_of: HashMap<&str, HashMap<&str, f64>> = HashMap::new();
    for r in reuses.iter() {
        if r.kind == ReuseKind::Reprint && r.original.as_deref() == Some(r.a.as_str()) {
            copies_of
                .entry(r.a.as_str())
                .or_default()
                .insert(r.b.as_str(), r.coverage_b);
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
    let mut changes: Vec<(usize, String, String)> = Vec::new();
    for (i, r) in reuses.iter().enumerate() {
        if r.kind != ReuseKind::Reprint || r.original.is_none() {
            continue;
        }
        let (x, y) = (r.a.as_str(), r.b.as_str());
        let (Some(of_x), Some(of_y)) = (originals_of.get(x), originals_of.get(y)) else {
            continue;
        };
        let (shorter, other) = if of_x.len() <= of_y.len() {
            (of_x, of_y)
        } else {
            (of_y, of_x)
        };
        let common = shorter.iter().find(|&&c| {
            other.binary_search(&c).is_ok() && c != x && c != y && {
                let copies = &copies_of[c];
                let (x_in_c, y_in_c) = (copies[x], copies[y]);
                r.coverage_a <= x_in_c + COVERAGE_SLACK && r.coverage_b <= y_in_c + COVERAGE_SLACK
            }
        });
        if let Some(&c) = common {
            changes.push((
                i,
                c.to_string(),
                format!("{x} and {y} both reprint {c}, published before either: each took its text from {c}"),
            ));
        }
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
