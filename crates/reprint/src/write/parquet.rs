//! Scan results as Parquet tables, for Spark, DuckDB, Polars and pandas.
//!
//! Six files, Snappy-compressed, each written to a temporary file and
//! renamed into place:
//!
//! | file | one row per | columns |
//! |---|---|---|
//! | `documents.parquet` | document | `id`, `source` (strings, nullable but `id`), `date` (timestamp in milliseconds, no time zone: the date's first instant, nullable), `date_precision` (`year`, `month`, `day` or `minute`, nullable), `date_origin`, `date_given`, `lang`, `url`, `title` (strings, nullable), `tokens` (int32), `family` (int64, nullable), `role` (string), `credits` (list of strings), `removed` (list of struct `begin` int32, `end` int32, `kind` string), `body` (list of struct `begin`, `end` int32), `reused_share` (float64), `reused_from` (string, nullable), `fields` (the input's other fields as a JSON object, null when there were none) |
//! | `reuse.parquet` | pair | `a`, `b`, `original`, `common_source`, `common_original` (nullable), `kind` (strings), `coverage_a`, `coverage_b` (float64), `credited` (bool, nullable), `score` (float64), `passages`, `edits` (int32 counts), `evidence` (list of strings) |
//! | `passages.parquet` | passage | `a`, `b`, `passage` (int32, its index in the pair), `a_begin`, `a_end`, `b_begin`, `b_end`, `tokens` (int32), `identity` (float64) |
//! | `edits.parquet` | edit | `a`, `b`, `kind`, `a_begin`, `a_end`, `b_begin`, `b_end` (int32), `a_text`, `b_text` |
//! | `families.parquet` | family | `family` (int64), `original`, `common_source` (strings, nullable), `members` (list of strings), `edges` (list of struct `a`, `b` strings) |
//! | `clusters.parquet` | witness of a passage cluster | `cluster` (int64), `size` (int32, the cluster's witnesses), `doc` (string), `begin`, `end` (int32), `date`, `date_precision` (as in `documents.parquet`), `source` (string, nullable), `earliest` (bool: this witness's document printed the passage first) |
//!
//! Beside them, `texts.parquet` (`id`, `text`: the texts of the documents
//! in at least one pair, as `texts.jsonl` holds them for a JSONL scan).
//!
//! Offsets count code points, as in the JSONL outputs. Integers are
//! signed because Spark rejects unsigned Arrow columns.

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use arrow_array::builder::{Int32Builder, ListBuilder, StringBuilder, StructBuilder};
use arrow_array::{
    Array, ArrayRef, BooleanArray, Float64Array, Int32Array, Int64Array, ListArray, RecordBatch,
    StringArray, StructArray, TimestampMillisecondArray,
};
use arrow_schema::{ArrowError, DataType, Field, Fields, Schema};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use super::WriteError;
use crate::clean::{DateOrigin, PubDate};
use crate::model::{Document, Edit, Passage, RemovedRegion, Reuse};
use crate::report::{DocumentView, LoadError};
use crate::scan::ScanResult;

/// A scan's results as Arrow record batches, one per table: what
/// `--format parquet` writes, and what the Python package hands to pyarrow.
/// The module's table gives each one's columns.
#[derive(Clone, Debug)]
pub struct ResultTables {
    /// One row per document, in input order.
    pub documents: RecordBatch,
    /// One row per pair, in the order of `reuse.jsonl`.
    pub reuse: RecordBatch,
    /// One row per aligned passage of a pair.
    pub passages: RecordBatch,
    /// One row per edit of a pair.
    pub edits: RecordBatch,
    /// One row per family.
    pub families: RecordBatch,
    /// One row per witness of a passage cluster, cluster by cluster.
    pub clusters: RecordBatch,
}

impl ResultTables {
    /// The tables of a scan of `documents`.
    pub fn of(documents: &[Document], result: &ScanResult) -> Result<ResultTables, ArrowError> {
        Ok(ResultTables {
            documents: batch(documents_batch(documents, result))?,
            reuse: batch(reuse_batch(result))?,
            passages: batch(passages_batch(result))?,
            edits: batch(edits_batch(result))?,
            families: batch(families_batch(documents, result))?,
            clusters: batch(clusters_batch(documents, result))?,
        })
    }

