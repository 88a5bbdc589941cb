//! One expert's file: import keeps the platform's own records, only the expert declares for
//! itself, ratings are one per rater and trade, and conduct and ratings set the credit
//! standing a draw judges.
use domain::experts::bench::synthetic_pool;
use domain::experts::{
    ConductKind, ConductRecord, CreditPolicy, DateRange, ExpertCommand, ExpertCredit, ExpertFile,
    Rater, TimeRange,
};
use domain::{Actor, Aggregate, Context, Role, TradeId};
use legal_time::{Calendar, OffsetDateTime};
use time::macros::{date, datetime};

const NOW: OffsetDateTime = datetime!(2026-11-20 10:00 +8);

fn run(
    file: &mut ExpertFile,
    cmd: ExpertCommand,
    actor: &Actor,
) -> Result<(), domain::experts::ExpertFileError> {
    let calendar = Calendar::empty();
    let ctx = Context {
        now: NOW,
        actor,
        calendar: &calendar,
    };
    for e in file.decide(&cmd, &ctx)? {
        file.evolve(&e);
    }
    Ok(())
}

fn staff() -> Actor {
    Actor::new("staff-wang", Role::CenterStaff)
}

fn imported() -> ExpertFile {
    let mut f = ExpertFile::default();
    let expert = synthetic_pool(1, 7).remove(0);
    run(
        &mut f,
        ExpertCommand::Import {
            expert,
            phone: Some("13800000000".into()),
            person: Some("expert-zhao".into()),
        },
        &staff(),
    )
    .unwrap();
    f
}

fn warning(day: time::Date) -> ExpertCommand {
    ExpertCommand::RecordConduct {
        record: ConductRecord {
            date: day,
            kind: ConductKind::Warning,
            until: None,
            note: "late".into(),
        },
        trade: None,
    }
}

fn rate(trade: &str, score: u8) -> ExpertCommand {
    ExpertCommand::Rate {
        trade: TradeId::parse(trade).unwrap(),
        rater: Rater::Tenderer,
        score,
        note: String::new(),
    }
}

#[test]
fn reimport_keeps_conduct_and_bookings() {
    let mut f = imported();
    run(&mut f, warning(date!(2026 - 01 - 05)), &staff()).unwrap();
    let range = TimeRange {
        from: datetime!(2026-12-01 09:00 +8),
        to: datetime!(2026-12-01 17:00 +8),
    };
    run(
        &mut f,
        ExpertCommand::Book {
            trade: TradeId::parse("GC-2026-0001").unwrap(),
            range,
        },
        &Actor::platform(),
    )
    .unwrap();
    let again = f.expert.clone().unwrap();
    run(
        &mut f,
        ExpertCommand::Import {
            expert: again,
            phone: None,
            person: None,
        },
        &staff(),
    )
    .unwrap();
    let e = f.expert.as_ref().unwrap();
    assert_eq!(e.conduct.len(), 1);
    assert_eq!(e.bookings, vec![range]);
    assert_eq!(
        f.person.as_deref(),
        Some("expert-zhao"),
        "the account link stays"
    );
}

#[test]
fn only_the_expert_declares_and_only_staff_import() {
    let mut f = imported();
    let declare = ExpertCommand::Declare {
        employers: vec![],
        relations: vec![],
        leave: vec![DateRange {
            from: date!(2026 - 12 - 01),
            to: date!(2026 - 12 - 03),
        }],
    };
    let other = Actor::new("expert-qian", Role::Expert);
    assert_eq!(
        run(&mut f, declare.clone(), &other).unwrap_err().code(),
        "expert.not_you"
    );
    let bidder = Actor::new("bidder-1", Role::Bidder);
    assert_eq!(
        run(&mut f, declare.clone(), &bidder).unwrap_err().code(),
        "expert.wrong_role"
    );
    run(&mut f, declare, &Actor::new("expert-zhao", Role::Expert)).unwrap();
    assert_eq!(f.expert.as_ref().unwrap().leave.len(), 1);
    let expert = f.expert.clone().unwrap();
    let import = ExpertCommand::Import {
        expert,
        phone: None,
        person: None,
    };
    assert_eq!(
        run(&mut f, import, &Actor::new("expert-zhao", Role::Expert))
            .unwrap_err()
            .code(),
        "expert.wrong_role"
    );
}

