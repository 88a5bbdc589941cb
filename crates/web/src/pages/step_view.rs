//! How one step's form reads on the page: its fields with what was typed (or their
//! defaults), the field a refusal is about, the roles that may act and why the reader may
//! not act now (the access matrix, then the trade's state).
use domain::access::{authorize_on, relation_to_trade};
use domain::trade::TradeState;

use super::Tr;
use super::step_forms::{Gate, Kind, Step};
use super::steps::Attempt;

pub struct FieldView {
    pub name: &'static str,
    pub label: String,
    /// `text`, `textarea`, `date`, `datetime-local`, `file`, `checkbox` or `select`.
    pub kind: &'static str,
    pub value: String,
    pub options: Vec<(&'static str, String, bool)>,
    pub error: Option<String>,
    /// An amount as read back: `¥12,000,000.00（壹仟贰佰万元整）`.
    pub shown: Option<String>,
}

pub struct StepView {
    pub id: &'static str,
    pub title: String,
    pub who: String,
    /// Why the signed-in person may not act now (`None`: they may).
    pub why_not: Option<String>,
    pub fields: Vec<FieldView>,
    pub error: Option<String>,
}

pub fn view(
    t: &Tr,
    info: &app::SessionInfo,
    state: &TradeState,
    step: &Step,
    attempt: Option<&Attempt<'_>>,
) -> StepView {
    let mine = attempt.filter(|a| a.step == step.id);
    let (why_not, roles) = gate(info, state, step.gate);
    let why_not = why_not
        .or_else(|| super::step_intake::blocked(step.id, state))
        .or_else(|| super::deposit::blocked(step.id, state));
    let why_not = why_not.map(|code| t.s(&format!("error.{code}")).to_owned());
    let roles: Vec<String> = roles
        .iter()
        .map(|role| t.s(&format!("role.{}", role.as_str())).to_owned())
        .collect();
    StepView {
        id: step.id,
        title: t.s(&format!("ui.steps.{}.title", step.id)).to_owned(),
        who: t.s("ui.steps.who").replace("{roles}", &roles.join("、")),
        why_not,
        fields: step
            .fields
            .iter()
            .map(|f| {
                let typed = mine.and_then(|a| a.sent.text.get(f.name).cloned());
                let value = typed.unwrap_or_else(|| f.default.to_owned());
                FieldView {
                    name: f.name,
                    label: match super::step_documents::row_number(f.name) {
                        Some(n) => t.s(f.label).replace("{n}", &n.to_string()),
                        None => t.s(f.label).to_owned(),
                    },
                    kind: kind_name(f.kind),
                    options: match f.kind {
                        Kind::Pick(opts) => opts
                            .iter()
                            .map(|(v, k)| (*v, t.s(k).to_owned(), *v == value))
                            .collect(),
                        _ => vec![],
                    },
                    error: mine
                        .filter(|a| a.field == Some(f.name))
                        .map(|a| a.message.clone()),
                    shown: (f.kind == Kind::Money)
                        .then(|| super::money::parse_yuan(&value))
                        .flatten()
                        .map(|m| {
                            let capitals = super::money::capitals(m).unwrap_or_default();
                            format!("{}（{capitals}）", super::money::shown(m))
                        }),
                    value,
                }
            })
            .collect(),
        error: mine.map(|a| a.message.clone()),
    }
}

/// The code of why `info` may not act now (`None`: it may), and the roles that may.
fn gate(
    info: &app::SessionInfo,
    state: &TradeState,
    gate: Gate,
) -> (Option<&'static str>, Vec<domain::Role>) {
    let relation = relation_to_trade(&info.actor, state);
    match gate {
        Gate::Matrix(action) => (
            authorize_on(info.actor.role, action, state, relation)
                .err()
                .map(|d| d.code()),
            domain::access::rules(action)
                .iter()
                .map(|(r, _)| *r)
                .collect(),
        ),
        Gate::Roles(roles) => {
            let why = (!roles.contains(&info.actor.role)).then_some("access.wrong_role");
            (why, roles.to_vec())
        }
        Gate::PartyRoles(roles) => {
            let party = matches!(
                relation,
                domain::Relation::Tenderer | domain::Relation::Agency
            );
            let why = if !roles.contains(&info.actor.role) {
                Some("access.wrong_role")
            } else if !party {
                Some("access.not_party")
            } else {
                None
            };
            (why, roles.to_vec())
        }
    }
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Text => "text",
        Kind::Area => "textarea",
        Kind::Date => "date",
        Kind::DateTime => "datetime-local",
        Kind::File => "file",
        Kind::Check => "checkbox",
        Kind::Money => "text",
        Kind::Pick(_) => "select",
    }
}
