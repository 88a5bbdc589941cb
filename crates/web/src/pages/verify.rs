//! Verify a receipt without an account: paste the bid receipt the bid page issues (or an
//! inclusion or consistency proof) and the page checks it against the platform's published
//! log key, with the same check as `sunbid receipt verify` (`app::bidding::check_receipt`).
//! It never needs the bid's secret key: a receipt carries none.
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::StatusCode;
use axum::response::Response;
use domain::Class;
use ledger::{ConsistencyBundle, InclusionBundle, NoteVerifier};

use super::{PageContext, Tr, render};
use crate::Shared;

#[derive(Template)]
#[template(path = "verify.html")]
pub struct VerifyPage {
    pub t: Tr,
    pub back: String,
    pub key: String,
    /// SHA-256 of the key as served by `/api/log/key` (what `sha256sum` shows).
    pub fingerprint: String,
    pub proof: String,
    pub result: Option<(bool, String)>,
}

pub async fn form(State(p): State<Shared>, ctx: PageContext) -> Response {
    let key = p.verifier_key();
    render(&VerifyPage {
        fingerprint: fingerprint(&key),
        key,
        proof: String::new(),
        result: None,
        t: ctx.t,
        back: ctx.back,
    })
}

#[derive(serde::Deserialize)]
pub struct Submitted {
    proof: String,
}

pub async fn submit(
    State(p): State<Shared>,
    ctx: PageContext,
    form: Result<Form<Submitted>, FormRejection>,
) -> Response {
    let key = p.verifier_key();
    let form = match form {
        Ok(Form(form)) => form,
        Err(e) => {
            // Not the form the page sends (no proof, not a form, too large).
            let (class, code) = if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                (Class::TooLarge, "payload_too_large")
            } else {
                (Class::Invalid, "bad_form")
            };
            let status = crate::error::status(class);
            let message = ctx.t.s(&format!("error.{code}")).to_owned();
            let mut r = render(&VerifyPage {
                fingerprint: fingerprint(&key),
                key,
                proof: String::new(),
                result: Some((false, message)),
                t: ctx.t,
                back: ctx.back,
            });
            *r.status_mut() = status;
            return r;
        }
    };
    let result = check(&key, &form.proof, &ctx.t);
    render(&VerifyPage {
        fingerprint: fingerprint(&key),
        key,
        proof: form.proof,
        result: Some(result),
        t: ctx.t,
        back: ctx.back,
    })
}

/// (verified, what was checked or why it failed). Text that is not a proof at all is told in
/// the reader's language; a proof that fails keeps its technical detail in English: it names
/// the cryptographic check that failed.
pub fn check(key: &str, proof: &str, t: &Tr) -> (bool, String) {
    let verifier = match NoteVerifier::new(key) {
        Ok(v) => v,
        Err(e) => return (false, e.to_string()),
    };
    let value: serde_json::Value = match serde_json::from_str(proof) {
        Ok(v) => v,
        Err(_) => return (false, t.s("error.verify.not_json").to_owned()),
    };
    if value.get("record").is_some() && value.get("inclusion").is_some() {
        check_receipt(key, value, t)
    } else if value.get("leaf_index").is_some() {
        match serde_json::from_value::<InclusionBundle>(value) {
            Ok(b) => match b.check(&verifier) {
                Ok(cp) => (
                    true,
                    format!(
                        "leaf {} ({}) is in {} of size {}",
                        b.leaf_index, b.leaf_hash, cp.origin, cp.size
                    ),
                ),
                Err(e) => (false, e.to_string()),
            },
            Err(_) => (false, t.s("error.verify.not_a_proof").to_owned()),
        }
    } else {
        match serde_json::from_value::<ConsistencyBundle>(value) {
            Ok(b) => match b.check(&verifier) {
                Ok((old, new)) => (
                    true,
                    format!(
                        "{} of size {} extends size {}",
                        new.origin, new.size, old.size
                    ),
                ),
                Err(e) => (false, e.to_string()),
            },
            Err(_) => (false, t.s("error.verify.not_a_proof").to_owned()),
        }
    }
}

/// The platform's key fingerprint, as the bid page and this page show it.
pub fn fingerprint(key: &str) -> String {
    NoteVerifier::new(key)
        .map(|v| v.fingerprint())
        .unwrap_or_default()
}

/// A bid receipt (`app::bidding::BidReceipt`, as the bid page issues it): the same check as
/// `sunbid receipt verify`.
fn check_receipt(key: &str, value: serde_json::Value, t: &Tr) -> (bool, String) {
    let Ok(receipt) = serde_json::from_value::<app::bidding::BidReceipt>(value) else {
        return (false, t.s("error.verify.not_a_proof").to_owned());
    };
    match app::bidding::check_receipt(&receipt, key, None) {
        Ok(ok) => (
            true,
            t.s("ui.verify.receipt_ok")
                .replace("{handle}", &ok.handle)
                .replace("{trade}", &ok.trade)
                .replace("{sha256}", &ok.envelope_sha256)
                .replace("{received}", &ok.received_at)
                .replace("{leaf}", &ok.leaf_index.to_string())
                .replace("{size}", &ok.tree_size.to_string()),
        ),
        Err(e) => (false, e),
    }
}
