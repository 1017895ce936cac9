//! The Rust half of `reprint.spark`: the scan's stages over Arrow batches,
//! each called by one step of the Spark job (`python/reprint/spark.py`).
//!
//! | step | in (one Arrow batch) | out |
//! |---|---|---|
//! | [`spark_prepare`] | `doc`, `json` (a document as its JSONL line) | per document one row of `source_key`, `date_key`, then one row per distinct fingerprint `hash` |
//! | [`spark_link`] | `hash`, `holders` (list of `doc`, `source`, `date_rank`) | `kind` 0 (a link `a`, `b`), 1 (a frequent `hash`), 2 (a boilerplate `hash`) |
//! | [`spark_articles`] | `doc`, `json` | `doc`, `article` (JSON), `tokens` |
//! | [`spark_relate`] | `a`, `b`, `a_json`, `b_json` | `a`, `b`, `reuse` (a `reuse.jsonl` record) |
//! | [`spark_conclude`] | the documents (without texts), articles and reuse records | the result tables |
//!
//! Every step calls the library's stage functions ([`prepare_document`],
//! [`Grouper`], [`cut_boilerplate`], [`relate_pair`], [`conclude`]): a
//! Spark scan runs the batch scan's code, split where the batch scan holds
//! the whole corpus at once. Hashes travel as Spark's signed 64-bit
//! integers, their bits unchanged.

use std::path::Path;
use std::sync::Arc;

use arrow_array::builder::{Int64Builder, Int8Builder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_array::{Array, ArrayRef, RecordBatch, StructArray};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use pyo3_arrow::{PyArray, PyRecordBatch, PyTable};

use reprint::candidates::{DocKey, Grouper, SortedHashes};
use reprint::clean::Article;
use reprint::model::{Document, Reuse};
use reprint::read::{read_jsonl, ReadOptions};
use reprint::relate::CorpusFacts;
use reprint::scan::{
    conclude, cut_boilerplate, prepare_document, relate_pair, source_key, Reported, ScanStats,
};

use crate::{result_dict, Options, ReprintError};

/// The boilerplate and frequent hashes of the whole corpus, built once per
/// Spark task from the lists the link step found.
#[pyclass(frozen, module = "reprint._reprint")]
pub(crate) struct CorpusSets {
    boilerplate: SortedHashes,
    frequent: SortedHashes,
}

#[pymethods]
impl CorpusSets {
    /// The sets of the two int64 arrays.
    #[new]
    fn new(boilerplate: PyArray, frequent: PyArray) -> PyResult<CorpusSets> {
        Ok(CorpusSets {
            boilerplate: SortedHashes::new(hashes(boilerplate.array())?),
            frequent: SortedHashes::new(hashes(frequent.array())?),
        })
    }
}

fn hashes(array: &ArrayRef) -> PyResult<Vec<u64>> {
    let array = array
        .as_primitive_opt::<Int64Type>()
        .ok_or_else(|| PyValueError::new_err("hashes must be an int64 array"))?;
    Ok(array.iter().flatten().map(|h| h as u64).collect())
}

fn column<'a>(batch: &'a RecordBatch, name: &str) -> PyResult<&'a ArrayRef> {
    batch
        .column_by_name(name)
        .ok_or_else(|| PyValueError::new_err(format!("the batch has no column `{name}`")))
}

fn int64s<'a>(batch: &'a RecordBatch, name: &str) -> PyResult<&'a arrow_array::Int64Array> {
    column(batch, name)?
        .as_primitive_opt::<Int64Type>()
        .ok_or_else(|| PyValueError::new_err(format!("column `{name}` must be int64")))
}

fn strings<'a>(batch: &'a RecordBatch, name: &str) -> PyResult<&'a arrow_array::StringArray> {
    column(batch, name)?
        .as_string_opt::<i32>()
        .ok_or_else(|| PyValueError::new_err(format!("column `{name}` must be strings")))
}

fn arrow_error(error: arrow_schema::ArrowError) -> PyErr {
    PyRuntimeError::new_err(error.to_string())
}

