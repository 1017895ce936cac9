//! Edits: every difference inside an aligned passage, with its kind.
//!
//! The aligner's token operations give the word-level differences: runs of
//! insertions, deletions and substitutions. Runs separated by at most
//! [`MERGE_MATCHES`] matched words are one edit when the words changed
//! outnumber (or equal) the words kept between them: a rewritten heading that
//! happens to keep "en novembre 2022" is one substitution, while a dropped
//! article and an added adjective two words apart stay two edits. Inside matched words, differences the token folding hides are
//! edits too: capitalisation (`case`), accents (`typo`), and the punctuation
//! between words (`punctuation`). White space alone is never an edit.
//!
//! Each edit's text is the text between the matched words around it, with
//! what both sides have in common at its ends taken off, so a deleted clause
//! reads ", comme elles l'avaient fait en 2021" and not the sentence around
//! it.

use super::TokenizedText;
use crate::align::{Op, OpRun};
use crate::clean::dates::{date_word, DateWord};
use crate::model::{Edit, EditKind};

/// Difference runs separated by at most this many matched words merge into
/// one edit.
pub const MERGE_MATCHES: u32 = 3;

/// A stretch of one text, in code points and in bytes.
#[derive(Clone, Copy, Debug)]
struct Stretch {
    chars: (u32, u32),
    bytes: (usize, usize),
}

/// A stretch of differing tokens: `[a0, a1)` of `a` against `[b0, b1)` of `b`.
#[derive(Clone, Copy, Debug)]
struct Region {
    a0: u32,
    a1: u32,
    b0: u32,
    b1: u32,
    /// Matched words merged into it.
    matched_inside: u32,
    /// Changed words of each side.
    changed_a: u32,
    changed_b: u32,
}

/// The edits inside one passage that starts at token `start` of each side
/// and follows `ops`.
pub fn passage_edits(
    a: TokenizedText<'_>,
    b: TokenizedText<'_>,
    start: (u32, u32),
    ops: &[OpRun],
) -> Vec<Edit> {
    // Walk the operations: matched token pairs, and regions of difference.
    let mut matched: Vec<(u32, u32)> = Vec::new();
    let mut regions: Vec<Region> = Vec::new();
    let (mut ia, mut ib) = start;
    let mut since_region = u32::MAX;
    for run in ops {
        match run.op {
            Op::Match => {
                for k in 0..run.len {
                    matched.push((ia + k, ib + k));
                }
                ia += run.len;
                ib += run.len;
                since_region = since_region.saturating_add(run.len);
            }
            op => {
                let (da, db) = match op {
                    Op::Substitute => (run.len, run.len),
                    Op::Delete => (run.len, 0),
                    _ => (0, run.len),
                };
                let joins = |last: &Region| {
                    since_region <= MERGE_MATCHES
                        && (last.changed_a + da).max(last.changed_b + db)
                            >= last.matched_inside + since_region
                };
                match regions.last_mut() {
                    Some(last) if joins(last) => {
                        last.matched_inside += since_region;
                        last.changed_a += da;
                        last.changed_b += db;
                        last.a1 = ia + da;
                        last.b1 = ib + db;
                    }
                    _ => regions.push(Region {
                        a0: ia,
                        a1: ia + da,
                        b0: ib,
                        b1: ib + db,
                        matched_inside: 0,
                        changed_a: da,
                        changed_b: db,
                    }),
                }
                ia += da;
                ib += db;
                since_region = 0;
            }
        }
    }

    let mut edits: Vec<Edit> = Vec::new();
    for region in &regions {
        edits.extend(region_edit(a, b, region));
    }
    // Matched words inside a region belong to its edit; both lists are in
    // text order, so one pass sorts them out.
    let mut next_region = regions.iter().peekable();
    let matched: Vec<(u32, u32)> = matched
        .into_iter()
        .filter(|&(x, _)| {
            while next_region.next_if(|r| r.a1 <= x).is_some() {}
            next_region.peek().is_none_or(|r| r.a0 > x)
        })
        .collect();
    for window in matched.windows(2) {
        let ((x0, y0), (x1, y1)) = (window[0], window[1]);
        // Separators next to a region of difference are part of its edit.
        if x1 == x0 + 1 && y1 == y0 + 1 {
            edits.extend(separator_edit(a, b, (x0, y0)));
        }
    }
    edits.extend(word_edits(a, b, &matched));
    edits.sort_by_key(|e| (e.a_begin, e.b_begin));
    edits
}

