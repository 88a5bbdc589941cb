//! A filing (challenge or objection) as the caller may see it: who filed only for those who
//! may know, the reply, the complaint with its handling and the supervisor's limits.
use domain::{Actor, Role};
use evaluation::challenge::{ChallengeBook, Filing, FilingKind, Handling, Subject, TradeFacts};
use serde::Serialize;
use time::OffsetDateTime;

use super::periods_view::{PeriodView, supervisor_limits};
use super::view::is_org;

/// A filing as the caller may see it (`org`, `person` only for those who may know who filed).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FilingView {
    pub number: u32,
    pub kind: FilingKind,
    pub subject: Subject,
    pub org: Option<String>,
    pub person: Option<String>,
    pub text: String,
    pub window: PeriodView,
    pub reply_due: PeriodView,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub reply: Option<ReplyView>,
    pub complaint: Option<ComplaintView>,
    /// The caller filed it.
    pub yours: bool,
    /// The caller may complain about it now (its filer, no complaint yet).
    pub may_complain: bool,
    /// The complaint window, once it can be computed.
    pub complaint_due: Option<PeriodView>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReplyView {
    pub text: String,
    pub late: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ComplaintView {
    pub text: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub window: PeriodView,
    /// `accept`, `suspend`, `dismiss` in order, with the supervisor's note.
    pub handling: Vec<(Handling, String)>,
    pub dismissed: bool,
    /// The supervisor's own limits: decide whether to accept (construction: 3 个工作日,
    /// 招标投标法实施条例 第61条; procurement: review within 5 个工作日, 政府采购法 第56条) and
    /// decide (30 个工作日, both; time for testing or experts excluded, not counted here).
    pub handling_due: Vec<PeriodView>,
}

pub(super) fn filing_view(
    x: &Filing,
    actor: &Actor,
    inside: bool,
    facts: &TradeFacts,
    cal: &legal_time::Calendar,
    now: OffsetDateTime,
) -> FilingView {
    let yours = actor.role == Role::Bidder && is_org(actor, &x.org);
    let who = inside || yours;
    let complaint_due = ChallengeBook::complaint_window(facts, x, cal)
        .ok()
        .map(|d| PeriodView::of(&d, x.complaint.is_some()));
    FilingView {
        number: x.number,
        kind: x.kind,
        subject: x.subject,
        org: who.then(|| x.org.to_string()),
        person: who.then(|| x.person.clone()),
        text: x.text.clone(),
        window: PeriodView::window(&x.window, true),
        reply_due: PeriodView::window(&x.reply_due, x.reply.is_some()),
        at: x.at,
        reply: x.reply.as_ref().map(|r| ReplyView {
            text: r.text.clone(),
            late: r.late,
            at: r.at,
        }),
        complaint: x.complaint.as_ref().map(|c| ComplaintView {
            text: c.text.clone(),
            at: c.at,
            window: PeriodView::window(&c.window, true),
            handling: c
                .handling
                .iter()
                .map(|h| (h.decision, h.note.clone()))
                .collect(),
            dismissed: c.dismissed(),
            handling_due: supervisor_limits(x.kind, c.at, cal, !c.handling.is_empty()),
        }),
        yours,
        may_complain: yours
            && x.complaint.is_none()
            && (x.reply.is_some() || now >= x.reply_due.ends_at),
        complaint_due,
    }
}
