//! A trade's public page: its summary once announced, the public timeline, the published
//! announcement, the answers to questions on the documents, and the deposit table once the
//! opening revealed it.
use domain::{TradeEvent, TradeId, TradeSummary};

use super::{DepositRow, PublicFilter, TimelineEntry};
use crate::error::AppError;
use crate::platform::Platform;

/// What the public sees of one trade.
#[derive(Debug, Clone)]
pub struct PublicTrade {
    pub summary: TradeSummary,
    pub timeline: Vec<TimelineEntry>,
    /// The announcement as published (from the standard template), when it is text.
    pub notice: Option<String>,
    /// Published answers to questions on the documents: (question, answer).
    pub answers: Vec<(String, String)>,
    /// Empty until the opening reveals the deposits.
    pub deposits: Vec<DepositRow>,
}

/// An announced trade's public page; "not found" before the announcement.
pub async fn public_trade(p: &Platform, trade: &TradeId) -> Result<PublicTrade, AppError> {
    let filter = PublicFilter {
        q: Some(trade.to_string()),
        ..Default::default()
    };
    let summary = super::public_trades(p, &filter)
        .await?
        .into_iter()
        .find(|s| s.id.as_ref() == Some(trade))
        .ok_or_else(|| AppError::not_found(format!("trade {trade}")))?;
    let timeline = super::public_timeline(p, trade).await?;
    let mut notice = None;
    let mut answers = Vec::new();
    for e in &timeline {
        match &e.event {
            TradeEvent::AnnouncementPublished {
                notice: Some(file), ..
            } => {
                notice = p
                    .blobs
                    .get(file.sha256.as_str())
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok());
            }
            TradeEvent::QuestionAnswered {
                question, answer, ..
            } => answers.push((question.clone(), answer.clone())),
            _ => {}
        }
    }
    // Sealed until the opening: before it the table is simply empty here.
    let deposits = match super::deposit_table(p, trade).await {
        Ok(rows) => rows,
        Err(AppError::Refused { .. }) => Vec::new(),
        Err(e) => return Err(e),
    };
    Ok(PublicTrade {
        summary,
        timeline,
        notice,
        answers,
        deposits,
    })
}
