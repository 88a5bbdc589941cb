//! The template's example row: what the downloadable template shows filled in.

use domain::UnifiedSocialCreditCode;
use domain::experts::{
    DateRange, Employment, EmploymentRole, Expert, ExpertCredit, ExpertId, Relation, RelationKind,
    RelationTarget, SpecialtyCode, Title,
};
use domain::values::RegionCode;
use time::macros::date;

use crate::ImportedRow;

fn org(code: &str) -> UnifiedSocialCreditCode {
    UnifiedSocialCreditCode::parse(code).expect("a valid code")
}

/// The template's example row: every column filled, every list with more than one item.
pub(crate) fn example() -> ImportedRow {
    let code = |s: &str| SpecialtyCode::parse(s).expect("valid");
    ImportedRow {
        expert: Expert {
            id: ExpertId::parse("E000001").expect("valid"),
            name: "张伟".into(),
            specialties: vec![code("A01.02"), code("B01")],
            region: RegionCode::parse("330106").expect("valid"),
            employers: vec![
                Employment {
                    org: org("91320100MA0000015Q"),
                    role: EmploymentRole::Employee,
                    from: date!(2015 - 03 - 01),
                    to: Some(date!(2022 - 06 - 30)),
                },
                Employment {
                    org: org("91320100MA0000023K"),
                    role: EmploymentRole::Director,
                    from: date!(2022 - 07 - 01),
                    to: None,
                },
            ],
            title: Title::Senior,
            birth_date: date!(1975 - 06 - 15),
            relations: vec![
                Relation {
                    kind: RelationKind::Relative,
                    target: RelationTarget::Person("李娜".into()),
                },
                Relation {
                    kind: RelationKind::Shareholding,
                    target: RelationTarget::Org(org("91320100MA0000031E")),
                },
            ],
            leave: vec![DateRange {
                from: date!(2026 - 10 - 10),
                to: date!(2026 - 10 - 16),
            }],
            bookings: Vec::new(),
            conduct: Vec::new(),
            credit: ExpertCredit::Good,
            active: true,
        },
        phone: Some("13800138000".into()),
        person: None,
        line: 2,
    }
}
