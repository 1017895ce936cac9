//! One JSONL record to one [`Document`].

use serde_json::{Map, Value};

use super::ReadError;
use crate::model::{Document, Location};

/// Parses one line of JSONL into a document.
///
/// `id` and `text` are required strings; `source` (alias `series`), `date`,
/// `url`, `title` and `lang` are optional strings (a `date` may also be a
/// whole number such as a year); `null` counts as absent. Every other field is
/// kept in [`Document::extra`].
pub(super) fn parse_record(line: &[u8], location: Location) -> Result<Document, ReadError> {
    let line = match std::str::from_utf8(line) {
        Ok(line) => line,
        Err(_) => return Err(ReadError::InvalidUtf8 { location }),
    };
    let value: Value = match serde_json::from_str(line) {
        Ok(value) => value,
        Err(err) => {
            return Err(ReadError::InvalidJson {
                location,
                message: err.to_string(),
            })
        }
    };
    let Value::Object(mut fields) = value else {
        return Err(ReadError::NotAnObject { location });
    };
    let mut take = |field: &'static str| take_string(&mut fields, field, &location);
    let id = take("id")?.ok_or(ReadError::MissingField {
        location: location.clone(),
        field: "id",
    })?;
    if id.is_empty() {
        return Err(ReadError::WrongType {
            location,
            field: "id",
            expected: "a non-empty string",
        });
    }
    let text = take("text")?.ok_or(ReadError::MissingField {
        location: location.clone(),
        field: "text",
    })?;
    let source = match take("source")? {
        Some(source) => Some(source),
        None => take("series")?,
    };
    let url = take("url")?;
    let title = take("title")?;
    let lang = take("lang")?;
    let date = match fields.remove("date") {
        Some(Value::Number(n)) if n.is_u64() => Some(n.to_string()),
        Some(other) => {
            fields.insert("date".into(), other);
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
        text,
        extra: fields,
        location,
        removed: Vec::new(),
    })
}

/// Removes `field` from the record: `Some` for a string, `None` when absent or
/// null, an error naming the field for any other type.
fn take_string(
    fields: &mut Map<String, Value>,
    field: &'static str,
    location: &Location,
) -> Result<Option<String>, ReadError> {
    match fields.remove(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(ReadError::WrongType {
            location: location.clone(),
            field,
            expected: "a string",
        }),
    }
}
