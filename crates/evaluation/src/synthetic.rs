//! A synthetic evaluation of any size, for the benchmark (`sunbid bench --only evaluate`) and
//! tests: GP comprehensive scoring of goods, 30 price points and 8 criteria (2 objective),
//! prices and scores from a fixed linear congruential sequence, so every run is the same.

use std::collections::BTreeMap;

use crate::input::EvaluationInput;

struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

/// The JSON text of an evaluation with `bids` bids and `members` members.
pub fn synthetic_json(bids: usize, members: usize) -> String {
    let mut rng = Lcg(20_260_917);
    let criteria: Vec<(String, u32, bool)> = (1..=8)
        .map(|i| (format!("c{i}"), if i <= 6 { 10 } else { 5 }, i > 6))
        .collect();
    let crit_json: Vec<serde_json::Value> = criteria
        .iter()
        .map(|(id, pts, obj)| serde_json::json!({"id": id, "points": pts.to_string(), "kind": if *obj { "objective" } else { "subjective" }}))
        .collect();
    let mut bid_json = Vec::with_capacity(bids);
    let mut quality = Vec::with_capacity(bids);
    for i in 0..bids {
        let fen = 80_000_000 + rng.next(40_000_000);
        let mut b = serde_json::json!({"id": format!("B{i:04}"), "price": format!("{}.{:02}", fen / 100, fen % 100)});
        match rng.next(4) {
            0 => b["sme"] = serde_json::json!({"kind": "small_or_micro"}),
            1 => {
                b["sme"] = serde_json::json!({"kind": "partners", "small_share": format!("{}%", 20 + rng.next(20))})
            }
            _ => {}
        }
        b["domestic_share"] = serde_json::json!(format!("{}%", rng.next(101)));
        bid_json.push(b);
        quality.push(rng.next(5));
    }
    let ids: Vec<String> = (0..members).map(|m| format!("E{}", m + 1)).collect();
    let mut sheets = Vec::with_capacity(members);
    for m in &ids {
        let mut scores = BTreeMap::new();
        let mut reasons = BTreeMap::new();
        for (i, q) in quality.iter().enumerate() {
            let mut row = BTreeMap::new();
            for (id, pts, obj) in &criteria {
                let s = if *obj {
                    u64::from(*pts) - q.min(&u64::from(*pts))
                } else {
                    let base = 5 + q;
                    let s = (base + rng.next(3)).min(u64::from(*pts));
                    if rng.next(500) == 0 {
                        reasons.insert(format!("B{i:04}/{id}"), "方案与需求明显不符".to_owned());
                        0
                    } else {
                        s
                    }
                };
                row.insert(id.clone(), s.to_string());
            }
            scores.insert(format!("B{i:04}"), row);
        }
        sheets.push(serde_json::json!({"member": m, "scores": scores, "reasons": reasons}));
    }
    serde_json::json!({
        "trade": "BENCH-EVALUATE",
        "method": {"kind": "procurement_comprehensive", "category": "goods", "price_points": "30", "criteria": crit_json},
        "dates": {"notice": "2026-08-20", "evaluation": "2026-09-21", "report": "2026-09-22", "decision": "2026-09-23", "published": "2026-09-24"},
        "limits": {"max_price": "1200000.00"},
        "preferences": {"sme": {"small": "10%", "partners": "4%"}, "domestic": "20%"},
        "tie_break": [{"kind": "criterion", "criterion": "c1"}, {"kind": "draw"}],
        "draw_seed": "00112233445566778899aabbccddeeff",
        "bids": bid_json,
        "members": ids.iter().map(|m| serde_json::json!({"id": m})).collect::<Vec<_>>(),
        "sheets": sheets,
    })
    .to_string()
}

/// The parsed synthetic input.
pub fn synthetic(bids: usize, members: usize) -> EvaluationInput {
    EvaluationInput::from_json(&synthetic_json(bids, members)).expect("the synthetic input parses")
}
