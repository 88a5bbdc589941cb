//! The administrator's forms: what each asks for, shown with the values in force or, after
//! a refusal, with what was typed, the wrong field marked and the reason in the reader's
//! language. Every form posts `multipart/form-data` (some carry a file), read once by
//! [`receive`], which also checks the CSRF token.
use axum::extract::Multipart;
use axum::extract::multipart::MultipartRejection;
use axum::http::StatusCode;
use domain::Class;

use super::super::session::csrf_ok;
use super::super::step_forms::Sent;
use super::super::{PageError, Tr};
use crate::extract::PageUser;

/// How a field is entered.
pub enum Kind {
    Text,
    Number,
    File,
    /// A list of (value, label).
    Pick(Vec<(String, String)>),
}

/// One field: its name, the catalogue key of its label, how it is entered, its value now.
pub struct Spec {
    pub name: &'static str,
    pub label: &'static str,
    pub kind: Kind,
    pub value: String,
}

pub fn text(name: &'static str, label: &'static str, value: impl Into<String>) -> Spec {
    Spec {
        name,
        label,
        kind: Kind::Text,
        value: value.into(),
    }
}

pub fn number(name: &'static str, label: &'static str, value: impl ToString) -> Spec {
    Spec {
        kind: Kind::Number,
        ..text(name, label, value.to_string())
    }
}

pub fn file(name: &'static str, label: &'static str) -> Spec {
    Spec {
        kind: Kind::File,
        ..text(name, label, "")
    }
}

pub fn pick(name: &'static str, label: &'static str, options: Vec<(String, String)>) -> Spec {
    let value = options.first().map(|o| o.0.clone()).unwrap_or_default();
    Spec {
        kind: Kind::Pick(options),
        ..text(name, label, value)
    }
}

impl Spec {
    pub fn value(mut self, value: impl Into<String>) -> Spec {
        self.value = value.into();
        self
    }
}

pub struct Input {
    pub name: &'static str,
    pub label: String,
    /// `text`, `number`, `file` or `select`.
    pub kind: &'static str,
    pub value: String,
    pub options: Vec<(String, String, bool)>,
    pub error: Option<String>,
}

