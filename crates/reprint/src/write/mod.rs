//! The write stage: scan results out to files.
//!
//! A scan's files are written into a staging folder that takes the result
//! folder's place whole once every file is complete ([`ResultFolder`]), so
//! a failed or killed run leaves the previous results as they were. Each
//! file is also written to a temporary file beside it and renamed into
//! place when complete, so a reader never sees a half-written file.

mod folder;
mod json_string;
mod parquet;

pub use folder::{ResultFolder, RESULT_FILES};
pub use parquet::{
    read_parquet, read_parquet_documents, read_parquet_texts, write_parquet, write_texts_parquet,
    ResultTables,
};

use json_string::write_json_string;

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::clean::{Article, DateOrigin};
use crate::family::Role;
use crate::model::{Document, RemovedRegion};
use crate::scan::ScanResult;

/// Why results could not be written; names the file.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {path}: {error}", path = path.display())]
pub struct WriteError {
    /// The file (or directory) that failed.
    pub path: PathBuf,
    /// What the operating system said.
    pub error: io::Error,
}

/// Makes sure results can be written into `dir` before any work starts:
/// creates the folder if it is missing, and writes and removes a file in
/// it. A scan that would fail only at its end, after minutes of work, fails
/// here at once instead.
pub fn prepare_dir(dir: &Path) -> Result<(), WriteError> {
    let fail = |source: io::Error| WriteError {
        path: dir.to_path_buf(),
        error: crate::spill::os_error(source),
    };
    fs::create_dir_all(dir).map_err(fail)?;
    tempfile::Builder::new()
        .prefix(".reprint-check")
        .tempfile_in(dir)
        .map_err(fail)?;
    Ok(())
}

/// One line of `documents.jsonl`: a document's fields, its article's
/// regions and date, its family and role. Built by [`document_records`];
/// the server sends the same records.
#[derive(Serialize)]
pub struct DocumentRecord<'a> {
    id: &'a str,
    source: Option<&'a str>,
    date: Option<String>,
    date_origin: Option<&'static str>,
    /// The input's date when it could not be understood.
    date_given: Option<&'a str>,
    lang: Option<&'a str>,
    url: Option<&'a str>,
    title: Option<&'a str>,
    tokens: u32,
    body: Vec<[u32; 2]>,
    removed: &'a [RemovedRegion],
    credits: Vec<&'a str>,
    family: Option<usize>,
    role: Role,
    /// The share of the body found in earlier documents.
    reused_share: f64,
    /// The earlier document that holds most of it.
    reused_from: Option<&'a str>,
    #[serde(flatten)]
    extra: serde_json::Map<String, serde_json::Value>,
}

/// Field names reprint writes itself; input fields of the same name are not
/// passed through, so no line holds a key twice.
const OWN_FIELDS: &[&str] = &[
    "id",
    "source",
    "date",
    "date_origin",
    "date_given",
    "lang",
    "url",
    "title",
    "tokens",
    "body",
    "removed",
    "credits",
    "family",
    "role",
    "reused_share",
    "reused_from",
];

/// One line of `families.jsonl`, built by [`family_records`].
#[derive(Serialize)]
pub struct FamilyRecord<'a> {
    family: usize,
    original: Option<&'a str>,
    /// When the original is unknown: the outside source its siblings carry.
    common_source: Option<&'a str>,
    members: Vec<&'a str>,
    /// Reprint edges as `[a, b]`, `a` the original where it is known.
    edges: Vec<[&'a str; 2]>,
}

/// One line of `clusters.jsonl`, built by [`cluster_records`].
#[derive(Serialize)]
pub struct ClusterRecord<'a> {
    cluster: usize,
    /// Witnesses.
    size: usize,
    /// Distinct documents among the witnesses.
    documents: usize,
    /// The document that printed the passage first, when known.
    earliest: Option<&'a str>,
    /// The passage as the earliest witness prints it (the first witness
    /// when the earliest is unknown).
    text: String,
    witnesses: Vec<WitnessRecord<'a>>,
}

/// One witness of a [`ClusterRecord`].
#[derive(Serialize)]
pub struct WitnessRecord<'a> {
    doc: &'a str,
    begin: u32,
    end: u32,
    date: Option<String>,
    source: Option<&'a str>,
}

