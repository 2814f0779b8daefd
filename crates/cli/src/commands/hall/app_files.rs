//! The built app carried inside the binary (`build.rs` writes the table from the folder
//! `OTSENKA_HALL_APP` names; empty when it named none).

use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

include!(concat!(env!("OUT_DIR"), "/app_files.rs"));

/// Whether this binary carries the app.
pub fn built_in() -> bool {
    !FILES.is_empty()
}

fn find(path: &str) -> Option<&'static (&'static str, &'static str, &'static [u8])> {
    FILES.iter().find(|(p, _, _)| *p == path)
}

/// A file of the app, by its path; `/` leads a phone to the workshop's join page.
pub async fn serve(method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let path = uri.path();
    if path == "/" {
        return super::api::redirect("/workshop.html#join");
    }
    match find(path) {
        Some((_, content_type, bytes)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
                // The app's service worker keeps the offline copy; the server is always asked.
                (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
                (
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ),
            ],
            *bytes,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
