//! Deposits as the public and the staff read them: the table revealed at the opening, and
//! the refunds overdue across trades (the workbench's alert).
use domain::deposit::{DepositDisclosure, DepositStatus, OverdueRefund, overdue};
use domain::{Actor, TradeId};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::platform::Platform;

/// One row of the public deposit table, with the bidder's code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DepositRow {
    pub bidder: String,
    #[serde(flatten)]
    pub disclosure: DepositDisclosure,
    pub invalid_under: Option<String>,
}
/// The public deposit table of a trade: only after the opening revealed it.
pub async fn deposit_table(p: &Platform, trade: &TradeId) -> Result<Vec<DepositRow>, AppError> {
    p.trade_state(trade).await?;
    let book = p.public_deposit_book(trade).await?;
    let revealed = book.revealed.as_ref().ok_or_else(|| {
        AppError::refusal(
            domain::Refusal::forbidden("access.sealed_until_opening").citing("招标投标法 第22条"),
            "the deposits are sealed until the opening",
        )
    })?;
    let now = p.clock.now();
    let mut rows = Vec::new();
    for r in revealed {
        let name = p
            .org(r.bidder.as_str())
            .await
            .map(|o| o.name)
            .unwrap_or_else(|_| r.bidder.to_string());
        let status = match (r.covered_by, &r.invalid_under) {
            (Some(how), _) => DepositStatus::Covered {
                how,
                amount: r.amount,
                received_at: r.received_at,
            },
            _ => DepositStatus::Missing {
                article: "",
                reasons: vec![],
            },
        };
        rows.push(DepositRow {
            bidder: r.bidder.to_string(),
            disclosure: DepositDisclosure::row(name, &status, book.refunds.get(&r.bidder), now),
            invalid_under: r.invalid_under.clone(),
        });
    }
    Ok(rows)
}

/// The deposit terms of a trade (public: the announcement states them), if set.
pub async fn deposit_terms(
    p: &Platform,
    trade: &TradeId,
) -> Result<Option<domain::deposit::DepositTerms>, AppError> {
    p.trade_state(trade).await?;
    Ok(p.public_deposit_book(trade).await?.terms)
}

/// A deposit owed back past its legal due date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct OverdueRow {
    pub trade: String,
    pub bidder: String,
    #[serde(with = "domain::serde_time::date")]
    pub due: time::Date,
    pub days_overdue: i64,
}

/// Refunds past their due date and not made, across all trades (the workbench's alert),
/// most overdue first within each trade; for those the access matrix lets see the queues.
pub async fn overdue_refunds(p: &Platform, actor: &Actor) -> Result<Vec<OverdueRow>, AppError> {
    domain::access::authorize(
        actor.role,
        domain::Action::ViewQueue,
        None,
        domain::Relation::None,
    )
    .map_err(crate::log_view::denied)?;
    let now = p.clock.now();
    let mut out = Vec::new();
    for summary in super::summaries(p).await? {
        let Some(trade) = summary.id else {
            continue;
        };
        let book = p.public_deposit_book(&trade).await?;
        let list: Vec<(String, domain::deposit::RefundState)> = book
            .refunds
            .iter()
            .map(|(b, r)| (b.to_string(), *r))
            .collect();
        out.extend(
            overdue(&list, now)
                .into_iter()
                .map(|o: OverdueRefund<String>| OverdueRow {
                    trade: trade.to_string(),
                    bidder: o.who,
                    due: o.due,
                    days_overdue: o.days_overdue,
                }),
        );
    }
    Ok(out)
}
