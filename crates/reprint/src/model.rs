//! The types that flow between pipeline stages.
//!
//! Every offset in these types counts Unicode code points into a document's
//! text exactly as it was read (what Python's `text[begin:end]` indexes), and
//! every span is half-open.

use std::fmt;
use std::ops::Deref;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::spill::MappedFile;

/// Where a document came from: a file, and the line inside it for line-based
/// formats. Error messages and duplicate-id reports name documents by this.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file the document was read from (`-` for standard input).
    pub path: PathBuf,
    /// The 1-based line for JSONL records; `None` for whole-file formats.
    pub line: Option<u64>,
    /// The byte offset of the record for WARC archives (in the compressed
    /// file for `.warc.gz`); `None` for other formats.
    pub offset: Option<u64>,
    /// The 1-based row for tables (Parquet files, Arrow batches); `None`
    /// for other formats.
    pub row: Option<u64>,
}

impl Location {
    /// A whole file, with neither line nor offset.
    pub fn file(path: impl Into<PathBuf>) -> Location {
        Location {
            path: path.into(),
            line: None,
            offset: None,
            row: None,
        }
    }

    /// A record at a byte offset of an archive.
    pub fn record(path: impl Into<PathBuf>, offset: u64) -> Location {
        Location {
            path: path.into(),
            line: None,
            offset: Some(offset),
            row: None,
        }
    }

    /// A line of a line-based file.
    pub fn line(path: impl Into<PathBuf>, line: u64) -> Location {
        Location {
            path: path.into(),
            line: Some(line),
            offset: None,
            row: None,
        }
    }

    /// A row of a table.
    pub fn row(path: impl Into<PathBuf>, row: u64) -> Location {
        Location {
            path: path.into(),
            line: None,
            offset: None,
            row: Some(row),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.offset, self.row) {
            (Some(line), _, _) => write!(f, "{}:{}", self.path.display(), line),
            (None, Some(offset), _) => {
                write!(f, "{} (record at byte {})", self.path.display(), offset)
            }
            (None, None, Some(row)) => write!(f, "{}, row {}", self.path.display(), row),
            (None, None, None) => write!(f, "{}", self.path.display()),
        }
    }
}

/// One input document, as read, before any cleaning.
///
/// `text` is kept exactly as the input held it: later stages mark regions of
/// it and never rewrite it, so every offset they produce indexes this string.
#[derive(Clone, Debug)]
pub struct Document {
    /// The caller's identifier, unique within a corpus.
    pub id: String,
    /// The outlet that published the document (name or domain), if known.
    pub source: Option<String>,
    /// The publication date as given (ISO 8601, full or partial), if any.
    pub date: Option<String>,
    /// The address the document was published at, if known.
    pub url: Option<String>,
    /// The title, if given apart from the text.
    pub title: Option<String>,
    /// The language code, if given.
    pub lang: Option<String>,
    /// The full text.
    pub text: Text,
    /// Input fields reprint does not interpret; they pass through to
    /// `documents.jsonl` unchanged.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Where the document was read from.
    pub location: Location,
    /// Regions the reader already knows are not the article, in code points
    /// of `text`: the reader comments an HTML page sets apart. Cleaning adds
    /// its own regions to these.
    pub removed: Vec<RemovedRegion>,
}

impl Document {
    /// A document with only an id and a text, read from `location`; every
    /// other field is empty.
    pub fn new(id: impl Into<String>, text: impl Into<String>, location: Location) -> Document {
        Document {
            id: id.into(),
            source: None,
            date: None,
            url: None,
            title: None,
            lang: None,
            text: Text::from(text.into()),
            extra: serde_json::Map::new(),
            location,
            removed: Vec::new(),
        }
    }
}

/// A document's text: a string in memory, or a stretch of a spill file that
/// is mapped from disk (see [`spill`](crate::spill)). Either way it reads as
/// a `&str`, which it dereferences to, and it cannot change once made.
#[derive(Clone, Default)]
pub struct Text(TextStore);

