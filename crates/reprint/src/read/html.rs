//! HTML pages: bytes in some charset to a [`Document`] holding the article's
//! main text, with the page's reader comments kept after it as a removed
//! region.
//!
//! The main text, comments, title, site name and date come from the
//! `trafilatura` extractor; reprint only decodes the bytes and lays the
//! pieces out in one text.

use std::sync::LazyLock;

use encoding_rs::Encoding;
use regex::bytes::Regex;

use super::shape::{check_shape, ShapeExcess, ShapeLimits};
use super::PageSkip;
use crate::model::{Document, Location, RemovedKind, RemovedRegion};

/// Bytes at the head of a page searched for a `<meta>` charset declaration;
/// HTML's own prescan looks at the first 1,024, but real pages put long
/// scripts first, so reprint looks further.
const PRESCAN_BYTES: usize = 8 << 10;

/// A page decoded to text, with the name of the encoding it was read from.
pub(crate) struct DecodedPage {
    pub(crate) html: String,
    /// The encoding used, when it was not UTF-8.
    pub(crate) legacy_encoding: Option<&'static str>,
}

/// Decodes a page: a byte-order mark wins, then the charset the HTTP headers
/// declare (`http_charset`), then a `<meta>` declaration, then detection.
///
/// A page that declares a legacy charset but is valid UTF-8 with non-ASCII
/// characters is read as UTF-8: servers and templates keep stale
/// declarations far more often than a legacy text happens to be valid UTF-8.
pub(crate) fn decode(bytes: &[u8], http_charset: Option<&str>) -> DecodedPage {
    let declared = Encoding::for_bom(bytes)
        .map(|(encoding, _)| encoding)
        .or_else(|| http_charset.and_then(|label| Encoding::for_label(label.as_bytes())))
        .or_else(|| meta_charset(bytes));
    let encoding = match declared {
        // A page cannot really be UTF-16 once it was parsed as ASCII-
        // compatible bytes to find the declaration, so HTML treats such a
        // declaration as UTF-8.
        Some(encoding)
            if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE =>
        {
            if Encoding::for_bom(bytes).is_some() {
                encoding
            } else {
                encoding_rs::UTF_8
            }
        }
        Some(encoding) if encoding != encoding_rs::UTF_8 && is_non_ascii_utf8(bytes) => {
            encoding_rs::UTF_8
        }
        Some(encoding) => encoding,
        None if std::str::from_utf8(bytes).is_ok() => encoding_rs::UTF_8,
        None => {
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            detector.guess(None, chardetng::Utf8Detection::Deny)
        }
    };
    let (html, used, _) = encoding.decode(bytes);
    DecodedPage {
        html: html.into_owned(),
        legacy_encoding: (used != encoding_rs::UTF_8).then(|| used.name()),
    }
}

fn is_non_ascii_utf8(bytes: &[u8]) -> bool {
    !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok()
}

/// The charset a `<meta charset=…>` or `<meta http-equiv="Content-Type"
/// content="…; charset=…">` near the top of the page declares.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    static META: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i-u)<meta\s[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)"#)
            .expect("the pattern is valid")
    });
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    META.captures_iter(head)
        .find_map(|caps| Encoding::for_label(&caps[1]))
}

/// The most a page's markup may hold before it is skipped unparsed (see
/// [`shape`](super::shape)): real pages nest a few dozen deep, hold a few
/// thousand elements and put a handful of attributes on each. At some 30
/// microseconds an element, 100,000 elements take the extractor about three
/// seconds.
pub(crate) const PAGE_SHAPE_LIMITS: ShapeLimits = ShapeLimits {
    depth: 512,
    elements: 100_000,
    attributes: 1_000,
};

/// The place and identity a page is read under.
pub(crate) struct PageOrigin {
    /// The document id to give the page.
    pub(crate) id: String,
    /// The address the page was fetched from, if known.
    pub(crate) url: Option<String>,
    /// Where the page was read.
    pub(crate) location: Location,
}

/// Extracts a page's article into a document.
///
/// The text is the main text, then, after a blank line, the reader comments,
/// which are marked as a [`RemovedKind::Comments`] region: they stay visible
/// in the outputs but never count as reuse. The title, the site name (else
/// the host name) and the date come from the page's metadata.
pub(crate) fn page_document(html: &str, origin: PageOrigin) -> Result<Document, PageSkip> {
    check_shape(html, &PAGE_SHAPE_LIMITS).map_err(|excess| match excess {
        ShapeExcess::Depth(_) => PageSkip::TooDeep(PAGE_SHAPE_LIMITS.depth),
        ShapeExcess::Elements(_) => PageSkip::TooManyElements(PAGE_SHAPE_LIMITS.elements),
        ShapeExcess::Attributes(_) => PageSkip::TooManyAttributes(PAGE_SHAPE_LIMITS.attributes),
    })?;
    let mut options = trafilatura::Options::default().with_fallback(true);
    if let Some(url) = origin.url.as_deref().and_then(|u| url::Url::parse(u).ok()) {
        options = options.with_url(url);
    }
    let extracted =
        trafilatura::extract(html, &options).map_err(|err| PageSkip::NoText(err.to_string()))?;
    // The extractor's plain text runs paragraphs together; the cleaning
    // stage reads lines (titles, datelines, credit lines), so the text is
    // rendered again from the extracted HTML, one block per paragraph.
    let mut text = block_text(&extracted.content_html);
    if text.is_empty() {
        return Err(PageSkip::NoText("empty main text".to_string()));
    }
    let mut removed = Vec::new();
    let comments = block_text(&extracted.comments_html);
    if !comments.is_empty() {
        text.push_str("\n\n");
        let begin = text.chars().count() as u32;
        text.push_str(&comments);
        removed.push(RemovedRegion {
            begin,
            end: text.chars().count() as u32,
            kind: RemovedKind::Comments,
        });
    }
    let meta = extracted.metadata;
    let non_empty = |s: String| {
        let s = s.trim().to_string();
        (!s.is_empty()).then_some(s)
    };
    let mut document = Document::new(origin.id, text, origin.location);
    document.removed = removed;
    document.title = non_empty(meta.title);
    document.source = non_empty(meta.sitename).or_else(|| non_empty(meta.hostname));
    document.date = meta.date.map(|date| date.format("%Y-%m-%d").to_string());
    document.url = origin.url.or_else(|| non_empty(meta.url));
    document.lang = non_empty(meta.language);
    Ok(document)
}