/// The text between the matched words around tokens `[t0, t1)` of one
/// side.
fn between(side: TokenizedText<'_>, t0: u32, t1: u32) -> Stretch {
    let tokens = side.tokens;
    let (char_begin, byte_begin) = match t0 {
        0 => (tokens[0].begin, tokens[0].byte_begin),
        _ => (
            tokens[t0 as usize - 1].end,
            tokens[t0 as usize - 1].byte_end,
        ),
    };
    let (char_end, byte_end) = match tokens.get(t1 as usize) {
        Some(t) => (t.begin, t.byte_begin),
        None => (
            tokens[t1 as usize - 1].end,
            tokens[t1 as usize - 1].byte_end,
        ),
    };
    Stretch {
        chars: (char_begin, char_end.max(char_begin)),
        bytes: (byte_begin as usize, (byte_end.max(byte_begin)) as usize),
    }
}

/// Narrows two texts to where they differ: common prefix and suffix off,
/// backed off to whole words (so "80" to "120" stays whole, and "une
/// avancée" to "un progrès" does not share "un"), then white space trimmed
/// on each side. Returns the new bounds, in code points relative to each
/// text's start, or `None` when they differ only in white space.
fn narrow(a: &[char], b: &[char]) -> Option<((usize, usize), (usize, usize))> {
    if squeeze(a) == squeeze(b) {
        return None;
    }
    let word = |s: &[char], i: usize| s.get(i).is_some_and(|c| c.is_alphanumeric());
    // A cut at `i` (from the start) or `i` chars from the end splits a word
    // when word characters sit on both sides of it.
    let splits_front = |s: &[char], i: usize| i > 0 && word(s, i - 1) && word(s, i);
    let splits_back = |s: &[char], i: usize| {
        i > 0 && i < s.len() && word(s, s.len() - i - 1) && word(s, s.len() - i)
    };
    let mut prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    while prefix > 0 && (splits_front(a, prefix) || splits_front(b, prefix)) {
        prefix -= 1;
    }
    let max_suffix = a.len().min(b.len()) - prefix;
    let mut suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    while suffix > 0 && (splits_back(a, suffix) || splits_back(b, suffix)) {
        suffix -= 1;
    }
    let trim = |s: &[char], from: usize, to: usize| {
        let mut from = from;
        let mut to = to;
        while from < to && s[from].is_whitespace() {
            from += 1;
        }
        while to > from && s[to - 1].is_whitespace() {
            to -= 1;
        }
        (from, to)
    };
    Some((
        trim(a, prefix, a.len() - suffix),
        trim(b, prefix, b.len() - suffix),
    ))
}

/// A text with runs of white space folded to one space and trimmed.
fn squeeze(s: &[char]) -> String {
    s.iter()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn make_edit(
    a: TokenizedText<'_>,
    b: TokenizedText<'_>,
    sa: Stretch,
    sb: Stretch,
    kind: EditKind,
) -> Option<Edit> {
    let slice = |side: TokenizedText<'_>, s: Stretch| -> Vec<char> {
        side.text[s.bytes.0..s.bytes.1].chars().collect()
    };
    let (ca, cb) = (slice(a, sa), slice(b, sb));
    let ((fa, ta), (fb, tb)) = narrow(&ca, &cb)?;
    Some(Edit {
        kind,
        a_begin: sa.chars.0 + fa as u32,
        a_end: sa.chars.0 + ta as u32,
        b_begin: sb.chars.0 + fb as u32,
        b_end: sb.chars.0 + tb as u32,
        a_text: ca[fa..ta].iter().collect(),
        b_text: cb[fb..tb].iter().collect(),
    })
}

