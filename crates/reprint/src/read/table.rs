//! Tables of documents: Arrow record batches (from Parquet files, pyarrow,
//! pandas or Spark) to [`Document`]s.
//!
//! A table holds one document a row. Its columns are named as a JSONL
//! record's fields are: `id` and `text` are required strings; `source`
//! (alias `series`), `date`, `url`, `title` and `lang` are optional. A
//! `date` may be a string, a date, a timestamp or a whole number (a year).
//! Every other column passes through, each value as the JSON Arrow's own
//! JSON writer gives it, into [`Document::extra`].
//!
//! A column of the wrong type is an error about the whole file
//! ([`ReadError::ColumnType`]); a null or empty `id`, a null `text`, are
//! errors about one row, which `--skip-bad` may skip.

use std::path::Path;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Schema};

use super::ReadError;
use crate::model::{Document, Location};

/// The columns reprint reads itself, in the order they are looked for.
const KNOWN: [&str; 8] = [
    "id", "text", "source", "series", "date", "url", "title", "lang",
];

/// How a table's columns map to a document's fields, worked out once from
/// its schema and checked against every batch.
pub(super) struct TableLayout {
    schema: Arc<Schema>,
    id: usize,
    text: usize,
    source: Option<usize>,
    series: Option<usize>,
    date: Option<usize>,
    url: Option<usize>,
    title: Option<usize>,
    lang: Option<usize>,
    /// The columns that pass through, by position.
    extra: Vec<usize>,
}

