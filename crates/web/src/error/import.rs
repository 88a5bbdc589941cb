//! A refused pool import: every bad row by line and column, each in the reader's language.
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use domain::Class;

use serde::Serialize;

use super::{ApiError, ErrorBody, Localized};
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

/// One bad row of a refused pool import, in the reader's language.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BadRow {
    /// 1-based as a spreadsheet shows it (the header is line 1); 0: the file as a whole.
    pub line: usize,
    /// The column's name as the file's header gives it.
    pub column: Option<String>,
    /// The column as the program shows it: a letter in XLSX, a 1-based number in CSV.
    pub column_ref: Option<String>,
    pub code: &'static str,
    pub message: String,
}

/// A refused pool import: the error, every bad row, and whether the list was cut short.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ImportRefusal {
    pub error: ErrorBody,
    pub rows: Vec<BadRow>,
    pub truncated: bool,
}

/// A refused pool import: 422 `import.invalid` with every bad row by line and column, each
/// message in `lang` (the catalogue's `import.<code>` with its `{params}` filled in; the
/// importer's English when the catalogue has none).
pub fn import_errors(errors: &expert_import::ImportErrors, lang: Lang) -> Response {
    let rows = errors
        .errors
        .iter()
        .map(|e| BadRow {
            line: e.line,
            column: e.column.clone(),
            column_ref: e.column_ref.clone(),
            code: e.code,
            message: import_message(e, lang),
        })
        .collect();
    let summary = ApiError::new(Class::Rule, "import.invalid", Some(errors.to_string()));
    let body = ImportRefusal {
        error: summary.body(lang),
        rows,
        truncated: errors.truncated,
    };
    let mut response = (summary.status(), axum::Json(body)).into_response();
    response.extensions_mut().insert(Localized);
    response.headers_mut().insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(lang.tag()),
    );
    response
}