fn region_edit(a: TokenizedText<'_>, b: TokenizedText<'_>, r: &Region) -> Option<Edit> {
    let kind = if r.a1 == r.a0 {
        EditKind::Insertion
    } else if r.b1 == r.b0 {
        EditKind::Deletion
    } else if r.matched_inside > 0 {
        EditKind::Substitution
    } else {
        substitution_kind(a, b, r)
    };
    make_edit(a, b, between(a, r.a0, r.a1), between(b, r.b0, r.b1), kind)
}

/// How many figures an edit changes: the slots of a frame filled again for
/// another day or place. A figure is a word holding a digit ("4.215,30" is
/// one), known by its runs of digits, so "3,5" written "3.5" is the same
/// figure. A `number` edit, or a substitution whose two sides both hold
/// figures and not the same ones, changes one at least: as many as differ
/// place by place when the sides hold as many figures ("5 e 6 de novembro"
/// for "10 e 11 de dezembro" changes two, "100 tot 110" for "90 tot 100"
/// two, a lottery draw's six numbers six), else as many as the fewer of
/// the figures either side holds that the other does not. A substitution
/// that puts one month or weekday for another ("zondag" for "dinsdag")
/// changes a date, one more.
pub fn changed_figures(edit: &Edit) -> usize {
    /// Each figure of a text, as its runs of digits joined by spaces.
    fn figures(text: &str) -> Vec<String> {
        text.split_whitespace()
            .filter(|word| word.bytes().any(|b| b.is_ascii_digit()))
            .map(|word| {
                word.split(|c: char| !c.is_ascii_digit())
                    .filter(|run| !run.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }
    fn date_words(text: &str) -> Vec<DateWord> {
        text.split(|c: char| !c.is_alphabetic())
            .filter_map(date_word)
            .collect()
    }
    if !matches!(edit.kind, EditKind::Number | EditKind::Substitution) {
        return 0;
    }
    let (a, b) = (figures(&edit.a_text), figures(&edit.b_text));
    let numbers = if edit.kind == EditKind::Number || (!a.is_empty() && !b.is_empty() && a != b) {
        let changed = if a.len() == b.len() {
            a.iter().zip(&b).filter(|(x, y)| x != y).count()
        } else {
            let absent = |side: &[String], other: &[String]| {
                side.iter().filter(|f| !other.contains(f)).count()
            };
            absent(&a, &b).min(absent(&b, &a))
        };
        changed.max(1)
    } else {
        0
    };
    let dates = if edit.kind == EditKind::Substitution {
        let (a, b) = (date_words(&edit.a_text), date_words(&edit.b_text));
        usize::from(!a.is_empty() && !b.is_empty() && a != b)
    } else {
        0
    };
    numbers + dates
}

/// A substitution of words for words: `number` when only figures changed,
/// `typo` for one word spelled a little differently, else `substitution`.
fn substitution_kind(a: TokenizedText<'_>, b: TokenizedText<'_>, r: &Region) -> EditKind {
    fn words<'a>(side: TokenizedText<'a>, t0: u32, t1: u32) -> Vec<&'a str> {
        side.tokens[t0 as usize..t1 as usize]
            .iter()
            .map(|t| t.text(side.text))
            .collect()
    }
    let (wa, wb) = (words(a, r.a0, r.a1), words(b, r.b0, r.b1));
    let has_digit = |w: &&str| w.chars().any(|c| c.is_ascii_digit());
    if wa.iter().all(has_digit) && wb.iter().all(has_digit) {
        return EditKind::Number;
    }
    if wa.len() == 1 && wb.len() == 1 && is_typo(wa[0], wb[0]) {
        return EditKind::Typo;
    }
    EditKind::Substitution
}

/// Whether two words differ by a small misspelling: at most two edits, and
/// at most a third of the longer word.
fn is_typo(x: &str, y: &str) -> bool {
    let (x, y): (Vec<char>, Vec<char>) = (
        x.to_lowercase().chars().collect(),
        y.to_lowercase().chars().collect(),
    );
    let longest = x.len().max(y.len());
    let distance = levenshtein(&x, &y);
    longest >= 4 && distance <= 2 && distance * 3 <= longest
}

fn levenshtein(x: &[char], y: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=y.len()).collect();
    for (i, cx) in x.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cy) in y.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(cx != cy));
            diagonal = above;
        }
    }
    row[y.len()]
}