/// The records of `clusters.jsonl` for a scan of `documents`, in order.
pub fn cluster_records<'a>(
    documents: &'a [Document],
    result: &'a ScanResult,
) -> impl Iterator<Item = ClusterRecord<'a>> {
    result.clusters.iter().map(move |cluster| {
        let shown = cluster
            .earliest
            .and_then(|e| cluster.witnesses.iter().find(|w| w.doc == e))
            .unwrap_or(&cluster.witnesses[0]);
        ClusterRecord {
            cluster: cluster.id,
            size: cluster.witnesses.len(),
            documents: cluster.documents(),
            earliest: cluster.earliest.map(|e| documents[e].id.as_str()),
            text: code_point_slice(&documents[shown.doc].text, shown.begin, shown.end).to_string(),
            witnesses: cluster
                .witnesses
                .iter()
                .map(|w| WitnessRecord {
                    doc: &documents[w.doc].id,
                    begin: w.begin,
                    end: w.end,
                    date: result.articles[w.doc].date.map(|d| d.to_string()),
                    source: documents[w.doc].source.as_deref(),
                })
                .collect(),
        }
    })
}

/// The code points `begin..end` of `text`, clamped to its length.
fn code_point_slice(text: &str, begin: u32, end: u32) -> &str {
    let mut bytes = text.char_indices().map(|(i, _)| i).chain([text.len()]);
    let start = bytes.nth(begin as usize).unwrap_or(text.len());
    let stop = if end > begin {
        bytes.nth((end - begin - 1) as usize).unwrap_or(text.len())
    } else {
        start
    };
    &text[start..stop]
}

/// One line of a keep list (`reprint dedup`): whether to keep a document
/// and, when it is dropped, the kept document it duplicates.
#[derive(Serialize)]
pub struct KeepRecord<'a> {
    /// The document.
    pub id: &'a str,
    /// Whether a deduplicated corpus keeps it.
    pub keep: bool,
    /// The share of its body found in earlier documents.
    pub reused_share: f64,
    /// For a dropped document, the kept one it duplicates.
    pub duplicate_of: Option<&'a str>,
}

/// The records of `documents.jsonl` for a scan of `documents`, in order.
pub fn document_records<'a>(
    documents: &'a [Document],
    result: &'a ScanResult,
) -> impl Iterator<Item = DocumentRecord<'a>> {
    documents.iter().enumerate().map(|(i, doc)| {
        let article = &result.articles[i];
        DocumentRecord {
            id: &doc.id,
            source: doc.source.as_deref(),
            date: article.date.map(|d| d.to_string()),
            date_origin: article.date_origin.map(DateOrigin::as_str),
            date_given: article.unread_given_date(doc),
            lang: doc.lang.as_deref(),
            url: doc.url.as_deref(),
            title: doc.title.as_deref(),
            tokens: result.doc_tokens[i],
            body: article.body.iter().map(|s| [s.begin, s.end]).collect(),
            removed: &article.removed,
            credits: article.credits.iter().map(|c| c.name.as_str()).collect(),
            family: result.families.family_of[i],
            role: result.families.roles[i],
            reused_share: result.reused[i].share,
            reused_from: result.reused[i].from.map(|k| documents[k].id.as_str()),
            extra: passthrough(doc),
        }
    })
}

/// The records of `families.jsonl` for a scan of `documents`, in order.
pub fn family_records<'a>(
    documents: &'a [Document],
    result: &'a ScanResult,
) -> impl Iterator<Item = FamilyRecord<'a>> {
    let id = |i: usize| documents[i].id.as_str();
    result.families.families.iter().map(move |f| FamilyRecord {
        family: f.id,
        original: f.original.map(id),
        common_source: f.common_source.as_deref(),
        members: f.members.iter().map(|&m| id(m)).collect(),
        edges: f.edges.iter().map(|e| [id(e.a), id(e.b)]).collect(),
    })
}

