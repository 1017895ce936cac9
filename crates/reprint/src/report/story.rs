//! One sentence per pair and per family, in the words an editor uses: who
//! republished whose article, how much later, whether with credit, and
//! which figures changed. The report and `reprint show` say the same
//! sentences.

use crate::clean::PubDate;
use crate::model::{EditKind, Reuse};

/// A document as a sentence names it: its outlet when known, else its id;
/// and its publication date.
#[derive(Clone, Copy, Debug)]
pub struct Party<'a> {
    /// The outlet, or the document's id when the outlet is unknown.
    pub name: &'a str,
    /// The publication date, if known.
    pub date: Option<PubDate>,
}

/// At most this many changed figures are named in a sentence.
const FIGURES_NAMED: usize = 2;
/// At most this many copies are named in a family's sentence.
const COPIES_NAMED: usize = 3;

/// The sentence for one pair: `a` and `b` in the pair's order (`a` is the
/// original when the direction is known).
pub fn pair_story(a: Party<'_>, b: Party<'_>, pair: &Reuse) -> String {
    if pair.original.is_some() {
        let mut s = format!("{} republished {}'s article", b.name, a.name);
        if let Some(delay) = delay(a.date, b.date) {
            s.push(' ');
            s.push_str(&delay);
        }
        let figures = changed_figures(pair);
        let credit = match pair.credited {
            Some(true) => Some("credited it"),
            Some(false) => Some("did not credit it"),
            None => None,
        };
        match (credit, figures) {
            (Some(credit), Some(figures)) => s.push_str(&format!(", {credit}, and {figures}")),
            (Some(credit), None) => s.push_str(&format!(" and {credit}")),
            (None, Some(figures)) => s.push_str(&format!(" and {figures}")),
            (None, None) => {}
        }
        s.push('.');
        return s;
    }
    let carried = pair
        .common_source
        .clone()
        .or_else(|| pair.common_original.clone());
    match carried {
        Some(source) => format!(
            "{} and {} both carry {}'s text; neither copied the other.",
            a.name, b.name, source
        ),
        None => format!(
            "{} and {} share {} of the shorter text; which came first is not known.",
            a.name,
            b.name,
            percent(pair.coverage_a.max(pair.coverage_b))
        ),
    }
}