/// Reads the document of one row, given as its JSONL line, and names it
/// in errors by its document number (counted from 1, in input order).
fn one_document(
    docs: &arrow_array::Int64Array,
    json: &arrow_array::StringArray,
    row: usize,
) -> PyResult<Document> {
    let line = if json.is_valid(row) {
        json.value(row)
    } else {
        "null"
    };
    let named = |error: String| {
        ReprintError::new_err(format!(
            "document {} of the input: {error}",
            docs.value(row) + 1
        ))
    };
    let corpus = read_jsonl(line.as_bytes(), Path::new("input"), ReadOptions::default())
        .map_err(|error| named(error.to_string()))?;
    corpus
        .documents
        .into_iter()
        .next()
        .ok_or_else(|| named("no document".to_string()))
}

/// Reads the documents of every row ([`one_document`]).
fn documents(
    docs: &arrow_array::Int64Array,
    json: &arrow_array::StringArray,
) -> PyResult<Vec<Document>> {
    (0..json.len())
        .map(|row| one_document(docs, json, row))
        .collect()
}

/// Cleans and fingerprints each document of a batch.
#[pyfunction]
pub(crate) fn spark_prepare(
    py: Python<'_>,
    batch: PyRecordBatch,
    options: Options,
) -> PyResult<Py<PyAny>> {
    let batch = batch.into_inner();
    let docs = int64s(&batch, "doc")?;
    let json = strings(&batch, "json")?;
    let params = options.scan_params().fingerprint;
    let out = py.detach(|| -> PyResult<RecordBatch> {
        let read = documents(docs, json)?;
        let (mut doc_col, mut hash_col) = (Int64Builder::new(), Int64Builder::new());
        let (mut source_col, mut date_col) = (StringBuilder::new(), Int64Builder::new());
        for (doc, document) in docs.values().iter().zip(&read) {
            let prepared = prepare_document(document, params);
            doc_col.append_value(*doc);
            hash_col.append_null();
            source_col.append_option(document.source.as_deref().map(source_key));
            date_col.append_option(prepared.article.date.map(|d| d.sort_key() as i64));
            let mut hashes: Vec<u64> = prepared.fingerprints.iter().map(|f| f.hash).collect();
            hashes.sort_unstable();
            hashes.dedup();
            for hash in hashes {
                doc_col.append_value(*doc);
                hash_col.append_value(hash as i64);
                source_col.append_null();
                date_col.append_null();
            }
        }
        RecordBatch::try_from_iter_with_nullable([
            ("doc", Arc::new(doc_col.finish()) as ArrayRef, false),
            ("hash", Arc::new(hash_col.finish()) as ArrayRef, true),
            (
                "source_key",
                Arc::new(source_col.finish()) as ArrayRef,
                true,
            ),
            ("date_key", Arc::new(date_col.finish()) as ArrayRef, true),
        ])
        .map_err(arrow_error)
    })?;
    Ok(PyRecordBatch::new(out).into_pyarrow(py)?.unbind())
}

