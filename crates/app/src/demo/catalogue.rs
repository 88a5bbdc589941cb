//! The demo's trades: their parties, methods, rooms and real 2026 dates.
use domain::trade::TradeCommand;
use domain::{BusinessLine, Method};
use legal_time::Date;
use time::macros::{date, datetime};

use super::builder::{SHARE_STEP, steps_of};
use super::parties::*;
use super::plans::{Cmd, Plan, Step, Times};

pub(super) fn construction() -> Plan {
    Plan {
        id: "GC-2026-0301",
        title: "市第一中学教学楼改造工程施工",
        line: BusinessLine::Construction,
        method: Method::OpenTendering,
        estimate: "45000000.00",
        tenderer: 1,
        green: false,
        deferred: Some((
            "施工图审查合格书",
            date!(2026 - 03 - 13),
            datetime!(2026-03-10 10:00 +8),
        )),
        bidders: vec![1, 2, 3, 4],
        committee: 5,
        ranked: vec![2, 1, 3],
        rooms: ("opening-1", "evaluation-1"),
        t: Times {
            register: datetime!(2026-03-02 09:00 +8),
            accept: datetime!(2026-03-02 14:00 +8),
            book: datetime!(2026-03-03 10:00 +8),
            upload: datetime!(2026-03-03 11:00 +8),
            announce: datetime!(2026-03-04 10:00 +8),
            deadline: datetime!(2026-03-26 09:30 +8),
            eval: (
                datetime!(2026-03-26 13:00 +8),
                datetime!(2026-03-26 18:00 +8),
            ),
            draw: datetime!(2026-03-25 16:00 +8),
            bid: datetime!(2026-03-25 17:00 +8),
            evaluate: datetime!(2026-03-26 17:00 +8),
            node6: (
                datetime!(2026-03-27 10:00 +8),
                datetime!(2026-03-31 09:00 +8),
            ),
            confirm: datetime!(2026-04-01 10:00 +8),
        },
        stop_before: 8,
    }
}

pub(super) fn procurement() -> Plan {
    Plan {
        id: "ZC-2026-0407",
        title: "区人民医院医疗设备采购",
        line: BusinessLine::Procurement,
        method: Method::OpenTendering,
        estimate: "12000000",
        tenderer: 2,
        green: true,
        deferred: None,
        bidders: vec![5, 6, 7, 8],
        committee: 7,
        ranked: vec![7, 5, 6],
        rooms: ("opening-1", "evaluation-2"),
        t: Times {
            register: datetime!(2026-04-07 09:00 +8),
            accept: datetime!(2026-04-07 15:00 +8),
            book: datetime!(2026-04-08 09:00 +8),
            upload: datetime!(2026-04-08 10:00 +8),
            announce: datetime!(2026-04-09 10:00 +8),
            deadline: datetime!(2026-04-29 09:30 +8),
            eval: (
                datetime!(2026-04-29 10:00 +8),
                datetime!(2026-04-29 17:00 +8),
            ),
            draw: datetime!(2026-04-27 10:00 +8),
            bid: datetime!(2026-04-27 11:00 +8),
            evaluate: datetime!(2026-04-29 16:00 +8),
            node6: (
                datetime!(2026-04-30 10:00 +8),
                datetime!(2026-05-06 09:00 +8),
            ),
            confirm: datetime!(2026-05-08 09:00 +8),
        },
        stop_before: 8,
    }
}

pub(super) fn consultation() -> Plan {
    Plan {
        id: "ZC-2026-0601",
        title: "智慧政务平台运维服务",
        line: BusinessLine::Procurement,
        method: Method::CompetitiveConsultation,
        estimate: "800000",
        tenderer: 3,
        green: false,
        deferred: None,
        bidders: vec![9, 10, 11],
        committee: 3,
        ranked: vec![11, 9],
        rooms: ("opening-2", "evaluation-1"),
        t: Times {
            register: datetime!(2026-06-01 09:00 +8),
            accept: datetime!(2026-06-01 16:00 +8),
            book: datetime!(2026-06-02 09:00 +8),
            upload: datetime!(2026-06-02 10:00 +8),
            announce: datetime!(2026-06-02 15:00 +8),
            deadline: datetime!(2026-06-15 09:30 +8),
            eval: (
                datetime!(2026-06-15 10:00 +8),
                datetime!(2026-06-15 12:00 +8),
            ),
            draw: datetime!(2026-06-12 09:00 +8),
            bid: datetime!(2026-06-12 10:00 +8),
            evaluate: datetime!(2026-06-15 11:30 +8),
            node6: (
                datetime!(2026-06-16 09:00 +8),
                datetime!(2026-06-17 09:00 +8),
            ),
            confirm: datetime!(2026-06-22 09:00 +8),
        },
        stop_before: 8,
    }
}

