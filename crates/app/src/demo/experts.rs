//! The demo expert pool: seven experts with sign-in accounts (`expert-*`), the only ones
//! serving the lighting specialty [`DEMO_SPECIALTY`], so a draw for it reaches people a
//! newcomer can sign in as; and forty synthetic experts in other specialties.

use domain::experts::bench::synthetic_pool;
use domain::experts::{Expert, ExpertCredit, ExpertId, SpecialtyCode, Title};
use domain::{Actor, RegionCode, Role};
use time::macros::date;

use crate::error::AppError;
use crate::experts::PoolRow;
use crate::platform::Platform;
use crate::stream::Meta;

/// 电气照明 (a specialty only the demo experts with accounts serve).
pub const DEMO_SPECIALTY: &str = "D09.01";

/// The demo experts who can sign in: (person id, name, region).
pub const DEMO_EXPERTS: [(&str, &str, &str); 7] = [
    ("expert-zhao", "赵立新", "330100"),
    ("expert-qian", "钱文博", "330200"),
    ("expert-sun", "孙嘉怡", "320100"),
    ("expert-li", "李国栋", "310000"),
    ("expert-zhou", "周晓梅", "330106"),
    ("expert-wu", "吴振华", "440300"),
    ("expert-zheng", "郑雅琴", "320100"),
];

pub fn demo_pool() -> Vec<PoolRow> {
    let mut rows: Vec<PoolRow> = DEMO_EXPERTS
        .iter()
        .enumerate()
        .map(|(i, (person, name, region))| PoolRow {
            expert: Expert {
                id: ExpertId::parse(&format!("EX-{:03}", i + 1)).expect("valid"),
                name: (*name).to_owned(),
                specialties: vec![
                    SpecialtyCode::parse(DEMO_SPECIALTY).expect("valid"),
                    SpecialtyCode::parse("A01.01").expect("valid"),
                ],
                region: RegionCode::parse(region).expect("valid"),
                employers: Vec::new(),
                title: Title::Senior,
                birth_date: date!(1970 - 05 - 01) + time::Duration::days(400 * i as i64),
                relations: Vec::new(),
                leave: Vec::new(),
                bookings: Vec::new(),
                conduct: Vec::new(),
                credit: ExpertCredit::Good,
                active: true,
            },
            phone: Some(format!("1380000{:04}", i + 1)),
            person: Some((*person).to_owned()),
        })
        .collect();
    rows.extend(synthetic_pool(40, 3).into_iter().map(|mut e| {
        e.bookings.clear();
        e.leave.clear();
        PoolRow {
            expert: e,
            phone: None,
            person: None,
        }
    }));
    rows
}

/// Imports [`demo_pool`] as the demo's setup identity.
pub async fn seed_pool(platform: &Platform) -> Result<(), AppError> {
    let setup = Actor::new("demo-setup", Role::CenterStaff);
    crate::experts::import(platform, demo_pool(), None, &setup, &Meta::default()).await?;
    Ok(())
}