/// Applies the candidate stage's rule to each hash group of a batch: which
/// groups are boilerplate or frequent, and which pairs each links.
#[pyfunction]
pub(crate) fn spark_link(
    py: Python<'_>,
    batch: PyRecordBatch,
    options: Options,
) -> PyResult<Py<PyAny>> {
    let batch = batch.into_inner();
    let hashes = int64s(&batch, "hash")?.clone();
    let holders = column(&batch, "holders")?
        .as_list_opt::<i32>()
        .ok_or_else(|| PyValueError::new_err("column `holders` must be a list"))?
        .clone();
    let params = options.scan_params().candidates;
    let out = py.detach(|| -> PyResult<RecordBatch> {
        let entries: &StructArray = holders
            .values()
            .as_struct_opt()
            .ok_or_else(|| PyValueError::new_err("`holders` must hold structs"))?;
        let field = |name: &str| -> PyResult<arrow_array::Int64Array> {
            entries
                .column_by_name(name)
                .and_then(|c| c.as_primitive_opt::<Int64Type>())
                .cloned()
                .ok_or_else(|| PyValueError::new_err(format!("`holders` needs an int64 `{name}`")))
        };
        let (docs, sources, ranks) = (field("doc")?, field("source")?, field("date_rank")?);
        // The batch's documents numbered in their order, so that the
        // grouper's keys are a short table; anchors are chosen by date
        // rank, then number, and the numbering keeps the documents' order.
        let mut local: Vec<(i64, Option<u32>, u32)> = (0..docs.len())
            .map(|i| {
                let source = sources.is_valid(i).then(|| sources.value(i) as u32);
                (docs.value(i), source, ranks.value(i) as u32)
            })
            .collect();
        local.sort_unstable_by_key(|d| d.0);
        local.dedup_by_key(|d| d.0);
        let keys: Vec<DocKey> = local
            .iter()
            .map(|&(_, source, date_rank)| DocKey { source, date_rank })
            .collect();
        let number = |doc: i64| {
            local
                .binary_search_by_key(&doc, |d| d.0)
                .expect("every holder is numbered") as u32
        };
        let mut order: Vec<usize> = (0..hashes.len()).collect();
        order.sort_unstable_by_key(|&row| hashes.value(row) as u64);
        let mut grouper = Grouper::new(&keys, params);
        let mut group = Vec::new();
        for row in order {
            let offsets = holders.value_offsets();
            let (begin, end) = (offsets[row] as usize, offsets[row + 1] as usize);
            group.clear();
            group.extend((begin..end).map(|i| number(docs.value(i))));
            group.sort_unstable();
            group.dedup();
            grouper.visit(hashes.value(row) as u64, &group);
        }
        let links = grouper.into_links();
        let (mut kind, mut hash, mut a, mut b) = (
            Int8Builder::new(),
            Int64Builder::new(),
            Int64Builder::new(),
            Int64Builder::new(),
        );
        for &(x, y) in &links.links {
            kind.append_value(0);
            hash.append_null();
            a.append_value(local[x as usize].0);
            b.append_value(local[y as usize].0);
        }
        for (code, list) in [(1, &links.frequent), (2, &links.boilerplate)] {
            for &h in list {
                kind.append_value(code);
                hash.append_value(h as i64);
                a.append_null();
                b.append_null();
            }
        }
        RecordBatch::try_from_iter_with_nullable([
            ("kind", Arc::new(kind.finish()) as ArrayRef, false),
            ("hash", Arc::new(hash.finish()) as ArrayRef, true),
            ("a", Arc::new(a.finish()) as ArrayRef, true),
            ("b", Arc::new(b.finish()) as ArrayRef, true),
        ])
        .map_err(arrow_error)
    })?;
    Ok(PyRecordBatch::new(out).into_pyarrow(py)?.unbind())
}

/// A document's article as the scan leaves it before alignment: cleaned,
/// and the corpus's boilerplate cut out.
fn article(document: &Document, sets: &CorpusSets, options: &Options) -> (Article, u32) {
    let params = options.scan_params().fingerprint;
    let mut prepared = prepare_document(document, params);
    cut_boilerplate(
        document,
        &mut prepared.article,
        &mut prepared.body_tokens,
        &prepared.fingerprints,
        &sets.boilerplate,
        params,
    );
    (prepared.article, prepared.body_tokens)
}

/// Each document's article and body token count, boilerplate cut.
#[pyfunction]
pub(crate) fn spark_articles(
    py: Python<'_>,
    batch: PyRecordBatch,
    sets: &CorpusSets,
    options: Options,
) -> PyResult<Py<PyAny>> {
    let batch = batch.into_inner();
    let docs = int64s(&batch, "doc")?;
    let json = strings(&batch, "json")?;
    let out = py.detach(|| -> PyResult<RecordBatch> {
        let read = documents(docs, json)?;
        let mut articles = StringBuilder::new();
        let mut tokens = Int64Builder::new();
        for document in &read {
            let (article, count) = article(document, sets, &options);
            let json = serde_json::to_string(&article)
                .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
            articles.append_value(json);
            tokens.append_value(i64::from(count));
        }
        RecordBatch::try_from_iter_with_nullable([
            ("doc", Arc::new(docs.clone()) as ArrayRef, false),
            ("article", Arc::new(articles.finish()) as ArrayRef, false),
            ("tokens", Arc::new(tokens.finish()) as ArrayRef, false),
        ])
        .map_err(arrow_error)
    })?;
    Ok(PyRecordBatch::new(out).into_pyarrow(py)?.unbind())
}

