//! One JSONL record to one [`Document`].

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::error::Category;
use serde_json::Value;

use super::ReadError;
use crate::model::{Document, Location};

/// Parses one line of JSONL into a document.
///
/// `id` and `text` are required strings; `source` (alias `series`), `date`,
/// `url`, `title` and `lang` are optional strings (a `date` may also be a
/// whole number such as a year). Every other field is kept in
/// [`Document::extra`]. A `null` field counts as absent, whichever it is, as
/// a null cell of a table does: so one record reads alike from JSON lines,
/// Parquet and Spark.
pub(super) fn parse_record(line: &[u8], location: Location) -> Result<Document, ReadError> {
    // Validated once here, with SIMD, so the JSON parser need not check
    // each string again.
    let line = match simdutf8::basic::from_utf8(line) {
        Ok(line) => line,
        Err(_) => return Err(ReadError::InvalidUtf8 { location }),
    };
    let mut fields = match serde_json::from_str::<Fields>(line) {
        Ok(Fields(fields)) => fields,
        // Keys and values are read as any JSON at all, so the only data
        // error left is a line that is JSON but not an object.
        Err(err) if err.classify() == Category::Data => {
            return Err(ReadError::NotAnObject { location })
        }
        Err(err) => {
            return Err(ReadError::InvalidJson {
                location,
                message: err.to_string(),
            })
        }
    };
    let id = take_required(&mut fields, "id", &location)?;
    if id.is_empty() {
        return Err(ReadError::WrongType {
            location,
            field: "id",
            expected: "a non-empty string",
        });
    }
    let text = take_required(&mut fields, "text", &location)?;
    let mut take = |field: &'static str| take_string(&mut fields, field, &location);
    let source = match take("source")? {
        Some(source) => Some(source),
        None => take("series")?,
    };
    let url = take("url")?;
    let title = take("title")?;
    let lang = take("lang")?;
    let date = match remove(&mut fields, "date") {
        Some(Value::Number(n)) if n.is_u64() => Some(n.to_string()),
        Some(other) => {
            fields.push(("date".into(), other));
            take_string(&mut fields, "date", &location)?
        }
        None => None,
    };
    Ok(Document {
        id,
        source,
        date,
        url,
        title,
        lang,
        text: text.into(),
        extra: fields
            .into_iter()
            .filter(|(_, value)| !value.is_null())
            .collect(),
        location,
        removed: Vec::new(),
    })
}

/// Removes a required `field` from the record: its string, or an error that
/// says whether it is absent, null or of another type.
fn take_required(
    fields: &mut Vec<(String, Value)>,
    field: &'static str,
    location: &Location,
) -> Result<String, ReadError> {
    match remove(fields, field) {
        Some(Value::String(s)) => Ok(s),
        None => Err(ReadError::MissingField {
            location: location.clone(),
            field,
        }),
        Some(Value::Null) => Err(ReadError::WrongType {
            location: location.clone(),
            field,
            expected: "a string, not null",
        }),
        Some(_) => Err(ReadError::WrongType {
            location: location.clone(),
            field,
            expected: "a string",
        }),
    }
}

/// Removes `field` from the record: `Some` for a string, `None` when absent or
/// null, an error naming the field for any other type.
fn take_string(
    fields: &mut Vec<(String, Value)>,
    field: &'static str,
    location: &Location,
) -> Result<Option<String>, ReadError> {
    match remove(fields, field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(ReadError::WrongType {
            location: location.clone(),
            field,
            expected: "a string",
        }),
    }
}

/// Removes `field` from the record and returns its value; when a record
/// repeats a key, the last value counts, as a JSON object's would.
fn remove(fields: &mut Vec<(String, Value)>, field: &str) -> Option<Value> {
    let mut found = None;
    fields.retain_mut(|(key, value)| {
        if key != field {
            return true;
        }
        found = Some(std::mem::take(value));
        false
    });
    found
}

/// A JSON object's fields in the order written.
///
/// Read into a list rather than the map a [`Value`] would build: a record
/// has a handful of fields, and a map's node would stay allocated (empty)
/// in every document once the known fields are taken out.
struct Fields(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldsVisitor;

        impl<'de> Visitor<'de> for FieldsVisitor {
            type Value = Fields;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
                let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(8));
                while let Some(entry) = map.next_entry()? {
                    fields.push(entry);
                }
                Ok(Fields(fields))
            }
        }

        deserializer.deserialize_map(FieldsVisitor)
    }
}