/// Writes `documents.jsonl`, `reuse.jsonl`, `families.jsonl` and
/// `clusters.jsonl` into `dir`, creating it if needed.
pub fn write_results(
    dir: &Path,
    documents: &[Document],
    result: &ScanResult,
) -> Result<(), WriteError> {
    fs::create_dir_all(dir).map_err(|source| WriteError {
        path: dir.to_path_buf(),
        error: source,
    })?;
    let records = document_records(documents, result);
    let families = family_records(documents, result);
    let clusters = cluster_records(documents, result);
    // The files share nothing, and serializing is what takes the time.
    let ((documents, clusters), (reuse, families)) = rayon::join(
        || {
            rayon::join(
                || write_jsonl(&dir.join("documents.jsonl"), records),
                || write_jsonl(&dir.join("clusters.jsonl"), clusters),
            )
        },
        || {
            rayon::join(
                || write_jsonl(&dir.join("reuse.jsonl"), result.reuses.iter()),
                || write_jsonl(&dir.join("families.jsonl"), families),
            )
        },
    );
    documents.and(clusters).and(reuse).and(families)
}

pub(crate) fn passthrough(doc: &Document) -> serde_json::Map<String, serde_json::Value> {
    doc.extra
        .iter()
        .filter(|(k, _)| !OWN_FIELDS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// One line of a cleaned corpus.
#[derive(Serialize)]
struct CleanRecord<'a> {
    id: &'a str,
    source: Option<&'a str>,
    date: Option<String>,
    date_origin: Option<&'static str>,
    /// The input's date when it could not be understood.
    date_given: Option<&'a str>,
    credits: Vec<&'a str>,
    /// The body regions' text, joined by blank lines.
    text: String,
    #[serde(flatten)]
    extra: serde_json::Map<String, serde_json::Value>,
}

/// Writes the cleaned corpus to `path`: per document its id, source, date,
/// credits and body text, and the input fields reprint does not interpret.
pub fn write_clean(
    path: &Path,
    documents: &[Document],
    articles: &[Article],
) -> Result<(), WriteError> {
    let records = documents.iter().zip(articles).map(|(doc, article)| {
        let chars: Vec<char> = doc.text.chars().collect();
        let text = article
            .body
            .iter()
            .map(|s| {
                chars[s.begin as usize..s.end as usize]
                    .iter()
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n\n");
        let extra = passthrough(doc);
        CleanRecord {
            id: &doc.id,
            source: doc.source.as_deref(),
            date: article.date.map(|d| d.to_string()),
            date_origin: article.date_origin.map(DateOrigin::as_str),
            date_given: article.unread_given_date(doc),
            credits: article.credits.iter().map(|c| c.name.as_str()).collect(),
            text,
            extra,
        }
    });
    write_jsonl(path, records)
}

/// One line of `skipped.jsonl`.
#[derive(Serialize)]
struct SkippedRecord<'a> {
    /// `record` (a malformed input record), `page` (a web record or page
    /// that gave no document), `binary` (a `.txt` file of binary data),
    /// `entry` (a folder entry that is no file: a dangling link, a loop, a
    /// FIFO).
    kind: &'static str,
    file: std::borrow::Cow<'a, str>,
    line: Option<u64>,
    offset: Option<u64>,
    /// The row of a table (a Parquet file, an Arrow batch).
    #[serde(skip_serializing_if = "Option::is_none")]
    row: Option<u64>,
    /// Why, as the summary says it.
    reason: String,
}

/// Writes `skipped.jsonl` into `dir`: one line for every input record the
/// reader passed over (malformed records under `--skip-bad`, web records
/// and pages that gave no document, binary `.txt` files, folder entries
/// that are no file), with its place
/// and why, so that nothing is dropped without a trace.
pub fn write_skipped(dir: &Path, corpus: &crate::read::Corpus) -> Result<(), WriteError> {
    let file = |path: &'_ Path| path.to_string_lossy().into_owned().into();
    let records = corpus.skipped.iter().map(|skip| {
        let location = skip.error.location();
        SkippedRecord {
            kind: "record",
            file: file(&location.path),
            line: location.line,
            offset: location.offset,
            row: location.row,
            reason: skip.error.to_string(),
        }
    });
    let pages = corpus
        .pages_skipped
        .iter()
        .map(|(location, why)| SkippedRecord {
            kind: "page",
            file: file(&location.path),
            line: location.line,
            offset: location.offset,
            row: location.row,
            reason: why.to_string(),
        });
    let binary = corpus.binary_files.iter().map(|path| SkippedRecord {
        kind: "binary",
        file: file(path),
        line: None,
        offset: None,
        row: None,
        reason: "binary data, not text".to_string(),
    });
    let entries = corpus.not_read.iter().map(|(path, why)| SkippedRecord {
        kind: "entry",
        file: file(path),
        line: None,
        offset: None,
        row: None,
        reason: why.label().to_string(),
    });
    write_jsonl(
        &dir.join("skipped.jsonl"),
        records.chain(pages).chain(binary).chain(entries),
    )
}

/// Writes `texts.jsonl` into `dir`: `{"id", "text"}` for every document in
/// at least one pair, in input order, so the pair views (`report.html`,
/// `reprint show`) can show texts the other outputs only point into.
pub fn write_texts(
    dir: &Path,
    documents: &[Document],
    result: &ScanResult,
) -> Result<(), WriteError> {
    // Written by hand rather than through serde: these texts are most of
    // the bytes a scan writes (see `json_string`).
    write_atomically(&dir.join("texts.jsonl"), |out| {
        for doc in paired_documents(documents, result) {
            out.write_all(b"{\"id\":")?;
            write_json_string(out, &doc.id)?;
            out.write_all(b",\"text\":")?;
            write_json_string(out, &doc.text)?;
            out.write_all(b"}\n")?;
        }
        Ok(())
    })
}

/// The documents in at least one pair, in input order: those whose texts
/// the pair views need.
pub(crate) fn paired_documents<'a>(
    documents: &'a [Document],
    result: &'a ScanResult,
) -> impl Iterator<Item = &'a Document> {
    let paired: std::collections::HashSet<&str> = result
        .reuses
        .iter()
        .flat_map(|r| [r.a.as_str(), r.b.as_str()])
        .collect();
    documents
        .iter()
        .filter(move |d| paired.contains(d.id.as_str()))
}

