//! The routes: what each endpoint takes, which library call answers it, and
//! how its errors read.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use reprint::model::{Document, Location};
use reprint::scan::NoProgress;
use reprint::write::{document_records, family_records};
use reprint_index::{Existing, IndexError, QueryResult};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::AppState;

/// The routes over `state`, taking bodies of at most `max_body_bytes`.
pub(crate) fn router(state: Arc<AppState>, max_body_bytes: usize) -> Router {
    Router::new()
        .route("/", get(crate::page::page))
        .route("/health", get(health))
        .route("/openapi.json", get(openapi))
        .route("/query", post(query))
        .route("/documents", post(add_documents))
        .route("/documents/{id}", get(document))
        .route("/pairs/{a}/{b}", get(pair))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(max_body_bytes))
        .with_state(state)
}

/// An answer that went wrong: its status and what to tell the caller.
struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(json!({ "error": self.message }))).into_response()
    }
}

impl From<IndexError> for ApiError {
    fn from(err: IndexError) -> Self {
        let status = match err {
            IndexError::DuplicateId { .. } => StatusCode::CONFLICT,
            IndexError::Full { .. } => StatusCode::INSUFFICIENT_STORAGE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError::new(status, err.to_string())
    }
}

impl From<BytesRejection> for ApiError {
    fn from(rejection: BytesRejection) -> Self {
        let status = rejection.status();
        let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "the request body is larger than the server takes (--max-body-size)".to_string()
        } else {
            rejection.body_text()
        };
        ApiError::new(status, message)
    }
}

/// One article in a request: its text, or the saved HTML of its page.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ArticleIn {
    id: Option<String>,
    text: Option<String>,
    html: Option<String>,
    source: Option<String>,
    date: Option<String>,
    url: Option<String>,
    title: Option<String>,
    lang: Option<String>,
}

/// A request body: one article, or `{"documents": [...]}`.
#[derive(Deserialize)]
#[serde(untagged)]
enum ArticlesIn {
    Batch { documents: Vec<ArticleIn> },
    One(ArticleIn),
}

/// Reads a request body of articles. `need_ids` refuses an article without
/// one.
fn read_articles(
    body: Result<Bytes, BytesRejection>,
    need_ids: bool,
) -> Result<Vec<ArticleIn>, ApiError> {
    let body = body?;
    let value: Value = serde_json::from_slice(&body).map_err(|err| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("the body is not JSON: {err}"),
        )
    })?;
    let articles: ArticlesIn = serde_json::from_value(value.clone()).map_err(|_| {
        // Name what is wrong in the article that is wrong.
        let explain = |article: &Value, place: String| match serde_json::from_value::<ArticleIn>(
            article.clone(),
        ) {
            Err(err) => Some(format!("{place}: {err}")),
            Ok(_) => None,
        };
        let message = match value.get("documents") {
            Some(Value::Array(list)) => list
                .iter()
                .enumerate()
                .find_map(|(i, a)| explain(a, format!("documents[{i}]")))
                .unwrap_or_else(|| "documents: not a list of articles".to_string()),
            Some(_) => "documents: must be a list of articles".to_string(),
            None => explain(&value, "the article".to_string())
                .unwrap_or_else(|| "not an article".to_string()),
        };
        unprocessable(format!("{message} {ARTICLE_SHAPE}"))
    })?;
    let list = match articles {
        ArticlesIn::Batch { documents } => documents,
        ArticlesIn::One(article) => vec![article],
    };
    if list.is_empty() {
        return Err(unprocessable("documents: the list is empty"));
    }
    for (i, article) in list.iter().enumerate() {
        if need_ids && article.id.as_deref().is_none_or(str::is_empty) {
            return Err(unprocessable(format!(
                "documents[{i}]: an article added to the archive needs an \"id\""
            )));
        }
        match (&article.text, &article.html) {
            (Some(text), None) if text.trim().is_empty() => {
                return Err(unprocessable(format!("documents[{i}]: \"text\" is empty")))
            }
            (Some(_), None) | (None, Some(_)) => {}
            _ => {
                return Err(unprocessable(format!(
                    "documents[{i}]: give the article's \"text\" or its page's \"html\", one of them {ARTICLE_SHAPE}"
                )))
            }
        }
    }
    Ok(list)
}

/// What an article in a request looks like, for error messages.
const ARTICLE_SHAPE: &str = "(an article is {\"text\"} or {\"html\"}, with optional \"id\", \"source\", \"date\", \"url\", \"title\", \"lang\")";

fn unprocessable(message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, message)
}

/// Turns checked articles into documents, each placed as `ENDPOINT:N`
/// (its place in the request). A page's HTML is read as `reprint scan`
/// reads a saved page (its main text, title, site name and date), and the
/// fields the request gives win over the page's. Runs on a blocking
/// thread: extracting a hostile page can take up to the reader's time
/// limit.
fn to_documents(articles: Vec<ArticleIn>, endpoint: &str) -> Result<Vec<Document>, ApiError> {
    articles
        .into_iter()
        .enumerate()
        .map(|(i, article)| {
            let place = Location::line(endpoint, i as u64 + 1);
            let id = article
                .id
                .filter(|id| !id.is_empty())
                .unwrap_or_else(|| format!("query-{}", i + 1));
            let mut doc = match (article.text, article.html) {
                (Some(text), _) => Document::new(id, text, place),
                (None, Some(html)) => {
                    let name = std::path::PathBuf::from(format!("{endpoint}:{}", i + 1));
                    let corpus = reprint::read::read_html(
                        html.as_bytes(),
                        &name,
                        reprint::read::ReadOptions::default(),
                    )
                    .map_err(|err| unprocessable(format!("documents[{i}]: {err}")))?;
                    let Some(mut doc) = corpus.documents.into_iter().next() else {
                        let why = corpus
                            .pages_skipped
                            .first()
                            .map_or("no article text".to_string(), |(_, skip)| skip.to_string());
                        return Err(unprocessable(format!(
                            "documents[{i}]: the page gives no article: {why}"
                        )));
                    };
                    doc.id = id;
                    doc.location = place;
                    doc
                }
                (None, None) => {
                    return Err(unprocessable(format!(
                        "documents[{i}]: give the article's \"text\" or its page's \"html\""
                    )))
                }
            };
            doc.source = article.source.or(doc.source);
            doc.date = article.date.or(doc.date);
            doc.url = article.url.or(doc.url);
            doc.title = article.title.or(doc.title);
            doc.lang = article.lang.or(doc.lang);
            Ok(doc)
        })
        .collect()
}

