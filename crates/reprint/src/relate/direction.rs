//! Direction: which of two documents sharing text is the original.
//!
//! Each clue favours one side with a weight:
//!
//! | clue | weight |
//! |---|---|
//! | the other credits this one's outlet | 4 |
//! | an earlier date, both given, from addresses or from datelines | 3 |
//! | this is an agency's own dispatch crediting no one else, the other is not the agency's and does not credit it | 2 |
//! | an earlier date, one of them inferred from the text | 1 |
//! | the other credits an outside outlet, this one credits none | 1 |
//! | this page hosts reader comments, the other does not | 1 |
//! | both in one section of one site, this page's address numbers it lower | 1 |
//!
//! (A credit of the document's own outlet, such as the "(AP)" tag on the
//! Associated Press's own story, is no outside credit. A credit of the
//! other's outlet from a page whose firm date comes 3 days or more before
//! the other's is set aside: it credits an earlier story of that outlet.)
//!
//! The side with the greater sum is the original, and the clues that
//! favour it are its evidence (clues against it are listed too, marked
//! "against"). Equal sums, including no clue at all, leave the direction
//! undecided: reprint never guesses from id or input order.
//!
//! Before any clue is weighed, the pair may turn out to be **siblings**:
//! two carriers of a third party's text, neither the other's original.
//! That is so when neither credits the other's outlet and either both
//! credit one outside outlet (two sites running one AFP dispatch, two
//! copies crediting one paper), or one credits a news agency explicitly
//! (its tag, byline or copyright) for the text the other shares. The
//! third party is named as the pair's common source, and the clues a
//! decision would have weighed are listed as set aside.
//!
//! A news agency's own page is one whose source or address is the
//! agency's, or one of the agency's feed that a portal publishes
//! ([`Article::feed_of`]: "information fournie par AFP", an address in the
//! portal's Reuters section). Crediting the agency credits a page of its
//! feed, and the page's own tag is no outside credit. The agency wrote the
//! story: its page, crediting no one else, is the original of a copy that
//! does not credit it, unless a firm date puts the copy first. Two own
//! pages of one agency are two of its dispatches: their dates decide, the
//! tags they both carry do not, and when nothing does the agency is named
//! as what they have in common.

use crate::clean::address::ArticleNumber;
use crate::clean::credits::{agency, agency_outlet, same_outlet};
use crate::clean::{Article, Credit, DateOrigin};
use crate::model::Document;

use super::kind::REFILL_DAYS;
use super::{credits_outlet, outlet_names};

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
    /// The original, or `None` when the clues do not decide or the pair are
    /// siblings.
    pub original: Option<Side>,
    /// For siblings, the outside outlet or agency whose text both carry.
    pub common_source: Option<String>,
    /// The reasons, one sentence each.
    pub evidence: Vec<String>,
}

impl Party<'_> {
    /// The credits that name an outlet other than the document's own.
    fn outside_credits(&self) -> impl Iterator<Item = &Credit> {
        self.article
            .credits
            .iter()
            .filter(|c| !outlet_names(self).any(|own| same_outlet(&c.name, own)))
    }
}

/// Days from which a page dated after a page crediting its outlet is not
/// what that page credits: copies come within a day or two of their
/// original, as [`REFILL_DAYS`] has it.
const EARLIER_STORY_DAYS: u32 = REFILL_DAYS;

/// Whole days `this`'s firm date comes after `other`'s, when both are
/// known to the day and `this` is the later.
fn days_after(this: Party<'_>, other: Party<'_>) -> Option<u32> {
    u32::try_from(this.article.firm_days_since(other.article)?).ok()
}

