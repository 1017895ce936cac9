//! Quotation spans: where a text quotes someone, so that words two stories
//! both quote are not taken for words one copied from the other.
//!
//! In: a text. Out: the spans inside quotation marks, in code points.

/// Spans of a text inside quotation marks, `(begin, end)` in code points.
pub type QuotedSpans = [(u32, u32)];

/// The spans of `text` inside quotation marks, the marks included, in code
/// points. A quotation closes within its paragraph; an opening mark left
/// unclosed there quotes nothing.
///
/// Besides « », “ ”, „ “, the corner brackets 「 」 and 『 』 of Japanese
/// and Chinese, and straight `"`, two marks that pages typed by hand or
/// converted badly use count too: a pair of apostrophes `''` for a double
/// quote, and the double prime `″` closing a `“` (or a `″`). Guillemets
/// point outwards in French and inwards in German (»so«): a text whose
/// first guillemet is `»` is read the German way.
///
/// Only the quotation marks are looked at: the scan jumps between the bytes
/// that can start one (`"`, the lead bytes of « » “ ” „ ″ and of the corner
/// brackets, and `''`), so long texts with few quotations cost little.
pub fn quoted_spans(text: &str) -> Vec<(u32, u32)> {
    let bytes = text.as_bytes();
    let mark_at = |at: usize| Some((at, Mark::of(text[at..].chars().next()?)?));
    let mut marks: Vec<(usize, Mark)> = memchr::memchr3_iter(b'"', 0xC2, 0xE2, bytes)
        .filter_map(mark_at)
        .collect();
    // The corner brackets' lead byte starts most CJK characters, so it is
    // searched apart, and only where the common marks are not enough.
    let mut corners = memchr::memchr_iter(0xE3, bytes)
        .filter_map(mark_at)
        .peekable();
    if corners.peek().is_some() {
        marks.extend(corners);
        marks.sort_unstable_by_key(|&(at, _)| at);
    }
    let inward = marks
        .iter()
        .find(|(_, m)| matches!(m, Mark::GuillemetOpen | Mark::GuillemetClose))
        .is_some_and(|&(_, m)| m == Mark::GuillemetClose);
    let apostrophes = memchr::memmem::find_iter(bytes, b"''");
    // A run of three or more apostrophes is no quotation mark.
    let mut pairs = apostrophes
        .filter(|&at| bytes.get(at + 2) != Some(&b'\'') && (at == 0 || bytes[at - 1] != b'\''))
        .map(|at| (at, Mark::Apostrophes))
        .peekable();
    if pairs.peek().is_some() {
        marks.extend(pairs);
        marks.sort_unstable_by_key(|&(at, _)| at);
    }
    let mut spans_in_bytes: Vec<(usize, usize)> = Vec::new();
    let mut m = 0;
    while m < marks.len() {
        let (open, mark) = marks[m];
        let close = mark.closers(inward);
        if close.is_empty() {
            m += 1;
            continue;
        }
        let closer = (m + 1..marks.len()).find(|&n| close.contains(&marks[n].1));
        let closed =
            closer.filter(|&n| memchr::memmem::find(&bytes[open..marks[n].0], b"\n\n").is_none());
        match closed {
            Some(n) => {
                let (at, mark) = marks[n];
                spans_in_bytes.push((open, at + mark.len()));
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

/// A quotation mark, as the span finder tells them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    /// `"`
    Straight,
    /// `«`
    GuillemetOpen,
    /// `»`
    GuillemetClose,
    /// `“`
    CurlyOpen,
    /// `”`
    CurlyClose,
    /// `„`
    Low,
    /// `″`
    DoublePrime,
    /// `「`
    CornerOpen,
    /// `」`
    CornerClose,
    /// `『`
    WhiteCornerOpen,
    /// `』`
    WhiteCornerClose,
    /// `''`
    Apostrophes,
}

impl Mark {
    /// The mark `c` is, if any (the apostrophe pair is found apart).
    fn of(c: char) -> Option<Mark> {
        Some(match c {
            '"' => Mark::Straight,
            '«' => Mark::GuillemetOpen,
            '»' => Mark::GuillemetClose,
            '“' => Mark::CurlyOpen,
            '”' => Mark::CurlyClose,
            '„' => Mark::Low,
            '″' => Mark::DoublePrime,
            '「' => Mark::CornerOpen,
            '」' => Mark::CornerClose,
            '『' => Mark::WhiteCornerOpen,
            '』' => Mark::WhiteCornerClose,
            _ => return None,
        })
    }

    /// The marks that close a quotation this one opens; none for a mark
    /// that only closes. `inward`: guillemets read the German way, `»`
    /// opening and `«` closing.
    fn closers(self, inward: bool) -> &'static [Mark] {
        match self {
            Mark::Straight => &[Mark::Straight],
            Mark::GuillemetOpen if !inward => &[Mark::GuillemetClose],
            Mark::GuillemetClose if inward => &[Mark::GuillemetOpen],
            Mark::GuillemetOpen | Mark::GuillemetClose => &[],
            Mark::CornerOpen => &[Mark::CornerClose],
            Mark::WhiteCornerOpen => &[Mark::WhiteCornerClose],
            Mark::CurlyOpen => &[Mark::CurlyClose, Mark::DoublePrime],
            Mark::Low => &[Mark::CurlyOpen, Mark::CurlyClose],
            Mark::DoublePrime => &[Mark::DoublePrime],
            Mark::Apostrophes => &[Mark::Apostrophes],
            Mark::CurlyClose | Mark::CornerClose | Mark::WhiteCornerClose => &[],
        }
    }

    /// Its length in bytes.
    fn len(self) -> usize {
        match self {
            Mark::Straight => 1,
            Mark::GuillemetOpen | Mark::GuillemetClose | Mark::Apostrophes => 2,
            Mark::CurlyOpen
            | Mark::CurlyClose
            | Mark::Low
            | Mark::DoublePrime
            | Mark::CornerOpen
            | Mark::CornerClose
            | Mark::WhiteCornerOpen
            | Mark::WhiteCornerClose => 3,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Quotation spans found the plain way, one character at a time: what
    /// [`quoted_spans`] must agree with.
    fn reference_quoted_spans(text: &str) -> Vec<(u32, u32)> {
        let chars: Vec<char> = text.chars().collect();
        let apostrophe = |k: usize| chars.get(k) == Some(&'\'');
        // The mark at `k` and its length in characters.
        let mark_at = |k: usize| -> Option<(char, usize)> {
            if apostrophe(k) && apostrophe(k + 1) {
                let alone = !apostrophe(k + 2) && (k == 0 || !apostrophe(k - 1));
                return alone.then_some(('\'', 2));
            }
            matches!(
                chars[k],
                '"' | '«' | '»' | '“' | '”' | '„' | '″' | '「' | '」' | '『' | '』'
            )
            .then_some((chars[k], 1))
        };
        let inward = chars.iter().find(|&&c| c == '«' || c == '»') == Some(&'»');
        let mut spans = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let close: &[char] = match mark_at(i) {
                Some(('«', _)) if !inward => &['»'],
                Some(('»', _)) if inward => &['«'],
                Some(('「', _)) => &['」'],
                Some(('『', _)) => &['』'],
                Some(('“', _)) => &['”', '″'],
                Some(('„', _)) => &['“', '”'],
                Some(('"', _)) => &['"'],
                Some(('″', _)) => &['″'],
                Some(('\'', _)) => &['\''],
                _ => {
                    i += 1;
                    continue;
                }
            };
            let mut k = i + mark_at(i).map_or(1, |(_, len)| len);
            let mut end = None;
            while k < chars.len() && !(chars[k] == '\n' && chars[k - 1] == '\n') {
                match mark_at(k) {
                    Some((c, len)) if close.contains(&c) => {
                        end = Some(k + len);
                        break;
                    }
                    // A pair of apostrophes is one mark: it is passed over whole.
                    Some((_, len)) => k += len,
                    None => k += 1,
                }
            }
            match end {
                Some(end) => {
                    spans.push((i as u32, end as u32));
                    i = end;
                }
                None => i += 1,
            }
        }
        spans
    }

    proptest! {
        #[test]
        fn quotation_spans_agree_with_the_plain_scan(text in "([a-zé ’'\n]|«|»|“|”|„|″|「|」|『|』|''|\"|\n\n){0,60}") {
            prop_assert_eq!(quoted_spans(&text), reference_quoted_spans(&text));
        }
    }

    #[test]
    fn finds_quotations_of_every_style() {
        let text = "Il a dit « oui » puis “non” et \"peut-être\" mais „jein“, ''si'' et “bon″.";
        let spans = quoted_spans(text);
        let chars: Vec<char> = text.chars().collect();
        let shown: Vec<String> = spans
            .iter()
            .map(|&(s, e)| chars[s as usize..e as usize].iter().collect())
            .collect();
        assert_eq!(
            shown,
            [
                "« oui »",
                "“non”",
                "\"peut-être\"",
                "„jein“",
                "''si''",
                "“bon″"
            ]
        );
    }

    #[test]
    fn german_inward_guillemets_and_corner_brackets() {
        let shown = |text: &str| -> Vec<String> {
            let chars: Vec<char> = text.chars().collect();
            quoted_spans(text)
                .iter()
                .map(|&(s, e)| chars[s as usize..e as usize].iter().collect())
                .collect()
        };
        assert_eq!(
            shown("Er sagte »nein« und dann »vielleicht«."),
            ["»nein«", "»vielleicht«"]
        );
        // The French way, the text between two quotations is not one.
        assert_eq!(shown("« oui » puis « non »"), ["« oui »", "« non »"]);
        assert_eq!(
            shown("首相は「協力する」と述べ、『合意』を強調した。"),
            ["「協力する」", "『合意』"]
        );
    }

    #[test]
    fn an_unclosed_quote_does_not_run_past_its_paragraph() {
        let text = "Il a dit « oui.\n\nPuis » autre chose.";
        assert!(quoted_spans(text).is_empty());
    }
}
