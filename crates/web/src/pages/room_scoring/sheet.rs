//! A member's own sheet: the form's cells, the items it must settle after the reveal, and the
//! posted form read back into scores.
use app::scoring::ScoringView;

use super::cells::{Typed, total};
use super::{OpenItem, ScoreCell, ScoreRow};

pub(super) fn label(v: &ScoringView, bid: &str, criterion: &str) -> String {
    let name = v
        .criteria
        .iter()
        .find(|c| c.id == criterion)
        .map_or(criterion, |c| c.name.as_str());
    format!("{bid} · {name}")
}

/// One row per bid: the form's cells (`form`: named inputs, with what was `typed` if the
/// form came back) or the stored sheet's, and the row's running total.
pub(super) fn rows(
    v: &ScoringView,
    scores: Option<&app::scoring::SheetView>,
    form: bool,
    typed: Option<&Typed>,
) -> Vec<ScoreRow> {
    let sheet = scores.map(|s| &s.scores);
    v.bids
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let cells: Vec<ScoreCell> = v
                .criteria
                .iter()
                .enumerate()
                .map(|(j, c)| {
                    let name = format!("s.{i}.{j}");
                    let stored = sheet
                        .and_then(|s| s.get(&b.id))
                        .and_then(|r| r.get(&c.id))
                        .cloned();
                    let again = typed.and_then(|t| t.values.get(&name)).cloned();
                    ScoreCell {
                        error: typed.and_then(|t| t.wrong.get(&name)).cloned(),
                        points: c.points.clone(),
                        value: again.or(stored).unwrap_or_default(),
                        name: if form { name } else { String::new() },
                    }
                })
                .collect();
            ScoreRow {
                bid: b.id.clone(),
                bidder: b.bidder.to_string(),
                total: total(cells.iter().map(|c| c.value.as_str())),
                cells,
            }
        })
        .collect()
}

/// The items `me` must settle: blocking issues to revise (`outlier` false) or outliers to
/// explain (`outlier` true), each cell once, with `me`'s current score.
pub(super) fn items_to_settle(v: &ScoringView, me: &str, outlier: bool) -> Vec<OpenItem> {
    let mut items: Vec<OpenItem> = Vec::new();
    for i in v.issues.iter().filter(|i| {
        i.members.iter().any(|m| m == me) && i.code.starts_with("evaluation.outlier") == outlier
    }) {
        if !outlier && !i.blocking {
            continue;
        }
        for c in &i.cells {
            if items
                .iter()
                .any(|x| x.bid == c.bid && x.criterion == c.criterion)
            {
                continue;
            }
            let current = v
                .own_sheet
                .as_ref()
                .and_then(|s| s.get(&c.bid))
                .and_then(|r| r.get(&c.criterion))
                .cloned()
                .unwrap_or_default();
            items.push(OpenItem {
                bid: c.bid.clone(),
                criterion: c.criterion.clone(),
                label: label(v, &c.bid, &c.criterion),
                current,
            });
        }
    }
    items
}

/// The sheet form's fields (`s.<bid index>.<criterion index>`) as scores by ids.
pub fn scores_from_form(v: &ScoringView, pairs: &[(String, String)]) -> domain::scoring::Scores {
    let mut scores = domain::scoring::Scores::new();
    for (name, value) in pairs {
        let Some(rest) = name.strip_prefix("s.") else {
            continue;
        };
        let Some((i, j)) = rest.split_once('.') else {
            continue;
        };
        let (Ok(i), Ok(j)) = (i.parse::<usize>(), j.parse::<usize>()) else {
            continue;
        };
        let (Some(b), Some(c)) = (v.bids.get(i), v.criteria.get(j)) else {
            continue;
        };
        let value = value.trim();
        if !value.is_empty() {
            scores
                .entry(b.id.clone())
                .or_default()
                .insert(c.id.clone(), value.to_owned());
        }
    }
    scores
}
