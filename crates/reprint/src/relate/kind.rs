//! Kinds of reuse: what a pair that shares text is.
//!
//! In: a pair's passages, quotation spans, the judge's signals and verdict.
//! Out: a [`ReuseKind`], decided in this order:
//!
//! * **boilerplate**, first of all, when the two come from one source and
//!   all they share sits at the head or the foot of both texts, less than
//!   [`FURNITURE_COVERAGE`] of the shorter: the site's own furniture (a
//!   footer, a newsletter pitch) that the candidate stage could not yet
//!   tell by its frequency, because the scan holds few of the site's
//!   pages;
//! * **quote**: every passage lies inside quotation marks (« », “ ”, „ “,
//!   " ") in both documents; or the judge says no and most matched words
//!   are quoted; or nearly all matched words are quoted on one side or the
//!   other and they make up less than a third of the shorter text (one
//!   story quotes a speech, the other renders the same words in reported
//!   speech): two articles quoting one statement, not one copying the
//!   other;
//! * **template**, when the two differ in two or more figures, at least one
//!   per [`WORDS_PER_NUMBER`] shared words (or per twice as many when most
//!   of the shared text is also held by many other documents of the
//!   corpus): one frame filled with other figures. A story updated with a
//!   new toll changes a figure or two in hundreds of words and stays a
//!   reprint. Two documents dated [`REFILL_DAYS`] apart or more need only
//!   [`REFILL_SLOTS`] changed figures and swapped names together, one per
//!   [`WORDS_PER_SLOT_ANOTHER_DAY`] shared words: the next meeting's
//!   rate decision, next week's note, a storm warning for other provinces;
//!   and on any day, [`MANY_SLOTS`] figures and names or more, a name
//!   among them, one per [`WORDS_PER_SLOT`] shared words: an earthquake
//!   report filled with another magnitude, hour, town and depth. (An update
//!   of a story changes its figures, not its places and people.)
//! * **template**, when the names and figures in and around the passages
//!   mostly differ and there are [`MANY_FACTS`] of them or more, or
//!   nearly all differ ([`FEW_AGREE`]) among [`MIN_FACTS`] or more: however
//!   alike the words, a copy keeps the facts of what it copies;
//! * **overlap**, when all the pair shares is a line: fewer than
//!   [`LINE_WORDS`] matched words, and less than [`LINE_COVERAGE`] of the
//!   shorter text. Two stories of one event often carry the same sentence
//!   of wire background; a copy of a story carries a paragraph at least,
//!   or most of a brief;
//! * **reprint**, when the judge's score reaches the scan's minimum;
//! * **template**, when the facts in and around the passages mostly
//!   differ, or when one side's words are swapped for the other's in the
//!   same slots again and again (a condolence cable to another country,
//!   for another disaster): the same formula with other names and dates;
//! * **boilerplate**, when most of the shared fingerprints are held by many
//!   documents of the corpus (a site's own furniture never gets this far:
//!   the candidate stage drops it);
//! * **overlap**: everything else, some shared text that is no copy.

pub use crate::clean::quotes::QuotedSpans;
pub use crate::model::ReuseKind;
use crate::model::Signals;

/// The share of a passage that must lie inside quotation marks.
const QUOTED_SHARE: f64 = 0.8;
/// Below this share of the shorter text, shared words that are nearly all
/// quoted ([`QUOTED_SHARE`] of them) are a statement both carry, whatever
/// the judge says: a copy of an article carries its narrative too.
const QUOTE_ONLY_COVERAGE: f64 = 1.0 / 3.0;
/// Fewer matched words than this, covering less than [`LINE_COVERAGE`] of
/// the shorter text, are a line two stories share, not a copy: about a
/// sentence, where the shortest reused paragraph of news_dev's partial
/// copies holds 36.
const LINE_WORDS: u32 = 30;
/// See [`LINE_WORDS`]: a brief reprinted is short and still a copy, when
/// the line is most of it.
const LINE_COVERAGE: f64 = 0.6;
/// The share of a pair's shared fingerprints that must be frequent in the
/// corpus for a sparser refill to count as a template.
const TEMPLATE_SHARE: f64 = 0.5;

