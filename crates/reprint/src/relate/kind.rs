//! Kinds of reuse: a reprint, a shared quote, or shared boilerplate.
//!
//! * **quote**: every passage lies inside quotation marks (« », “ ”, „ “,
//!   " ") in both documents: two articles quoting one statement, not one
//!   copying the other;
//! * **boilerplate**: one template filled with other figures: the two
//!   differ in two or more numbers, at least one per [`WORDS_PER_NUMBER`]
//!   shared words (or per twice as many when most of the shared text is
//!   also held by many other documents of the corpus). A story updated with
//!   a new toll changes a figure or two in hundreds of words and stays a
//!   reprint; a site's own repeated furniture never gets this far, the
//!   candidate stage drops it;
//! * **reprint**: everything else.

pub use crate::model::ReuseKind;

/// The share of a passage that must lie inside quotation marks.
const QUOTED_SHARE: f64 = 0.8;
/// The share of a pair's shared fingerprints that must be frequent in the
/// corpus for a sparser refill to count as a template.
const TEMPLATE_SHARE: f64 = 0.5;

/// The spans of `text` inside quotation marks, the marks included, in code
/// points. A quotation closes within its paragraph; an opening mark left
/// unclosed there quotes nothing.
///
/// Only the quotation marks are looked at: the scan jumps between the bytes
/// that can start one (`"`, and the lead bytes of « » “ ” „), so long texts
/// with few quotations cost little.
pub fn quoted_spans(text: &str) -> Vec<(u32, u32)> {
    let marks: Vec<(usize, char)> = memchr::memchr3_iter(b'"', 0xC2, 0xE2, text.as_bytes())
        .filter_map(|at| {
            let c = text[at..].chars().next()?;
            matches!(c, '"' | '«' | '»' | '“' | '”' | '„').then_some((at, c))
        })
        .collect();
    let mut spans_in_bytes: Vec<(usize, usize)> = Vec::new();
    let mut m = 0;
    while m < marks.len() {
        let (open, c) = marks[m];
        let close: &[char] = match c {
            '«' => &['»'],
            '“' => &['”'],
            '„' => &['“', '”'],
            '"' => &['"'],
            _ => {
                m += 1;
                continue;
            }
        };
        let closer = (m + 1..marks.len()).find(|&n| close.contains(&marks[n].1));
        let closed = closer.filter(|&n| {
            memchr::memmem::find(&text.as_bytes()[open..marks[n].0], b"\n\n").is_none()
        });
        match closed {
            Some(n) => {
                let (at, c) = marks[n];
                spans_in_bytes.push((open, at + c.len_utf8()));
                m = n + 1;
            }
            None => m += 1,
        }
    }
    // Byte offsets to code points, in one pass: the spans are in order.
    let (mut chars, mut from) = (0u32, 0usize);
    let mut to_chars = |byte: usize| {
        chars += crate::tokenize::count_chars(&text[from..byte]);
        from = byte;
        chars
    };
    spans_in_bytes
        .into_iter()
        .map(|(s, e)| (to_chars(s), to_chars(e)))
        .collect()
}

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

/// Spans of a text inside quotation marks, `(begin, end)` in code points.
pub type QuotedSpans = [(u32, u32)];

/// What the classifier needs to know of a pair.
pub struct KindEvidence<'a> {
    /// Each passage's spans: `(a_begin, a_end, b_begin, b_end)`.
    pub passages: &'a [(u32, u32, u32, u32)],
    /// Quoted spans of `a` and of `b`.
    pub quoted: (&'a QuotedSpans, &'a QuotedSpans),
    /// Share of the passages' fingerprints that many documents hold.
    pub frequent_share: f64,
    /// How many `number` edits the passages hold.
    pub number_edits: usize,
    /// Matched words across the passages.
    pub matched_words: usize,
}

