//! A synthetic pool for benchmarks and round-trip tests: the domain's own synthetic pool
//! (`domain::experts::bench::synthetic_pool`), cut to what a file carries, with names, titles,
//! person relations and phone numbers added.

use domain::experts::bench::{synthetic_org, synthetic_pool};
use domain::experts::select::ChaChaWords;
use domain::experts::{
    EmploymentRole, Relation, RelationKind, RelationTarget, SpecialtyCode, Title,
};

use crate::ImportedRow;

const SURNAMES: [&str; 12] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "欧阳", "司马",
];
const GIVEN: [&str; 12] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "建国", "晓燕",
];
const TITLES: [Title; 4] = [
    Title::Senior,
    Title::AssociateSenior,
    Title::Intermediate,
    Title::Other,
];
const ROLES: [EmploymentRole; 4] = [
    EmploymentRole::Employee,
    EmploymentRole::Director,
    EmploymentRole::BoardSupervisor,
    EmploymentRole::Controller,
];

/// `n` experts made deterministically from `seed`, each at the line it has in a written file
/// (`index + 2`). Bookings and conduct records are empty, as an import leaves them.
pub fn synthetic(n: usize, seed: u64) -> Vec<ImportedRow> {
    // the domain's pool takes a one-byte seed; the full seed drives what is added here
    let folded = seed.to_le_bytes().iter().fold(0u8, |a, b| a ^ b);
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    let mut words = ChaChaWords::new(key, 1);
    let mut r = move |m: u32| words.next().expect("endless") % m;
    synthetic_pool(n, folded)
        .into_iter()
        .enumerate()
        .map(|(i, mut e)| {
            e.bookings.clear();
            e.conduct.clear();
            let mut specialties: Vec<SpecialtyCode> = Vec::new();
            for s in e.specialties {
                if !specialties.contains(&s) {
                    specialties.push(s);
                }
            }
            e.specialties = specialties;
            e.name = format!("{}{}", SURNAMES[r(12) as usize], GIVEN[r(12) as usize]);
            e.title = TITLES[r(4) as usize];
            for job in &mut e.employers {
                job.role = ROLES[r(4) as usize];
            }
            match r(25) {
                0 => e.relations.push(Relation {
                    kind: RelationKind::Relative,
                    target: RelationTarget::Person(format!("{}某", SURNAMES[r(12) as usize])),
                }),
                1 => e.relations.push(Relation {
                    kind: RelationKind::Other,
                    target: RelationTarget::Org(synthetic_org(r(400))),
                }),
                _ => {}
            }
            let phone = (r(10) != 0).then(|| format!("1{}{:09}", 3 + r(7), r(1_000_000_000)));
            ImportedRow {
                expert: e,
                phone,
                person: None,
                line: i + 2,
            }
        })
        .collect()
}
