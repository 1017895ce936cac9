//! `report.html`: one self-contained page to look at a scan's results.
//!
//! The page is rendered from a minijinja template; the scan's results ride
//! in it as one JSON block that the page's own script turns into paginated
//! lists and, on demand, pair views. Nothing is fetched: CSS and script are
//! inline, so the file can be mailed or archived as it is. Only the lists
//! and the one open pair view are ever in the DOM, which keeps the page fast
//! with tens of thousands of pairs.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::family::Role;
use crate::model::{Document, EditKind, RemovedRegion, ReuseKind};
use crate::scan::ScanResult;
use crate::write::WriteError;

use super::story::{family_story, pair_story, Party};

/// At most this many pairs get a side-by-side view in the report (their
/// texts, passages and edits are embedded); the others are listed with
/// their figures, and `reprint show` displays any of them. This keeps the
/// page one a browser opens whatever the corpus: it once carried every
/// pair's edits, a gigabyte for ten gigabytes of news.
pub const PAIR_VIEW_LIMIT: usize = 10_000;

const TEMPLATE: &str = include_str!("report.html");
const STYLE: &str = include_str!("report.css");
const SCRIPT: &str = include_str!("report.js");

#[derive(Serialize)]
struct ReportData<'a> {
    documents: Vec<DocumentEntry<'a>>,
    pairs: Vec<PairEntry<'a>>,
    families: Vec<FamilyEntry>,
}

#[derive(Serialize)]
struct DocumentEntry<'a> {
    id: &'a str,
    source: Option<&'a str>,
    date: Option<String>,
    title: Option<&'a str>,
    role: Role,
    family: Option<usize>,
    removed: &'a [RemovedRegion],
    /// Present for documents of the pairs that get a view.
    text: Option<&'a str>,
}

#[derive(Serialize)]
struct PairEntry<'a> {
    /// Index into `documents`.
    a: usize,
    b: usize,
    kind: ReuseKind,
    score: f64,
    original: Option<usize>,
    /// For siblings, the third party both carry, as a credit names it.
    common_source: Option<&'a str>,
    /// For siblings, the document of the scan both reprint (index into
    /// `documents`).
    common_original: Option<usize>,
    evidence: &'a [String],
    coverage_a: f64,
    coverage_b: f64,
    credited: Option<bool>,
    passage_count: usize,
    edit_count: usize,
    /// `[a_begin, a_end, b_begin, b_end, tokens]`; empty unless both texts
    /// are embedded, since only a pair view shows them.
    passages: Vec<[u32; 5]>,
    /// Empty unless both texts are embedded.
    edits: Vec<EditEntry<'a>>,
    /// The pair in one sentence (`story::pair_story`), for pairs that get a
    /// view.
    story: Option<String>,
}

#[derive(Serialize)]
struct EditEntry<'a> {
    kind: EditKind,
    /// `[a_begin, a_end, b_begin, b_end]`.
    span: [u32; 4],
    a_text: &'a str,
    b_text: &'a str,
}

#[derive(Serialize)]
struct FamilyEntry {
    id: usize,
    original: Option<usize>,
    members: Vec<usize>,
    /// The family in one sentence (`story::family_story`).
    story: String,
}

/// Stands in the rendered template where the data block goes; the data is
/// then streamed into the file instead of being held as one more string.
const DATA_MARK: &str = "\u{0}reprint-data\u{0}";

/// Writes `path` (normally `DIR/report.html`) for a scan of `documents`,
/// atomically.
pub fn write_report(
    path: &Path,
    documents: &[Document],
    result: &ScanResult,
) -> Result<(), WriteError> {
    crate::write::write_atomically(path, |out| render_report(out, documents, result))
}

/// Writes the report for a scan of `documents` to `out`: the same page
/// [`write_report`] writes, for a front end that serves it (the server's
/// answer to a pasted article).
pub fn render_report(
    out: &mut dyn Write,
    documents: &[Document],
    result: &ScanResult,
) -> std::io::Result<()> {
    let page = render_page(result).map_err(std::io::Error::other)?;
    let (head, tail) = page
        .split_once(DATA_MARK)
        .expect("the template holds the data block once");
    out.write_all(head.as_bytes())?;
    let data = report_data(documents, result, PAIR_VIEW_LIMIT);
    serde_json::to_writer(EscapeLessThan(&mut *out), &data)?;
    out.write_all(tail.as_bytes())
}

