//! The forms of a trade's steps that used to need a hand-written JSON command: which fields
//! each has, and how what was typed becomes a [`TradeCommand`]. A field that cannot be read
//! is named with the catalogue code of why ([`Wrong`]); nothing is sent then.

use std::collections::BTreeMap;

use domain::deposit::{DepositTerms, Subject};
use domain::trade::{DeferredDocument, TradeCommand};
use domain::{Action, BlobRef, Role};

use super::common::beijing as parse_local;
use super::step_intake as intake;

/// How a field is entered.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Area,
    Date,
    DateTime,
    File,
    Check,
    /// An amount in yuan, thousands separators allowed; shown back with its capitals.
    Money,
    /// A list: values and their catalogue keys.
    Pick(&'static [(&'static str, &'static str)]),
}

pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    /// Catalogue key of the label (`ui.steps.field.<name>`).
    pub label: &'static str,
    pub default: &'static str,
}

pub const fn f(name: &'static str, kind: Kind, label: &'static str) -> Field {
    Field {
        name,
        kind,
        label,
        default: "",
    }
}

/// Who decides whether a person may act: the access matrix for trade commands, or the
/// roles a trade's own book lets act (deposits), for a party of the trade.
#[derive(Clone, Copy)]
pub enum Gate {
    Matrix(Action),
    PartyRoles(&'static [Role]),
    /// Any person of these roles (a bidder's deposit: who it is stays sealed).
    Roles(&'static [Role]),
}

/// One step's form.
pub struct Step {
    pub id: &'static str,
    pub gate: Gate,
    /// The staff post that acts (a backup acts for an away primary).
    pub post: Option<&'static str>,
    pub fields: &'static [Field],
}

/// What a form sent: its text fields and its files (name and bytes).
#[derive(Default)]
pub struct Sent {
    pub text: BTreeMap<String, String>,
    pub files: BTreeMap<String, (String, Vec<u8>)>,
}

impl Sent {
    pub fn get(&self, k: &str) -> &str {
        self.text.get(k).map(|s| s.trim()).unwrap_or("")
    }
}

/// A field that cannot be read: its name and the catalogue code of why.
#[derive(Debug, PartialEq, Eq)]
pub struct Wrong {
    pub field: &'static str,
    pub code: &'static str,
}

pub fn wrong(field: &'static str, code: &'static str) -> Wrong {
    Wrong { field, code }
}

/// What a form asks for: a trade command with the bytes of the files it names, or the
/// deposit terms.
pub enum Built {
    Trade {
        command: Box<TradeCommand>,
        files: Vec<Vec<u8>>,
    },
    DepositTerms(DepositTerms),
    Deposit(super::deposit::Act),
}

pub fn file(
    sent: &Sent,
    field: &'static str,
    files: &mut Vec<Vec<u8>>,
) -> Result<Option<BlobRef>, Wrong> {
    let Some((name, bytes)) = sent.files.get(field) else {
        return Ok(None);
    };
    let blob = app::trades::file_ref(name, bytes).map_err(|_| wrong(field, "form.file"))?;
    files.push(bytes.clone());
    Ok(Some(blob))
}

fn required_file(
    sent: &Sent,
    field: &'static str,
    files: &mut Vec<Vec<u8>>,
) -> Result<BlobRef, Wrong> {
    file(sent, field, files)?.ok_or(wrong(field, "form.required"))
}

pub fn reason(sent: &Sent) -> Result<String, Wrong> {
    match sent.get("reason") {
        "" => Err(wrong("reason", "form.required")),
        r => Ok(r.to_owned()),
    }
}

fn optional_time(
    sent: &Sent,
    field: &'static str,
) -> Result<Option<legal_time::OffsetDateTime>, Wrong> {
    match sent.get(field) {
        "" => Ok(None),
        s => parse_local(s)
            .map(Some)
            .ok_or(wrong(field, "form.datetime")),
    }
}

/// Reads the form of `step` into its command.
pub fn build(step: &Step, sent: &Sent) -> Result<Built, Wrong> {
    let mut files = Vec::new();
    if let Some(act) = super::deposit::build(step.id, sent) {
        return act.map(Built::Deposit);
    }
    if let Some(command) = intake::build(step.id, sent, &mut files) {
        return command.map(|command| Built::Trade {
            command: Box::new(command),
            files,
        });
    }
    let command = match step.id {
        "deposit_terms" => return deposit_terms(sent).map(Built::DepositTerms),
        "accept" => {
            let mut deferred = Vec::new();
            for (name, due) in [("deferred_1", "due_1"), ("deferred_2", "due_2")] {
                match (sent.get(name), sent.get(due)) {
                    ("", "") => {}
                    ("", _) => return Err(wrong(name, "form.required")),
                    (n, d) => deferred.push(DeferredDocument {
                        name: n.to_owned(),
                        due: parse_date(d).ok_or(wrong(due, "form.date"))?,
                    }),
                }
            }
            let pledge = file(sent, "pledge", &mut files)?;
            TradeCommand::Accept { deferred, pledge }
        }
        "reject_entry" => TradeCommand::RejectEntry {
            reason: reason(sent)?,
        },
        "documents" => TradeCommand::UploadTenderDocuments {
            file: required_file(sent, "file", &mut files)?,
            evaluation: super::step_documents::evaluation(sent)?,
        },
        "publish" => TradeCommand::PublishAnnouncement {
            bid_deadline: optional_time(sent, "deadline")?
                .ok_or(wrong("deadline", "form.required"))?,
            opening_key: None,
            notice: None,
            sealing: None,
        },
        "amend" => TradeCommand::AmendDocuments {
            file: required_file(sent, "file", &mut files)?,
            new_deadline: optional_time(sent, "new_deadline")?,
        },
        "suspend" => TradeCommand::Suspend {
            reason: reason(sent)?,
        },
        "resume" => TradeCommand::Resume {
            new_deadline: optional_time(sent, "new_deadline")?,
        },
        "cancel" => TradeCommand::Cancel {
            reason: reason(sent)?,
        },
        "retender" => TradeCommand::Retender {
            reason: reason(sent)?,
        },
        _ => match sent.get("certificate_no") {
            "" => return Err(wrong("certificate_no", "form.required")),
            c => TradeCommand::IssueConfirmation {
                certificate_no: c.to_owned(),
            },
        },
    };
    Ok(Built::Trade {
        command: Box::new(command),
        files,
    })
}

fn deposit_terms(sent: &Sent) -> Result<DepositTerms, Wrong> {
    let amount =
        super::money::parse_yuan(sent.get("amount")).ok_or(wrong("amount", "form.amount"))?;
    let subject = match sent.get("subject") {
        "works" => Subject::Works,
        "goods" => Subject::Goods,
        "services" => Subject::Services,
        "survey_design" => Subject::SurveyDesign,
        _ => return Err(wrong("subject", "form.pick")),
    };
    Ok(DepositTerms {
        amount,
        subject,
        exemption_by_credit: !sent.get("exemption_by_credit").is_empty(),
        accepts_guarantee: !sent.get("accepts_guarantee").is_empty(),
    })
}

pub fn parse_date(s: &str) -> Option<legal_time::Date> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    legal_time::Date::parse(s, &fmt).ok()
}

/// The field a refusal of the domain is about, so the page marks it (codes whose message
/// names no single field mark none).
pub fn field_of(code: &str) -> Option<&'static str> {
    Some(match code {
        "trade.amendment_needs_postponement"
        | "trade.deadline_not_later"
        | "trade.new_deadline_required"
        | "trade.calendar_unknown_year" => "new_deadline",
        "trade.price_weight_out_of_range"
        | "trade.evaluation_points"
        | "evaluation.points_do_not_add_up" => "price_points",
        "trade.evaluation_method_not_allowed" => "evaluation_kind",
        "trade.pledge_required" => "pledge",
        "trade.bid_period_too_short" | "trade.opening_not_at_deadline" => "deadline",
        "trade.due_date_not_in_future" => "due_1",
        "trade.invalid_input" => "reason",
        "trade.reasons_required" => "reasons",
        "file.not_stored" | "file.mismatch" | "invalid_request" => "file",
        "deposit.over_cap" | "deposit.invalid_amount" => "amount",
        "deposit.exemption_not_allowed" => "exemption_by_credit",
        "deposit.guarantee_refused" => "accepts_guarantee",
        _ => return None,
    })
}
