//! How deep a page's elements nest, measured before the page is parsed.
//!
//! In: a page's HTML. Out: its deepest nesting of elements, or the fact
//! that it passes a limit.
//!
//! The HTML extractor walks the tree it builds by recursion, and its parser
//! spends time on every open element for every tag: a page of 10,000
//! nested `<b>` overflows the stack (and kills the process, which no
//! `catch_unwind` can stop), one of 20,000 nested `<div>` takes seconds.
//! Real pages nest a few dozen deep. So a page is measured first, in one
//! pass over its tags with a stack of open element names, and one that
//! nests deeper than the limit is skipped.
//!
//! The measure follows the parser's recovery where it matters: an end tag
//! closes the nearest open element of its name and everything opened after
//! it, and is ignored when none is open; void elements (`<br>`, `<img>`)
//! and self-closed ones open nothing; a `<p>` closes when a block begins,
//! and `<li>`, `<td>`, `<tr>`, `<option>` and the like close when the next
//! one of their kind opens; the insides of `<script>`, `<style>`,
//! comments and the like are not read as tags. What it does not model
//! makes it count deeper, never shallower, than the parser would nest.

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

/// The deepest nesting of elements in `html`, counted up to `limit + 1`:
/// `Err(limit + 1)` as soon as the page nests deeper than `limit`.
pub(crate) fn check_depth(html: &str, limit: usize) -> Result<usize, usize> {
    let bytes = html.as_bytes();
    let mut open: Vec<String> = Vec::new();
    let mut deepest = 0;
    let mut at = 0;
    while let Some(found) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + found + 1;
        let rest = &bytes[start..];
        if rest.starts_with(b"!--") {
            at = match memchr::memmem::find(rest, b"-->") {
                Some(end) => start + end + 3,
                None => return Ok(deepest),
            };
            continue;
        }
        let Some(close) = memchr::memchr(b'>', rest) else {
            return Ok(deepest);
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
        if VOID.contains(&name.as_str()) || tag.ends_with(b"/") {
            continue;
        }
        if RAW_TEXT.contains(&name.as_str()) {
            let closing = format!("</{name}");
            let lower_rest = &bytes[at..];
            at = match find_ascii_case_insensitive(lower_rest, closing.as_bytes()) {
                Some(end) => at + end,
                None => return Ok(deepest.max(open.len() + 1)),
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
        deepest = deepest.max(open.len());
        if deepest > limit {
            return Err(deepest);
        }
    }
    Ok(deepest)
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

    fn depth(html: &str) -> usize {
        check_depth(html, usize::MAX - 1).unwrap()
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
    fn stops_at_the_limit() {
        let deep = format!(
            "{}x{}",
            "<div><b>".repeat(10_000),
            "</b></div>".repeat(10_000)
        );
        assert_eq!(check_depth(&deep, 512), Err(513));
        assert_eq!(check_depth("<div>x</div>", 512), Ok(1));
    }
}
