//! How a page's markup is shaped, measured before the page is parsed:
//! how deep its elements nest, how many it holds, how many attributes one
//! element carries.
//!
//! In: a page's HTML and the [`ShapeLimits`] it must keep. Out: its
//! [`Shape`], or the first limit it passes ([`ShapeExcess`]).
//!
//! The HTML extractor is someone else's code, and the web feeds it pages
//! built to hurt it. It walks the tree it builds by recursion, and its
//! parser spends time on every open element for every tag: a page of
//! 10,000 nested `<b>` overflows the stack (and kills the process, which no
//! `catch_unwind` can stop), one of 20,000 nested `<div>` takes seconds. It
//! spends some 30 microseconds per element, so a 10 MB page of half a
//! million paragraphs takes 17 seconds and 1.4 GB. And its parser checks
//! each attribute of a tag against the ones before it, so one element of
//! 300,000 attributes (a 3.5 MB page) runs for more than five minutes.
//! Real pages nest a few dozen deep, hold a few thousand elements and put a
//! few attributes on each. So a page is measured first, in one pass over
//! its tags with a stack of open element names, and one that passes a
//! limit is skipped.
//!
//! The measure follows the parser's recovery where it matters: an end tag
//! closes the nearest open element of its name and everything opened after
//! it, and is ignored when none is open; void elements (`<br>`, `<img>`)
//! and self-closed ones open nothing; a `<p>` closes when a block begins,
//! and `<li>`, `<td>`, `<tr>`, `<option>` and the like close when the next
//! one of their kind opens; the insides of `<script>`, `<style>`,
//! comments and the like are not read as tags. What it does not model
//! makes it count deeper, never shallower, than the parser would nest.

/// The most a page's markup may hold before it is skipped unparsed.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ShapeLimits {
    /// The deepest nesting of elements.
    pub(crate) depth: usize,
    /// The most start tags of elements (void ones included).
    pub(crate) elements: usize,
    /// The most attributes on one element.
    pub(crate) attributes: usize,
}

/// What the measure found of a page that keeps its limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Shape {
    /// The deepest nesting of elements.
    pub(crate) depth: usize,
    /// The start tags of elements.
    pub(crate) elements: usize,
}

/// The first limit a page passes, with the count that passed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ShapeExcess {
    /// Elements nest this deep, one past the limit.
    Depth(usize),
    /// The page holds this many elements, one past the limit.
    Elements(usize),
    /// One element carries this many attributes, past the limit.
    Attributes(usize),
}

/// Elements that never hold content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];

/// Elements whose content is text up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// Elements an opening tag of the same name closes when one is open on top.
const SELF_SIBLINGS: &[&str] = &["li", "dt", "dd", "tr", "td", "th", "option", "p"];

/// Elements whose start closes an open `<p>` on top.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "div",
    "dl",
    "fieldset",
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
    "table",
    "ul",
];

/// Measures `html` against `limits`, stopping at the first limit passed.
pub(crate) fn check_shape(html: &str, limits: &ShapeLimits) -> Result<Shape, ShapeExcess> {
    let bytes = html.as_bytes();
    let mut open: Vec<String> = Vec::new();
    let mut shape = Shape {
        depth: 0,
        elements: 0,
    };
    let mut at = 0;
    while let Some(found) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + found + 1;
        let rest = &bytes[start..];
        if rest.starts_with(b"!--") {
            at = match memchr::memmem::find(rest, b"-->") {
                Some(end) => start + end + 3,
                None => return Ok(shape),
            };
            continue;
        }
        let Some(close) = memchr::memchr(b'>', rest) else {
            return Ok(shape);
        };
        let tag = &rest[..close];
        at = start + close + 1;
        let (end_tag, name_bytes) = match tag.first() {
            Some(b'/') => (true, &tag[1..]),
            Some(c) if c.is_ascii_alphabetic() => (false, tag),
            // `<!doctype>`, `<?xml?>`, a stray `<`.
            _ => continue,
        };
        let name_len = name_bytes
            .iter()
            .position(|c| c.is_ascii_whitespace() || *c == b'/')
            .unwrap_or(name_bytes.len());
        let name = String::from_utf8_lossy(&name_bytes[..name_len]).to_ascii_lowercase();
        if end_tag {
            if let Some(pos) = open.iter().rposition(|n| *n == name) {
                open.truncate(pos);
            }
            continue;
        }
        shape.elements += 1;
        if shape.elements > limits.elements {
            return Err(ShapeExcess::Elements(shape.elements));
        }
        let attributes = count_attributes(&name_bytes[name_len..]);
        if attributes > limits.attributes {
            return Err(ShapeExcess::Attributes(attributes));
        }
        if VOID.contains(&name.as_str()) || tag.ends_with(b"/") {
            continue;
        }
        if RAW_TEXT.contains(&name.as_str()) {
            let closing = format!("</{name}");
            let lower_rest = &bytes[at..];
            at = match find_ascii_case_insensitive(lower_rest, closing.as_bytes()) {
                Some(end) => at + end,
                None => {
                    shape.depth = shape.depth.max(open.len() + 1);
                    return Ok(shape);
                }
            };
            continue;
        }
        if let Some(top) = open.last() {
            if (*top == name && SELF_SIBLINGS.contains(&name.as_str()))
                || (top == "p" && BLOCKS.contains(&name.as_str()))
            {
                open.pop();
            }
        }
        open.push(name);
        shape.depth = shape.depth.max(open.len());
        if shape.depth > limits.depth {
            return Err(ShapeExcess::Depth(shape.depth));
        }
    }
    Ok(shape)
}