/// The share of `[begin, end)` inside `spans` (sorted, disjoint).
pub fn share_inside(begin: u32, end: u32, spans: &[(u32, u32)]) -> f64 {
    if end <= begin {
        return 0.0;
    }
    let inside: u32 = spans
        .iter()
        .map(|&(s, e)| end.min(e).saturating_sub(begin.max(s)))
        .sum();
    f64::from(inside) / f64::from(end - begin)
}

/// A template changes at least one figure per this many shared words.
pub const WORDS_PER_NUMBER: usize = 15;
/// Days between two firm dates from which a pair that changes figures
/// throughout is a frame filled again for another day (a rate decision of
/// the next meeting, next week's market note). Copies are published within
/// a day or two of what they copy; one that comes later keeps its figures.
pub const REFILL_DAYS: u32 = 3;
/// Slots a pair dated [`REFILL_DAYS`] apart must fill again, at least:
/// figures changed and names swapped ([`Signals::swapped_names`])
/// together.
pub const REFILL_SLOTS: usize = 3;
/// A pair dated [`REFILL_DAYS`] apart is a template with one slot filled
/// again per this many shared words: a Brazilian rate decision re-filled
/// for the next meeting changes six figures in 111; a storm warning issued
/// again two weeks later changes its weekday, wind speeds, hour and
/// provinces, five slots in 110.
pub const WORDS_PER_SLOT_ANOTHER_DAY: usize = 30;
/// Slots filled again (figures changed and names swapped together, one
/// name at least) that make a template on any day, one per
/// [`WORDS_PER_SLOT`] shared words or denser: another event in the same
/// frame. No copy of news_dev fills more than two. An update of a story
/// changes figures only (its toll, its injured, its hour): it keeps its
/// places and people.
pub const MANY_SLOTS: usize = 4;
/// See [`MANY_SLOTS`].
pub const WORDS_PER_SLOT: usize = 20;

/// A template puts other names in its slots at least once per this many
/// shared words ([`Signals::swapped_names`]), twice or more: news_dev's
/// re-sent royal cables swap two to six names in 80 to 95 shared words,
/// while none of its copies swaps more than one (a spelling such as "AFP"
/// for "Agence France-Presse").
pub const WORDS_PER_NAME_SWAP: u32 = 50;

/// Fewer facts than this around the passages say nothing either way.
const MIN_FACTS: u32 = 6;
/// From this many facts around the passages, agreement below
/// [`TEMPLATE_AGREEMENT`] makes a template whatever the judge's score. No
/// reprint of news_dev with a dozen facts or more agrees on fewer than 0.59
/// of them; a bulletin re-filled with the next week's figures, at one
/// word in ten changed, agrees on a quarter.
const MANY_FACTS: u32 = 12;
/// Fact agreement below this, among [`MIN_FACTS`] facts or more, makes a
/// template whatever the judge's score: at most one fact in six shared (the
/// lowest reprint of news_dev agrees on 0.375).
const FEW_AGREE: f64 = 0.3;
/// Fact agreement below this is a template's refill: in a pair the judge
/// turned down, or whatever the score among [`MANY_FACTS`].
const TEMPLATE_AGREEMENT: f64 = 0.5;

/// A share of swapped words (see [`Signals::swapped_share`]) from which a
/// pair the judge turned down is a template refilled. No reprint of
/// news_dev reaches 0.025; its two re-sent condolence cables reach 0.085
/// and 0.1.
const TEMPLATE_SWAPPED: f64 = 0.05;

/// Below this share of the shorter text, what two pages of one source share
/// at their heads or feet only is the site's furniture.
pub const FURNITURE_COVERAGE: f64 = 0.5;

/// What the classifier needs to know of a pair.
pub struct KindEvidence<'a> {
    /// Each passage's spans: `(a_begin, a_end, b_begin, b_end)`.
    pub passages: &'a [(u32, u32, u32, u32)],
    /// Quoted spans of `a` and of `b`.
    pub quoted: (&'a QuotedSpans, &'a QuotedSpans),
    /// The judge's signals.
    pub signals: &'a Signals,
    /// How many figures the edits of the passages change
    /// ([`super::edits::changed_figures`]), dates included.
    pub figure_changes: usize,
    /// Whole days between the two documents' firm dates, when both have
    /// one known to the day.
    pub days_apart: Option<u32>,
    /// Whether the judge's score reaches the scan's minimum.
    pub reprint: bool,
    /// Whether both documents name one source and every passage starts at
    /// the head or ends at the foot of its text, on both sides.
    pub same_source_edges: bool,
}

