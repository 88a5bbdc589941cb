//! The workbench's queues as table rows: each row shows the forms of the actions the app
//! says the reader may take on it ([`app::queries::WorkRow::may`]).
use app::queries::{Booking, DeferredRow, Desk, QuestionRow, WorkRow};
use domain::Action;
use domain::TradeSummary;
use domain::experts::Seat;
use domain::venue::RoomPurpose;

use super::super::common::{local_input, serde_plain};
use super::super::{Tr, when};
use super::book::{Making, book_form};

pub struct Field {
    pub name: &'static str,
    pub label: String,
    /// An input type, or `select` (then `options`: value, label).
    pub kind: &'static str,
    pub value: String,
    pub required: bool,
    pub options: Vec<(String, String)>,
    /// The refusal names this field.
    pub wrong: bool,
}

pub struct Act {
    pub name: &'static str,
    pub action: String,
    pub label: String,
    pub fields: Vec<Field>,
    pub upload: bool,
    /// Why the last try of this form was refused, code and message (the form shows what
    /// was sent).
    pub error: Option<(&'static str, String)>,
}

pub struct Item {
    pub id: String,
    pub title: String,
    pub green: bool,
    pub status: String,
    pub due: String,
    pub actions: Vec<Act>,
    pub links: Vec<(String, String)>,
}

pub struct QueueView {
    pub id: &'static str,
    pub title: String,
    /// The column headers.
    pub heads: Vec<String>,
    pub items: Vec<Item>,
}

/// Column headers by their `ui.work.col.*` keys.
fn heads(t: &Tr, keys: [&str; 5]) -> Vec<String> {
    keys.iter()
        .map(|k| t.s(&format!("ui.work.col.{k}")).to_owned())
        .collect()
}

const TRADE_HEADS: [&str; 5] = ["id", "title", "status", "due", "actions"];

pub(super) fn field(
    t: &Tr,
    name: &'static str,
    key: &str,
    kind: &'static str,
    value: String,
) -> Field {
    Field {
        name,
        label: t.s(key).to_owned(),
        kind,
        value,
        required: true,
        options: vec![],
        wrong: false,
    }
}

pub(super) fn act(t: &Tr, id: &str, name: &'static str, key: &str, fields: Vec<Field>) -> Act {
    Act {
        name,
        action: format!("/work/trades/{id}/{name}"),
        label: t.s(key).to_owned(),
        upload: name == "documents",
        fields,
        error: None,
    }
}

fn queue(t: &Tr, id: &'static str, key: &str, items: Vec<Item>) -> QueueView {
    let keys = match id {
        "calendar" => ["room", "id", "use", "time", "actions"],
        "refunds-overdue" => ["id", "bidder", "status", "due", "actions"],
        "deferred" => ["id", "title", "document", "due", "actions"],
        _ => TRADE_HEADS,
    };
    QueueView {
        id,
        title: t.s(key).to_owned(),
        heads: heads(t, keys),
        items,
    }
}

/// A trade as a row: id, title, phase, and the acceptance due date.
fn item(t: &Tr, s: &TradeSummary) -> Item {
    Item {
        id: s.id.as_ref().map(|i| i.to_string()).unwrap_or_default(),
        title: s.title.clone(),
        green: s.green_channel,
        status: t.s(&format!("phase.{}", s.phase.as_str())).to_owned(),
        due: s
            .accept_by
            .map(|d| format!("{} {d}", t.s("ui.work.due")))
            .unwrap_or_default(),
        actions: vec![],
        links: vec![],
    }
}

/// The form of one action on a row's trade, with its fields' defaults.
fn form(t: &Tr, s: &TradeSummary, id: &str, action: Action, m: &Making) -> Option<Act> {
    Some(match action {
        Action::Accept => act(t, id, "accept", "ui.work.accept", vec![]),
        Action::BookVenue => book_form(t, id, m),
        Action::UploadTenderDocuments => {
            let file = field(t, "file", "ui.work.file", "file", String::new());
            act(t, id, "documents", "ui.work.upload", vec![file])
        }
        Action::PublishAnnouncement => {
            let deadline = s.venue.as_ref().map(|v| local_input(v.opening_at));
            let field = field(
                t,
                "deadline",
                "ui.work.deadline",
                "datetime-local",
                deadline.unwrap_or_default(),
            );
            act(t, id, "publish", "ui.work.publish", vec![field])
        }
        Action::ObtainDocuments => act(t, id, "obtain", "ui.work.obtain", vec![]),
        Action::AskQuestion => {
            let text = field(t, "text", "ui.qa.question_text", "text", String::new());
            act(t, id, "ask", "ui.qa.ask", vec![text])
        }
        _ => return None,
    })
}

/// A row with the forms the reader may use on it.
fn row(t: &Tr, r: &WorkRow, m: &Making) -> Item {
    let mut it = item(t, &r.trade);
    let id = it.id.clone();
    it.actions = r
        .may
        .iter()
        .filter_map(|a| form(t, &r.trade, &id, *a, m))
        .collect();
    it
}

fn linked(mut it: Item, href: String, key: &str, t: &Tr) -> Item {
    it.links.push((href, t.s(key).to_owned()));
    it
}

/// The desk's queues, in the order the page shows them.
pub fn queues(t: &Tr, desk: Desk, m: &Making) -> Vec<QueueView> {
    match desk {
        Desk::Staff {
            acceptance,
            venue,
            overdue,
            deferred,
            calendar,
        } => {
            let rows = |list: &[WorkRow]| list.iter().map(|r| row(t, r, m)).collect();
            vec![
                queue(
                    t,
                    "acceptance",
                    "ui.work.queue.acceptance",
                    rows(&acceptance),
                ),
                queue(t, "venue", "ui.work.queue.venue", rows(&venue)),
                queue(
                    t,
                    "refunds-overdue",
                    "ui.work.queue.refunds_overdue",
                    overdue_items(t, overdue),
                ),
                queue(
                    t,
                    "deferred",
                    "ui.work.queue.deferred",
                    deferred_items(t, &deferred),
                ),
                queue(
                    t,
                    "calendar",
                    "ui.work.queue.calendar",
                    calendar_items(t, &calendar),
                ),
            ]
        }
        Desk::Party { questions, mine } => {
            let mine = mine.iter().map(|r| {
                let it = row(t, r, m);
                let href = format!("/trades/{}", it.id);
                linked(it, href, "ui.trade.timeline", t)
            });
            vec![
                queue(t, "questions", "ui.qa.queue", question_items(t, &questions)),
                queue(t, "mine", "ui.work.queue.mine", mine.collect()),
            ]
        }
        Desk::Bidder { open, mine } => {
            let open = open.iter().map(|r| {
                let mut it = row(t, r, m);
                it.due = r
                    .trade
                    .bid_deadline
                    .map(|d| format!("{} {}", t.s("ui.trade.deadline"), when(d)))
                    .unwrap_or_default();
                let href = format!("/work/trades/{}/documents", it.id);
                let deposit = format!("/trades/{}/deposit", it.id);
                let it = linked(it, href, "ui.work.download", t);
                linked(it, deposit, "ui.deposit.link", t)
            });
            let mine = mine.iter().map(|r| {
                let it = row(t, r, m);
                let href = format!("/trades/{}", it.id);
                linked(it, href, "ui.work.view", t)
            });
            vec![
                queue(t, "tenders", "ui.work.queue.tenders", open.collect()),
                queue(t, "my-trades", "ui.work.queue.my_trades", mine.collect()),
            ]
        }
        Desk::Watch {
            invitations,
            trades,
        } => {
            let mut queues: Vec<QueueView> = invitations
                .map(|list| invitation_queue(t, &list))
                .into_iter()
                .collect();
            let all = trades.iter().map(|r| {
                let it = row(t, r, m);
                let live = format!("/work/trades/{}/live", it.id);
                let log = format!("/work/log?trade={}", it.id);
                linked(linked(it, live, "ui.live.title", t), log, "ui.work.log", t)
            });
            queues.push(queue(t, "all", "ui.work.queue.all", all.collect()));
            queues
        }
    }
}

/// Deposits owed back past their legal due date (refund alerts).
fn overdue_items(t: &Tr, overdue: Vec<app::queries::OverdueRow>) -> Vec<Item> {
    overdue
        .into_iter()
        .map(|o| Item {
            links: vec![(
                format!("/trades/{}", o.trade),
                t.s("ui.work.view").to_owned(),
            )],
            id: o.trade,
            title: o.bidder,
            green: false,
            status: t.s("ui.work.overdue").to_owned(),
            due: format!("{} {}", t.s("ui.work.due"), o.due),
            actions: vec![],
        })
        .collect()
}

/// Deferred documents (容缺) still to come, by due date.
fn deferred_items(t: &Tr, deferred: &[DeferredRow]) -> Vec<Item> {
    deferred
        .iter()
        .map(|d| {
            let mut it = item(t, &d.trade);
            let late = if d.overdue {
                format!(" · {}", t.s("ui.work.overdue"))
            } else {
                String::new()
            };
            it.status = d.document.clone();
            it.due = format!("{} {}{late}", t.s("ui.work.due"), d.due);
            it
        })
        .collect()
}

/// The venue calendar: every booking from now on, by time.
fn calendar_items(t: &Tr, calendar: &[Booking]) -> Vec<Item> {
    calendar
        .iter()
        .map(|b| {
            let purpose = match b.purpose {
                RoomPurpose::Opening => "opening",
                RoomPurpose::Evaluation => "evaluation",
            };
            Item {
                id: super::super::room_name(t, &b.room),
                title: b.trade.to_string(),
                green: false,
                status: t.s(&format!("ui.work.room.{purpose}")).to_owned(),
                due: format!("{} – {}", when(b.from), when(b.to)),
                actions: vec![],
                links: vec![],
            }
        })
        .collect()
}

/// Questions on the documents waiting for an answer (the asker is sealed).
fn question_items(t: &Tr, questions: &[QuestionRow]) -> Vec<Item> {
    questions
        .iter()
        .map(|q| {
            let mut it = item(t, &q.row.trade);
            it.title = format!(
                "{} · {}{}：{}",
                q.row.trade.title,
                t.s("ui.qa.question"),
                q.number,
                q.text
            );
            if q.row.may(Action::AnswerQuestion) {
                let fields = vec![
                    Field {
                        name: "number",
                        label: t.s("ui.qa.number").to_owned(),
                        kind: "hidden",
                        value: q.number.to_string(),
                        required: true,
                        options: vec![],
                        wrong: false,
                    },
                    field(t, "answer", "ui.qa.answer_text", "text", String::new()),
                ];
                it.actions = vec![act(t, &it.id, "answer", "ui.qa.answer", fields)];
            }
            it
        })
        .collect()
}

/// An expert's invitations, with confirm / decline forms while a seat is pending.
fn invitation_queue(t: &Tr, invitations: &[app::experts::Invitation]) -> QueueView {
    let items = invitations
        .iter()
        .map(|inv| {
            let action = format!("/trades/{}/draw/answer", inv.trade);
            let hidden = |name, value: &str| Field {
                name,
                label: String::new(),
                kind: "hidden",
                value: value.to_owned(),
                required: false,
                options: vec![],
                wrong: false,
            };
            let actions = if inv.status == Seat::Pending {
                let reason = Field {
                    required: true,
                    ..field(t, "reason", "ui.draw.reason", "text", String::new())
                };
                vec![
                    Act {
                        name: "yes",
                        action: format!("{action}?accept=yes"),
                        label: t.s("ui.draw.confirm").to_owned(),
                        fields: vec![hidden("accept", "yes")],
                        upload: false,
                        error: None,
                    },
                    Act {
                        name: "no",
                        action,
                        label: t.s("ui.draw.decline").to_owned(),
                        fields: vec![reason],
                        upload: false,
                        error: None,
                    },
                ]
            } else {
                Vec::new()
            };
            Item {
                id: inv.trade.clone(),
                title: format!("{} · {}", inv.title, inv.place),
                green: false,
                status: t
                    .s(&format!("ui.draw.seat.{}", serde_plain(&inv.status)))
                    .to_owned(),
                due: format!(
                    "{} – {}",
                    when(inv.evaluation.from),
                    when(inv.evaluation.to)
                ),
                actions,
                links: Vec::new(),
            }
        })
        .collect();
    QueueView {
        id: "invitations",
        title: t.s("ui.draw.invitations").to_owned(),
        heads: heads(t, ["id", "title", "status", "time", "actions"]),
        items,
    }
}
