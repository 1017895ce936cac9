//! Direction: which of two documents sharing text is the original.
//!
//! Each clue favours one side with a weight:
//!
//! | clue | weight |
//! |---|---|
//! | the other credits this one's outlet | 4 |
//! | an earlier date, both given, from addresses or from datelines | 3 |
//! | an earlier date, one of them inferred from the text | 1 |
//! | the other credits an outside outlet, this one credits none | 1 |
//! | this page hosts reader comments, the other does not | 1 |
//!
//! The side with the greater sum is the original, and the clues that
//! favour it are its evidence (clues against it are listed too, marked
//! "against"). Equal sums, including no clue at all, leave the direction
//! undecided: reprint never guesses from id or input order.

use crate::clean::{Article, DateOrigin};
use crate::model::Document;

use super::credits_outlet;

/// One side of a pair, as direction sees it.
#[derive(Clone, Copy)]
pub struct Party<'a> {
    /// The document.
    pub doc: &'a Document,
    /// Its cleaned article.
    pub article: &'a Article,
}

/// Which side of a pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The pair's first document.
    A,
    /// The pair's second document.
    B,
}

/// The decision and its reasons.
#[derive(Clone, Debug, PartialEq)]
pub struct Direction {
    /// The original, or `None` when the clues do not decide.
    pub original: Option<Side>,
    /// The reasons, one sentence each.
    pub evidence: Vec<String>,
}

struct Clue {
    favours: Side,
    weight: u32,
    reason: String,
}