/// Writes JSON with every `<` as `\u003c`. In JSON `<` occurs only inside
/// strings, where the escape means the same; without it a text holding
/// `</script>` would end the data block.
struct EscapeLessThan<W>(W);

impl<W: Write> Write for EscapeLessThan<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let mut start = 0;
        for at in memchr::memchr_iter(b'<', bytes) {
            self.0.write_all(&bytes[start..at])?;
            self.0.write_all(b"\\u003c")?;
            start = at + 1;
        }
        self.0.write_all(&bytes[start..])?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// The page's HTML around the data block, which [`DATA_MARK`] stands for.
fn render_page(result: &ScanResult) -> Result<String, minijinja::Error> {
    let stats = &result.stats;
    let mut env = minijinja::Environment::new();
    env.add_template("report.html", TEMPLATE)?;
    let context = minijinja::context! {
        style => minijinja::Value::from_safe_string(STYLE.to_string()),
        script => minijinja::Value::from_safe_string(SCRIPT.to_string()),
        data => minijinja::Value::from_safe_string(DATA_MARK.to_string()),
        summary => format!(
            "{} {}: {}.",
            stats.documents,
            if stats.documents == 1 { "document" } else { "documents" },
            stats.found()
        ),
        documents => stats.documents,
        megabytes => format!("{:.1}", stats.text_bytes as f64 / 1e6),
        tokens => stats.tokens,
        candidate_pairs => stats.candidate_pairs,
        reuse_pairs => stats.reuse_pairs,
        reprints => stats.reprints,
        quotes => stats.quotes,
        boilerplate_pairs => stats.boilerplate_pairs,
        passages => stats.passages,
        families => stats.families,
        viewable_pairs => result.reuses.len().min(PAIR_VIEW_LIMIT),
        pair_view_limit => PAIR_VIEW_LIMIT,
        stages => stats.stages.iter().map(|s| format!("{} {:.2}s", s.stage, s.seconds)).collect::<Vec<_>>(),
    };
    env.get_template("report.html")?.render(context)
}