/// Aligns and relates each candidate pair of a batch; pairs that share no
/// passage give no row. Rows sorted by `a` let each `a` be read once.
#[pyfunction]
pub(crate) fn spark_relate(
    py: Python<'_>,
    batch: PyRecordBatch,
    sets: &CorpusSets,
    options: Options,
) -> PyResult<Py<PyAny>> {
    let batch = batch.into_inner();
    let (a_docs, b_docs) = (int64s(&batch, "a")?, int64s(&batch, "b")?);
    let (a_json, b_json) = (strings(&batch, "a_json")?, strings(&batch, "b_json")?);
    let params = options.scan_params();
    let out = py.detach(|| -> PyResult<RecordBatch> {
        let facts = CorpusFacts {
            frequent: &sets.frequent,
            fingerprint: params.fingerprint,
        };
        let mut a_out = Int64Builder::new();
        let mut b_out = Int64Builder::new();
        let mut reuses = StringBuilder::new();
        // The rows come sorted by `a`: each `a` is read and cleaned once for
        // the run of its pairs.
        let mut cached: Option<(i64, Document, Article)> = None;
        for row in 0..batch.num_rows() {
            let a_doc = a_docs.value(row);
            if cached.as_ref().map(|c| c.0) != Some(a_doc) {
                let document = one_document(a_docs, a_json, row)?;
                let (article, _) = article(&document, sets, &options);
                cached = Some((a_doc, document, article));
            }
            let (_, a_document, a_article) = cached.as_ref().expect("just filled");
            let b_document = one_document(b_docs, b_json, row)?;
            let (b_article, _) = article(&b_document, sets, &options);
            let Some(reuse) = relate_pair(
                (a_document, a_article),
                (&b_document, &b_article),
                &facts,
                &params,
            ) else {
                continue;
            };
            a_out.append_value(a_doc);
            b_out.append_value(b_docs.value(row));
            let json = serde_json::to_string(&reuse)
                .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
            reuses.append_value(json);
        }
        RecordBatch::try_from_iter_with_nullable([
            ("a", Arc::new(a_out.finish()) as ArrayRef, false),
            ("b", Arc::new(b_out.finish()) as ArrayRef, false),
            ("reuse", Arc::new(reuses.finish()) as ArrayRef, false),
        ])
        .map_err(arrow_error)
    })?;
    Ok(PyRecordBatch::new(out).into_pyarrow(py)?.unbind())
}

/// The scan's last stages on the driver: given every document (its JSONL
/// line without the text), its article and token count, in document order,
/// and every reuse record in pair order, the result tables.
#[pyfunction]
pub(crate) fn spark_conclude(
    py: Python<'_>,
    documents_table: PyTable,
    reuse_table: PyTable,
) -> PyResult<Py<PyDict>> {
    let (doc_batches, _) = documents_table.into_inner();
    let (reuse_batches, _) = reuse_table.into_inner();
    let (documents_read, articles, tokens, reuses) = py.detach(|| -> PyResult<_> {
        let (mut documents_read, mut articles, mut tokens) = (Vec::new(), Vec::new(), Vec::new());
        for batch in &doc_batches {
            let docs = int64s(batch, "doc")?;
            documents_read.extend(documents(docs, strings(batch, "json")?)?);
            for article in strings(batch, "article")?.iter() {
                let article: Article = serde_json::from_str(article.unwrap_or("null"))
                    .map_err(|e| PyRuntimeError::new_err(format!("an article: {e}")))?;
                articles.push(article);
            }
            tokens.extend(int64s(batch, "tokens")?.values().iter().map(|&t| t as u32));
        }
        let mut reuses = Vec::new();
        for batch in &reuse_batches {
            for reuse in strings(batch, "reuse")?.iter() {
                let reuse: Reuse = serde_json::from_str(reuse.unwrap_or("null"))
                    .map_err(|e| PyRuntimeError::new_err(format!("a reuse record: {e}")))?;
                reuses.push(reuse);
            }
        }
        Ok((documents_read, articles, tokens, reuses))
    })?;
    let stats = ScanStats {
        documents: documents_read.len() as u64,
        ..ScanStats::default()
    };
    let result = py.detach(|| {
        conclude(
            &documents_read,
            articles,
            tokens,
            reuses,
            stats,
            Reported::All,
        )
    });
    result_dict(py, &documents_read, &result, Vec::new())
}
