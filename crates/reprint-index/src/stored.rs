//! A document as the archive keeps it: every field the reader gave it, as
//! compressed JSON, so that a query aligns and shows archived texts exactly
//! as a scan of the same input would.
//!
//! In: a [`Document`]. Out: bytes for the store, and back.

use std::path::PathBuf;

use reprint::model::{Document, Location, RemovedRegion};
use serde::{Deserialize, Serialize};

/// zstd's level for stored texts: news text shrinks about threefold at
/// speeds far above the rest of an add.
const LEVEL: i32 = 3;

#[derive(Serialize, Deserialize)]
struct StoredDocument {
    id: String,
    text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lang: Option<String>,
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    extra: serde_json::Map<String, serde_json::Value>,
    path: PathBuf,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    offset: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    row: Option<u64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    removed: Vec<RemovedRegion>,
}

/// A document's bytes in the store.
pub(crate) fn encode(doc: &Document) -> std::io::Result<Vec<u8>> {
    let stored = StoredDocument {
        id: doc.id.clone(),
        text: doc.text.as_str().to_string(),
        source: doc.source.clone(),
        date: doc.date.clone(),
        url: doc.url.clone(),
        title: doc.title.clone(),
        lang: doc.lang.clone(),
        extra: doc.extra.clone(),
        path: doc.location.path.clone(),
        line: doc.location.line,
        offset: doc.location.offset,
        row: doc.location.row,
        removed: doc.removed.clone(),
    };
    let json = serde_json::to_vec(&stored)?;
    // A compressor's context costs more to set up than a short article
    // costs to compress, so each thread keeps one.
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Compressor<'static>>> =
            const { std::cell::RefCell::new(None) };
    }
    COMPRESSOR.with_borrow_mut(|compressor| {
        let compressor = match compressor {
            Some(compressor) => compressor,
            None => compressor.insert(zstd::bulk::Compressor::new(LEVEL)?),
        };
        compressor.compress(&json)
    })
}

/// The document stored as `bytes`.
pub(crate) fn decode(bytes: &[u8]) -> std::io::Result<Document> {
    let json = zstd::stream::decode_all(bytes)?;
    let stored: StoredDocument = serde_json::from_slice(&json)?;
    let mut doc = Document::new(
        stored.id,
        stored.text,
        Location {
            path: stored.path,
            line: stored.line,
            offset: stored.offset,
            row: stored.row,
        },
    );
    doc.source = stored.source;
    doc.date = stored.date;
    doc.url = stored.url;
    doc.title = stored.title;
    doc.lang = stored.lang;
    doc.extra = stored.extra;
    doc.removed = stored.removed;
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reprint::model::RemovedKind;

    #[test]
    fn a_document_comes_back_as_it_went_in() {
        let mut doc = Document::new(
            "d1",
            "Le port de Sète.\n\nUn lecteur: bravo.",
            Location::record("crawl.warc.gz", 1978),
        );
        doc.source = Some("midilibre.fr".into());
        doc.date = Some("2022-04".into());
        doc.title = Some("Le port".into());
        doc.extra
            .insert("section".into(), serde_json::json!(["mer", 3]));
        doc.removed.push(RemovedRegion {
            begin: 18,
            end: 36,
            kind: RemovedKind::Comments,
        });
        let back = decode(&encode(&doc).unwrap()).unwrap();
        assert_eq!(back.id, doc.id);
        assert_eq!(back.text, doc.text);
        assert_eq!(back.source, doc.source);
        assert_eq!(back.date, doc.date);
        assert_eq!(back.url, None);
        assert_eq!(back.title, doc.title);
        assert_eq!(back.extra, doc.extra);
        assert_eq!(back.location, doc.location);
        assert_eq!(back.removed, doc.removed);
    }
}