/// Writes one JSON object per line to `path`, atomically.
pub fn write_jsonl<T: Serialize>(
    path: &Path,
    records: impl IntoIterator<Item = T>,
) -> Result<(), WriteError> {
    write_atomically(path, |out| {
        for record in records {
            serde_json::to_writer(&mut *out, &record)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    })
}

/// Writes `path` through `fill`, into a temporary file beside it that is
/// renamed over `path` only once `fill` succeeded: readers never see a
/// half-written file, and a failure leaves the old file in place.
pub fn write_atomically(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<&mut fs::File>) -> io::Result<()>,
) -> Result<(), WriteError> {
    let fail = |source: io::Error| WriteError {
        path: path.to_path_buf(),
        error: crate::spill::os_error(source),
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    // A temporary file is made readable by its owner alone; the finished
    // file is given what any new file gets, read and write for all less
    // the umask, so that others may read a scan's results as they may
    // read its inputs.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temp = builder.tempfile_in(dir).map_err(fail)?;
    // Written through the file itself: the temporary file's own writer
    // adds its name to every error, and the user never sees that file.
    let mut out = BufWriter::with_capacity(1 << 16, temp.as_file_mut());
    fill(&mut out).map_err(fail)?;
    out.into_inner().map_err(|e| fail(e.into_error()))?;
    temp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_files_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.jsonl");
        write_jsonl(
            &path,
            [serde_json::json!({"a": 1}), serde_json::json!({"b": 2})],
        )
        .unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "{\"a\":1}\n{\"b\":2}\n");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_written_file_has_the_permissions_of_any_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let (ours, theirs) = (dir.path().join("x.jsonl"), dir.path().join("y"));
        write_jsonl(&ours, [1]).unwrap();
        fs::File::create(&theirs).unwrap();
        let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&ours), mode(&theirs));
    }

    #[test]
    fn a_folder_that_cannot_hold_results_is_refused_up_front() {
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("new/out");
        prepare_dir(&fresh).unwrap();
        assert!(fresh.is_dir());
        assert_eq!(
            fs::read_dir(&fresh).unwrap().count(),
            0,
            "the check leaves nothing"
        );
        let file = dir.path().join("a file");
        fs::write(&file, "").unwrap();
        let err = prepare_dir(&file.join("out")).unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with(&format!("cannot write {}", file.join("out").display())),
            "{message}"
        );
        // Nothing of tempfile's own message ("... at path \"/x/.tmpAbC\"").
        assert!(
            message.ends_with("Not a directory (os error 20)"),
            "{message}"
        );
    }

    #[test]
    fn a_missing_directory_is_an_error_naming_it() {
        let err = write_jsonl(Path::new("/nonexistent/dir/x.jsonl"), [1]).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/dir/x.jsonl"));
    }
}
