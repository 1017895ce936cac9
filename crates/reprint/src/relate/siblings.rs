//! Siblings inside the scan: two copies of one earlier document are not
//! each other's original.
//!
//! In: every pair's reuse record, as [`relate`](super::relate) made them.
//! Out: the same records, where a directed reprint `x → y` turns out to be
//! two reprints of a third document `c` of the scan (`c → y` directed from
//! `c`, and `c → x` directed from `c` or undecided, `c` as early as `x`)
//! and the pair covers neither side more than `c` does: then nothing says
//! `y` took the text from `x` rather than from `c`, and the pair becomes
//! siblings (`original` and `credited` null, `common_original` naming
//! `c`). Without this pass, a story two sites copied from a third
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

/// How a document's partner in a reprint stands to it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tie {
    /// The partner is the original.
    Original,
    /// The partner is the copy.
    Copy,
    /// Nothing decided which.
    Undecided,
}

/// Turns directed reprints between two copies of one earlier document into
/// siblings (see the module's documentation).
pub fn mark_siblings(reuses: &mut [Reuse]) {
    // For each document, its reprint partners: how each stands to it, and
    // the share of the document the pair covers.
    let mut partners: HashMap<&str, HashMap<&str, (Tie, f64)>> = HashMap::new();
    for r in reuses.iter().filter(|r| r.kind == ReuseKind::Reprint) {
        let (a, b) = (r.a.as_str(), r.b.as_str());
        let (of_a, of_b) = match r.original.as_deref() {
            Some(original) if original == a => (Tie::Copy, Tie::Original),
            Some(_) => (Tie::Original, Tie::Copy),
            None => (Tie::Undecided, Tie::Undecided),
        };
        partners
            .entry(a)
            .or_default()
            .insert(b, (of_a, r.coverage_a));
        partners
            .entry(b)
            .or_default()
            .insert(a, (of_b, r.coverage_b));
    }
    let mut changes: Vec<(usize, String, String)> = Vec::new();
    for (i, r) in reuses.iter().enumerate() {
        if r.kind != ReuseKind::Reprint || r.original.is_none() {
            continue;
        }
        // `x` was called the original of `y`.
        let (x, y) = (r.a.as_str(), r.b.as_str());
        let (of_x, of_y) = (&partners[x], &partners[y]);
        let fewer = if of_x.len() <= of_y.len() { of_x } else { of_y };
        // `c` is the original of `y`, and of `x` or as early as it; the
        // pair covers neither side more than `c` does.
        let common = fewer.keys().filter(|&&c| c != x && c != y).find(|&&c| {
            let (Some(&(x_tie, x_in_c)), Some(&(y_tie, y_in_c))) = (of_x.get(c), of_y.get(c))
            else {
                return false;
            };
            y_tie == Tie::Original
                && matches!(x_tie, Tie::Original | Tie::Undecided)
                && r.coverage_a <= x_in_c + COVERAGE_SLACK
                && r.coverage_b <= y_in_c + COVERAGE_SLACK
        });
        if let Some(&c) = common {
            changes.push((
                i,
                c.to_string(),
                format!(
                    "{x} and {y} both carry {c}'s text, and share nothing they do not share with it: nothing says {y} took it from {x} rather than from {c}"
                ),
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
                "x and y both carry c's text, and share nothing they do not share with it: nothing says y took it from x rather than from c",
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

    #[test]
    fn a_copy_as_early_as_the_original_is_no_original_of_the_next_copy() {
        // c and x are of one day, so c - x is undecided; y came later.
        let mut reuses = vec![
            reprint("c", "x", false, (0.9, 0.9)),
            reprint("c", "y", true, (0.9, 0.9)),
            reprint("x", "y", true, (0.9, 0.9)),
        ];
        mark_siblings(&mut reuses);
        assert_eq!(reuses[2].original, None);
        assert_eq!(reuses[2].common_original.as_deref(), Some("c"));
    }
}