/// Matched words written differently: other capitals (`case`), else other
/// accents or letter forms (`typo`). Case changes of words at most one
/// character apart join into one edit ("SÉCURITÉ RUSSE" → "sécurité
/// russe"), its text read from the documents with whatever stands between.
fn word_edits(a: TokenizedText<'_>, b: TokenizedText<'_>, matched: &[(u32, u32)]) -> Vec<Edit> {
    let mut edits: Vec<Edit> = Vec::new();
    // The token pairs of the case edit being built, first and last.
    let mut open: Option<((u32, u32), (u32, u32))> = None;
    let close = |run: ((u32, u32), (u32, u32)), edits: &mut Vec<Edit>| {
        let ((x0, y0), (x1, y1)) = run;
        let (ta0, ta1) = (a.tokens[x0 as usize], a.tokens[x1 as usize]);
        let (tb0, tb1) = (b.tokens[y0 as usize], b.tokens[y1 as usize]);
        edits.push(Edit {
            kind: EditKind::Case,
            a_begin: ta0.begin,
            a_end: ta1.end,
            b_begin: tb0.begin,
            b_end: tb1.end,
            a_text: a.text[ta0.byte_begin as usize..ta1.byte_end as usize].to_string(),
            b_text: b.text[tb0.byte_begin as usize..tb1.byte_end as usize].to_string(),
        });
    };
    for &(x, y) in matched {
        let (ta, tb) = (a.tokens[x as usize], b.tokens[y as usize]);
        let (wa, wb) = (ta.text(a.text), tb.text(b.text));
        if wa == wb || without_optional_arabic_marks(wa) == without_optional_arabic_marks(wb) {
            continue;
        }
        if wa.to_lowercase() != wb.to_lowercase() {
            edits.push(Edit {
                kind: EditKind::Typo,
                a_begin: ta.begin,
                a_end: ta.end,
                b_begin: tb.begin,
                b_end: tb.end,
                a_text: wa.to_string(),
                b_text: wb.to_string(),
            });
            continue;
        }
        match open {
            Some((first, (px, py)))
                if x == px + 1
                    && y == py + 1
                    && ta.begin - a.tokens[px as usize].end <= 1
                    && tb.begin - b.tokens[py as usize].end <= 1 =>
            {
                open = Some((first, (x, y)));
            }
            _ => {
                if let Some(run) = open.take() {
                    close(run, &mut edits);
                }
                open = Some(((x, y), (x, y)));
            }
        }
    }
    if let Some(run) = open {
        close(run, &mut edits);
    }
    edits
}

/// A word without Arabic harakat (short vowels, tanwin, shadda, sukun,
/// dagger alef) and tatweel: marks a writer may add or leave out, like
/// white space, so a difference in them alone is no edit.
fn without_optional_arabic_marks(word: &str) -> String {
    word.chars()
        .filter(|&c| !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}'))
        .collect()
}