/// The attributes in a start tag's bytes after its name: names separated by
/// white space, each maybe followed by `=` and a value, quoted or not.
fn count_attributes(tag: &[u8]) -> usize {
    let mut count = 0;
    let mut at = 0;
    while at < tag.len() {
        let c = tag[at];
        if c.is_ascii_whitespace() || c == b'/' {
            at += 1;
            continue;
        }
        count += 1;
        while at < tag.len() && !tag[at].is_ascii_whitespace() && tag[at] != b'=' && tag[at] != b'/'
        {
            at += 1;
        }
        while at < tag.len() && tag[at].is_ascii_whitespace() {
            at += 1;
        }
        if at < tag.len() && tag[at] == b'=' {
            at += 1;
            while at < tag.len() && tag[at].is_ascii_whitespace() {
                at += 1;
            }
            match tag.get(at) {
                Some(&quote @ (b'"' | b'\'')) => {
                    at += 1;
                    at = match memchr::memchr(quote, &tag[at..]) {
                        Some(end) => at + end + 1,
                        None => tag.len(),
                    };
                }
                _ => {
                    while at < tag.len() && !tag[at].is_ascii_whitespace() {
                        at += 1;
                    }
                }
            }
        }
    }
    count
}

/// The first place `needle` (ASCII, lowercase) stands in `haystack`, in
/// any case.
fn find_ascii_case_insensitive(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NO_LIMITS: ShapeLimits = ShapeLimits {
        depth: usize::MAX - 1,
        elements: usize::MAX - 1,
        attributes: usize::MAX - 1,
    };

    const LIMITS: ShapeLimits = ShapeLimits {
        depth: 512,
        elements: 100_000,
        attributes: 1_000,
    };

    fn depth(html: &str) -> usize {
        check_shape(html, &NO_LIMITS).unwrap().depth
    }

    #[test]
    fn counts_nesting_as_the_parser_would() {
        assert_eq!(depth("<html><body><div><p>a</p></div></body></html>"), 4);
        // Void and self-closed elements open nothing.
        assert_eq!(depth("<div><br><img src=x><svg/><p>a</div>"), 2);
        // Unclosed paragraphs and list items close each other.
        assert_eq!(depth(&"<p>text ".repeat(500)), 1);
        assert_eq!(depth(&format!("<ul>{}</ul>", "<li>item ".repeat(500))), 2);
        assert_eq!(depth("<p>a<div>b</div>"), 1);
        // A stray end tag closes nothing; one end tag closes what it holds.
        assert_eq!(depth("<div></span><div></i><div>x</div></div></div>"), 3);
        assert_eq!(depth("<div><b><i>x</div><div>y</div>"), 3);
        // Scripts and comments are not markup.
        assert_eq!(
            depth("<script>if (a<b) { x = '<div><div>'; }</script><div>x</div>"),
            1
        );
        assert_eq!(depth("<!-- <div><div><div> --><div>x</div>"), 1);
        assert_eq!(depth("<STYLE>p{}</style ><Div>x</DIV>"), 1);
    }

    #[test]
    fn stops_at_the_depth_limit() {
        let deep = format!(
            "{}x{}",
            "<div><b>".repeat(10_000),
            "</b></div>".repeat(10_000)
        );
        assert_eq!(check_shape(&deep, &LIMITS), Err(ShapeExcess::Depth(513)));
        assert_eq!(
            check_shape("<div>x</div>", &LIMITS),
            Ok(Shape {
                depth: 1,
                elements: 1
            })
        );
    }

    #[test]
    fn counts_elements_void_ones_too() {
        let page = format!("<div>{}</div>", "<p>a</p><br>".repeat(10));
        assert_eq!(check_shape(&page, &NO_LIMITS).unwrap().elements, 21);
        let flat = "<p>word</p>".repeat(100_001);
        assert_eq!(
            check_shape(&flat, &LIMITS),
            Err(ShapeExcess::Elements(100_001))
        );
    }

    #[test]
    fn counts_attributes_of_one_element() {
        assert_eq!(count_attributes(b""), 0);
        assert_eq!(count_attributes(b" a"), 1);
        assert_eq!(count_attributes(b" a=1 b = '2 3' c=\"x > y\" d/"), 4);
        assert_eq!(count_attributes(b" hidden checked data-x=\"\""), 3);
        let many: String = (0..1_001).map(|i| format!(" a{i}=\"v\"")).collect();
        let page = format!("<div{many}>text</div>");
        assert_eq!(
            check_shape(&page, &LIMITS),
            Err(ShapeExcess::Attributes(1_001))
        );
        let few: String = (0..1_000).map(|i| format!(" a{i}=v")).collect();
        assert!(check_shape(&format!("<div{few}>text</div>"), &LIMITS).is_ok());
    }
}