/// The third party two documents both carry, with the reason, when they
/// are siblings (see the module's documentation).
fn siblings(a: Party<'_>, b: Party<'_>) -> Option<(String, String)> {
    if credits_outlet(a, b).is_some() || credits_outlet(b, a).is_some() {
        return None;
    }
    let (a_id, b_id) = (&a.doc.id, &b.doc.id);
    for credit in a.outside_credits() {
        if let Some(theirs) = b
            .outside_credits()
            .find(|c| same_outlet(&c.name, &credit.name))
        {
            let name = &credit.name;
            let reason = if theirs.name == *name {
                format!("{a_id} and {b_id} both credit {name}: each carries its text")
            } else {
                format!(
                    "{a_id} and {b_id} both credit {name} (as {}): each carries its text",
                    theirs.name
                )
            };
            return Some((name.clone(), reason));
        }
    }
    for (this, other) in [(a, b), (b, a)] {
        let credit = this
            .outside_credits()
            .find(|c| c.explicit && agency(&c.name).is_some());
        // Another agency's own page writes its own text: an EFE dispatch
        // does not carry the Europa Press text its rival credits.
        let of_another_agency = |credit: &Credit| {
            own_agency(other).is_some_and(|(own, _)| !same_outlet(own, &credit.name))
        };
        if let Some(credit) = credit.filter(|c| !of_another_agency(c)) {
            let name = &credit.name;
            return Some((
                name.clone(),
                format!(
                    "{} credits the agency {name}: {} shares the agency's text, not {}'s",
                    this.doc.id, other.doc.id, this.doc.id
                ),
            ));
        }
    }
    None
}

struct Clue {
    favours: Side,
    weight: u32,
    reason: String,
}

/// How a page shows it is a news agency's own.
#[derive(Clone, Copy, PartialEq, Eq)]
enum OwnBy {
    /// Its source is the agency.
    Source,
    /// Its address is on the agency's site.
    Address,
    /// It is of the agency's feed on a portal ([`Article::feed_of`]).
    Feed,
}

/// The news agency whose own page `party` is, as the outputs name it, and
/// how the page shows it.
fn own_agency<'a>(party: Party<'a>) -> Option<(&'a str, OwnBy)> {
    if let Some(feed) = party.article.feed_of.as_deref() {
        return Some((feed, OwnBy::Feed));
    }
    let known = |name: Option<&str>| name.and_then(agency_outlet).map(|k| k.name);
    known(party.doc.source.as_deref())
        .map(|name| (name, OwnBy::Source))
        .or_else(|| known(party.doc.url.as_deref()).map(|name| (name, OwnBy::Address)))
}

/// The agency both pages are the own pages of, when they are (see the
/// module's documentation).
pub(super) fn shared_agency<'a>(a: Party<'a>, b: Party<'_>) -> Option<&'a str> {
    let ((x, _), (y, _)) = (own_agency(a)?, own_agency(b)?);
    same_outlet(x, y).then_some(x)
}

/// How `party` shows it is `agency`'s own page, for the evidence.
fn shown_own(party: Party<'_>, agency: &str) -> String {
    match own_agency(party).map(|(_, by)| by) {
        Some(OwnBy::Source) => format!("its source is {agency}"),
        Some(OwnBy::Address) => format!("its address is {agency}'s"),
        _ if party.article.credits.iter().any(|c| c.supplied) => {
            format!("a line says {agency} supplied it")
        }
        _ => format!("its address files it with {agency}'s dispatches"),
    }
}

/// The article numbers of two pages of one site, when both addresses hold
/// one in the same section and of as many digits: one sequence, whose
/// order is the site's order of publication.
fn numbers_on_one_site<'a>(
    a: Party<'a>,
    b: Party<'a>,
) -> Option<(&'a ArticleNumber, &'a ArticleNumber)> {
    let x = a.article.article_number.as_deref()?;
    let y = b.article.article_number.as_deref()?;
    (x.site == y.site && x.section == y.section && x.digits == y.digits).then_some((x, y))
}