    /// Each table with the name of its file, without `.parquet`.
    pub fn named(&self) -> [(&'static str, &RecordBatch); 6] {
        [
            ("documents", &self.documents),
            ("reuse", &self.reuse),
            ("passages", &self.passages),
            ("edits", &self.edits),
            ("families", &self.families),
            ("clusters", &self.clusters),
        ]
    }
}

/// Writes `documents.parquet`, `reuse.parquet`, `passages.parquet`,
/// `edits.parquet`, `families.parquet` and `clusters.parquet` into `dir`,
/// creating it if needed.
pub fn write_parquet(
    dir: &Path,
    documents: &[Document],
    result: &ScanResult,
) -> Result<(), WriteError> {
    std::fs::create_dir_all(dir).map_err(|source| WriteError {
        path: dir.to_path_buf(),
        error: source,
    })?;
    let tables = ResultTables::of(documents, result).map_err(|error| WriteError {
        path: dir.to_path_buf(),
        error: std::io::Error::other(error),
    })?;
    for (name, batch) in tables.named() {
        write_batch(&dir.join(format!("{name}.parquet")), batch)?;
    }
    Ok(())
}

/// Writes `texts.parquet` into `dir`: `id` and `text` (strings) for every
/// document in at least one pair, in input order, as `texts.jsonl` holds
/// them for a JSONL scan.
pub fn write_texts_parquet(
    dir: &Path,
    documents: &[Document],
    result: &ScanResult,
) -> Result<(), WriteError> {
    let paired: Vec<&Document> = super::paired_documents(documents, result).collect();
    let texts = batch(vec![
        (
            "id",
            strings(paired.iter().map(|d| Some(d.id.as_str()))),
            false,
        ),
        (
            "text",
            strings(paired.iter().map(|d| Some(d.text.as_str()))),
            false,
        ),
    ])
    .map_err(|error| WriteError {
        path: dir.join("texts.parquet"),
        error: std::io::Error::other(error),
    })?;
    write_batch(&dir.join("texts.parquet"), &texts)
}

/// Reads `texts.parquet` of a scan's folder, calling `each` with every id
/// and text.
pub fn read_parquet_texts(dir: &Path, mut each: impl FnMut(&str, &str)) -> Result<(), LoadError> {
    let path = dir.join("texts.parquet");
    for batch in &read_table(&path)? {
        let ids = column::<StringArray>(batch, "id", &path)?;
        let texts = column::<StringArray>(batch, "text", &path)?;
        for row in 0..batch.num_rows() {
            each(ids.value(row), texts.value(row));
        }
    }
    Ok(())
}

/// The `date` and `date_precision` columns of `dates`: the first instant
/// of each date as a timestamp in milliseconds without time zone, and how
/// precise it is (`year`, `month`, `day` or `minute`), both null for an
/// undated document.
fn date_columns(
    dates: impl Iterator<Item = Option<PubDate>>,
) -> [(&'static str, ArrayRef, bool); 2] {
    // A date the calendar cannot hold has no timestamp, so no precision.
    let dated: Vec<Option<(i64, &'static str)>> = dates
        .map(|d| d.and_then(|d| Some((d.start_seconds()?, d.precision()))))
        .collect();
    // Milliseconds, not seconds: Parquet has no timestamp type in seconds,
    // and a column of seconds would read as plain integers elsewhere.
    let millis: TimestampMillisecondArray =
        dated.iter().map(|d| d.map(|(s, _)| s * 1000)).collect();
    let precision = dated.iter().map(|d| d.map(|(_, p)| p));
    [
        ("date", Arc::new(millis), true),
        ("date_precision", strings(precision), true),
    ]
}

/// The record batch of named columns, each nullable or not.
fn batch(columns: Vec<(&'static str, ArrayRef, bool)>) -> Result<RecordBatch, ArrowError> {
    let schema = Arc::new(Schema::new(
        columns
            .iter()
            .map(|(name, array, nullable)| Field::new(*name, array.data_type().clone(), *nullable))
            .collect::<Vec<_>>(),
    ));
    RecordBatch::try_new(schema, columns.into_iter().map(|c| c.1).collect())
}

fn write_batch(path: &Path, batch: &RecordBatch) -> Result<(), WriteError> {
    super::write_atomically(path, |out| {
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build();
        let mut writer =
            ArrowWriter::try_new(out, batch.schema(), Some(properties)).map_err(io_error)?;
        writer.write(batch).map_err(io_error)?;
        writer.close().map_err(io_error)?;
        Ok(())
    })
}

/// The I/O error inside a Parquet writer's error, as the operating system
/// gave it (a full disk says so, without the temporary file's name), or the
/// Parquet error itself.
fn io_error(error: parquet::errors::ParquetError) -> std::io::Error {
    match error {
        parquet::errors::ParquetError::External(inner) => {
            match inner.downcast::<std::io::Error>() {
                Ok(io) => crate::spill::os_error(*io),
                Err(other) => std::io::Error::other(other),
            }
        }
        other => std::io::Error::other(other),
    }
}

fn strings<'a>(values: impl Iterator<Item = Option<&'a str>>) -> ArrayRef {
    Arc::new(StringArray::from_iter(values))
}

fn string_lists<'a, I>(rows: impl Iterator<Item = I>) -> ArrayRef
where
    I: IntoIterator<Item = &'a str>,
{
    let mut builder = ListBuilder::new(StringBuilder::new());
    for row in rows {
        for value in row {
            builder.values().append_value(value);
        }
        builder.append(true);
    }
    Arc::new(builder.finish())
}

fn removed_fields() -> Fields {
    Fields::from(vec![
        Field::new("begin", DataType::Int32, false),
        Field::new("end", DataType::Int32, false),
        Field::new("kind", DataType::Utf8, false),
    ])
}

fn documents_batch(
    documents: &[Document],
    result: &ScanResult,
) -> Vec<(&'static str, ArrayRef, bool)> {
    let articles = &result.articles;
    let passed_through: Vec<Option<String>> = documents
        .iter()
        .map(|doc| {
            let fields = super::passthrough(doc);
            (!fields.is_empty()).then(|| serde_json::Value::Object(fields).to_string())
        })
        .collect();
    let [date, date_precision] = date_columns(articles.iter().map(|a| a.date));
    let mut removed = ListBuilder::new(StructBuilder::new(
        removed_fields(),
        vec![
            Box::new(Int32Builder::new()),
            Box::new(Int32Builder::new()),
            Box::new(StringBuilder::new()),
        ],
    ))
    .with_field(Field::new(
        "item",
        DataType::Struct(removed_fields()),
        false,
    ));
    for article in articles {
        for region in &article.removed {
            let entry = removed.values();
            entry
                .field_builder::<Int32Builder>(0)
                .expect("field 0 is begin")
                .append_value(region.begin as i32);
            entry
                .field_builder::<Int32Builder>(1)
                .expect("field 1 is end")
                .append_value(region.end as i32);
            entry
                .field_builder::<StringBuilder>(2)
                .expect("field 2 is kind")
                .append_value(region.kind.as_str());
            entry.append(true);
        }
        removed.append(true);
    }
    vec![
        (
            "id",
            strings(documents.iter().map(|d| Some(d.id.as_str()))),
            false,
        ),
        (
            "source",
            strings(documents.iter().map(|d| d.source.as_deref())),
            true,
        ),
        date,
        date_precision,
        (
            "date_origin",
            strings(
                articles
                    .iter()
                    .map(|a| a.date_origin.map(DateOrigin::as_str)),
            ),
            true,
        ),
        (
            "date_given",
            strings(
                documents
                    .iter()
                    .zip(articles)
                    .map(|(d, a)| a.unread_given_date(d)),
            ),
            true,
        ),
        (
            "lang",
            strings(documents.iter().map(|d| d.lang.as_deref())),
            true,
        ),
        (
            "url",
            strings(documents.iter().map(|d| d.url.as_deref())),
            true,
        ),
        (
            "title",
            strings(documents.iter().map(|d| d.title.as_deref())),
            true,
        ),
        (
            "tokens",
            Arc::new(Int32Array::from_iter_values(
                result.doc_tokens.iter().map(|&t| t as i32),
            )),
            false,
        ),
        (
            "family",
            Arc::new(Int64Array::from_iter(
                result
                    .families
                    .family_of
                    .iter()
                    .map(|f| f.map(|f| f as i64)),
            )),
            true,
        ),
        (
            "role",
            strings(result.families.roles.iter().map(|r| Some(r.as_str()))),
            false,
        ),
        (
            "credits",
            string_lists(
                articles
                    .iter()
                    .map(|a| a.credits.iter().map(|c| c.name.as_str())),
            ),
            false,
        ),
        ("removed", Arc::new(removed.finish()), false),
        (
            "body",
            span_lists(
                articles
                    .iter()
                    .map(|a| a.body.iter().map(|span| (span.begin, span.end))),
            ),
            false,
        ),
        (
            "reused_share",
            Arc::new(Float64Array::from_iter_values(
                result.reused.iter().map(|r| r.share),
            )),
            false,
        ),
        (
            "reused_from",
            strings(
                result
                    .reused
                    .iter()
                    .map(|r| r.from.map(|k| documents[k].id.as_str())),
            ),
            true,
        ),
        (
            "fields",
            strings(passed_through.iter().map(|f| f.as_deref())),
            true,
        ),
    ]
}

fn clusters_batch(
    documents: &[Document],
    result: &ScanResult,
) -> Vec<(&'static str, ArrayRef, bool)> {
    let rows = || {
        result
            .clusters
            .iter()
            .flat_map(|c| c.witnesses.iter().map(move |w| (c, w)))
    };
    let [date, date_precision] = date_columns(rows().map(|(_, w)| result.articles[w.doc].date));
    vec![
        (
            "cluster",
            Arc::new(Int64Array::from_iter_values(
                rows().map(|(c, _)| c.id as i64),
            )),
            false,
        ),
        (
            "size",
            Arc::new(Int32Array::from_iter_values(
                rows().map(|(c, _)| c.witnesses.len() as i32),
            )),
            false,
        ),
        (
            "doc",
            strings(rows().map(|(_, w)| Some(documents[w.doc].id.as_str()))),
            false,
        ),
        (
            "begin",
            Arc::new(Int32Array::from_iter_values(
                rows().map(|(_, w)| w.begin as i32),
            )),
            false,
        ),
        (
            "end",
            Arc::new(Int32Array::from_iter_values(
                rows().map(|(_, w)| w.end as i32),
            )),
            false,
        ),
        date,
        date_precision,
        (
            "source",
            strings(rows().map(|(_, w)| documents[w.doc].source.as_deref())),
            true,
        ),
        (
            "earliest",
            Arc::new(BooleanArray::from_iter(
                rows().map(|(c, w)| Some(c.earliest == Some(w.doc))),
            )),
            false,
        ),
    ]
}

fn span_fields() -> Fields {
    Fields::from(vec![
        Field::new("begin", DataType::Int32, false),
        Field::new("end", DataType::Int32, false),
    ])
}

/// A list of `{begin, end}` spans per row.
fn span_lists<I>(rows: impl Iterator<Item = I>) -> ArrayRef
where
    I: IntoIterator<Item = (u32, u32)>,
{
    let mut lists = ListBuilder::new(StructBuilder::new(
        span_fields(),
        vec![Box::new(Int32Builder::new()), Box::new(Int32Builder::new())],
    ))
    .with_field(Field::new("item", DataType::Struct(span_fields()), false));
    for row in rows {
        for (begin, end) in row {
            let entry = lists.values();
            entry
                .field_builder::<Int32Builder>(0)
                .expect("field 0 is begin")
                .append_value(begin as i32);
            entry
                .field_builder::<Int32Builder>(1)
                .expect("field 1 is end")
                .append_value(end as i32);
            entry.append(true);
        }
        lists.append(true);
    }
    Arc::new(lists.finish())
}

fn reuse_batch(result: &ScanResult) -> Vec<(&'static str, ArrayRef, bool)> {
    let reuses = &result.reuses;
    vec![
        (
            "a",
            strings(reuses.iter().map(|r| Some(r.a.as_str()))),
            false,
        ),
        (
            "b",
            strings(reuses.iter().map(|r| Some(r.b.as_str()))),
            false,
        ),
        (
            "original",
            strings(reuses.iter().map(|r| r.original.as_deref())),
            true,
        ),
        (
            "kind",
            strings(reuses.iter().map(|r| Some(r.kind.as_str()))),
            false,
        ),
        (
            "coverage_a",
            Arc::new(Float64Array::from_iter_values(
                reuses.iter().map(|r| r.coverage_a),
            )),
            false,
        ),
        (
            "coverage_b",
            Arc::new(Float64Array::from_iter_values(
                reuses.iter().map(|r| r.coverage_b),
            )),
            false,
        ),
        (
            "common_source",
            strings(reuses.iter().map(|r| r.common_source.as_deref())),
            true,
        ),
        (
            "common_original",
            strings(reuses.iter().map(|r| r.common_original.as_deref())),
            true,
        ),
        (
            "credited",
            Arc::new(BooleanArray::from_iter(reuses.iter().map(|r| r.credited))),
            true,
        ),
        (
            "score",
            Arc::new(Float64Array::from_iter_values(
                reuses.iter().map(|r| r.score),
            )),
            false,
        ),
        (
            "passages",
            Arc::new(Int32Array::from_iter_values(
                reuses.iter().map(|r| r.passages.len() as i32),
            )),
            false,
        ),
        (
            "edits",
            Arc::new(Int32Array::from_iter_values(
                reuses.iter().map(|r| r.edits.len() as i32),
            )),
            false,
        ),
        (
            "evidence",
            string_lists(reuses.iter().map(|r| r.evidence.iter().map(String::as_str))),
            false,
        ),
    ]
}

fn families_batch(
    documents: &[Document],
    result: &ScanResult,
) -> Vec<(&'static str, ArrayRef, bool)> {
    let families = &result.families.families;
    let id = |i: usize| documents[i].id.as_str();
    let mut edges = ListBuilder::new(StructBuilder::new(
        edge_fields(),
        vec![
            Box::new(StringBuilder::new()),
            Box::new(StringBuilder::new()),
        ],
    ))
    .with_field(Field::new("item", DataType::Struct(edge_fields()), false));
    for family in families {
        for edge in &family.edges {
            let entry = edges.values();
            entry
                .field_builder::<StringBuilder>(0)
                .expect("field 0 is a")
                .append_value(id(edge.a));
            entry
                .field_builder::<StringBuilder>(1)
                .expect("field 1 is b")
                .append_value(id(edge.b));
            entry.append(true);
        }
        edges.append(true);
    }
    vec![
        (
            "family",
            Arc::new(Int64Array::from_iter_values(
                families.iter().map(|f| f.id as i64),
            )),
            false,
        ),
        (
            "original",
            strings(families.iter().map(|f| f.original.map(id))),
            true,
        ),
        (
            "common_source",
            strings(families.iter().map(|f| f.common_source.as_deref())),
            true,
        ),
        (
            "members",
            string_lists(families.iter().map(|f| f.members.iter().map(|&m| id(m)))),
            false,
        ),
        ("edges", Arc::new(edges.finish()), false),
    ]
}

fn edge_fields() -> Fields {
    Fields::from(vec![
        Field::new("a", DataType::Utf8, false),
        Field::new("b", DataType::Utf8, false),
    ])
}

fn int32s(values: impl Iterator<Item = u32>) -> ArrayRef {
    Arc::new(Int32Array::from_iter_values(values.map(|v| v as i32)))
}

fn passages_batch(result: &ScanResult) -> Vec<(&'static str, ArrayRef, bool)> {
    let rows: Vec<(&str, &str, usize, &Passage)> = result
        .reuses
        .iter()
        .flat_map(|r| {
            r.passages
                .iter()
                .enumerate()
                .map(move |(i, p)| (r.a.as_str(), r.b.as_str(), i, p))
        })
        .collect();
    vec![
        ("a", strings(rows.iter().map(|r| Some(r.0))), false),
        ("b", strings(rows.iter().map(|r| Some(r.1))), false),
        ("passage", int32s(rows.iter().map(|r| r.2 as u32)), false),
        ("a_begin", int32s(rows.iter().map(|r| r.3.a_begin)), false),
        ("a_end", int32s(rows.iter().map(|r| r.3.a_end)), false),
        ("b_begin", int32s(rows.iter().map(|r| r.3.b_begin)), false),
        ("b_end", int32s(rows.iter().map(|r| r.3.b_end)), false),
        ("tokens", int32s(rows.iter().map(|r| r.3.tokens)), false),
        (
            "identity",
            Arc::new(Float64Array::from_iter_values(
                rows.iter().map(|r| r.3.identity),
            )),
            false,
        ),
    ]
}

fn edits_batch(result: &ScanResult) -> Vec<(&'static str, ArrayRef, bool)> {
    let rows: Vec<(&str, &str, &Edit)> = result
        .reuses
        .iter()
        .flat_map(|r| r.edits.iter().map(move |e| (r.a.as_str(), r.b.as_str(), e)))
        .collect();
    vec![
        ("a", strings(rows.iter().map(|r| Some(r.0))), false),
        ("b", strings(rows.iter().map(|r| Some(r.1))), false),
        (
            "kind",
            strings(rows.iter().map(|r| Some(r.2.kind.as_str()))),
            false,
        ),
        ("a_begin", int32s(rows.iter().map(|r| r.2.a_begin)), false),
        ("a_end", int32s(rows.iter().map(|r| r.2.a_end)), false),
        ("b_begin", int32s(rows.iter().map(|r| r.2.b_begin)), false),
        ("b_end", int32s(rows.iter().map(|r| r.2.b_end)), false),
        (
            "a_text",
            strings(rows.iter().map(|r| Some(r.2.a_text.as_str()))),
            false,
        ),
        (
            "b_text",
            strings(rows.iter().map(|r| Some(r.2.b_text.as_str()))),
            false,
        ),
    ]
}

/// Reads the Parquet tables of a scan's folder back into the views
/// `reprint show` displays (texts are added by the caller).
pub fn read_parquet(dir: &Path) -> Result<(Vec<DocumentView>, Vec<Reuse>), LoadError> {
    Ok((read_parquet_documents(dir)?, read_parquet_pairs(dir)?))
}

/// Reads `documents.parquet` of a scan's folder back into views (texts are
/// added by the caller). A scan written before `reused_share` existed
/// gives views without it.
pub fn read_parquet_documents(dir: &Path) -> Result<Vec<DocumentView>, LoadError> {
    let path = dir.join("documents.parquet");
    let mut views = Vec::new();
    for batch in &read_table(&path)? {
        let ids = column::<StringArray>(batch, "id", &path)?;
        let sources = column::<StringArray>(batch, "source", &path)?;
        let dates = read_dates(batch, &path)?;
        let titles = column::<StringArray>(batch, "title", &path)?;
        let removed = column::<ListArray>(batch, "removed", &path)?;
        let reused = match batch.column_by_name("reused_share") {
            Some(_) => Some((
                column::<Float64Array>(batch, "reused_share", &path)?,
                column::<StringArray>(batch, "reused_from", &path)?,
            )),
            None => None,
        };
        for (row, date) in dates.into_iter().enumerate() {
            let optional = |a: &StringArray| (!a.is_null(row)).then(|| a.value(row).to_string());
            let regions = removed.value(row);
            let regions = nested::<StructArray>(&regions, "removed", &path)?;
            if regions.num_columns() != 3 {
                return Err(unknown_label(&path, "layout of column", "removed"));
            }
            let begins = nested::<Int32Array>(regions.column(0), "removed.begin", &path)?;
            let ends = nested::<Int32Array>(regions.column(1), "removed.end", &path)?;
            let kinds = nested::<StringArray>(regions.column(2), "removed.kind", &path)?;
            let removed = (0..regions.len())
                .map(|i| {
                    Ok(RemovedRegion {
                        begin: begins.value(i) as u32,
                        end: ends.value(i) as u32,
                        kind: from_label(kinds.value(i))
                            .ok_or_else(|| unknown_label(&path, "removed kind", kinds.value(i)))?,
                    })
                })
                .collect::<Result<Vec<_>, LoadError>>()?;
            views.push(DocumentView {
                id: ids.value(row).to_string(),
                source: optional(sources),
                date,
                title: optional(titles),
                removed,
                reused_share: reused.map(|(shares, _)| shares.value(row)),
                reused_from: reused.and_then(|(_, from)| optional(from)),
                text: None,
            });
        }
    }
    Ok(views)
}

/// The `date` column of a documents table as ISO 8601 at each date's
/// precision: a timestamp with `date_precision` beside it, or a string as
/// scans wrote it before dates were typed.
fn read_dates(batch: &RecordBatch, path: &Path) -> Result<Vec<Option<String>>, LoadError> {
    if batch
        .column_by_name("date")
        .is_some_and(|c| c.data_type() == &DataType::Utf8)
    {
        let dates = column::<StringArray>(batch, "date", path)?;
        return Ok((0..dates.len())
            .map(|row| (!dates.is_null(row)).then(|| dates.value(row).to_string()))
            .collect());
    }
    let millis = column::<TimestampMillisecondArray>(batch, "date", path)?;
    let precisions = column::<StringArray>(batch, "date_precision", path)?;
    (0..millis.len())
        .map(|row| {
            if millis.is_null(row) {
                return Ok(None);
            }
            let precision = if precisions.is_null(row) {
                ""
            } else {
                precisions.value(row)
            };
            PubDate::from_start_seconds(millis.value(row).div_euclid(1000), precision)
                .map(|d| Some(d.to_string()))
                .ok_or_else(|| unknown_label(path, "date precision", precision))
        })
        .collect()
}

/// Reads `reuse.parquet`, `passages.parquet` and `edits.parquet` of a
/// scan's folder back into its pairs.
fn read_parquet_pairs(dir: &Path) -> Result<Vec<Reuse>, LoadError> {
    let mut pairs: Vec<Reuse> = Vec::new();
    let mut pair_of = std::collections::HashMap::new();
    let path = dir.join("reuse.parquet");
    for batch in &read_table(&path)? {
        let (a, b) = (
            column::<StringArray>(batch, "a", &path)?,
            column::<StringArray>(batch, "b", &path)?,
        );
        let original = column::<StringArray>(batch, "original", &path)?;
        let kind = column::<StringArray>(batch, "kind", &path)?;
        let coverage_a = column::<Float64Array>(batch, "coverage_a", &path)?;
        let coverage_b = column::<Float64Array>(batch, "coverage_b", &path)?;
        let common_source = column::<StringArray>(batch, "common_source", &path)?;
        let common_original = column::<StringArray>(batch, "common_original", &path)?;
        let credited = column::<BooleanArray>(batch, "credited", &path)?;
        let score = column::<Float64Array>(batch, "score", &path)?;
        let evidence = column::<ListArray>(batch, "evidence", &path)?;
        for row in 0..batch.num_rows() {
            let clues = evidence.value(row);
            let clues = nested::<StringArray>(&clues, "evidence", &path)?;
            pair_of.insert(
                (a.value(row).to_string(), b.value(row).to_string()),
                pairs.len(),
            );
            pairs.push(Reuse {
                a: a.value(row).to_string(),
                b: b.value(row).to_string(),
                original: (!original.is_null(row)).then(|| original.value(row).to_string()),
                common_source: (!common_source.is_null(row))
                    .then(|| common_source.value(row).to_string()),
                common_original: (!common_original.is_null(row))
                    .then(|| common_original.value(row).to_string()),
                evidence: clues.iter().flatten().map(str::to_string).collect(),
                coverage_a: coverage_a.value(row),
                coverage_b: coverage_b.value(row),
                credited: (!credited.is_null(row)).then(|| credited.value(row)),
                kind: from_label(kind.value(row))
                    .ok_or_else(|| unknown_label(&path, "kind", kind.value(row)))?,
                score: score.value(row),
                signals: Default::default(),
                passages: Vec::new(),
                edits: Vec::new(),
            });
        }
    }
    let path = dir.join("passages.parquet");
    for batch in &read_table(&path)? {
        let (a, b) = (
            column::<StringArray>(batch, "a", &path)?,
            column::<StringArray>(batch, "b", &path)?,
        );
        let int = |name| column::<Int32Array>(batch, name, &path);
        let (ab, ae, bb, be, tokens) = (
            int("a_begin")?,
            int("a_end")?,
            int("b_begin")?,
            int("b_end")?,
            int("tokens")?,
        );
        let identity = column::<Float64Array>(batch, "identity", &path)?;
        for row in 0..batch.num_rows() {
            if let Some(&p) = pair_of.get(&(a.value(row).to_string(), b.value(row).to_string())) {
                pairs[p].passages.push(Passage {
                    a_begin: ab.value(row) as u32,
                    a_end: ae.value(row) as u32,
                    b_begin: bb.value(row) as u32,
                    b_end: be.value(row) as u32,
                    tokens: tokens.value(row) as u32,
                    identity: identity.value(row),
                });
            }
        }
    }
    let path = dir.join("edits.parquet");
    for batch in &read_table(&path)? {
        let (a, b) = (
            column::<StringArray>(batch, "a", &path)?,
            column::<StringArray>(batch, "b", &path)?,
        );
        let int = |name| column::<Int32Array>(batch, name, &path);
        let (ab, ae, bb, be) = (
            int("a_begin")?,
            int("a_end")?,
            int("b_begin")?,
            int("b_end")?,
        );
        let (kind, a_text, b_text) = (
            column::<StringArray>(batch, "kind", &path)?,
            column::<StringArray>(batch, "a_text", &path)?,
            column::<StringArray>(batch, "b_text", &path)?,
        );
        for row in 0..batch.num_rows() {
            if let Some(&p) = pair_of.get(&(a.value(row).to_string(), b.value(row).to_string())) {
                pairs[p].edits.push(Edit {
                    kind: from_label(kind.value(row))
                        .ok_or_else(|| unknown_label(&path, "edit kind", kind.value(row)))?,
                    a_begin: ab.value(row) as u32,
                    a_end: ae.value(row) as u32,
                    b_begin: bb.value(row) as u32,
                    b_end: be.value(row) as u32,
                    a_text: a_text.value(row).to_string(),
                    b_text: b_text.value(row).to_string(),
                });
            }
        }
    }
    Ok(pairs)
}

fn read_table(path: &Path) -> Result<Vec<RecordBatch>, LoadError> {
    let format = |message: String| LoadError::Table {
        path: path.to_path_buf(),
        message,
    };
    let file = File::open(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        error: source,
    })?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .and_then(|builder| builder.build())
        .map_err(|err| format(err.to_string()))?;
    reader
        .collect::<Result<Vec<_>, _>>()
        .map_err(|err| format(err.to_string()))
}

/// A column of the schema reprint writes, or an error naming the file and
/// column when the file holds another schema.
fn column<'a, T: 'static>(
    batch: &'a RecordBatch,
    name: &str,
    path: &Path,
) -> Result<&'a T, LoadError> {
    batch
        .column_by_name(name)
        .and_then(|c| c.as_any().downcast_ref::<T>())
        .ok_or_else(|| LoadError::Table {
            path: path.to_path_buf(),
            message: format!("no column `{name}` of the type reprint writes"),
        })
}

/// A value of a nested column, checked like [`column`].
fn nested<'a, T: 'static>(
    array: &'a dyn Array,
    name: &str,
    path: &Path,
) -> Result<&'a T, LoadError> {
    array
        .as_any()
        .downcast_ref::<T>()
        .ok_or_else(|| LoadError::Table {
            path: path.to_path_buf(),
            message: format!("column `{name}` does not hold the type reprint writes"),
        })
}

fn unknown_label(path: &Path, what: &str, label: &str) -> LoadError {
    LoadError::Table {
        path: path.to_path_buf(),
        message: format!("unknown {what} {label:?}"),
    }
}

/// The enum value whose serde name is `label` (`"comments"`, `"number"`,
/// ...), as the JSONL outputs spell it.
fn from_label<T: serde::de::DeserializeOwned>(label: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(label.to_string())).ok()
}