#[derive(Clone)]
enum TextStore {
    Memory(String),
    Mapped {
        file: MappedFile,
        begin: usize,
        end: usize,
    },
}

impl Default for TextStore {
    fn default() -> Self {
        TextStore::Memory(String::new())
    }
}

impl Text {
    /// Bytes `begin..end` of a mapped spill file.
    ///
    /// # Safety
    ///
    /// Those bytes must be UTF-8. (The file itself cannot change once
    /// mapped.)
    pub(crate) unsafe fn mapped(file: MappedFile, begin: usize, end: usize) -> Text {
        debug_assert!(std::str::from_utf8(&file.bytes()[begin..end]).is_ok());
        Text(TextStore::Mapped { file, begin, end })
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            TextStore::Memory(text) => text,
            // SAFETY: `Text::mapped` is given UTF-8 bytes only, of a file
            // that no longer changes.
            TextStore::Mapped { file, begin, end } => unsafe {
                std::str::from_utf8_unchecked(&file.bytes()[*begin..*end])
            },
        }
    }

    /// Whether the text is read from a spill file rather than memory.
    pub fn is_on_disk(&self) -> bool {
        matches!(self.0, TextStore::Mapped { .. })
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text(TextStore::Memory(text))
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::from(text.to_string())
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A half-open span of code points, `[begin, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CharSpan {
    /// First code point inside the span.
    pub begin: u32,
    /// First code point after the span.
    pub end: u32,
}

impl CharSpan {
    /// The number of code points the span covers.
    pub fn len(&self) -> u32 {
        self.end - self.begin
    }

    /// Whether the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.end <= self.begin
    }
}

/// What a removed region of a text was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RemovedKind {
    /// The article's title, repeated at the head of its text.
    Title,
    /// Reader comments.
    Comments,
    /// Text the site repeats across its pages.
    Boilerplate,
    /// A date line in front of the article.
    Dateline,
    /// A line crediting a source.
    Credit,
}

impl RemovedKind {
    /// The kind's name as the outputs write it.
    pub fn as_str(self) -> &'static str {
        match self {
            RemovedKind::Title => "title",
            RemovedKind::Comments => "comments",
            RemovedKind::Boilerplate => "boilerplate",
            RemovedKind::Dateline => "dateline",
            RemovedKind::Credit => "credit",
        }
    }
}

/// A region of a text that is not part of the article's body and is never
/// counted as reuse.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovedRegion {
    /// First code point of the region.
    pub begin: u32,
    /// First code point after the region.
    pub end: u32,
    /// What the region was.
    pub kind: RemovedKind,
}

/// One aligned passage between two documents, in code points of each text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Passage {
    /// Start of the passage in document `a`.
    pub a_begin: u32,
    /// End (exclusive) of the passage in document `a`.
    pub a_end: u32,
    /// Start of the passage in document `b`.
    pub b_begin: u32,
    /// End (exclusive) of the passage in document `b`.
    pub b_end: u32,
    /// How many tokens the two sides have in common along the alignment.
    pub tokens: u32,
    /// Matched tokens over alignment columns (matches, substitutions,
    /// insertions and deletions): 1.0 for a verbatim copy.
    pub identity: f64,
}

#[cfg(test)]
impl Passage {
    /// A passage of ten matched tokens at identity 1 between the code-point
    /// spans `a` and `b`, for the tests of the stages that read passages.
    pub(crate) fn between(a: (u32, u32), b: (u32, u32)) -> Passage {
        Passage {
            a_begin: a.0,
            a_end: a.1,
            b_begin: b.0,
            b_end: b.1,
            tokens: 10,
            identity: 1.0,
        }
    }
}

/// Everything reprint found between one pair of documents: one line of
/// `reuse.jsonl`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reuse {
    /// Id of the first document: the original when the direction is known.
    pub a: String,
    /// Id of the second document.
    pub b: String,
    /// Id of the original, or `None` while nothing decides the direction
    /// and for siblings.
    pub original: Option<String>,
    /// For siblings, two carriers of one third party's text (both credit
    /// the same agency or outlet, or one credits an agency for the text
    /// they share): that party's name as a credit gives it. `None`
    /// otherwise.
    #[serde(default)]
    pub common_source: Option<String>,
    /// For siblings that both carry the text of another document of the
    /// scan (both reprint it, or the later one reprints it and the earlier
    /// one shares it with no direction between them): that document's id.
    /// `None` otherwise.
    #[serde(default)]
    pub common_original: Option<String>,
    /// Why `original` was chosen, one reason per string.
    pub evidence: Vec<String>,
    /// Share of `a`'s body tokens inside passages, in `[0, 1]`.
    pub coverage_a: f64,
    /// Share of `b`'s body tokens inside passages, in `[0, 1]`.
    pub coverage_b: f64,
    /// Whether the copy credits the original's source; `None` when unknown.
    pub credited: Option<bool>,
    /// The aligned passages, ordered by their start in `a`.
    pub passages: Vec<Passage>,
    /// What kind of reuse this is: `Reprint` only when [`score`](Self::score)
    /// reaches the scan's minimum.
    pub kind: ReuseKind,
    /// How likely the pair is a real reprint, in `[0, 1]`: the judge's
    /// weighing of [`signals`](Self::signals), fitted on labelled real news
    /// so that of the pairs scored about 0.9, about nine in ten are
    /// reprints.
    #[serde(default)]
    pub score: f64,
    /// What the judge weighed to give the score.
    #[serde(default)]
    pub signals: Signals,
    /// The differences inside the passages, ordered by position in `a`.
    pub edits: Vec<Edit>,
}

impl Reuse {
    /// Turns the record around, so that `b` becomes `a`: coverage,
    /// passages and edits are mirrored (what `a` lacked is now what the new
    /// `b` deleted) and ordered by their start in the new `a`. For a pass
    /// that learns a pair's direction after the record was made, since `a`
    /// is the original once the direction is known.
    pub fn turn_around(&mut self) {
        std::mem::swap(&mut self.a, &mut self.b);
        std::mem::swap(&mut self.coverage_a, &mut self.coverage_b);
        for p in &mut self.passages {
            std::mem::swap(&mut p.a_begin, &mut p.b_begin);
            std::mem::swap(&mut p.a_end, &mut p.b_end);
        }
        self.passages.sort_by_key(|p| (p.a_begin, p.b_begin));
        for e in &mut self.edits {
            std::mem::swap(&mut e.a_begin, &mut e.b_begin);
            std::mem::swap(&mut e.a_end, &mut e.b_end);
            std::mem::swap(&mut e.a_text, &mut e.b_text);
            e.kind = match e.kind {
                EditKind::Deletion => EditKind::Insertion,
                EditKind::Insertion => EditKind::Deletion,
                other => other,
            };
        }
        self.edits.sort_by_key(|e| (e.a_begin, e.b_begin));
    }
}

/// What an editor looks at to tell a reprint from text two stories merely
/// share: measured on a pair's aligned passages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Signals {
    /// Share of the shorter body's tokens inside passages.
    pub shorter_coverage: f64,
    /// Matched tokens over alignment columns, across all passages.
    pub identity: f64,
    /// Matched words across all passages: tokens, except that in Chinese
    /// and Japanese, whose tokens are single characters, a character
    /// counts two thirds of a word.
    pub matched: u32,
    /// The longest run of words matched word for word, counted as
    /// [`Signals::matched`] counts them.
    pub longest_run: u32,
    /// Of the facts (numbers, names) in and around the passages of the side
    /// that has fewer, the share the other side holds too: near 1 when one
    /// copies the other, low when a template is filled with other names
    /// and figures; drawn towards 0.5 when there are few facts.
    pub fact_agreement: f64,
    /// Facts in and around the passages, both sides together.
    pub facts: u32,
    /// Share of the matched tokens inside quotation marks on either side.
    pub quoted_share: f64,
    /// Share of the passages' fingerprints that many documents hold.
    pub frequent_share: f64,
    /// Share of the substituted words whose swap recurs: a word of one side
    /// replaced, in two places or more, by one same word of the other (a
    /// country, a name, an event put in another's slots). A template filled
    /// again swaps its subjects consistently; a copy's edits seldom repeat.
    #[serde(default)]
    pub swapped_share: f64,
    /// How many of the passages' changes put a name of one side in the
    /// place of a name of the other, neither written anywhere in the other
    /// text: a condolence cable re-sent to another king for another
    /// disaster swaps "Maroc" for "Jordanie" and "Mohammed VI" for
    /// "Abdallah II". A copy keeps the names of what it copies.
    #[serde(default)]
    pub swapped_names: u32,
}

/// What kind of reuse a pair shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReuseKind {
    /// One document copies the other's text.
    Reprint,
    /// Both quote the same words.
    Quote,
    /// Both carry the same template or notice that many documents carry.
    Boilerplate,
    /// One frame filled with other facts: the same formula with other
    /// names, figures and dates (condolence cables, weekly market notes,
    /// daily bulletins).
    Template,
    /// Some shared text, but too little, or too unlike a copy, to call a
    /// reprint: a line of background in two stories of one event, a
    /// loosely shared phrase.
    Overlap,
}

impl ReuseKind {
    /// The kind's name as the outputs write it.
    pub fn as_str(self) -> &'static str {
        match self {
            ReuseKind::Reprint => "reprint",
            ReuseKind::Quote => "quote",
            ReuseKind::Boilerplate => "boilerplate",
            ReuseKind::Template => "template",
            ReuseKind::Overlap => "overlap",
        }
    }
}

/// What kind of change an [`Edit`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EditKind {
    /// Text of `a` left out of `b`.
    Deletion,
    /// Text of `b` absent from `a`.
    Insertion,
    /// Words of `a` replaced by other words in `b`.
    Substitution,
    /// The same words with other capitalisation.
    Case,
    /// Only punctuation differs.
    Punctuation,
    /// A small spelling change.
    Typo,
    /// Digits changed: a fact changed.
    Number,
    /// A passage whose order differs between the documents.
    Move,
}

impl EditKind {
    /// The kind's name as the outputs write it.
    pub fn as_str(self) -> &'static str {
        match self {
            EditKind::Deletion => "deletion",
            EditKind::Insertion => "insertion",
            EditKind::Substitution => "substitution",
            EditKind::Case => "case",
            EditKind::Punctuation => "punctuation",
            EditKind::Typo => "typo",
            EditKind::Number => "number",
            EditKind::Move => "move",
        }
    }
}

/// One difference between the two sides of an aligned passage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Edit {
    /// What kind of change this is.
    pub kind: EditKind,
    /// Start of the changed text in `a` (equal to `a_end` for an insertion).
    pub a_begin: u32,
    /// End of the changed text in `a`.
    pub a_end: u32,
    /// Start of the changed text in `b` (equal to `b_end` for a deletion).
    pub b_begin: u32,
    /// End of the changed text in `b`.
    pub b_end: u32,
    /// The text of `a` under the edit.
    pub a_text: String,
    /// The text of `b` under the edit.
    pub b_text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_serde_names() {
        let name = |value: serde_json::Value| value.as_str().unwrap().to_string();
        for kind in [
            RemovedKind::Title,
            RemovedKind::Comments,
            RemovedKind::Boilerplate,
            RemovedKind::Dateline,
            RemovedKind::Credit,
        ] {
            assert_eq!(name(serde_json::to_value(kind).unwrap()), kind.as_str());
        }
        for kind in [
            ReuseKind::Reprint,
            ReuseKind::Quote,
            ReuseKind::Boilerplate,
            ReuseKind::Template,
            ReuseKind::Overlap,
        ] {
            assert_eq!(name(serde_json::to_value(kind).unwrap()), kind.as_str());
        }
        for kind in [
            EditKind::Deletion,
            EditKind::Insertion,
            EditKind::Substitution,
            EditKind::Case,
            EditKind::Punctuation,
            EditKind::Typo,
            EditKind::Number,
            EditKind::Move,
        ] {
            assert_eq!(name(serde_json::to_value(kind).unwrap()), kind.as_str());
        }
    }
}