/// The data block: the listed documents, with the texts of the first
/// `view_limit` pairs' documents, and every pair, with passages and edits
/// where both its texts are there to show them on.
fn report_data<'a>(
    documents: &'a [Document],
    result: &'a ScanResult,
    view_limit: usize,
) -> ReportData<'a> {
    let index: std::collections::HashMap<&str, usize> = documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    // Only documents in a pair or a family are listed, numbered in input
    // order.
    let mut listed = vec![false; documents.len()];
    let mut with_text = vec![false; documents.len()];
    for (n, reuse) in result.reuses.iter().enumerate() {
        for id in [&reuse.a, &reuse.b] {
            let i = index[id.as_str()];
            listed[i] = true;
            with_text[i] |= n < view_limit;
        }
    }
    for family in &result.families.families {
        for &m in &family.members {
            listed[m] = true;
        }
    }
    let mut entry_of = vec![usize::MAX; documents.len()];
    let mut entries = Vec::new();
    for (i, doc) in documents.iter().enumerate().filter(|&(i, _)| listed[i]) {
        entry_of[i] = entries.len();
        let article = &result.articles[i];
        entries.push(DocumentEntry {
            id: &doc.id,
            source: doc.source.as_deref(),
            date: article.date.map(|d| d.to_string()),
            title: doc.title.as_deref(),
            role: result.families.roles[i],
            family: result.families.family_of[i],
            removed: &article.removed,
            text: with_text[i].then_some(doc.text.as_str()),
        });
    }
    let entry = |id: &str| entry_of[index[id]];
    let party = |i: usize| Party {
        name: documents[i].source.as_deref().unwrap_or(&documents[i].id),
        date: result.articles[i].date,
    };
    let pairs = result
        .reuses
        .iter()
        .map(|reuse| {
            let (a, b) = (index[reuse.a.as_str()], index[reuse.b.as_str()]);
            let viewable = with_text[a] && with_text[b];
            PairEntry {
                a: entry_of[a],
                b: entry_of[b],
                kind: reuse.kind,
                score: reuse.score,
                original: reuse.original.as_deref().map(entry),
                common_source: reuse.common_source.as_deref(),
                common_original: reuse.common_original.as_deref().map(entry),
                evidence: &reuse.evidence,
                coverage_a: reuse.coverage_a,
                coverage_b: reuse.coverage_b,
                credited: reuse.credited,
                passage_count: reuse.passages.len(),
                edit_count: reuse.edits.len(),
                passages: match viewable {
                    true => reuse
                        .passages
                        .iter()
                        .map(|p| [p.a_begin, p.a_end, p.b_begin, p.b_end, p.tokens])
                        .collect(),
                    false => Vec::new(),
                },
                edits: match viewable {
                    true => reuse
                        .edits
                        .iter()
                        .map(|e| EditEntry {
                            kind: e.kind,
                            span: [e.a_begin, e.a_end, e.b_begin, e.b_end],
                            a_text: &e.a_text,
                            b_text: &e.b_text,
                        })
                        .collect(),
                    false => Vec::new(),
                },
                story: viewable.then(|| pair_story(party(a), party(b), reuse)),
            }
        })
        .collect();
    let pair_of: std::collections::HashMap<(usize, usize), &crate::model::Reuse> = result
        .reuses
        .iter()
        .map(|r| ((index[r.a.as_str()], index[r.b.as_str()]), r))
        .collect();
    let mut families: Vec<FamilyEntry> = result
        .families
        .families
        .iter()
        .map(|f| {
            let copies: Vec<(Party<'_>, Option<bool>)> = match f.original {
                Some(o) => f
                    .members
                    .iter()
                    .filter(|&&m| m != o)
                    .map(|&m| (party(m), pair_of.get(&(o, m)).and_then(|r| r.credited)))
                    .collect(),
                None => Vec::new(),
            };
            FamilyEntry {
                id: f.id,
                original: f.original.map(|o| entry_of[o]),
                members: f.members.iter().map(|&m| entry_of[m]).collect(),
                story: family_story(
                    f.original.map(party),
                    &copies,
                    f.members.len(),
                    f.common_source.as_deref(),
                ),
            }
        })
        .collect();
    // The widest stories first: by members, then by the outlets they
    // reach, then in order of their first member.
    let spread = |f: &FamilyEntry| {
        let mut outlets: Vec<Option<&str>> = f.members.iter().map(|&e| entries[e].source).collect();
        outlets.sort_unstable();
        outlets.dedup();
        outlets.len()
    };
    families.sort_by_cached_key(|f| {
        (
            std::cmp::Reverse(f.members.len()),
            std::cmp::Reverse(spread(f)),
            f.id,
        )
    });
    ReportData {
        documents: entries,
        pairs,
        families,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Location;
    use crate::scan::{scan, NoProgress, ScanParams};

    #[test]
    fn only_pairs_with_both_texts_carry_passages_and_edits() {
        let story: String = (0..12)
            .map(|i| {
                format!("La phrase numéro {i} raconte l'histoire du port et de ses quais {i}.")
            })
            .collect::<Vec<_>>()
            .join(" ");
        let documents: Vec<Document> = ["a", "b", "c"]
            .iter()
            .map(|id| {
                let text = format!("{story} Ajout propre au site {id}.");
                let mut doc = Document::new(*id, text, Location::file("t"));
                doc.source = Some(format!("{id}.example"));
                doc
            })
            .collect();
        let result = scan(&documents, &ScanParams::default(), &NoProgress).unwrap();
        assert_eq!(result.reuses.len(), 3);
        let data = report_data(&documents, &result, 1);
        let with_text = |entry: usize| data.documents[entry].text.is_some();
        assert_eq!(
            data.documents.iter().filter(|d| d.text.is_some()).count(),
            2
        );
        for (pair, reuse) in data.pairs.iter().zip(&result.reuses) {
            assert_eq!(pair.passage_count, reuse.passages.len());
            assert_eq!(pair.edit_count, reuse.edits.len());
            let viewable = with_text(pair.a) && with_text(pair.b);
            assert_eq!(
                pair.passages.len(),
                if viewable { reuse.passages.len() } else { 0 }
            );
            assert_eq!(
                pair.edits.len(),
                if viewable { reuse.edits.len() } else { 0 }
            );
        }
        assert!(data.pairs.iter().any(|p| p.passages.is_empty()));
        assert!(data.pairs.iter().any(|p| !p.passages.is_empty()));
    }

    #[test]
    fn the_data_block_cannot_close_its_script_element() {
        let mut out = Vec::new();
        serde_json::to_writer(
            EscapeLessThan(&mut out),
            &serde_json::json!({"text": "a </script><script>alert(1)</script> <!-- b"}),
        )
        .unwrap();
        let written = String::from_utf8(out).unwrap();
        assert!(!written.contains('<'), "{written}");
        let back: serde_json::Value = serde_json::from_str(&written).unwrap();
        assert_eq!(back["text"], "a </script><script>alert(1)</script> <!-- b");
    }
}