/// Elements that start a line of their own.
const LINE_ELEMENTS: &[&str] = &["br", "li", "tr", "dt", "dd", "option"];

/// Elements that stand apart as paragraphs.
const BLOCK_ELEMENTS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "dd",
    "details",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
];

/// The text of an HTML fragment with white space collapsed as a browser
/// shows it, a blank line between blocks and a line break at `<br>`, list
/// items and table rows; trimmed.
fn block_text(html: &str) -> String {
    use ego_tree::iter::Edge;
    let fragment = scraper::Html::parse_fragment(html);
    let mut out = String::with_capacity(html.len() / 2);
    // A break owed before the next text: 0 none, 1 line, 2 paragraph.
    let mut pending_break = 0u8;
    let mut skip_depth = 0usize;
    for edge in fragment.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                scraper::Node::Element(element) => {
                    let name = element.name();
                    if matches!(name, "script" | "style" | "template" | "noscript") {
                        skip_depth += 1;
                    } else if BLOCK_ELEMENTS.contains(&name) {
                        pending_break = 2;
                    } else if LINE_ELEMENTS.contains(&name) {
                        pending_break = pending_break.max(1);
                    } else if matches!(name, "td" | "th") && !out.ends_with([' ', '\n']) {
                        out.push(' ');
                    }
                }
                scraper::Node::Text(text) if skip_depth == 0 => {
                    for (i, word) in text.split_whitespace().enumerate() {
                        if !out.is_empty() && pending_break > 0 {
                            out.push_str(if pending_break == 2 { "\n\n" } else { "\n" });
                        } else if !out.is_empty()
                            && (i > 0 || text.starts_with(char::is_whitespace))
                            && !out.ends_with([' ', '\n'])
                        {
                            out.push(' ');
                        }
                        pending_break = 0;
                        out.push_str(word);
                    }
                    if text.ends_with(char::is_whitespace) && !out.is_empty() && pending_break == 0
                    {
                        out.push(' ');
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let scraper::Node::Element(element) = node.value() {
                    let name = element.name();
                    if matches!(name, "script" | "style" | "template" | "noscript") {
                        skip_depth -= 1;
                    } else if BLOCK_ELEMENTS.contains(&name) {
                        pending_break = 2;
                    } else if LINE_ELEMENTS.contains(&name) {
                        pending_break = pending_break.max(1);
                    }
                }
            }
        }
    }
    // Spaces left before a break are trimmed line by line.
    let lines: Vec<&str> = out.split('\n').map(str::trim_end).collect();
    lines.join("\n").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_text_keeps_paragraphs_and_collapses_spaces() {
        let html = "<div><h2>Title</h2><p>One  <b>bold</b>\n word.</p><p>Two<br>lines</p>\
                    <ul><li>a</li><li>b</li></ul><script>x()</script><p>caf&eacute;</p></div>";
        assert_eq!(
            block_text(html),
            "Title\n\nOne bold word.\n\nTwo\nlines\n\na\nb\n\ncafé"
        );
    }

    #[test]
    fn declared_charsets_are_honoured_in_order() {
        // "é" in windows-1252 is one byte, 0xE9.
        let latin =
            b"<html><head><meta charset=\"windows-1252\"></head><body>caf\xe9</body></html>";
        let page = decode(latin, None);
        assert!(page.html.contains("café"));
        assert_eq!(page.legacy_encoding, Some("windows-1252"));

        let http_equiv =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">caf\xe9";
        assert!(decode(http_equiv, None).html.contains("café"));

        // The HTTP header outranks the meta tag.
        let (arabic, _, _) =
            encoding_rs::WINDOWS_1256.encode("<meta charset=\"utf-8\"><p>الجزائر</p>");
        let page = decode(&arabic, Some("windows-1256"));
        assert_eq!(page.legacy_encoding, Some("windows-1256"));
        assert!(page.html.contains("الجزائر"), "{}", page.html);
    }

    #[test]
    fn stale_legacy_declarations_do_not_garble_utf8() {
        let page = decode(
            "<meta charset=\"iso-8859-1\"><p>déjà vu</p>".as_bytes(),
            None,
        );
        assert!(page.html.contains("déjà vu"));
        assert_eq!(page.legacy_encoding, None);
    }

    #[test]
    fn undeclared_legacy_pages_are_detected() {
        let text = "Le président a déclaré à la presse que la réforme des retraites sera présentée à l'Assemblée après l'été, malgré l'opposition des syndicats.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        let page = decode(&bytes, None);
        assert!(page.html.contains("président"));
        assert_eq!(page.legacy_encoding, Some("windows-1252"));
    }
}