/// Runs blocking library work off the event loop.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|err| {
            Err(ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("the work failed: {err}"),
            ))
        })
}

async fn health(State(state): State<Arc<AppState>>) -> Result<Json<Value>, ApiError> {
    let info = blocking(move || Ok(state.index.info()?)).await?;
    Ok(Json(json!({ "status": "ok", "documents": info.documents })))
}

async fn openapi() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        include_str!("openapi.json"),
    )
}

async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "no such endpoint; /openapi.json lists them",
    )
}

#[derive(Deserialize)]
struct QueryOptions {
    /// `html` answers with the report page instead of JSON.
    format: Option<String>,
}

/// A check's answer as JSON: the same records `reprint scan` writes.
fn query_json(found: &QueryResult) -> Value {
    let checked = found.checked_ids();
    let documents: Vec<_> = document_records(&found.documents, &found.result).collect();
    let families: Vec<_> = family_records(&found.documents, &found.result).collect();
    json!({
        "checked": checked,
        "reuse": found.result.reuses,
        "documents": documents,
        "families": families,
    })
}

async fn query(
    State(state): State<Arc<AppState>>,
    Query(options): Query<QueryOptions>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let html = match options.format.as_deref() {
        None | Some("json") => false,
        Some("html") => true,
        Some(other) => {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                format!("format={other}: the formats are json and html"),
            ))
        }
    };
    let articles = read_articles(body, false)?;
    // The turn is held by the work itself, so a caller that gives up does
    // not let another check start beside one still running.
    let turn = Arc::clone(&state.checks)
        .acquire_owned()
        .await
        .map_err(|_| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the server is stopping"))?;
    blocking(move || {
        let _turn = turn;
        let documents = to_documents(articles, "POST /query")?;
        let found = state.index.query(documents, &state.params, &NoProgress)?;
        if html {
            let mut page = Vec::new();
            reprint::report::html::render_report(&mut page, &found.documents, &found.result)
                .map_err(|err| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, err.to_string()))?;
            let page = String::from_utf8(page).expect("the report is UTF-8");
            Ok(Html(page).into_response())
        } else {
            Ok(Json(query_json(&found)).into_response())
        }
    })
    .await
}

#[derive(Deserialize)]
struct AddOptions {
    /// `true` replaces the held version of an id the archive holds.
    update: Option<String>,
}

async fn add_documents(
    State(state): State<Arc<AppState>>,
    Query(options): Query<AddOptions>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let existing = match options.update.as_deref() {
        None | Some("false") => Existing::Refuse,
        Some("true") => Existing::Replace,
        Some(other) => {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                format!("update={other}: give update=true or update=false"),
            ))
        }
    };
    if let Some(token) = &state.write_token {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "));
        if given != Some(token.as_str()) {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "adding documents needs the server's write token: Authorization: Bearer TOKEN",
            ));
        }
    }
    let articles = read_articles(body, true)?;
    blocking(move || {
        let documents = to_documents(articles, "POST /documents")?;
        let added = state.index.add(&documents, existing)?;
        Ok(Json(json!({
            "added": added.documents,
            "replaced": added.replaced,
            "documents": added.total_documents,
        })))
    })
    .await
}

/// A stored document as the API gives it.
fn document_json(doc: &Document) -> Value {
    let mut record = json!({
        "id": doc.id,
        "text": doc.text.as_str(),
        "source": doc.source,
        "date": doc.date,
        "url": doc.url,
        "title": doc.title,
        "lang": doc.lang,
    });
    if let Value::Object(fields) = &mut record {
        for (key, value) in &doc.extra {
            fields.entry(key.clone()).or_insert(value.clone());
        }
    }
    record
}

async fn document(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    blocking(move || match state.index.document(&id)? {
        Some(doc) => Ok(Json(document_json(&doc))),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            format!("no document {id:?} in the archive"),
        )),
    })
    .await
}

async fn pair(
    State(state): State<Arc<AppState>>,
    Path((a, b)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    blocking(move || {
        let mut both = Vec::new();
        for id in [&a, &b] {
            match state.index.document(id)? {
                Some(doc) => both.push(doc),
                None => {
                    return Err(ApiError::new(
                        StatusCode::NOT_FOUND,
                        format!("no document {id:?} in the archive"),
                    ))
                }
            }
        }
        if a == b {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "a pair is two different documents",
            ));
        }
        let texts: Vec<Value> = both.iter().map(document_json).collect();
        // The pair as the archive judges it: both checked against it.
        let found = state.index.query(both, &state.params, &NoProgress)?;
        let reuse = found
            .result
            .reuses
            .iter()
            .find(|r| (r.a == a && r.b == b) || (r.a == b && r.b == a));
        Ok(Json(json!({
            "reuse": reuse,
            "documents": texts,
        })))
    })
    .await
}