pub struct FormView {
    pub id: String,
    pub action: String,
    pub submit: String,
    pub hidden: Vec<(&'static str, String)>,
    pub inputs: Vec<Input>,
    pub error: Option<String>,
}

/// A refused submission shown again: which form, what was typed, the field and why.
pub struct Attempt {
    pub form: String,
    pub sent: Sent,
    pub field: Option<&'static str>,
    pub message: String,
    pub status: StatusCode,
}

impl Attempt {
    pub fn new(t: &Tr, form: String, sent: Sent, why: Refused) -> Attempt {
        Attempt {
            form,
            sent,
            field: why.field,
            message: t.s(&format!("error.{}", why.code)).to_owned(),
            status: why.status,
        }
    }
}

/// Why a form was refused: the field it names, the catalogue code, the status.
pub struct Refused {
    pub field: Option<&'static str>,
    pub code: &'static str,
    pub status: StatusCode,
}

impl From<Wrong> for Refused {
    fn from(w: Wrong) -> Refused {
        Refused {
            field: Some(w.field),
            code: w.code,
            status: StatusCode::UNPROCESSABLE_ENTITY,
        }
    }
}

impl Refused {
    /// The app's refusal of form `form`: its class's status and the field its code names.
    pub fn of(form: &str, e: &app::AppError) -> Refused {
        tracing::info!(form, code = e.code(), "administration refused");
        Refused {
            field: field_of(e.code()),
            code: e.code(),
            status: crate::error::status(e.class()),
        }
    }
}

/// Why a form could not be read into a command: the field and the catalogue code.
pub struct Wrong {
    pub field: &'static str,
    pub code: &'static str,
}

pub fn wrong(field: &'static str, code: &'static str) -> Wrong {
    Wrong { field, code }
}

/// The form `id` posting to `action`, its fields as typed when it was the one refused.
pub fn view(
    t: &Tr,
    id: impl Into<String>,
    action: impl Into<String>,
    submit: &str,
    specs: Vec<Spec>,
    attempt: Option<&Attempt>,
) -> FormView {
    let id = id.into();
    let mine = attempt.filter(|a| a.form == id);
    let inputs = specs
        .into_iter()
        .map(|s| {
            let value = mine
                .and_then(|a| a.sent.text.get(s.name).cloned())
                .unwrap_or(s.value);
            let (kind, options) = match s.kind {
                Kind::Text => ("text", vec![]),
                Kind::Number => ("number", vec![]),
                Kind::File => ("file", vec![]),
                Kind::Pick(options) => (
                    "select",
                    options
                        .into_iter()
                        .map(|(v, l)| {
                            let on = v == value;
                            (v, l, on)
                        })
                        .collect(),
                ),
            };
            Input {
                name: s.name,
                label: t.s(s.label).to_owned(),
                kind,
                error: mine
                    .filter(|a| a.field == Some(s.name))
                    .map(|a| a.message.clone()),
                value,
                options,
            }
        })
        .collect();
    FormView {
        id,
        action: action.into(),
        submit: t.s(submit).to_owned(),
        hidden: vec![],
        inputs,
        error: mine.map(|a| a.message.clone()),
    }
}

impl FormView {
    pub fn hidden(mut self, name: &'static str, value: impl Into<String>) -> FormView {
        self.hidden.push((name, value.into()));
        self
    }
}

/// The form's parts, once the action is one the route takes (404), the body a form (400 or
/// 413) and the CSRF token the session's (403).
pub async fn receive(
    user: &PageUser,
    what: &str,
    actions: &[&str],
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Sent, PageError> {
    if !actions.contains(&what) {
        return Err(PageError::not_found());
    }
    let multipart = multipart.map_err(|e| PageError::refused_body(e.status(), "bad_upload"))?;
    let sent = super::super::steps::read(multipart)
        .await
        .map_err(|code| PageError::new(Class::Invalid, code))?;
    if !csrf_ok(&user.info, sent.text.get("csrf").map_or("", |s| s.as_str())) {
        return Err(PageError::csrf());
    }
    Ok(sent)
}

/// The refusal of a form the page does not show as a form of its own (a button in a row).
pub fn unshown(attempt: Option<&Attempt>, forms: &[&FormView]) -> Option<String> {
    attempt
        .filter(|a| !forms.iter().any(|f| f.id == a.form))
        .map(|a| a.message.clone())
}

/// A text field as typed, trimmed.
pub fn field<'a>(sent: &'a Sent, name: &str) -> &'a str {
    sent.text.get(name).map_or("", |s| s.trim())
}

/// A text field that must not be empty.
pub fn required<'a>(sent: &'a Sent, name: &'static str) -> Result<&'a str, Wrong> {
    Some(field(sent, name))
        .filter(|v| !v.is_empty())
        .ok_or(wrong(name, "admin.required"))
}

/// A whole number field.
pub fn whole<T: std::str::FromStr>(sent: &Sent, name: &'static str) -> Result<T, Wrong> {
    field(sent, name)
        .parse()
        .map_err(|_| wrong(name, "admin.not_a_number"))
}

/// An uploaded file's bytes.
pub fn upload<'a>(sent: &'a Sent, name: &'static str) -> Result<&'a [u8], Wrong> {
    sent.files
        .get(name)
        .map(|(_, bytes)| bytes.as_slice())
        .ok_or(wrong(name, "admin.file_required"))
}

/// The field a refusal's code is about, on the administrator's forms.
pub fn field_of(code: &str) -> Option<&'static str> {
    Some(match code {
        "center.bad_threshold" => "threshold",
        "center.venue_exists" | "center.unknown_venue" => "room",
        "center.bad_venue" => "capacity",
        "center.signer_exists"
        | "account.bad_certificate"
        | "account.key_exists"
        | "account.key_revoked"
        | "account.certificate_not_valid"
        | "center.bad_calendar"
        | "center.past_year" => "file",
        "account.bad_contact" => "contact",
        "account.already_registered" | "account.invalid_value" => "person",
        "account.same_person" => "backup",
        _ => return None,
    })
}