/// Classifies a pair's reuse.
pub fn classify(e: &KindEvidence<'_>) -> ReuseKind {
    let s = e.signals;
    if e.same_source_edges && s.shorter_coverage < FURNITURE_COVERAGE {
        return ReuseKind::Boilerplate;
    }
    let quoted = e.passages.iter().all(|&(a0, a1, b0, b1)| {
        share_inside(a0, a1, e.quoted.0) >= QUOTED_SHARE
            && share_inside(b0, b1, e.quoted.1) >= QUOTED_SHARE
    });
    let statement_only = s.quoted_share >= QUOTED_SHARE && s.shorter_coverage < QUOTE_ONLY_COVERAGE;
    if (quoted && !e.passages.is_empty()) || statement_only || (!e.reprint && s.quoted_share >= 0.5)
    {
        return ReuseKind::Quote;
    }
    let words_per_number = if s.frequent_share >= TEMPLATE_SHARE {
        2 * WORDS_PER_NUMBER
    } else {
        WORDS_PER_NUMBER
    };
    if e.figure_changes >= 2 && e.figure_changes * words_per_number >= s.matched as usize {
        return ReuseKind::Template;
    }
    let another_day = e.days_apart.is_some_and(|days| days >= REFILL_DAYS);
    let slots = e.figure_changes + s.swapped_names as usize;
    if another_day
        && slots >= REFILL_SLOTS
        && slots * WORDS_PER_SLOT_ANOTHER_DAY >= s.matched as usize
    {
        return ReuseKind::Template;
    }
    if s.swapped_names >= 1 && slots >= MANY_SLOTS && slots * WORDS_PER_SLOT >= s.matched as usize {
        return ReuseKind::Template;
    }
    if s.swapped_names >= 2 && s.swapped_names * WORDS_PER_NAME_SWAP >= s.matched {
        return ReuseKind::Template;
    }
    if facts_differ_whatever_the_score(s) {
        return ReuseKind::Template;
    }
    if s.matched < LINE_WORDS && s.shorter_coverage < LINE_COVERAGE {
        return ReuseKind::Overlap;
    }
    if e.reprint {
        ReuseKind::Reprint
    } else if facts_mostly_differ(s) || s.swapped_share >= TEMPLATE_SWAPPED {
        ReuseKind::Template
    } else if s.frequent_share >= TEMPLATE_SHARE {
        ReuseKind::Boilerplate
    } else {
        ReuseKind::Overlap
    }
}

/// Whether the facts around the passages mostly differ, among enough of
/// them to say so: a template, when the judge turned the pair down.
fn facts_mostly_differ(s: &Signals) -> bool {
    s.facts >= MIN_FACTS && s.fact_agreement < TEMPLATE_AGREEMENT
}

