//! Amendment notices to every holder of the tender documents (条例 第21条: the amendment is
//! notified in writing to all who obtained the documents) without anyone learning who they
//! are before the opening (招标投标法 第22条, 电子招标投标办法 第21条). When a bidder
//! obtains the documents, besides the label sealed to the opening key, the app seals who to
//! notify to the platform's vault ([`seal_holder`]). An amendment queues ONE outbox message
//! whatever the number of holders (none, one or many), its recipients and text sealed in
//! the vault: the log, the outbox view and the message's delivery detail show neither the
//! holders nor how many there are.
use std::collections::BTreeSet;

use domain::outbox::{Message, MessageCommand};
use domain::trade::sealed::SealedLabel;
use domain::{Actor, PersonId, TradeEvent, TradeId, TradeState};
use serde::{Deserialize, Serialize};
use store::AppendBatch;

use crate::center::staff::{Contact, contact_scope};
use crate::error::AppError;
use crate::pipeline::just;
use crate::platform::Platform;
use crate::stream::Meta;

/// The outbox purpose of an amendment notice.
pub const AMENDMENT_NOTICE: &str = "documents_amended";

#[derive(Serialize, Deserialize)]
struct Holder {
    person: PersonId,
}

fn holder_scope(trade: &TradeId) -> String {
    format!("holder:{trade}")
}

/// Who to notify of amendments, sealed to the vault (bound to the trade).
pub(crate) fn seal_holder(
    p: &Platform,
    trade: &TradeId,
    actor: &Actor,
) -> Result<SealedLabel, AppError> {
    let person =
        PersonId::parse(actor.id.as_str()).map_err(|e| AppError::Invalid(e.to_string()))?;
    p.vault_label(&holder_scope(trade), &Holder { person })
}

/// The contacts of this round's holders, each person once (holders without a contact on
/// file are skipped: they read the amendment on the trade's public timeline).
async fn holder_contacts(
    p: &Platform,
    trade: &TradeId,
    round: u32,
) -> Result<Vec<String>, AppError> {
    let mut people = BTreeSet::new();
    for stored in p.trade_events(trade).await? {
        if stored.record.kind != "trade.documents_obtained" {
            continue;
        }
        let event: TradeEvent = serde_json::from_value(stored.record.payload.clone())
            .map_err(|e| AppError::Corrupt(e.to_string()))?;
        if let TradeEvent::DocumentsObtained {
            round: r,
            holder: Some(holder),
            ..
        } = event
            && r == round
        {
            let h: Holder = p.vault_read(&holder_scope(trade), &holder)?;
            people.insert(h.person);
        }
    }
    let mut contacts = Vec::new();
    for person in people {
        let state = p
            .read::<domain::accounts::PersonState>(&person)
            .await?
            .state;
        if let Some(sealed) = state.person.and_then(|x| x.contact) {
            let c: Contact = p.vault_read(&contact_scope(&person), &sealed)?;
            contacts.push(c.to);
        }
    }
    Ok(contacts)
}

/// Stages the notice of an amendment into `batch`: one message to every holder.
pub(crate) async fn stage_amendment_notice(
    p: &Platform,
    trade: &TradeId,
    state: &TradeState,
    meta: &Meta,
    batch: &mut AppendBatch,
) -> Result<(), AppError> {
    let to = holder_contacts(p, trade, state.round.number).await?;
    let title = state.registration.as_ref().map_or("", |r| r.title.as_str());
    let deadline = state
        .round
        .bid_deadline
        .map(|d| domain::trade::error::show_time(&d))
        .unwrap_or_default();
    let text = format!(
        "【更正公告】{title}（{trade}）的招标文件已修改，请登录平台查阅；投标截止时间：{deadline}。"
    );
    let id = uuid::Uuid::now_v7().to_string();
    let sealed = p.vault_label(
        &format!("message:{id}"),
        // a broadcast: no single recipient, every holder in `more` (none is fine)
        &crate::experts::SealedMessage {
            to: String::new(),
            text,
            more: to,
        },
    )?;
    let queue = MessageCommand::Queue {
        channel: "sms".into(),
        purpose: AMENDMENT_NOTICE.into(),
        trade: Some(trade.clone()),
        seat: None,
        sealed,
    };
    tracing::info!(trade = %trade, "amendment notice queued");
    p.stage_into::<Message>(id.as_str(), &Actor::platform(), meta, just(queue), batch)
        .await?;
    Ok(())
}