/// Weighs the clues for `a` and `b`.
pub fn decide(a: Party<'_>, b: Party<'_>) -> Direction {
    let mut clues = Vec::new();
    for (this, other, side) in [(a, b, Side::A), (b, a, Side::B)] {
        let (this_id, other_id) = (&this.doc.id, &other.doc.id);
        // `other` credits `this`'s outlet: `this` is the original.
        if let Some(name) = credits_outlet(other, this) {
            clues.push(Clue {
                favours: side,
                weight: 4,
                reason: format!("{other_id} credits {this_id}'s outlet ({name})"),
            });
        }
        let other_outside: Vec<&str> = other
            .article
            .credits
            .iter()
            .filter(|c| c.explicit)
            .map(|c| c.name.as_str())
            .collect();
        let this_explicit = this.article.credits.iter().any(|c| c.explicit);
        if !other_outside.is_empty() && !this_explicit && credits_outlet(other, this).is_none() {
            clues.push(Clue {
                favours: side,
                weight: 1,
                reason: format!(
                    "{other_id} credits an outside source ({}); {this_id} credits none",
                    other_outside.join(", ")
                ),
            });
        }
        if this.article.has_comments() && !other.article.has_comments() {
            clues.push(Clue {
                favours: side,
                weight: 1,
                reason: format!("{this_id} hosts reader comments; {other_id} does not"),
            });
        }
        if let (Some(d1), Some(d2)) = (this.article.date, other.article.date) {
            if d1.compare(&d2).is_lt() {
                let firm = |o: Option<DateOrigin>| {
                    matches!(
                        o,
                        Some(DateOrigin::Given | DateOrigin::Url | DateOrigin::Dateline)
                    )
                };
                let both_firm = firm(this.article.date_origin) && firm(other.article.date_origin);
                let origin = |o: Option<DateOrigin>| o.map_or("", DateOrigin::as_str);
                clues.push(Clue {
                    favours: side,
                    weight: if both_firm { 3 } else { 1 },
                    reason: format!(
                        "{this_id} is dated {d1} ({}), before {other_id} ({d2}, {})",
                        origin(this.article.date_origin),
                        origin(other.article.date_origin)
                    ),
                });
            }
        }
    }

    let score = |side: Side| {
        clues
            .iter()
            .filter(|c| c.favours == side)
            .map(|c| c.weight)
            .sum::<u32>()
    };
    let (score_a, score_b) = (score(Side::A), score(Side::B));
    let original = match score_a.cmp(&score_b) {
        std::cmp::Ordering::Greater => Some(Side::A),
        std::cmp::Ordering::Less => Some(Side::B),
        std::cmp::Ordering::Equal => None,
    };
    let mut evidence: Vec<String> = Vec::new();
    match original {
        Some(winner) => {
            evidence.extend(
                clues
                    .iter()
                    .filter(|c| c.favours == winner)
                    .map(|c| c.reason.clone()),
            );
            evidence.extend(
                clues
                    .iter()
                    .filter(|c| c.favours != winner)
                    .map(|c| format!("against: {}", c.reason)),
            );
        }
        None => evidence.extend(clues.iter().map(|c| format!("undecided: {}", c.reason))),
    }
    Direction { original, evidence }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::clean;
    use crate::model::Location;

    fn doc(id: &str, source: Option<&str>, date: Option<&str>, text: &str) -> (Document, Article) {
        let mut doc = Document::new(id, text, Location::file("t"));
        doc.source = source.map(Into::into);
        doc.date = date.map(Into::into);
        let article = clean(&doc);
        (doc, article)
    }

    fn decide_for(x: &(Document, Article), y: &(Document, Article)) -> Direction {
        decide(
            Party {
                doc: &x.0,
                article: &x.1,
            },
            Party {
                doc: &y.0,
                article: &y.1,
            },
        )
    }

    const BODY: &str = "Le texte de l'article, partagé par les deux sites.\n\nUn deuxième paragraphe.\n\nUn troisième.\n\nUn quatrième.";

    #[test]
    fn an_earlier_given_date_decides() {
        let x = doc("x", None, Some("2024-04-10"), BODY);
        let y = doc("y", None, Some("2024-04-09"), BODY);
        let d = decide_for(&x, &y);
        assert_eq!(d.original, Some(Side::B));
        assert_eq!(
            d.evidence,
            ["y is dated 2024-04-09 (given), before x (2024-04-10, given)"]
        );
    }

    #[test]
    fn the_hour_decides_between_copies_of_one_day() {
        let x = doc("x", None, Some("2024-04-09T14:30:00+02:00"), BODY);
        let y = doc("y", None, Some("2024-04-09T09:05:00+02:00"), BODY);
        assert_eq!(decide_for(&x, &y).original, Some(Side::B));
        let z = doc("z", None, Some("2024-04-09"), BODY);
        assert_eq!(
            decide_for(&x, &z).original,
            None,
            "a day against a time of that day"
        );
    }

    #[test]
    fn crediting_the_others_outlet_outweighs_a_date() {
        let x = doc("x", Some("observalgerie.com"), Some("2024-04-10"), BODY);
        let y = doc(
            "y",
            Some("other.fr"),
            Some("2024-04-09"),
            &format!("{BODY}\n\nSource: ObservAlgérie"),
        );
        let d = decide_for(&x, &y);
        assert_eq!(d.original, Some(Side::A));
        assert_eq!(d.evidence[0], "y credits x's outlet (ObservAlgérie)");
        assert!(d.evidence[1].starts_with("against: y is dated"));
    }

    #[test]
    fn an_outside_credit_and_comments_point_to_the_copy() {
        let x = doc("x", None, None, &format!("{BODY}\n\nAvec AFP"));
        let y = doc(
            "y",
            None,
            None,
            &format!("{BODY}\n\n3 commentaires\n\nBravo."),
        );
        let d = decide_for(&x, &y);
        assert_eq!(d.original, Some(Side::B));
        assert_eq!(
            d.evidence,
            [
                "x credits an outside source (AFP); y credits none",
                "y hosts reader comments; x does not"
            ]
        );
    }

    #[test]
    fn no_clue_leaves_it_undecided() {
        let x = doc("x", None, None, BODY);
        let y = doc("y", None, None, BODY);
        assert_eq!(
            decide_for(&x, &y),
            Direction {
                original: None,
                evidence: vec![]
            }
        );
        let x = doc("x", None, Some("2024-04"), &format!("{BODY}\n\nAvec AFP"));
        let y = doc(
            "y",
            None,
            Some("2024-04-02"),
            &format!("{BODY}\n\nAvec Reuters"),
        );
        assert_eq!(
            decide_for(&x, &y).original,
            None,
            "same month, both credit agencies"
        );
    }
}