/// The sentence for a family whose original is `original` (when known),
/// with `copies` each with the sentence's facts: the copy, its pair's
/// credit, and how much later it appeared. `common_source` names the
/// outside source of a family whose original is unknown.
pub fn family_story(
    original: Option<Party<'_>>,
    copies: &[(Party<'_>, Option<bool>)],
    members: usize,
    common_source: Option<&str>,
) -> String {
    let Some(original) = original else {
        return match common_source {
            Some(source) => format!(
                "{members} documents carry {}'s text; which printed it first is not known.",
                source
            ),
            None => format!("{members} documents share one text; which came first is not known."),
        };
    };
    let named: Vec<String> = copies
        .iter()
        .take(COPIES_NAMED)
        .map(|(copy, credited)| {
            let mut s = copy.name.to_string();
            if let Some(delay) = delay(original.date, copy.date) {
                s.push(' ');
                s.push_str(&delay);
            }
            match credited {
                Some(true) => s.push_str(", credited"),
                Some(false) => s.push_str(", without credit"),
                None => {}
            }
            s
        })
        .collect();
    let more = copies.len().saturating_sub(COPIES_NAMED);
    let list = match (named.as_slice(), more) {
        ([], _) => String::new(),
        ([one], 0) => one.clone(),
        (all, 0) => format!(
            "{}; and {}",
            all[..all.len() - 1].join("; "),
            all[all.len() - 1]
        ),
        (all, more) => format!("{}; and {more} more", all.join("; ")),
    };
    let times = match copies.len() {
        1 => "once".to_string(),
        2 => "twice".to_string(),
        n => format!("{n} times"),
    };
    format!(
        "{}'s article was republished {times}: by {list}.",
        original.name
    )
}

/// "the same day", "a day later", "3 days later", from the original's
/// date to the copy's, both known to the day; `None` otherwise.
fn delay(from: Option<PubDate>, to: Option<PubDate>) -> Option<String> {
    let (from, to) = (from?, to?);
    let days = to.days_since(&from)?;
    Some(match days {
        0 => "the same day".to_string(),
        1 => "a day later".to_string(),
        n if n > 1 => format!("{n} days later"),
        // A copy dated before its original: the direction came from a
        // credit, not from the dates; say nothing of time.
        _ => return None,
    })
}

/// "changed 20 to 25" (and a second figure), from the pair's number edits.
fn changed_figures(pair: &Reuse) -> Option<String> {
    let changes: Vec<String> = pair
        .edits
        .iter()
        .filter(|e| e.kind == EditKind::Number)
        .map(|e| format!("{} to {}", e.a_text.trim(), e.b_text.trim()))
        .collect();
    let (named, more) = changes.split_at(changes.len().min(FIGURES_NAMED));
    match (named, more.len()) {
        ([], _) => None,
        (named, 0) => Some(format!("changed {}", named.join(" and "))),
        (named, 1) => Some(format!("changed {} and one more figure", named.join(", "))),
        (named, more) => Some(format!(
            "changed {} and {more} more figures",
            named.join(", ")
        )),
    }
}

fn percent(share: f64) -> String {
    format!("{}%", (share * 100.0).round())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::dates::parse_iso;
    use crate::model::{Edit, ReuseKind};

    fn pair(original: bool, credited: Option<bool>, numbers: &[(&str, &str)]) -> Reuse {
        Reuse {
            a: "a".into(),
            b: "b".into(),
            original: original.then(|| "a".into()),
            common_source: None,
            common_original: None,
            evidence: Vec::new(),
            coverage_a: 0.9,
            coverage_b: 0.8,
            credited,
            kind: ReuseKind::Reprint,
            score: 0.9,
            signals: Default::default(),
            passages: Vec::new(),
            edits: numbers
                .iter()
                .map(|(a, b)| Edit {
                    kind: EditKind::Number,
                    a_begin: 0,
                    a_end: 0,
                    b_begin: 0,
                    b_end: 0,
                    a_text: (*a).into(),
                    b_text: (*b).into(),
                })
                .collect(),
        }
    }

    fn party<'a>(name: &'a str, date: &str) -> Party<'a> {
        Party {
            name,
            date: parse_iso(date),
        }
    }

    #[test]
    fn a_directed_pair_says_who_republished_whom_when_with_credit_and_what_changed() {
        let original = party("courrier-sud.fr", "2024-04-09");
        let copy = party("infomediterranee.com", "2024-04-10");
        assert_eq!(
            pair_story(original, copy, &pair(true, Some(true), &[("20", "25")])),
            "infomediterranee.com republished courrier-sud.fr's article a day later, credited it, and changed 20 to 25."
        );
        assert_eq!(
            pair_story(
                original,
                party("x.fr", "2024-04-09"),
                &pair(true, Some(false), &[])
            ),
            "x.fr republished courrier-sud.fr's article the same day and did not credit it."
        );
        assert_eq!(
            pair_story(
                original,
                party("x.fr", "2024-04-12"),
                &pair(true, None, &[("1", "2"), ("3", "4"), ("5", "6")])
            ),
            "x.fr republished courrier-sud.fr's article 3 days later and changed 1 to 2, 3 to 4 and one more figure."
        );
    }

    #[test]
    fn siblings_and_undecided_pairs_say_what_is_known() {
        let mut siblings = pair(false, None, &[]);
        siblings.common_source = Some("AFP".into());
        let (a, b) = (party("un.fr", ""), party("deux.fr", ""));
        assert_eq!(
            pair_story(a, b, &siblings),
            "un.fr and deux.fr both carry AFP's text; neither copied the other."
        );
        assert_eq!(
            pair_story(a, b, &pair(false, None, &[])),
            "un.fr and deux.fr share 90% of the shorter text; which came first is not known."
        );
    }

    #[test]
    fn a_family_names_its_original_and_its_first_copies() {
        let original = party("courrier-sud.fr", "2024-04-09");
        let copies = [
            (party("infomediterranee.com", "2024-04-10"), Some(true)),
            (party("herault-direct.fr", "2024-04-11"), Some(false)),
        ];
        assert_eq!(
            family_story(Some(original), &copies, 3, None),
            "courrier-sud.fr's article was republished twice: by infomediterranee.com a day later, credited; and herault-direct.fr 2 days later, without credit."
        );
        assert_eq!(
            family_story(None, &[], 4, Some("AFP")),
            "4 documents carry AFP's text; which printed it first is not known."
        );
    }
}
