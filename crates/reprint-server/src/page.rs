//! The web page at `/`: paste an article, see what in the archive it
//! copies or is copied by. The page only calls the API (`POST /query`, as
//! JSON for the list of pairs and as HTML for the report's pair view).

use axum::response::Html;

/// The page, one self-contained file.
pub(crate) async fn page() -> Html<&'static str> {
    Html(include_str!("page.html"))
}