/// Classifies a pair's reuse.
pub fn classify(e: &KindEvidence<'_>) -> ReuseKind {
    let quoted = e.passages.iter().all(|&(a0, a1, b0, b1)| {
        share_inside(a0, a1, e.quoted.0) >= QUOTED_SHARE
            && share_inside(b0, b1, e.quoted.1) >= QUOTED_SHARE
    });
    if quoted && !e.passages.is_empty() {
        return ReuseKind::Quote;
    }
    let words_per_number = if e.frequent_share >= TEMPLATE_SHARE {
        2 * WORDS_PER_NUMBER
    } else {
        WORDS_PER_NUMBER
    };
    if e.number_edits >= 2 && e.number_edits * words_per_number >= e.matched_words {
        return ReuseKind::Boilerplate;
    }
    ReuseKind::Reprint
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Quotation spans found the plain way, one character at a time: what
    /// [`quoted_spans`] must agree with.
    fn reference_quoted_spans(text: &str) -> Vec<(u32, u32)> {
        let chars: Vec<char> = text.chars().collect();
        let mut spans = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let close: &[char] = match chars[i] {
                '«' => &['»'],
                '“' => &['”'],
                '„' => &['“', '”'],
                '"' => &['"'],
                _ => {
                    i += 1;
                    continue;
                }
            };
            let end = (i + 1..chars.len())
                .take_while(|&k| !(chars[k] == '\n' && chars[k - 1] == '\n'))
                .find(|&k| close.contains(&chars[k]));
            match end {
                Some(end) => {
                    spans.push((i as u32, end as u32 + 1));
                    i = end + 1;
                }
                None => i += 1,
            }
        }
        spans
    }

    proptest! {
        #[test]
        fn quotation_spans_agree_with_the_plain_scan(text in "([a-zé ’\n]|«|»|“|”|„|\"|\n\n){0,60}") {
            prop_assert_eq!(quoted_spans(&text), reference_quoted_spans(&text));
        }
    }

    #[test]
    fn finds_quotations_of_every_style() {
        let text = "Il a dit « oui » puis “non” et \"peut-être\" mais „jein“.";
        let spans = quoted_spans(text);
        let chars: Vec<char> = text.chars().collect();
        let shown: Vec<String> = spans
            .iter()
            .map(|&(s, e)| chars[s as usize..e as usize].iter().collect())
            .collect();
        assert_eq!(shown, ["« oui »", "“non”", "\"peut-être\"", "„jein“"]);
    }

    #[test]
    fn an_unclosed_quote_does_not_run_past_its_paragraph() {
        let text = "Il a dit « oui.\n\nPuis » autre chose.";
        assert!(quoted_spans(text).is_empty());
    }

    fn evidence<'a>(
        passages: &'a [(u32, u32, u32, u32)],
        quoted: &'a [(u32, u32)],
    ) -> KindEvidence<'a> {
        KindEvidence {
            passages,
            quoted: (quoted, quoted),
            frequent_share: 0.0,
            number_edits: 0,
            matched_words: 60,
        }
    }

    #[test]
    fn quotes_reprints_and_boilerplate() {
        let quoted = [(10, 110)];
        assert_eq!(
            classify(&evidence(&[(12, 108, 12, 108)], &quoted)),
            ReuseKind::Quote
        );
        assert_eq!(
            classify(&evidence(&[(12, 208, 12, 208)], &quoted)),
            ReuseKind::Reprint
        );
        let mut template = evidence(&[(0, 100, 0, 100)], &[]);
        template.frequent_share = 0.9;
        assert_eq!(
            classify(&template),
            ReuseKind::Reprint,
            "a story many sites copied"
        );
        template.number_edits = 3;
        assert_eq!(
            classify(&template),
            ReuseKind::Boilerplate,
            "a bulletin with this week's figures"
        );
        template.matched_words = 400;
        assert_eq!(
            classify(&template),
            ReuseKind::Reprint,
            "a long story with an updated toll"
        );
        template.matched_words = 80;
        template.frequent_share = 0.1;
        assert_eq!(
            classify(&template),
            ReuseKind::Reprint,
            "sparse changes between two documents alone"
        );
        template.number_edits = 6;
        assert_eq!(
            classify(&template),
            ReuseKind::Boilerplate,
            "dense changes need no corpus"
        );
    }
}
