//! A refused pool import: every bad row by line and column, each in the reader's language.
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use domain::Class;

use super::{ApiError, Localized};
use crate::i18n::Lang;

/// One bad row's message in `lang`: the catalogue's `import.<code>` with its `{params}`
/// filled in, or the importer's English.
pub fn import_message(e: &expert_import::RowError, lang: Lang) -> String {
    lang.get(&format!("error.{}", e.code))
        .map(|template| {
            e.params.iter().fold(template.to_owned(), |s, (k, v)| {
                s.replace(&format!("{{{k}}}"), v)
            })
        })
        .unwrap_or_else(|| e.message.clone())
}

/// A refused pool import: 422 `import.invalid` with every bad row by line and column, each
/// message in `lang` (the catalogue's `import.<code>` with its `{params}` filled in; the
/// importer's English when the catalogue has none).
pub fn import_errors(errors: &expert_import::ImportErrors, lang: Lang) -> Response {
    let rows: Vec<serde_json::Value> = errors
        .errors
        .iter()
        .map(|e| {
            let message = import_message(e, lang);
            serde_json::json!({
                "line": e.line,
                "column": e.column,
                "column_ref": e.column_ref,
                "code": e.code,
                "message": message,
            })
        })
        .collect();
    let summary = ApiError::new(Class::Rule, "import.invalid", Some(errors.to_string()));
    let mut response = (
        summary.status(),
        axum::Json(serde_json::json!({
            "error": summary.body(lang),
            "rows": rows,
            "truncated": errors.truncated,
        })),
    )
        .into_response();
    response.extensions_mut().insert(Localized);
    response.headers_mut().insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(lang.tag()),
    );
    response
}