/// Weighs the clues for `a` and `b`.
pub fn decide(a: Party<'_>, b: Party<'_>) -> Direction {
    let shared_agency = shared_agency(a, b);
    let numbers = numbers_on_one_site(a, b);
    let mut clues = Vec::new();
    let mut set_aside = Vec::new();
    for (this, other, side) in [(a, b, Side::A), (b, a, Side::B)] {
        let (this_id, other_id) = (&this.doc.id, &other.doc.id);
        let credited = credits_outlet(other, this);
        // Crediting this one's outlet from days before this one's date
        // credits an earlier story of that outlet, not this page.
        let earlier_story = days_after(this, other).filter(|&days| days >= EARLIER_STORY_DAYS);
        if let (Some(name), Some(days)) = (&credited, earlier_story) {
            set_aside.push(format!(
                "set aside: {other_id} credits {this_id}'s outlet ({name}) but is dated {days} \
                 days before it: an earlier story of that outlet"
            ));
        }
        let credit = credited.clone().filter(|_| earlier_story.is_none());
        match (&credit, this.article.feed_of.as_deref()) {
            // `other` credits `this`'s outlet: `this` is the original.
            (Some(name), Some(feed)) if same_outlet(name, feed) => clues.push(Clue {
                favours: side,
                weight: 4,
                reason: format!(
                    "{other_id} credits {name}, whose own dispatch {this_id} is ({})",
                    shown_own(this, feed)
                ),
            }),
            (Some(name), _) => clues.push(Clue {
                favours: side,
                weight: 4,
                reason: format!("{other_id} credits {this_id}'s outlet ({name})"),
            }),
            (None, _) => {}
        }
        // The agency wrote the story, crediting no one else for it; `other`
        // carries it and does not say where it comes from.
        let own = own_agency(this).filter(|_| this.outside_credits().next().is_none());
        if let (None, None, Some((agency, _))) = (&credited, shared_agency, own) {
            clues.push(Clue {
                favours: side,
                weight: 2,
                reason: format!(
                    "{this_id} is {agency}'s own dispatch ({}); {other_id} carries its text \
                     without crediting it",
                    shown_own(this, agency)
                ),
            });
        }
        let other_outside: Vec<&str> = other
            .outside_credits()
            .filter(|c| c.explicit)
            .map(|c| c.name.as_str())
            .collect();
        let this_explicit = this.outside_credits().any(|c| c.explicit);
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
        if let Some((a_number, b_number)) = numbers {
            let (this_number, other_number) = match side {
                Side::A => (a_number, b_number),
                Side::B => (b_number, a_number),
            };
            if this_number.value < other_number.value {
                clues.push(Clue {
                    favours: side,
                    weight: 1,
                    reason: format!(
                        "{this_id}'s address numbers it {}, before {other_id}'s {} on {}",
                        this_number.value, other_number.value, this_number.site
                    ),
                });
            }
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
                let both_firm =
                    this.article.firm_date().is_some() && other.article.firm_date().is_some();
                let origin = |o: Option<DateOrigin>| o.map_or("", DateOrigin::as_str);
                // "given; its url says 2017-11-20": a disagreement is shown.
                let shown = |article: &Article| match article.date_disagreement {
                    Some((date, from)) => format!(
                        "{}; its {} says {date}",
                        origin(article.date_origin),
                        from.as_str()
                    ),
                    None => origin(article.date_origin).to_string(),
                };
                clues.push(Clue {
                    favours: side,
                    weight: if both_firm { 3 } else { 1 },
                    reason: format!(
                        "{this_id} is dated {d1} ({}), before {other_id} ({d2}, {})",
                        shown(this.article),
                        shown(other.article)
                    ),
                });
            }
        }
    }

    if let Some((common_source, reason)) = siblings(a, b).filter(|_| shared_agency.is_none()) {
        let mut evidence = vec![reason];
        evidence.extend(clues.iter().map(|c| format!("set aside: {}", c.reason)));
        return Direction {
            original: None,
            common_source: Some(common_source),
            evidence,
        };
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
    evidence.extend(set_aside);
    let common_source = match (original, shared_agency) {
        (None, Some(agency)) => {
            let (shown_a, shown_b) = (shown_own(a, agency), shown_own(b, agency));
            let shown = if shown_a == shown_b {
                format!("for each, {shown_a}")
            } else {
                format!("{shown_a}; {shown_b}")
            };
            evidence.insert(
                0,
                format!(
                    "{} and {} are both {agency}'s own dispatches ({shown}): each carries its text",
                    a.doc.id, b.doc.id
                ),
            );
            Some(agency.to_string())
        }
        _ => None,
    };
    Direction {
        original,
        common_source,
        evidence,
    }
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
    fn a_date_the_address_contradicts_is_kept_and_the_evidence_says_so() {
        let mut x = doc("x", None, Some("2017-11-22"), BODY);
        x.0.url = Some("https://un.example/2017/11/20/article".into());
        x.1 = clean(&x.0);
        let y = doc("y", None, Some("2017-11-23"), BODY);
        let d = decide_for(&x, &y);
        assert_eq!(d.original, Some(Side::A));
        assert_eq!(
            d.evidence,
            ["x is dated 2017-11-22 (given; its url says 2017-11-20), before y (2017-11-23, given)"]
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
    fn crediting_the_outlet_of_a_page_dated_days_later_credits_an_earlier_story() {
        let agency = doc("x", Some("aa.com.tr"), Some("2026-11-12"), BODY);
        let copy_dated = |date| {
            doc(
                "y",
                Some("haberturk.com"),
                Some(date),
                &format!("{BODY}\n\nKaynak: AA"),
            )
        };
        let d = decide_for(&agency, &copy_dated("2026-10-31"));
        assert_eq!(d.original, Some(Side::B));
        assert!(d.evidence[0].starts_with("y is dated 2026-10-31 (given), before x"));
        assert_eq!(
            d.evidence.last().unwrap(),
            "set aside: y credits x's outlet (AA) but is dated 12 days before it: an earlier \
             story of that outlet"
        );
        // It still credits the agency: the agency's page is no dispatch it
        // carries without crediting.
        assert!(!d.evidence.iter().any(|e| e.contains("without crediting")));
        // A day or two is a copy's lag: the credit still decides.
        assert_eq!(
            decide_for(&agency, &copy_dated("2026-11-10")).original,
            Some(Side::A)
        );
    }

    #[test]
    fn an_outside_credit_and_comments_point_to_the_copy() {
        let x = doc("x", None, None, &format!("{BODY}\n\nAvec Le Monde"));
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
                "x credits an outside source (Le Monde); y credits none",
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
                common_source: None,
                evidence: vec![]
            }
        );
        let x = doc(
            "x",
            None,
            Some("2024-04"),
            &format!("{BODY}\n\nAvec Le Monde"),
        );
        let y = doc(
            "y",
            None,
            Some("2024-04-02"),
            &format!("{BODY}\n\nAvec Le Figaro"),
        );
        assert_eq!(
            decide_for(&x, &y).original,
            None,
            "same month, both credit outside outlets"
        );
    }

    #[test]
    fn two_carriers_of_one_dispatch_are_siblings_whatever_their_dates() {
        let x = doc(
            "x",
            Some("un.fr"),
            Some("2024-04-09"),
            &format!("PARIS (AFP) - {BODY}"),
        );
        let y = doc(
            "y",
            Some("deux.fr"),
            Some("2024-04-10"),
            &format!("{BODY}\n\nAvec Agence France-Presse"),
        );
        let d = decide_for(&x, &y);
        assert_eq!(
            (d.original, d.common_source.as_deref()),
            (None, Some("AFP"))
        );
        assert_eq!(
            d.evidence[0],
            "x and y both credit AFP (as Agence France-Presse): each carries its text"
        );
        assert!(
            d.evidence[1].starts_with("set aside: x is dated 2024-04-09"),
            "{:?}",
            d.evidence
        );
        // One agency tag is enough: the other shares the agency's text.
        let z = doc("z", Some("trois.fr"), Some("2024-04-08"), BODY);
        let d = decide_for(&x, &z);
        assert_eq!(
            (d.original, d.common_source.as_deref()),
            (None, Some("AFP"))
        );
        // Unless the other is another agency's own dispatch.
        let rival = doc("r", Some("reuters.com"), Some("2024-04-09"), BODY);
        let d = decide_for(&x, &rival);
        assert_eq!(d.common_source, None, "{:?}", d.evidence);
    }

    #[test]
    fn carriers_of_one_dispatch_are_siblings_in_every_language() {
        const EN: &str = "The senate passed the bill on Tuesday after a long debate.\n\nThe vote was close.\n\nIt goes to the house next.";
        const AR: &str = "أقر مجلس الشورى مشروع النظام يوم الثلاثاء بعد نقاش طويل.\n\nوكان التصويت متقاربا.\n\nويحال المشروع إلى الحكومة.";
        const DE: &str = "Der Bundestag hat das Gesetz am Dienstag nach langer Debatte beschlossen.\n\nDie Abstimmung war knapp.\n\nNun folgt der Bundesrat.";
        for (x_text, y_text, agency) in [
            (
                format!("WASHINGTON (AP) — {EN}"),
                format!("{EN}\n\nCopyright 2024 The Associated Press. All rights reserved."),
                "AP",
            ),
            (
                format!("الرياض (واس) - {AR}"),
                format!("{AR} نقلا عن وكالة الأنباء السعودية"),
                "واس",
            ),
            (
                format!("Berlin (dpa) - {DE}"),
                format!("{DE} Das meldete laut dpa das Parlament."),
                "dpa",
            ),
        ] {
            let x = doc("x", Some("un.example"), Some("2024-04-09"), &x_text);
            let y = doc("y", Some("deux.example"), Some("2024-04-10"), &y_text);
            let d = decide_for(&x, &y);
            assert_eq!(d.original, None, "{agency}: {:?}", d.evidence);
            assert_eq!(d.common_source.as_deref(), Some(agency), "{:?}", d.evidence);
        }
    }

    #[test]
    fn an_agencys_own_tag_is_no_outside_credit() {
        let ap = doc(
            "ap",
            Some("Associated Press"),
            None,
            &format!("OROVILLE, Calif. (AP) - {BODY}"),
        );
        let local = doc(
            "local",
            Some("kntu.com"),
            None,
            &format!("{BODY}\n\nSource: Associated Press"),
        );
        let d = decide_for(&ap, &local);
        assert_eq!(d.original, Some(Side::A), "{:?}", d.evidence);
        assert_eq!(d.evidence, ["local credits ap's outlet (Associated Press)"]);
        // Without the credit, the agency wrote the story and the other
        // carries it.
        let plain = doc("plain", Some("kntu.com"), None, BODY);
        let d = decide_for(&ap, &plain);
        assert_eq!(d.original, Some(Side::A), "{:?}", d.evidence);
        assert_eq!(
            d.evidence,
            ["ap is AP's own dispatch (its source is AP); plain carries its text without crediting it"]
        );
        // A page dated firmly before the agency's came first all the same.
        let ap = doc(
            "ap",
            Some("Associated Press"),
            Some("2024-04-10"),
            &format!("OROVILLE, Calif. (AP) - {BODY}"),
        );
        let earlier = doc("earlier", Some("kntu.com"), Some("2024-04-09"), BODY);
        let d = decide_for(&ap, &earlier);
        assert_eq!(d.original, Some(Side::B), "{:?}", d.evidence);
        // The agency's page credits the other's outlet: no own story.
        let credits_local = doc(
            "ap",
            Some("Associated Press"),
            None,
            &format!("OROVILLE, Calif. (AP) - {BODY}\n\nSource: KNTU"),
        );
        let d = decide_for(&credits_local, &plain);
        assert_eq!(d.original, Some(Side::B), "{:?}", d.evidence);
    }

    fn at(id: &str, url: &str, date: Option<&str>, text: &str) -> (Document, Article) {
        let mut doc = Document::new(id, text, Location::file("t"));
        doc.url = Some(url.into());
        doc.source = url.split('/').nth(2).map(Into::into);
        doc.date = date.map(Into::into);
        let article = clean(&doc);
        (doc, article)
    }

    #[test]
    fn a_portals_page_of_an_agencys_feed_is_the_agencys_dispatch() {
        let feed = at(
            "feed",
            "https://www.portail.example/actualites/sonia-annonce-a-l-afp-sa-demission-3e8f",
            Some("2024-04-09"),
            &format!(
                "Elle annonce sa démission\ninformation fournie par AFP 09/04/2024 à 19:38\n\n{BODY}"
            ),
        );
        // A paper running the dispatch under AFP's byline credits it.
        let paper = at(
            "paper",
            "https://www.journal.example/monde/demission-42.html",
            Some("2024-04-09"),
            &format!("Un chapeau du journal.\n\nAFP Agence France-Presse\n\n{BODY}"),
        );
        let d = decide_for(&paper, &feed);
        assert_eq!(
            (d.original, d.common_source.as_deref()),
            (Some(Side::B), None),
            "{:?}",
            d.evidence
        );
        assert_eq!(
            d.evidence,
            ["paper credits AFP, whose own dispatch feed is (a line says AFP supplied it)"]
        );
        // A copy crediting no one took AFP's text.
        let copy = at("copy", "https://copie.example/demission", None, BODY);
        let d = decide_for(&feed, &copy);
        assert_eq!(d.original, Some(Side::A), "{:?}", d.evidence);
        assert_eq!(
            d.evidence,
            ["feed is AFP's own dispatch (a line says AFP supplied it); copy carries its text without crediting it"]
        );
        // Two carriers of the dispatch, neither AFP's own, stay siblings.
        let d = decide_for(
            &paper,
            &at(
                "other",
                "https://autre.example/a",
                None,
                &format!("PARIS (AFP) - {BODY}"),
            ),
        );
        assert_eq!(d.common_source.as_deref(), Some("AFP"), "{:?}", d.evidence);
    }

    #[test]
    fn an_agency_section_of_a_portal_holds_the_agencys_own_dispatches() {
        const ES: &str = "El poeta fue galardonado este lunes con el premio, el máximo reconocimiento de las letras.\n\nEl fallo se hizo público tras la deliberación del jurado.";
        const DE: &str = "Der Bundestag hat das Gesetz am Dienstag nach langer Debatte beschlossen.\n\nDie Abstimmung war knapp.";
        const AR: &str =
            "أقر مجلس الشورى مشروع النظام يوم الثلاثاء بعد نقاش طويل.\n\nوكان التصويت متقاربا.";
        for (url, text, copy_text, agency) in [
            (
                "https://www.diario.example/america/agencias/2020/11/16/el-poeta-premiado/",
                format!("Madrid, 16 nov (EFE).- {ES}"),
                ES.to_string(),
                "EFE",
            ),
            (
                "https://www.zeitung.example/newsticker/dpa/gesetz-beschlossen-123",
                format!("Berlin (dpa) - {DE}"),
                DE.to_string(),
                "dpa",
            ),
            (
                "https://www.bawaba.example/news/wam/12345",
                format!("أبوظبي (وام) - {AR}"),
                AR.to_string(),
                "WAM",
            ),
        ] {
            let own = at("own", url, None, &text);
            let copy = at("copy", "https://copie.example/x/nota", None, &copy_text);
            let d = decide_for(&copy, &own);
            assert_eq!(d.original, Some(Side::B), "{agency}: {:?}", d.evidence);
            assert_eq!(
                d.evidence,
                [format!(
                    "own is {agency}'s own dispatch (its address files it with {agency}'s dispatches); \
                     copy carries its text without crediting it"
                )]
            );
        }
    }

    #[test]
    fn two_dispatches_of_one_agency_are_told_apart_by_their_dates_only() {
        const EN: &str = "The building at 17 Tivoli street collapsed on Sunday, bringing down two others.\n\nThe cause is not yet known.";
        let first = at(
            "first",
            "https://www.portal.example/news/reuters/six-found-324418.html",
            Some("2024-04-10"),
            &format!("MARSEILLE (Reuters) - Six bodies were found. {EN}"),
        );
        let later = at(
            "later",
            "https://www.portal.example/news/reuters/eight-dead-324638.html",
            Some("2024-04-12"),
            &format!("MARSEILLE (Reuters) - Searches ended. {EN}"),
        );
        let d = decide_for(&first, &later);
        assert_eq!(
            (d.original, d.common_source.as_deref()),
            (Some(Side::A), None),
            "{:?}",
            d.evidence
        );
        // Without a date, the site's article numbers put them in order.
        let later = at(
            "later",
            "https://www.portal.example/news/reuters/eight-dead-324638.html",
            None,
            &format!("MARSEILLE (Reuters) - Searches ended. {EN}"),
        );
        let d = decide_for(&first, &later);
        assert_eq!(d.original, Some(Side::A), "{:?}", d.evidence);
        assert_eq!(
            d.evidence,
            ["first's address numbers it 324418, before later's 324638 on portal.example"]
        );
        let undated = at(
            "undated",
            "https://www.portal.example/news/reuters/eight-dead.html",
            None,
            &format!("MARSEILLE (Reuters) - Searches ended. {EN}"),
        );
        let d = decide_for(&first, &undated);
        assert_eq!(
            (d.original, d.common_source.as_deref()),
            (None, Some("Reuters")),
            "{:?}",
            d.evidence
        );
        assert_eq!(
            d.evidence,
            ["first and undated are both Reuters's own dispatches (for each, its address files it \
              with Reuters's dispatches): each carries its text"]
        );
    }
}
