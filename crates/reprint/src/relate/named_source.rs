//! Directions that a credit gives beyond its own pair.
//!
//! In: every pair's reuse record, as [`relate`](super::relate) made them.
//! Out: the same records, where an undecided reprint between `c` and `y`
//! is directed `c → y` because a third document `z` of the scan credits
//! `c`'s outlet for the text it takes from `c` (`c → z`, credited). A credit
//! names who wrote the story; `y` shares `c`'s text with nothing to tell
//! which came first, so it took the text from `c` or from a copy of `c`,
//! and in both cases after `c`. It does not credit `c` (a credit would
//! have decided the pair already), so the record says so.
//!
//! Only a pair with no outside source runs so: siblings of an agency stay
//! siblings, and when both documents are named, or neither, the pair stays
//! undecided. The pass runs before [`siblings`](super::siblings), which
//! may then read two copies of `c` as siblings rather than one the other's
//! original.

use std::collections::HashMap;

use crate::model::{Reuse, ReuseKind};

/// Directs the undecided reprints that one named document holds (see the
/// module's documentation).
pub fn direct_from_named_sources(reuses: &mut [Reuse]) {
    // Each document a copy credits by its outlet, with the first such copy.
    let mut named: HashMap<String, String> = HashMap::new();
    for r in reuses.iter() {
        if r.kind == ReuseKind::Reprint
            && r.credited == Some(true)
            && r.original.as_deref() == Some(r.a.as_str())
        {
            named.entry(r.a.clone()).or_insert_with(|| r.b.clone());
        }
    }
    if named.is_empty() {
        return;
    }
    for r in reuses.iter_mut() {
        let undecided =
            r.original.is_none() && r.common_source.is_none() && r.common_original.is_none();
        if r.kind != ReuseKind::Reprint || !undecided {
            continue;
        }
        let (a_named, b_named) = (named.get(&r.a), named.get(&r.b));
        let credit = match (a_named, b_named) {
            (Some(z), None) => z.clone(),
            (None, Some(z)) => {
                let z = z.clone();
                r.turn_around();
                z
            }
            _ => continue,
        };
        let (c, y) = (&r.a, &r.b);
        r.evidence.insert(
            0,
            format!(
                "{credit} credits {c}'s outlet for this story, and {y} shares {c}'s text with \
                 nothing to say it came first: {y} took it from {c} or from a copy of {c}"
            ),
        );
        r.original = Some(c.clone());
        r.credited = Some(false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edit, EditKind, Passage};

    fn reprint(a: &str, b: &str, original: Option<&str>, credited: Option<bool>) -> Reuse {
        Reuse {
            a: a.into(),
            b: b.into(),
            original: original.map(Into::into),
            common_source: None,
            common_original: None,
            evidence: Vec::new(),
            coverage_a: 0.9,
            coverage_b: 0.6,
            credited,
            passages: vec![Passage {
                a_begin: 0,
                a_end: 50,
                b_begin: 10,
                b_end: 60,
                tokens: 9,
                identity: 1.0,
            }],
            kind: ReuseKind::Reprint,
            score: 0.95,
            signals: Default::default(),
            edits: vec![Edit {
                kind: EditKind::Deletion,
                a_begin: 20,
                a_end: 25,
                b_begin: 30,
                b_end: 30,
                a_text: "gone".into(),
                b_text: String::new(),
            }],
        }
    }

    #[test]
    fn a_document_one_copy_credits_is_the_original_of_an_undecided_partner() {
        let mut reuses = vec![
            reprint("c", "z", Some("c"), Some(true)),
            // Given with the named document second: the record turns.
            reprint("y", "c", None, None),
        ];
        direct_from_named_sources(&mut reuses);
        let r = &reuses[1];
        assert_eq!((r.a.as_str(), r.b.as_str()), ("c", "y"));
        assert_eq!(r.original.as_deref(), Some("c"));
        assert_eq!(r.credited, Some(false));
        assert!(
            r.evidence[0].starts_with("z credits c's outlet"),
            "{:?}",
            r.evidence
        );
        assert_eq!((r.coverage_a, r.coverage_b), (0.6, 0.9));
        let p = &r.passages[0];
        assert_eq!((p.a_begin, p.a_end, p.b_begin, p.b_end), (10, 60, 0, 50));
        let e = &r.edits[0];
        assert_eq!(e.kind, EditKind::Insertion);
        assert_eq!((e.a_begin, e.b_begin, e.b_text.as_str()), (30, 20, "gone"));
    }

    #[test]
    fn siblings_and_pairs_of_two_named_documents_stay_as_they_are() {
        let mut sibling = reprint("c", "y", None, None);
        sibling.common_source = Some("AFP".into());
        let mut reuses = vec![
            reprint("c", "z", Some("c"), Some(true)),
            reprint("d", "w", Some("d"), Some(true)),
            sibling.clone(),
            reprint("c", "d", None, None),
            reprint("y", "x", None, None),
        ];
        let before = reuses.clone();
        direct_from_named_sources(&mut reuses);
        assert_eq!(reuses, before);
    }
}