/// Different punctuation between two consecutive matched words.
fn separator_edit(a: TokenizedText<'_>, b: TokenizedText<'_>, (x, y): (u32, u32)) -> Option<Edit> {
    let span = |side: TokenizedText<'_>, t: u32| {
        let (this, next) = (side.tokens[t as usize], side.tokens[t as usize + 1]);
        Stretch {
            chars: (this.end, next.begin),
            bytes: (this.byte_end as usize, next.byte_begin as usize),
        }
    };
    let (sa, sb) = (span(a, x), span(b, y));
    // Most separators are equal: tell so without allocating.
    if a.text[sa.bytes.0..sa.bytes.1] == b.text[sb.bytes.0..sb.bytes.1] {
        return None;
    }
    make_edit(a, b, sa, sb, EditKind::Punctuation)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{align, AlignParams};
    use crate::tokenize::{tokenize, Token};

    #[test]
    fn edits_that_change_figures() {
        let edit = |kind, a: &str, b: &str| Edit {
            kind,
            a_begin: 0,
            a_end: 0,
            b_begin: 0,
            b_end: 0,
            a_text: a.to_string(),
            b_text: b.to_string(),
        };
        let changed = |kind, a, b| changed_figures(&edit(kind, a, b));
        assert_eq!(changed(EditKind::Number, "10,75", "11,25"), 1);
        assert_eq!(
            changed(
                EditKind::Substitution,
                "5 e 6 de novembro",
                "10 e 11 de dezembro"
            ),
            3,
            "two days and their month"
        );
        assert_eq!(
            changed(
                EditKind::Number,
                "4, 11, 19, 27, 33, 45",
                "2, 8, 23, 30, 41, 49"
            ),
            6,
            "a lottery draw of another evening"
        );
        assert_eq!(
            changed(
                EditKind::Substitution,
                "10 Kasım Salı günü 4.215,30",
                "12 Kasım Perşembe günü 4.260,75"
            ),
            2,
            "a gold price of another day, its day and price"
        );
        assert_eq!(
            changed(EditKind::Substitution, "dinsdag", "zondag"),
            1,
            "a bulletin for another day names it"
        );
        // The same figures in other words or another notation, or figures
        // on one side only, change none.
        assert_eq!(changed(EditKind::Substitution, "le 5 mai", "5 mai"), 0);
        assert_eq!(changed(EditKind::Substitution, "3,5 %", "3.5 pour cent"), 0);
        assert_eq!(changed(EditKind::Substitution, "trois", "3"), 0);
        assert_eq!(changed(EditKind::Substitution, "mardi", "ce mardi-là"), 0);
        assert_eq!(changed(EditKind::Insertion, "", "12"), 0);
    }

    /// Aligns two texts and returns the edits of their single passage as
    /// (kind, a_text, b_text).
    fn edits(a: &str, b: &str) -> Vec<(EditKind, String, String)> {
        let (ta, tb) = (tokenize(a), tokenize(b));
        let ids = |t: &[Token]| t.iter().map(|t| t.hash).collect::<Vec<_>>();
        let params = AlignParams {
            min_tokens: 5,
            ..AlignParams::default()
        };
        let passages = align(&ids(&ta), &ids(&tb), &params);
        assert_eq!(passages.len(), 1, "{passages:?}");
        let p = &passages[0];
        passage_edits(
            TokenizedText {
                text: a,
                tokens: &ta,
            },
            TokenizedText {
                text: b,
                tokens: &tb,
            },
            (p.a.start, p.b.start),
            &p.ops,
        )
        .into_iter()
        .map(|e| (e.kind, e.a_text, e.b_text))
        .collect()
    }

    const LEAD: &str = "Les deux armées ont convenu de mener des manœuvres militaires conjointes à l'automne prochain";
    const TAIL: &str = "selon le communiqué publié par le bureau de presse de la région militaire";

    fn e(kind: EditKind, a: &str, b: &str) -> (EditKind, String, String) {
        (kind, a.to_string(), b.to_string())
    }

    #[test]
    fn a_deleted_clause_with_its_comma() {
        let a = format!("{LEAD}, comme elles l'avaient fait en 2021. {TAIL}.");
        let b = format!("{LEAD}. {TAIL}.");
        assert_eq!(
            edits(&a, &b),
            [e(
                EditKind::Deletion,
                ", comme elles l'avaient fait en 2021",
                ""
            )]
        );
    }

    #[test]
    fn insertion_and_one_deleted_word() {
        let a = format!("{LEAD} qui cite le un communiqué {TAIL}");
        let b = format!("{LEAD} qui cite un communiqué très {TAIL}");
        assert_eq!(
            edits(&a, &b),
            [
                e(EditKind::Deletion, "le", ""),
                e(EditKind::Insertion, "", "très")
            ]
        );
    }

    #[test]
    fn case_typo_number_and_punctuation() {
        let a = format!("{LEAD} le Conseil de Sécurité, à Bechar, avec 80 militaires {TAIL}");
        let b = format!("{LEAD} le Conseil de sécurité; à Béchar, avec 120 militaires {TAIL}");
        assert_eq!(
            edits(&a, &b),
            [
                e(EditKind::Case, "Sécurité", "sécurité"),
                e(EditKind::Punctuation, ",", ";"),
                e(EditKind::Typo, "Bechar", "Béchar"),
                e(EditKind::Number, "80", "120"),
            ]
        );
    }

    #[test]
    fn a_misspelled_word_is_a_typo_and_a_new_word_a_substitution() {
        let a = format!("{LEAD} le gouvernement a annoncé {TAIL}");
        let b = format!("{LEAD} le gouvernment a annoncé {TAIL}");
        assert_eq!(
            edits(&a, &b),
            [e(EditKind::Typo, "gouvernement", "gouvernment")]
        );
        let b = format!("{LEAD} le ministère a annoncé {TAIL}");
        assert_eq!(
            edits(&a, &b),
            [e(EditKind::Substitution, "gouvernement", "ministère")]
        );
    }

    #[test]
    fn a_rewritten_phrase_is_one_substitution() {
        let a = format!("{LEAD}.\n\nManœuvres militaires en novembre 2022 à Béchar\n\n{TAIL}");
        let b = format!("{LEAD}.\n\nManœuvres prévues en novembre 2022.\n\n{TAIL}");
        assert_eq!(
            edits(&a, &b),
            [e(
                EditKind::Substitution,
                "militaires en novembre 2022 à Béchar",
                "prévues en novembre 2022."
            )]
        );
    }

    #[test]
    fn case_edits_of_neighbouring_words_merge_with_what_stands_between() {
        let a = format!("{LEAD} le CONSEIL-SÉCURITÉ russe {TAIL}");
        let b = format!("{LEAD} le conseil-sécurité russe {TAIL}");
        assert_eq!(
            edits(&a, &b),
            [e(EditKind::Case, "CONSEIL-SÉCURITÉ", "conseil-sécurité")]
        );
    }

    #[test]
    fn edits_never_split_words() {
        let a = format!("{LEAD} ont salué une avancée tout en {TAIL}");
        let b = format!("{LEAD} ont salué un progrès tout en {TAIL}");
        assert_eq!(
            edits(&a, &b),
            [e(EditKind::Substitution, "une avancée", "un progrès")]
        );
    }

    #[test]
    fn arabic_vowel_marks_and_tatweel_are_not_edits() {
        let a = "أعلنت الوزارة أن الحكومة خصصت مبلغا كبيرا لتنفيذ المرحلة الأولى من المشروع مضيفا أن الأشغال ستبدأ قبل نهاية الصيف";
        let b = "أعلنت الوزارة أن الحكومة خصّصت مبلغاً كبيرا لتنفيذ المرحلة الأولى من المشـــروع مضيفاً أن الأشغال ستبدأ قبل نهاية الصيف";
        assert!(edits(a, b).is_empty());
    }

    #[test]
    fn white_space_is_not_an_edit() {
        let a = format!("{LEAD}.  \n\n{TAIL}");
        let b = format!("{LEAD}.\n{TAIL}");
        assert!(edits(&a, &b).is_empty());
    }
}
