//! The entry's back and forth as forms: staff return an entry with every reason to correct
//! (退回补正) and the applicant resubmits it; the applicant asks for the green channel
//! (绿色通道) and staff approve or refuse it. What the applicant is told (the reasons, the
//! decision) is read from the trade by [`status`].
use domain::trade::TradeState;
use domain::{Action, TradeCommand};

use super::step_forms::{Gate, Kind, Sent, Step, Wrong, f, file, reason, wrong};

const DECISIONS: &[(&str, &str)] = &[
    ("approve", "ui.steps.green.approve"),
    ("refuse", "ui.steps.green.refuse"),
];

pub const RETURN_ENTRY: Step = Step {
    id: "return_entry",
    gate: Gate::Matrix(Action::ReturnEntry),
    post: Some("acceptance"),
    fields: &[f("reasons", Kind::Area, "ui.steps.field.reasons")],
};

pub const RESUBMIT_ENTRY: Step = Step {
    id: "resubmit_entry",
    gate: Gate::Matrix(Action::ResubmitEntry),
    post: None,
    fields: &[
        f("note", Kind::Area, "ui.steps.field.note"),
        f("file", Kind::File, "ui.steps.field.corrected"),
    ],
};

pub const REQUEST_GREEN: Step = Step {
    id: "request_green",
    gate: Gate::Matrix(Action::RequestGreenChannel),
    post: None,
    fields: &[f("reason", Kind::Area, "ui.steps.field.green_reason")],
};

pub const DECIDE_GREEN: Step = Step {
    id: "decide_green",
    gate: Gate::Matrix(Action::DecideGreenChannel),
    post: Some("acceptance"),
    fields: &[
        f("decision", Kind::Pick(DECISIONS), "ui.steps.field.decision"),
        f("reason", Kind::Area, "ui.steps.field.reason"),
    ],
};

/// The command of one of these forms (`None`: the step is not one of them).
pub fn build(
    id: &str,
    sent: &Sent,
    files: &mut Vec<Vec<u8>>,
) -> Option<Result<TradeCommand, Wrong>> {
    Some(match id {
        "return_entry" => {
            let reasons: Vec<String> = sent
                .get("reasons")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect();
            if reasons.is_empty() {
                Err(wrong("reasons", "form.required"))
            } else {
                Ok(TradeCommand::ReturnEntry { reasons })
            }
        }
        "resubmit_entry" => match sent.get("note") {
            "" => Err(wrong("note", "form.required")),
            note => file(sent, "file", files).map(|file| TradeCommand::ResubmitEntry {
                note: note.to_owned(),
                file,
            }),
        },
        "request_green" => reason(sent).map(|reason| TradeCommand::RequestGreenChannel { reason }),
        "decide_green" => {
            let approve = match sent.get("decision") {
                "approve" => true,
                "refuse" => false,
                _ => return Some(Err(wrong("decision", "form.pick"))),
            };
            reason(sent).map(|reason| TradeCommand::DecideGreenChannel { approve, reason })
        }
        _ => return None,
    })
}

/// Why a form the matrix allows is still shut by the trade's state (the catalogue code), so
/// the page says so instead of offering a form that would be refused.
pub fn blocked(id: &str, state: &TradeState) -> Option<&'static str> {
    let pending = state.green.as_ref().is_some_and(|g| g.pending());
    let granted = state.registration.as_ref().is_some_and(|r| r.green_channel);
    match id {
        "accept" | "return_entry" if state.returned.is_some() => Some("trade.awaiting_corrections"),
        "resubmit_entry" if state.returned.is_none() => Some("trade.entry_not_returned"),
        "request_green" if granted => Some("trade.green_channel_granted"),
        "request_green" if pending => Some("trade.green_channel_pending"),
        "decide_green" if !pending => Some("trade.green_channel_not_requested"),
        _ => None,
    }
}

/// What the applicant and staff read about the entry: the reasons it was returned or
/// rejected for, and the green channel's request and decision.
#[derive(Default)]
pub struct EntryStatus {
    pub returned: Vec<String>,
    pub rejected: Option<String>,
    /// The catalogue key of the green channel's state and the reason given with it.
    pub green: Option<(&'static str, String)>,
}

pub fn status(state: &TradeState) -> EntryStatus {
    let rejected = (state.phase == domain::trade::Phase::Rejected)
        .then(|| state.end_reason.clone())
        .flatten();
    let green = state.green.as_ref().map(|g| match &g.decision {
        None => ("ui.steps.green.pending", g.reason.clone()),
        Some((true, why, _)) => ("ui.steps.green.approved", why.clone()),
        Some((false, why, _)) => ("ui.steps.green.refused", why.clone()),
    });
    EntryStatus {
        returned: state
            .returned
            .as_ref()
            .map(|r| r.reasons.clone())
            .unwrap_or_default(),
        rejected,
        green,
    }
}
