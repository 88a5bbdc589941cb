//! The canonical text of each cell, the inverse of `cells`: what the writers put in a file.

use domain::experts::{
    DateRange, Employment, EmploymentRole, ExpertCredit, Relation, RelationKind, RelationTarget,
    Title,
};
use legal_time::Date;

use crate::ImportedRow;
use crate::columns::Column;

pub fn date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

fn title(t: Title) -> &'static str {
    match t {
        Title::Senior => "senior",
        Title::AssociateSenior => "associate_senior",
        Title::Intermediate => "intermediate",
        Title::Other => "other",
    }
}

fn credit(c: ExpertCredit) -> &'static str {
    match c {
        ExpertCredit::Good => "good",
        ExpertCredit::Watch => "watch",
        ExpertCredit::Restricted => "restricted",
    }
}

fn employer(e: &Employment) -> String {
    let role = match e.role {
        EmploymentRole::Employee => "employee",
        EmploymentRole::Director => "director",
        EmploymentRole::BoardSupervisor => "board_supervisor",
        EmploymentRole::Controller => "controller",
    };
    let to = e.to.map(date).unwrap_or_default();
    format!("{}:{role}:{}..{to}", e.org, date(e.from))
}

fn relation(r: &Relation) -> String {
    let kind = match r.kind {
        RelationKind::Relative => "relative",
        RelationKind::Shareholding => "shareholding",
        RelationKind::Other => "other",
    };
    match &r.target {
        RelationTarget::Org(org) => format!("{kind}:org:{org}"),
        RelationTarget::Person(name) => format!("{kind}:person:{name}"),
    }
}

fn leave(l: &DateRange) -> String {
    format!("{}..{}", date(l.from), date(l.to))
}

fn list<T>(items: &[T], f: impl Fn(&T) -> String) -> String {
    items.iter().map(f).collect::<Vec<_>>().join(";")
}

/// One row's cells in [`Column::ALL`] order.
pub fn cells(row: &ImportedRow) -> Vec<String> {
    let e = &row.expert;
    Column::ALL
        .into_iter()
        .map(|c| match c {
            Column::Id => e.id.to_string(),
            Column::Name => e.name.clone(),
            Column::Specialties => list(&e.specialties, ToString::to_string),
            Column::Region => e.region.as_str().to_owned(),
            Column::Title => title(e.title).to_owned(),
            Column::BirthDate => date(e.birth_date),
            Column::Employers => list(&e.employers, employer),
            Column::Relations => list(&e.relations, relation),
            Column::Leave => list(&e.leave, leave),
            Column::Credit => credit(e.credit).to_owned(),
            Column::Active => e.active.to_string(),
            Column::Phone => row.phone.clone().unwrap_or_default(),
            Column::Account => row.person.clone().unwrap_or_default(),
        })
        .collect()
}

pub(crate) fn employers_cell(items: &[Employment]) -> String {
    list(items, employer)
}

pub(crate) fn relations_cell(items: &[Relation]) -> String {
    list(items, relation)
}

pub(crate) fn leave_cell(items: &[DateRange]) -> String {
    list(items, leave)
}