/// Construction tender with two bids: no opening, re-tender (招标投标法 第28条).
pub(super) fn failing() -> Vec<Step> {
    let mut plan = construction();
    plan.id = "GC-2026-0302";
    plan.title = "滨江路排水管网改造工程施工";
    plan.tenderer = 4;
    plan.deferred = None;
    plan.bidders = vec![12, 13];
    plan.rooms = ("opening-2", "evaluation-2");
    plan.stop_before = 8;
    let mut steps: Vec<Step> = steps_of(&plan)
        .into_iter()
        .take_while(|s| s.label != "evaluation report recorded")
        .filter(|s| s.label != SHARE_STEP)
        .collect();
    let mut retender = steps.last().map(|s| Step {
        at: s.at + time::Duration::hours(2),
        trade: s.trade.clone(),
        title: s.title.clone(),
        line: s.line,
        node: 2,
        label: "re-tender: a new round starts".into(),
        actor: agency(),
        expect_refusal: None,
        cmd: Cmd::Ready(TradeCommand::Retender {
            reason: "有效投标不足三家，依法重新招标".into(),
        }),
    });
    steps.extend(retender.take());
    steps
}

/// A construction trade from September 2026 that stops before node `stop`. Trades that stop
/// before the opening have their deadline in late November, after the moment `serve --demo`
/// starts its clock, so bidders can still act on them; the others ran in October.
pub(super) fn standing(stop: u8) -> Plan {
    let day = |d: u8, h: u8| {
        let date = Date::from_calendar_date(2026, time::Month::September, d).expect("valid");
        date.with_hms(h, 0, 0)
            .expect("valid")
            .assume_offset(legal_time::BEIJING)
    };
    let i = (stop - 1) as usize;
    let slot = i as u8;
    // Deadlines Nov 23–27 (Mon–Fri) for trades still before the opening; Oct 18–19 for the two
    // that ran further (an opening on a Sunday is only flagged, as local rules differ).
    let (month, first) = if stop <= 5 {
        (time::Month::November, 23)
    } else {
        (time::Month::October, 13)
    };
    let base = Date::from_calendar_date(2026, month, first).expect("valid");
    // `oct(13 + n, ..)` is n days after the base date (steps after the stop are built but never run).
    let oct = |d: u8, h: u8, m: u8| {
        let date = base + time::Duration::days(i64::from(d) - 13);
        date.with_hms(h, m, 0)
            .expect("valid")
            .assume_offset(legal_time::BEIJING)
    };
    let ids = [
        "GC-2026-0901",
        "GC-2026-0902",
        "GC-2026-0903",
        "GC-2026-0904",
        "GC-2026-0905",
        "GC-2026-0906",
        "GC-2026-0907",
    ];
    let titles = [
        "县道改扩建工程勘察设计",
        "城西污水处理厂提标改造",
        "老旧小区改造(二期)施工",
        "体育中心照明工程监理",
        "人民公园景观提升工程",
        "第三小学运动场改造",
        "市民中心智能化工程",
    ];
    Plan {
        id: ids[i],
        title: titles[i],
        line: BusinessLine::Construction,
        method: Method::OpenTendering,
        estimate: "6800000",
        tenderer: 10 + stop as u32,
        green: stop.is_multiple_of(3),
        deferred: None,
        bidders: vec![1, 3, 5],
        committee: 5,
        ranked: vec![3, 1, 5],
        rooms: ("opening-3", "evaluation-3"),
        t: Times {
            register: day(1, 9 + slot),
            accept: day(2, 9 + slot),
            book: day(3, 9 + slot),
            upload: day(4, 9 + slot),
            announce: day(7, 9 + slot),
            // 20 日 from 09-07 reaches 09-27: both months are past it
            deadline: oct(13 + slot, 9, 30),
            eval: (oct(13 + slot, 13, 0), oct(13 + slot, 17, 0)),
            draw: day(8, 9 + slot),
            bid: oct(12 + slot, 10, 0),
            evaluate: oct(13 + slot, 16, 0),
            node6: (oct(14 + slot, 10, 0), oct(19 + slot, 9, 0)),
            confirm: oct(20 + slot, 10, 0),
        },
        stop_before: stop,
    }
}

/// The evaluation method each demo trade's documents choose, entered with them as a person
/// fills the documents' form (checked at publication, scoring configured from it).
pub(super) fn evaluation(line: BusinessLine) -> domain::trade::EvaluationChoice {
    let choice = match line {
        BusinessLine::Construction => serde_json::json!({
            "kind": "comprehensive", "category": "works",
            "total_points": "100", "price_points": "60",
            "criteria": [
                {"name": "施工组织设计", "points": "25"},
                {"name": "项目管理机构", "points": "10", "objective": true},
                {"name": "企业信誉", "points": "5", "objective": true}
            ],
            "price_formula": {"kind": "lowest_is_base"}
        }),
        BusinessLine::Procurement => serde_json::json!({
            "kind": "comprehensive", "category": "goods",
            "total_points": "100", "price_points": "30",
            "criteria": [
                {"name": "技术方案", "points": "40"},
                {"name": "售后服务", "points": "20"},
                {"name": "认证证书", "points": "10", "objective": true, "step": "2"}
            ]
        }),
    };
    serde_json::from_value(choice).expect("the demo's evaluation choices are well formed")
}