#[test]
fn ratings_are_one_per_rater_and_trade_and_in_range() {
    let mut f = imported();
    let tenderer = Actor::new("tenderer-1", Role::Tenderer);
    assert_eq!(
        run(&mut f, rate("GC-2026-0001", 0), &tenderer)
            .unwrap_err()
            .code(),
        "expert.bad_score"
    );
    run(&mut f, rate("GC-2026-0001", 4), &tenderer).unwrap();
    assert_eq!(
        run(&mut f, rate("GC-2026-0001", 4), &tenderer)
            .unwrap_err()
            .code(),
        "expert.already_rated"
    );
    let itself = Actor::new("expert-zhao", Role::Expert);
    assert_eq!(
        run(&mut f, rate("GC-2026-0002", 5), &itself)
            .unwrap_err()
            .code(),
        "expert.not_you"
    );
}

#[test]
fn conduct_and_ratings_set_the_credit_standing() {
    let policy = CreditPolicy::default();
    let today = date!(2026 - 11 - 20);
    let mut f = imported();
    assert_eq!(
        f.effective(today, &policy).unwrap().credit,
        ExpertCredit::Good
    );
    // a warning four years ago no longer counts; one within three years watches
    run(&mut f, warning(date!(2022 - 11 - 01)), &staff()).unwrap();
    assert_eq!(
        f.effective(today, &policy).unwrap().credit,
        ExpertCredit::Good
    );
    run(&mut f, warning(date!(2025 - 01 - 01)), &staff()).unwrap();
    assert_eq!(
        f.effective(today, &policy).unwrap().credit,
        ExpertCredit::Watch
    );
    run(&mut f, warning(date!(2026 - 06 - 01)), &staff()).unwrap();
    assert_eq!(
        f.effective(today, &policy).unwrap().credit,
        ExpertCredit::Restricted
    );

    // low ratings: two are not enough, three averaging below 3 watch
    let mut g = imported();
    for (i, s) in [2u8, 2].into_iter().enumerate() {
        let who = Actor::new(format!("tenderer-{i}"), Role::Tenderer);
        run(&mut g, rate("GC-2026-0001", s), &who).unwrap();
    }
    assert_eq!(
        g.effective(today, &policy).unwrap().credit,
        ExpertCredit::Good
    );
    run(
        &mut g,
        rate("GC-2026-0001", 4),
        &Actor::new("agency-li", Role::Agency),
    )
    .unwrap();
    assert_eq!(
        g.effective(today, &policy).unwrap().credit,
        ExpertCredit::Watch
    );
}

#[test]
fn a_pool_file_is_one_event_all_or_nothing_and_keeps_the_platforms_records() {
    use domain::experts::{PoolCommand, PoolImports, PoolRowData};
    let calendar = Calendar::empty();
    let staff = staff();
    let ctx = Context {
        now: NOW,
        actor: &staff,
        calendar: &calendar,
    };
    let pool = synthetic_pool(3, 9);
    let row = |e: &domain::experts::Expert| PoolRowData {
        expert: e.clone(),
        phone: None,
        person: None,
    };
    let imports = PoolImports::default();
    let dup = PoolCommand::Import {
        rows: vec![row(&pool[0]), row(&pool[1]), row(&pool[0])],
        source: None,
    };
    assert_eq!(
        imports.decide(&dup, &ctx).unwrap_err().code(),
        "expert.duplicate"
    );
    let bidder = Actor::new("bidder-1", Role::Bidder);
    let by_bidder = Context {
        now: NOW,
        actor: &bidder,
        calendar: &calendar,
    };
    let ok = PoolCommand::Import {
        rows: pool.iter().map(row).collect(),
        source: None,
    };
    assert_eq!(
        imports.decide(&ok, &by_bidder).unwrap_err().code(),
        "expert.wrong_role"
    );
    let events = imports.decide(&ok, &ctx).unwrap();
    assert_eq!(events.len(), 1, "one event for the whole file");

    // folded into a file that has a conduct record and an account: both stay
    let mut f = imported();
    run(&mut f, warning(date!(2026 - 01 - 05)), &staff).unwrap();
    let mut again = f.expert.clone().unwrap();
    again.name = "改名".into();
    f.apply_import(&PoolRowData {
        expert: again,
        phone: None,
        person: None,
    });
    let e = f.expert.as_ref().unwrap();
    assert_eq!((e.name.as_str(), e.conduct.len()), ("改名", 1));
    assert_eq!(f.person.as_deref(), Some("expert-zhao"));
}