impl TableLayout {
    /// The layout of a table with this schema, or the error that names the
    /// missing column or the one of the wrong type.
    pub(super) fn of(schema: Arc<Schema>, path: &Path) -> Result<TableLayout, ReadError> {
        let find = |name: &'static str, allowed: fn(&DataType) -> bool, expected: &'static str| {
            let Some((position, field)) = schema.column_with_name(name) else {
                return Ok(None);
            };
            if allowed(field.data_type()) {
                Ok(Some(position))
            } else {
                Err(ReadError::ColumnType {
                    path: path.to_path_buf(),
                    column: name,
                    found: field.data_type().to_string(),
                    expected,
                })
            }
        };
        let string = "strings";
        let required = |name: &'static str| {
            find(name, is_string, string)?.ok_or_else(|| ReadError::MissingColumn {
                path: path.to_path_buf(),
                column: name,
                found: column_names(&schema),
            })
        };
        let id = required("id")?;
        let text = required("text")?;
        let layout = TableLayout {
            id,
            text,
            source: find("source", is_string, string)?,
            series: find("series", is_string, string)?,
            date: find("date", is_date, "strings, dates, timestamps or years")?,
            url: find("url", is_string, string)?,
            title: find("title", is_string, string)?,
            lang: find("lang", is_string, string)?,
            extra: (0..schema.fields().len())
                .filter(|&i| !KNOWN.contains(&schema.field(i).name().as_str()))
                .collect(),
            schema,
        };
        Ok(layout)
    }

    /// The documents of one batch, each or the error of its row; `first_row`
    /// is the 1-based row of the batch's first row in its file.
    pub(super) fn documents(
        &self,
        batch: &RecordBatch,
        path: &Path,
        first_row: u64,
    ) -> Result<Vec<Result<Document, ReadError>>, ReadError> {
        if batch.schema().fields() != self.schema.fields() {
            return Err(ReadError::Table {
                path: path.to_path_buf(),
                message: format!(
                    "a batch's columns ({}) differ from the first batch's ({})",
                    column_names(&batch.schema()),
                    column_names(&self.schema)
                ),
            });
        }
        let table_error = |error: arrow_schema::ArrowError| ReadError::Table {
            path: path.to_path_buf(),
            message: error.to_string(),
        };
        let strings = |position: Option<usize>| -> Result<Option<StringArray>, ReadError> {
            position
                .map(|p| as_strings(batch.column(p)).map_err(table_error))
                .transpose()
        };
        let ids = as_strings(batch.column(self.id)).map_err(table_error)?;
        let texts = as_strings(batch.column(self.text)).map_err(table_error)?;
        let [source, series, date, url, title, lang] = [
            self.source,
            self.series,
            self.date,
            self.url,
            self.title,
            self.lang,
        ]
        .map(strings);
        let (source, series, date, url, title, lang) =
            (source?, series?, date?, url?, title?, lang?);
        let extra = self.extra_values(batch).map_err(table_error)?;
        let value = |column: &Option<StringArray>, row: usize| {
            column
                .as_ref()
                .filter(|c| c.is_valid(row))
                .map(|c| c.value(row).to_string())
        };
        let mut documents = Vec::with_capacity(batch.num_rows());
        for row in 0..batch.num_rows() {
            let location = Location::row(path, first_row + row as u64);
            let id = match ids.is_valid(row).then(|| ids.value(row)) {
                None => Err(ReadError::WrongType {
                    location: location.clone(),
                    field: "id",
                    expected: "a string, not null",
                }),
                Some("") => Err(ReadError::WrongType {
                    location: location.clone(),
                    field: "id",
                    expected: "a non-empty string",
                }),
                Some(id) => Ok(id.to_string()),
            };
            let text = texts
                .is_valid(row)
                .then(|| texts.value(row).to_string())
                .ok_or_else(|| ReadError::WrongType {
                    location: location.clone(),
                    field: "text",
                    expected: "a string, not null",
                });
            let (id, text) = match (id, text) {
                (Ok(id), Ok(text)) => (id, text),
                (Err(error), _) | (_, Err(error)) => {
                    documents.push(Err(error));
                    continue;
                }
            };
            let mut document = Document::new(id, text, location);
            document.source = value(&source, row).or_else(|| value(&series, row));
            document.date = value(&date, row);
            document.url = value(&url, row);
            document.title = value(&title, row);
            document.lang = value(&lang, row);
            if let Some(extra) = &extra {
                document.extra = extra[row].clone();
            }
            documents.push(Ok(document));
        }
        Ok(documents)
    }

    /// The pass-through columns of each row as JSON objects, a null cell
    /// left out (as a JSON record's null field is), or `None` when the
    /// table has no such column.
    fn extra_values(
        &self,
        batch: &RecordBatch,
    ) -> Result<Option<Vec<serde_json::Map<String, serde_json::Value>>>, arrow_schema::ArrowError>
    {
        if self.extra.is_empty() {
            return Ok(None);
        }
        let projected = batch.project(&self.extra)?;
        let mut writer = arrow_json::WriterBuilder::new()
            .with_explicit_nulls(false)
            .build::<_, arrow_json::writer::LineDelimited>(Vec::new());
        writer.write(&projected)?;
        writer.finish()?;
        let lines = writer.into_inner();
        let rows = lines
            .split(|&b| b == b'\n')
            .filter(|line| !line.is_empty())
            .map(|line| {
                serde_json::from_slice(line)
                    .map_err(|e| arrow_schema::ArrowError::JsonError(e.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(rows))
    }
}

/// A column as plain strings: string columns of any width or encoding as
/// they are, dates and timestamps in ISO 8601, whole numbers in decimal.
fn as_strings(column: &ArrayRef) -> Result<StringArray, arrow_schema::ArrowError> {
    let cast = arrow_cast::cast(column, &DataType::Utf8)?;
    Ok(cast.as_string::<i32>().clone())
}

fn is_string(data_type: &DataType) -> bool {
    match data_type {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => true,
        DataType::Dictionary(_, values) => is_string(values),
        _ => false,
    }
}

fn is_date(data_type: &DataType) -> bool {
    is_string(data_type)
        || data_type.is_temporal()
            && !matches!(data_type, DataType::Time32(_) | DataType::Time64(_))
        || data_type.is_integer()
}

fn column_names(schema: &Schema) -> String {
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    if names.is_empty() {
        "none".to_string()
    } else {
        names.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{Date32Array, Int64Array, ListArray};
    use arrow_schema::Field;

    fn batch(columns: Vec<(&str, ArrayRef)>) -> RecordBatch {
        RecordBatch::try_from_iter(columns).unwrap()
    }

    fn strings(values: &[Option<&str>]) -> ArrayRef {
        Arc::new(StringArray::from(values.to_vec()))
    }

    #[test]
    fn rows_become_documents_with_aliases_dates_and_extra_columns() {
        let pages = ListArray::from_iter_primitive::<arrow_array::types::Int32Type, _, _>(vec![
            Some(vec![Some(1), Some(2)]),
            None,
        ]);
        let batch = batch(vec![
            ("id", strings(&[Some("a"), Some("b")])),
            ("text", strings(&[Some("one"), Some("two")])),
            ("series", strings(&[Some("gazette"), None])),
            (
                "date",
                Arc::new(Date32Array::from(vec![Some(19_088), None])),
            ),
            ("seq", Arc::new(Int64Array::from(vec![7, 8]))),
            ("pages", Arc::new(pages)),
        ]);
        let path = Path::new("t.parquet");
        let layout = TableLayout::of(batch.schema(), path).unwrap();
        let docs: Vec<Document> = layout
            .documents(&batch, path, 1)
            .unwrap()
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(docs[0].id, "a");
        assert_eq!(docs[0].text.as_str(), "one");
        assert_eq!(docs[0].source.as_deref(), Some("gazette"));
        assert_eq!(docs[0].date.as_deref(), Some("2022-04-06"));
        assert_eq!(docs[0].extra["seq"], 7);
        assert_eq!(docs[0].extra["pages"], serde_json::json!([1, 2]));
        assert_eq!(docs[1].source, None);
        assert_eq!(docs[1].date, None);
        assert!(!docs[1].extra.contains_key("pages"), "{:?}", docs[1].extra);
        assert_eq!(docs[1].location.to_string(), "t.parquet, row 2");
    }

    #[test]
    fn a_missing_column_or_one_of_the_wrong_type_names_it() {
        let path = Path::new("t.parquet");
        let no_text = batch(vec![("id", strings(&[Some("a")]))]);
        let err = TableLayout::of(no_text.schema(), path).err().unwrap();
        assert_eq!(
            err.to_string(),
            "t.parquet: no column `text` (the columns are: id)"
        );
        let numeric_id = batch(vec![
            ("id", Arc::new(Int64Array::from(vec![1])) as ArrayRef),
            ("text", strings(&[Some("x")])),
        ]);
        let err = TableLayout::of(numeric_id.schema(), path).err().unwrap();
        assert_eq!(
            err.to_string(),
            "t.parquet: column `id` holds Int64; it must hold strings"
        );
        assert!(!err.is_record_error());
    }

    #[test]
    fn a_null_id_or_text_is_an_error_of_its_row() {
        let schema = Arc::new(Schema::new(vec![
            Field::new("id", DataType::Utf8, true),
            Field::new("text", DataType::Utf8, true),
        ]));
        let batch = RecordBatch::try_new(
            schema,
            vec![
                strings(&[Some("a"), None, Some("")]),
                strings(&[None, Some("x"), Some("y")]),
            ],
        )
        .unwrap();
        let path = Path::new("t.parquet");
        let layout = TableLayout::of(batch.schema(), path).unwrap();
        let errors: Vec<String> = layout
            .documents(&batch, path, 10)
            .unwrap()
            .into_iter()
            .map(|r| r.err().unwrap().to_string())
            .collect();
        assert_eq!(
            errors,
            [
                "t.parquet, row 10: `text` must be a string, not null",
                "t.parquet, row 11: `id` must be a string, not null",
                "t.parquet, row 12: `id` must be a non-empty string",
            ]
        );
    }
}
