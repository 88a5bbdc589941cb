//! The workbench's 待办事项 table: the app's to-dos ([`app::queries::todos`]) as rows with
//! the kind in words, the trade by title, the due date, the rule that sets it, an overdue
//! mark and a link to the page where the work is done.
use app::queries::{Due, Todo, TodoKind};

use super::super::{Tr, room_name, when};

pub struct TodoView {
    /// The kind's key (`todo.<kind>`), for the row's class and tests.
    pub kind: &'static str,
    pub what: String,
    pub trade: String,
    pub title: String,
    pub detail: String,
    pub due: String,
    pub article: String,
    pub overdue: bool,
    pub href: String,
}

/// Where the work of a to-do is done.
fn href(kind: TodoKind, id: &str) -> String {
    use TodoKind::*;
    match kind {
        Entry | Booking | Deferred | Publish | Award => format!("/work/trades/{id}/steps"),
        Draw => format!("/trades/{id}/draw"),
        Opening => format!("/trades/{id}/opening"),
        Bid => format!("/trades/{id}/bid"),
        Room | Clarification => format!("/trades/{id}/room"),
        Refund | Result => format!("/trades/{id}"),
    }
}

fn due(t: &Tr, d: Option<Due>) -> String {
    match d {
        Some(Due::Day(day)) => day.to_string(),
        Some(Due::At(at)) => when(at),
        None => t.s("ui.todo.no_due").to_owned(),
    }
}

/// A room to-do's detail is `room|purpose`: the room by name and what it is booked for.
fn detail(t: &Tr, todo: &Todo) -> String {
    match (todo.kind, todo.detail.split_once('|')) {
        (TodoKind::Room, Some((room, purpose))) => format!(
            "{} · {}",
            room_name(t, room),
            t.s(&format!("ui.work.room.{purpose}"))
        ),
        _ => todo.detail.clone(),
    }
}

pub fn views(t: &Tr, list: Vec<Todo>) -> Vec<TodoView> {
    list.into_iter()
        .map(|todo| {
            let id = todo.trade.to_string();
            TodoView {
                kind: todo.kind.as_str(),
                what: t.s(&format!("todo.{}", todo.kind.as_str())).to_owned(),
                href: href(todo.kind, &id),
                detail: detail(t, &todo),
                due: due(t, todo.due),
                // The rule table's source markers ([S], [M]) are for auditors, not for this list.
                article: todo
                    .article
                    .map(|a| a.split(" [").next().unwrap_or(a).to_owned())
                    .unwrap_or_default(),
                overdue: todo.overdue,
                title: todo.title,
                trade: id,
            }
        })
        .collect()
}

/// How many to-dos of each kind, in the order they first appear.
pub fn counts(list: &[TodoView]) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for d in list {
        match out.iter_mut().find(|(what, _)| *what == d.what) {
            Some((_, n)) => *n += 1,
            None => out.push((d.what.clone(), 1)),
        }
    }
    out
}
