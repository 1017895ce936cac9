//! The pair view for a terminal: both texts one after the other, reused
//! passages numbered alike on both sides, edits and removed regions marked.
//!
//! In colour, passages are cyan, deletions red and struck through,
//! insertions green and underlined, changed numbers white on red, other
//! small edits magenta, and removed regions grey. Without colour the same
//! marks are made with brackets, wdiff-style: `[-deleted-]`, `{+inserted+}`,
//! `[!number!]`, `[~small edit~]`, `{removed comments: …}`, and `^` where
//! the other side has text this side lacks.

use std::fmt::Write;

use crate::model::EditKind;

use super::segments::{segments, Segment, Side};
use super::DocumentView;
use crate::model::Reuse;

/// Whether the view uses ANSI colours or plain-text marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// ANSI colours and text attributes.
    Color,
    /// Brackets only, for pipes and files.
    Plain,
}

const RESET: &str = "\x1b[0m";

/// Renders the pair view of `pair` between documents `a` and `b` (in the
/// pair's order).
pub fn render_pair(a: &DocumentView, b: &DocumentView, pair: &Reuse, style: Style) -> String {
    let mut out = String::new();
    let original = match (&pair.original, &pair.common_source, &pair.common_original) {
        (Some(id), _, _) => format!("original: {id}"),
        (None, Some(source), _) => format!("siblings: both carry {source}'s text"),
        (None, None, Some(id)) => format!("siblings: both carry {id}'s text"),
        (None, None, None) => "original: undecided".to_string(),
    };
    let siblings = pair.common_source.is_some() || pair.common_original.is_some();
    let credited = match pair.credited {
        Some(true) => "copy credits it",
        Some(false) => "copy does not credit it",
        None if siblings => "neither copies the other",
        None => "credit unknown",
    };
    // What each side is, in the words the report uses: the original is
    // always `a`.
    let names = match (&pair.original, siblings) {
        (Some(_), _) => ["original", "copy"],
        (None, true) => ["sibling", "sibling"],
        (None, false) => ["first", "second"],
    };
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let _ = writeln!(
        out,
        "{} {} ⇄ {}: score {:.2}; {}; {}; coverage: {} {:.2}, {} {:.2}; {}, {}",
        pair.kind.as_str(),
        printable(&a.id),
        printable(&b.id),
        pair.score,
        printable(&original),
        credited,
        names[0],
        pair.coverage_a,
        names[1],
        pair.coverage_b,
        plural(pair.passages.len(), "passage", "passages"),
        plural(pair.edits.len(), "edit", "edits")
    );
    let party = |doc: &DocumentView| -> (String, Option<crate::clean::PubDate>) {
        (
            doc.source.clone().unwrap_or_else(|| doc.id.clone()),
            doc.date.as_deref().and_then(crate::clean::dates::parse_iso),
        )
    };
    let ((a_name, a_date), (b_name, b_date)) = (party(a), party(b));
    let story = super::story::pair_story(
        super::story::Party {
            name: &a_name,
            date: a_date,
        },
        super::story::Party {
            name: &b_name,
            date: b_date,
        },
        pair,
    );
    let _ = writeln!(out, "{}", printable(&story));
    for clue in &pair.evidence {
        let _ = writeln!(out, "  because {}", printable(clue));
    }
    for (label, doc, side) in [(names[0], a, Side::A), (names[1], b, Side::B)] {
        let about: Vec<&str> = [doc.source.as_deref(), doc.date.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        let _ = writeln!(out);
        let heading = format!("── {label}: {} ({}) ", doc.id, about.join(", "));
        let heading = printable(&heading);
        let _ = match style {
            Style::Color => writeln!(out, "\x1b[1m{heading}{RESET}"),
            Style::Plain => writeln!(out, "{heading}"),
        };
        match &doc.text {
            Some(text) => render_text(&mut out, text, doc, pair, side, style),
            None => {
                let _ = writeln!(out, "(the scan kept no text for this document)");
            }
        }
    }
    if !pair.edits.is_empty() {
        let _ = writeln!(out, "\n── edits ");
        for edit in &pair.edits {
            let _ = writeln!(
                out,
                "  {:<12} {:?} → {:?}",
                edit.kind.as_str(),
                edit.a_text,
                edit.b_text
            );
        }
    }
    out
}

fn render_text(
    out: &mut String,
    text: &str,
    doc: &DocumentView,
    pair: &Reuse,
    side: Side,
    style: Style,
) {
    let chars: Vec<char> = text.chars().collect();
    let pieces = segments(chars.len() as u32, &doc.removed, pair, side);
    let mut open_passage: Option<usize> = None;
    for (i, piece) in pieces.iter().enumerate() {
        if open_passage != piece.passage {
            if let Some(p) = open_passage {
                close_passage(out, p, style);
            }
            if let Some(p) = piece.passage {
                open_passage_tag(out, p, style);
            }
            open_passage = piece.passage;
        }
        let stretch: String = chars[piece.begin as usize..piece.end as usize]
            .iter()
            .map(|&c| if is_hostile(c) { control_picture(c) } else { c })
            .collect();
        let next_removed = pieces.get(i + 1).and_then(|n| n.removed);
        let previous_removed = i.checked_sub(1).and_then(|p| pieces[p].removed);
        render_piece(
            out,
            piece,
            &stretch,
            side,
            style,
            previous_removed,
            next_removed,
        );
    }
    if let Some(p) = open_passage {
        close_passage(out, p, style);
    }
    out.push('\n');
}

/// `text` with every control character but line breaks and tabs shown as
/// its Unicode control picture (escape as ␛), so that a document cannot
/// move the cursor, retitle the window or clear the screen of whoever
/// views it, in any colour mode.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(is_hostile) {
        text.chars()
            .map(|c| if is_hostile(c) { control_picture(c) } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// A control character a terminal would act on rather than show.
fn is_hostile(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// The visible stand-in for a control character.
fn control_picture(c: char) -> char {
    match c as u32 {
        code @ 0..=0x1f => char::from_u32(0x2400 + code).unwrap_or('\u{fffd}'),
        0x7f => '\u{2421}',
        _ => '\u{fffd}',
    }
}

fn open_passage_tag(out: &mut String, p: usize, style: Style) {
    let _ = match style {
        Style::Color => write!(out, "\x1b[2m[{}>{RESET}", p + 1),
        Style::Plain => write!(out, "[{}>", p + 1),
    };
}

fn close_passage(out: &mut String, p: usize, style: Style) {
    let _ = match style {
        Style::Color => write!(out, "\x1b[2m<{}]{RESET}", p + 1),
        Style::Plain => write!(out, "<{}]", p + 1),
    };
}

fn render_piece(
    out: &mut String,
    piece: &Segment,
    stretch: &str,
    side: Side,
    style: Style,
    previous_removed: Option<crate::model::RemovedKind>,
    next_removed: Option<crate::model::RemovedKind>,
) {
    if piece.begin == piece.end {
        let _ = match style {
            Style::Color => write!(out, "\x1b[1;33m‸{RESET}"),
            Style::Plain => write!(out, "^"),
        };
        return;
    }
    if let Some(kind) = piece.removed {
        match style {
            Style::Color => {
                let _ = write!(out, "\x1b[90m{stretch}{RESET}");
            }
            Style::Plain => {
                // One bracket around a whole region, however it is cut.
                if previous_removed != Some(kind) {
                    let _ = write!(out, "{{removed {}: ", kind.as_str());
                }
                out.push_str(stretch);
                if next_removed != Some(kind) {
                    out.push('}');
                }
            }
        }
        return;
    }
    let look = piece.edit.map(|kind| edit_look(kind, side));
    match (style, look) {
        (Style::Color, Some((_, _, ansi))) => {
            let _ = write!(out, "\x1b[{ansi}m{stretch}{RESET}");
        }
        (Style::Color, None) if piece.passage.is_some() => {
            let _ = write!(out, "\x1b[36m{stretch}{RESET}");
        }
        (Style::Plain, Some((open, close, _))) => {
            let _ = write!(out, "{open}{stretch}{close}");
        }
        _ => out.push_str(stretch),
    }
}

/// The plain brackets and the ANSI attributes of an edit on one side.
fn edit_look(kind: EditKind, side: Side) -> (&'static str, &'static str, &'static str) {
    match (kind, side) {
        (EditKind::Number, _) => ("[!", "!]", "1;97;41"),
        (EditKind::Deletion, _) | (EditKind::Substitution, Side::A) => ("[-", "-]", "31;9"),
        (EditKind::Insertion, _) | (EditKind::Substitution, Side::B) => ("{+", "+}", "32;4"),
        _ => ("[~", "~]", "35;4"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edit, Passage, RemovedKind, RemovedRegion, ReuseKind};

    fn doc(id: &str, text: &str, removed: Vec<RemovedRegion>) -> DocumentView {
        DocumentView {
            id: id.into(),
            source: Some("Site".into()),
            date: Some("2024-01-02".into()),
            title: None,
            removed,
            reused_share: None,
            reused_from: None,
            text: Some(text.into()),
        }
    }

    #[test]
    fn plain_view_marks_passages_edits_and_removed_regions() {
        let a = doc(
            "a",
            "Fine of 1500 euros. Comments",
            vec![RemovedRegion {
                begin: 20,
                end: 28,
                kind: RemovedKind::Comments,
            }],
        );
        let b = doc("b", "Fine of 1800 euros.", vec![]);
        let pair = Reuse {
            a: "a".into(),
            b: "b".into(),
            original: Some("a".into()),
            common_source: None,
            common_original: None,
            evidence: vec!["a hosts reader comments; b does not".into()],
            coverage_a: 1.0,
            coverage_b: 1.0,
            credited: Some(false),
            kind: ReuseKind::Reprint,
            score: 1.0,
            signals: Default::default(),
            passages: vec![Passage {
                a_begin: 0,
                a_end: 19,
                b_begin: 0,
                b_end: 19,
                tokens: 3,
                identity: 0.75,
            }],
            edits: vec![Edit {
                kind: EditKind::Number,
                a_begin: 8,
                a_end: 12,
                b_begin: 8,
                b_end: 12,
                a_text: "1500".into(),
                b_text: "1800".into(),
            }],
        };
        let shown = render_pair(&a, &b, &pair, Style::Plain);
        assert!(
            shown.contains("[1>Fine of [!1500!] euros.<1] {removed comments: Comments}"),
            "{shown}"
        );
        assert!(shown.contains("[1>Fine of [!1800!] euros.<1]"), "{shown}");
        assert!(shown.contains("because a hosts reader comments"), "{shown}");
        assert!(shown.contains("── original: a ("), "{shown}");
        assert!(shown.contains("── copy: b ("), "{shown}");
        assert!(shown.contains("1 passage, 1 edit"), "{shown}");
        assert!(
            shown.contains("Site republished Site's article the same day, did not credit it, and changed 1500 to 1800."),
            "{shown}"
        );
        assert!(!shown.contains('\x1b'));
        let coloured = render_pair(&a, &b, &pair, Style::Color);
        assert!(coloured.contains("\x1b[1;97;41m1500"), "{coloured}");
    }

    #[test]
    fn control_characters_in_a_text_reach_the_terminal_as_pictures() {
        // Set the window title, clear the screen, ring the bell.
        let hostile = "Fine\x1b]0;owned\x07 of\x1b[2J 1500\u{9b}31m euros.";
        let a = doc("a\x1b[31m", hostile, vec![]);
        let b = doc("b", hostile, vec![]);
        let pair = Reuse {
            a: "a\x1b[31m".into(),
            b: "b".into(),
            original: None,
            common_source: None,
            common_original: None,
            evidence: vec!["credits \x1b[8mhidden".into()],
            coverage_a: 1.0,
            coverage_b: 1.0,
            credited: None,
            kind: ReuseKind::Reprint,
            score: 1.0,
            signals: Default::default(),
            passages: vec![Passage {
                a_begin: 0,
                a_end: 40,
                b_begin: 0,
                b_end: 40,
                tokens: 4,
                identity: 1.0,
            }],
            edits: vec![],
        };
        let plain = render_pair(&a, &b, &pair, Style::Plain);
        assert!(
            !plain.contains('\x1b') && !plain.contains('\x07') && !plain.contains('\u{9b}'),
            "{plain:?}"
        );
        assert!(
            plain.contains("Fine␛]0;owned␇ of␛[2J 1500\u{fffd}31m euros."),
            "{plain}"
        );
        assert!(
            plain.contains("a␛[31m") && plain.contains("credits ␛[8mhidden"),
            "{plain}"
        );
        let coloured = render_pair(&a, &b, &pair, Style::Color);
        // Only reprint's own colour codes remain: each escape starts one.
        let own = coloured.matches("\x1b[").count();
        assert_eq!(coloured.matches('\x1b').count(), own);
        assert!(
            !coloured.contains("\x1b]") && !coloured.contains("\x1b[2J"),
            "{coloured:?}"
        );
    }
}
