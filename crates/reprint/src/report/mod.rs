//! The report stage: a scan's results made to be looked at.
//!
//! * [`html`] writes `report.html`, one self-contained page (no network, no
//!   external file) with the run summary, the families, every pair, and a
//!   side-by-side view of each pair's two texts;
//! * [`terminal`] prints the same pair view in a terminal, for
//!   `reprint show`;
//! * [`segments`] cuts a text into the stretches both views colour: reused
//!   passages, edits, and removed regions.
//!
//! Both views need the texts, which the JSONL outputs do not hold; a scan
//! writes them to `texts.jsonl` (see [`write_texts`](crate::write::write_texts)),
//! and [`ScanOutput::load`] reads a scan's folder back.

pub mod html;
pub mod segments;
pub mod story;
pub mod terminal;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::{RemovedRegion, Reuse};

/// Why a scan's folder could not be read back; names the file and line.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A file could not be read.
    #[error("cannot read {path}: {error} (is it a folder written by `reprint scan`?)", path = path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        error: std::io::Error,
    },
    /// A Parquet table does not hold what `reprint scan` writes.
    #[error("{path}: {message}", path = path.display())]
    Table {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A line does not hold what `reprint scan` writes.
    #[error("{path}:{line}: {message}", path = path.display())]
    Format {
        /// The file.
        path: PathBuf,
        /// The 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// One document as `documents.jsonl` and `texts.jsonl` describe it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct DocumentView {
    /// The document's id.
    pub id: String,
    /// Its outlet, if known.
    pub source: Option<String>,
    /// Its publication date, if known.
    pub date: Option<String>,
    /// Its title, if known.
    pub title: Option<String>,
    /// Regions that are not body.
    pub removed: Vec<RemovedRegion>,
    /// The share of its body found in earlier documents; `None` in a scan
    /// written before reprint measured it.
    #[serde(default)]
    pub reused_share: Option<f64>,
    /// The earlier document that holds most of it.
    #[serde(default)]
    pub reused_from: Option<String>,
    /// The text, when the scan kept it (documents in at least one pair).
    #[serde(skip)]
    pub text: Option<String>,
}

/// A scan's folder read back: the documents with their texts, and the pairs.
pub struct ScanOutput {
    /// Every document, in input order.
    pub documents: Vec<DocumentView>,
    /// Every pair, as `reuse.jsonl` holds it.
    pub pairs: Vec<Reuse>,
}

impl ScanOutput {
    /// Reads a folder written by `reprint scan`: `documents.jsonl` and
    /// `reuse.jsonl`, or the Parquet tables of `--format parquet` when there
    /// is no `documents.jsonl`; and every text in `texts.jsonl` (or
    /// `texts.parquet`).
    pub fn load(dir: &Path) -> Result<ScanOutput, LoadError> {
        ScanOutput::load_texts_of(dir, |_| true)
    }

    /// Like [`load`](ScanOutput::load), but keeps only the texts of the
    /// documents `wanted` accepts, so showing one pair of a large scan does
    /// not hold every text in memory.
    pub fn load_texts_of(
        dir: &Path,
        wanted: impl Fn(&str) -> bool,
    ) -> Result<ScanOutput, LoadError> {
        let (mut documents, pairs) =
            if !dir.join("documents.jsonl").exists() && dir.join("documents.parquet").exists() {
                crate::write::read_parquet(dir)?
            } else {
                let documents: Vec<DocumentView> = read_lines(&dir.join("documents.jsonl"))?;
                let pairs: Vec<Reuse> = read_lines(&dir.join("reuse.jsonl"))?;
                (documents, pairs)
            };
        #[derive(Deserialize)]
        struct TextLine {
            id: String,
            text: String,
        }
        let index: HashMap<String, usize> = documents
            .iter()
            .enumerate()
            .filter(|(_, d)| wanted(&d.id))
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        let texts_jsonl = dir.join("texts.jsonl");
        if !texts_jsonl.exists() && dir.join("texts.parquet").exists() {
            crate::write::read_parquet_texts(dir, |id, text| {
                if let Some(&i) = index.get(id) {
                    documents[i].text = Some(text.to_string());
                }
            })?;
        } else {
            for_each_line(&texts_jsonl, |line: TextLine| {
                if let Some(&i) = index.get(&line.id) {
                    documents[i].text = Some(line.text);
                }
            })?;
        }
        Ok(ScanOutput { documents, pairs })
    }

    /// Reads the documents of a folder written by `reprint scan`, from
    /// `documents.jsonl` or, when there is none, `documents.parquet`;
    /// without texts or pairs.
    pub fn load_documents(dir: &Path) -> Result<Vec<DocumentView>, LoadError> {
        if !dir.join("documents.jsonl").exists() && dir.join("documents.parquet").exists() {
            crate::write::read_parquet_documents(dir)
        } else {
            read_lines(&dir.join("documents.jsonl"))
        }
    }

    /// The document with this id.
    pub fn document(&self, id: &str) -> Option<&DocumentView> {
        self.documents.iter().find(|d| d.id == id)
    }

    /// The pair of these two documents, in either order.
    pub fn pair(&self, x: &str, y: &str) -> Option<&Reuse> {
        self.pairs
            .iter()
            .find(|p| (p.a == x && p.b == y) || (p.a == y && p.b == x))
    }
}

fn read_lines<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>, LoadError> {
    let mut out = Vec::new();
    for_each_line(path, |record| out.push(record))?;
    Ok(out)
}

/// Parses each non-blank line of a JSONL file as it is read.
fn for_each_line<T: serde::de::DeserializeOwned>(
    path: &Path,
    mut each: impl FnMut(T),
) -> Result<(), LoadError> {
    use std::io::BufRead;
    let io_error = |source| LoadError::Io {
        path: path.to_path_buf(),
        error: source,
    };
    let file = fs::File::open(path).map_err(io_error)?;
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(io_error)?;
        if line.trim().is_empty() {
            continue;
        }
        let record = serde_json::from_str(&line).map_err(|err| LoadError::Format {
            path: path.to_path_buf(),
            line: i + 1,
            message: err.to_string(),
        })?;
        each(record);
    }
    Ok(())
}