/// Whether the facts differ so widely, or among so many, that the pair is
/// a template however alike its words.
fn facts_differ_whatever_the_score(s: &Signals) -> bool {
    (s.facts >= MANY_FACTS && s.fact_agreement < TEMPLATE_AGREEMENT)
        || (s.facts >= MIN_FACTS && s.fact_agreement < FEW_AGREE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signals(matched: u32, frequent_share: f64) -> Signals {
        Signals {
            matched,
            frequent_share,
            fact_agreement: 1.0,
            ..Signals::default()
        }
    }

    fn kind_of(
        passages: &[(u32, u32, u32, u32)],
        quoted: &[(u32, u32)],
        signals: &Signals,
        figure_changes: usize,
        reprint: bool,
    ) -> ReuseKind {
        classify(&KindEvidence {
            passages,
            quoted: (quoted, quoted),
            signals,
            figure_changes,
            days_apart: None,
            reprint,
            same_source_edges: false,
        })
    }

    #[test]
    fn a_sites_own_footer_on_two_of_its_pages_is_boilerplate() {
        let footer = Signals {
            shorter_coverage: 0.2,
            ..signals(32, 0.0)
        };
        let evidence = |same_source_edges, signals| KindEvidence {
            passages: &[(900, 1100, 700, 900)],
            quoted: (&[], &[]),
            signals,
            figure_changes: 0,
            days_apart: None,
            reprint: true,
            same_source_edges,
        };
        assert_eq!(classify(&evidence(true, &footer)), ReuseKind::Boilerplate);
        // Another site's page ending the same way copied it.
        assert_eq!(classify(&evidence(false, &footer)), ReuseKind::Reprint);
        // A site reprinting its own story shares more than its furniture.
        let story = Signals {
            shorter_coverage: 0.9,
            ..signals(300, 0.0)
        };
        assert_eq!(classify(&evidence(true, &story)), ReuseKind::Reprint);
    }

    #[test]
    fn quotes_reprints_templates_and_boilerplate() {
        let quoted = [(10, 110)];
        let plain = signals(60, 0.0);
        assert_eq!(
            kind_of(&[(12, 108, 12, 108)], &quoted, &plain, 0, true),
            ReuseKind::Quote
        );
        assert_eq!(
            kind_of(&[(12, 208, 12, 208)], &quoted, &plain, 0, true),
            ReuseKind::Reprint
        );
        let whole = [(0, 100, 0, 100)];
        let many = signals(100, 0.9);
        assert_eq!(
            kind_of(&whole, &[], &many, 0, true),
            ReuseKind::Reprint,
            "a story many sites copied"
        );
        assert_eq!(
            kind_of(&whole, &[], &many, 4, true),
            ReuseKind::Template,
            "a bulletin with this week's figures"
        );
        assert_eq!(
            kind_of(&whole, &[], &signals(400, 0.9), 4, true),
            ReuseKind::Reprint,
            "a long story with an updated toll"
        );
        assert_eq!(
            kind_of(&whole, &[], &signals(80, 0.1), 3, true),
            ReuseKind::Reprint,
            "sparse changes between two documents alone"
        );
        assert_eq!(
            kind_of(&whole, &[], &signals(80, 0.1), 6, true),
            ReuseKind::Template,
            "dense changes need no corpus"
        );
    }

    /// The kind of a whole-text pair the judge said yes to, with these
    /// signals, changed figures and days between the two.
    fn refill_kind(signals: &Signals, figure_changes: usize, days_apart: Option<u32>) -> ReuseKind {
        classify(&KindEvidence {
            passages: &[(0, 700, 0, 700)],
            quoted: (&[], &[]),
            signals,
            figure_changes,
            days_apart,
            reprint: true,
            same_source_edges: false,
        })
    }

    #[test]
    fn a_frame_filled_again_on_another_day_is_a_template() {
        // A rate decision of the next meeting: six figures changed in 111
        // shared words, too sparse for a template on one day.
        let decision = signals(111, 0.0);
        let kind = |figure_changes, days_apart| refill_kind(&decision, figure_changes, days_apart);
        assert_eq!(kind(6, Some(49)), ReuseKind::Template);
        assert_eq!(
            kind(6, Some(1)),
            ReuseKind::Reprint,
            "an update the next day"
        );
        assert_eq!(kind(6, None), ReuseKind::Reprint, "no firm dates");
        assert_eq!(
            kind(2, Some(49)),
            ReuseKind::Reprint,
            "a copy that fixed two figures"
        );
        // A warning issued again for other provinces: figures and a name
        // swapped, slots together.
        let warning = Signals {
            swapped_names: 1,
            ..signals(110, 0.0)
        };
        let kind = |figure_changes, days_apart| refill_kind(&warning, figure_changes, days_apart);
        assert_eq!(kind(4, Some(14)), ReuseKind::Template);
        assert_eq!(
            kind(4, Some(1)),
            ReuseKind::Reprint,
            "an update the next day"
        );
        assert_eq!(
            kind(1, Some(14)),
            ReuseKind::Reprint,
            "one figure and one name fixed"
        );
    }

    #[test]
    fn a_frame_filled_again_for_another_place_is_a_template_on_any_day() {
        // An earthquake report of the next day: magnitude, weekday, hour
        // and depth changed and the town swapped, in 83 shared words.
        let quake = |swapped_names, matched| Signals {
            swapped_names,
            ..signals(matched, 0.0)
        };
        assert_eq!(refill_kind(&quake(1, 83), 4, Some(1)), ReuseKind::Template);
        assert_eq!(refill_kind(&quake(1, 83), 4, None), ReuseKind::Template);
        assert_eq!(
            refill_kind(&quake(1, 83), 2, Some(1)),
            ReuseKind::Reprint,
            "a copy that fixed a figure, a name and a time"
        );
        assert_eq!(
            refill_kind(&quake(1, 300), 4, Some(1)),
            ReuseKind::Reprint,
            "a long story updated with a new toll and hour"
        );
        assert_eq!(
            refill_kind(&quake(0, 83), 5, Some(1)),
            ReuseKind::Reprint,
            "an update of the same quake: other figures, the same town"
        );
    }

    #[test]
    fn one_shared_line_is_overlap_and_a_brief_reprinted_whole_is_not() {
        let one_line = [(200, 226, 40, 66)];
        let line = |matched, shorter_coverage| Signals {
            shorter_coverage,
            ..signals(matched, 0.0)
        };
        assert_eq!(
            kind_of(&one_line, &[], &line(26, 0.2), 0, true),
            ReuseKind::Overlap,
            "one sentence of wire background in two stories of one event"
        );
        assert_eq!(
            kind_of(&one_line, &[], &line(26, 0.45), 0, true),
            ReuseKind::Overlap,
            "the same sentence in a brief of 60 words"
        );
        assert_eq!(
            kind_of(&one_line, &[], &line(26, 0.9), 0, true),
            ReuseKind::Reprint,
            "a brief of 30 words copied"
        );
        assert_eq!(
            kind_of(&one_line, &[], &line(36, 0.2), 0, true),
            ReuseKind::Reprint,
            "a paragraph of a longer story"
        );
    }

    /// A pair of `matched` words whose `facts` agree on `agreement`.
    fn refill(facts: u32, fact_agreement: f64, matched: u32) -> Signals {
        Signals {
            facts,
            fact_agreement,
            ..signals(matched, 0.0)
        }
    }

    #[test]
    fn what_the_judge_turns_down_is_named_by_what_it_shares() {
        let whole = [(0, 100, 0, 100)];
        let refilled = refill(8, 0.4, 40);
        assert_eq!(
            kind_of(&whole, &[], &refilled, 0, false),
            ReuseKind::Template
        );
        assert_eq!(
            kind_of(&whole, &[], &refilled, 0, true),
            ReuseKind::Reprint,
            "a few facts, mostly changed, and the judge says yes"
        );
        let refilled_many = refill(24, 0.3, 100);
        assert_eq!(
            kind_of(&whole, &[], &refilled_many, 0, true),
            ReuseKind::Template,
            "two dozen facts, mostly changed, whatever the judge says"
        );
        let refilled_all = refill(10, 0.2, 60);
        assert_eq!(
            kind_of(&whole, &[], &refilled_all, 0, true),
            ReuseKind::Template,
            "ten facts, nearly all changed, whatever the judge says"
        );
        let swapped = Signals {
            swapped_share: 0.08,
            ..signals(40, 0.0)
        };
        assert_eq!(
            kind_of(&whole, &[], &swapped, 0, false),
            ReuseKind::Template
        );
        // Names put in other names' places, two in 90 shared words: a
        // cable re-sent, whatever the judge says; two in 300, a copy
        // correcting a name or two.
        let renamed = |matched| Signals {
            swapped_names: 2,
            ..signals(matched, 0.0)
        };
        assert_eq!(
            kind_of(&whole, &[], &renamed(90), 0, true),
            ReuseKind::Template
        );
        assert_eq!(
            kind_of(&whole, &[], &renamed(300), 0, true),
            ReuseKind::Reprint
        );
        let formula = signals(40, 0.8);
        assert_eq!(
            kind_of(&whole, &[], &formula, 0, false),
            ReuseKind::Boilerplate
        );
        let statement = Signals {
            quoted_share: 0.7,
            ..signals(40, 0.0)
        };
        assert_eq!(kind_of(&whole, &[], &statement, 0, false), ReuseKind::Quote);
        // A speech quoted in one story and reported in the other's own
        // words: nearly all shared words quoted on one side, a small part
        // of either text. A reprint whatever its score.
        let reported = Signals {
            quoted_share: 0.88,
            shorter_coverage: 0.22,
            ..signals(58, 0.0)
        };
        assert_eq!(kind_of(&whole, &[], &reported, 0, true), ReuseKind::Quote);
        // The same share of quoted words over most of the text is a copy of
        // an interview.
        let interview = Signals {
            shorter_coverage: 0.9,
            ..reported
        };
        assert_eq!(
            kind_of(&whole, &[], &interview, 0, true),
            ReuseKind::Reprint
        );
        assert_eq!(
            kind_of(&whole, &[], &signals(25, 0.0), 0, false),
            ReuseKind::Overlap
        );
    }
}
