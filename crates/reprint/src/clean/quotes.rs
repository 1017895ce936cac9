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
}
