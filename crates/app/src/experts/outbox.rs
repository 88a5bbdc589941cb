//! Messages to experts: queued in the log (recipient and text sealed), delivered by a
//! gateway adapter (an SMS or voice provider; [`FileGateway`] spools to a folder for a
//! modem or a relay), one logged attempt each, retried until [`MAX_ATTEMPTS`].

use std::io::Write;
use std::path::PathBuf;

use domain::outbox::{MAX_ATTEMPTS, Message, MessageCommand, Status};
use domain::{Actor, TradeId};
use serde::{Deserialize, Serialize};

use super::OUTBOX_PREFIX;
use crate::error::AppError;
use crate::pipeline::just;
use crate::platform::Platform;
use crate::stream::{Meta, decode};

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct GatewayError(pub String);

/// An SMS or voice provider.
#[async_trait::async_trait]
pub trait MessageGateway: Send + Sync {
    fn channel(&self) -> &'static str;
    /// Sends `text` to `to`; the provider's message id on success.
    async fn send(&self, to: &str, text: &str) -> Result<String, GatewayError>;
}

/// Spools each SMS as a JSON line in `<dir>/sms.jsonl` (for a modem or relay to pick up).
pub struct FileGateway {
    pub dir: PathBuf,
}

#[async_trait::async_trait]
impl MessageGateway for FileGateway {
    fn channel(&self) -> &'static str {
        "sms"
    }

    async fn send(&self, to: &str, text: &str) -> Result<String, GatewayError> {
        let id = uuid::Uuid::now_v7().to_string();
        let line = serde_json::json!({ "id": id, "to": to, "text": text }).to_string();
        let dir = self.dir.clone();
        tokio::task::spawn_blocking(move || -> std::io::Result<()> {
            std::fs::create_dir_all(&dir)?;
            let mut f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(dir.join("sms.jsonl"))?;
            writeln!(f, "{line}")?;
            f.sync_data()
        })
        .await
        .map_err(|e| GatewayError(e.to_string()))?
        .map_err(|e| GatewayError(e.to_string()))?;
        Ok(id)
    }
}

/// Sends a message to its recipient, or a broadcast (no single recipient: `to` is empty)
/// to each of `more`. A broadcast's detail names no provider id and is the same for none,
/// one or many recipients (their number would tell how many holders there are).
async fn send(gateway: &dyn MessageGateway, msg: &Sealed) -> (bool, String) {
    if !msg.to.is_empty() && msg.more.is_empty() {
        return match gateway.send(&msg.to, &msg.text).await {
            Ok(provider_id) => (true, provider_id),
            Err(e) => (false, e.0),
        };
    }
    let recipients = std::iter::once(&msg.to).chain(&msg.more);
    for to in recipients.filter(|to| !to.is_empty()) {
        if let Err(e) = gateway.send(to, &msg.text).await {
            return (false, e.0);
        }
    }
    (true, "sent to every recipient".to_owned())
}

/// What the vault keeps of a message.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Sealed {
    pub to: String,
    pub text: String,
    /// Further recipients of the same text (an amendment notice to every holder of the
    /// documents: one message, so the outbox does not count the holders).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub more: Vec<String>,
}

/// A message's status, as staff see it (no recipient).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MessageView {
    pub id: String,
    pub channel: String,
    pub purpose: String,
    pub trade: String,
    pub seat: u32,
    pub status: Status,
    pub attempts: u32,
    pub detail: Option<String>,
}

impl Platform {
    pub(crate) async fn queue_message(
        &self,
        trade: &TradeId,
        seat: u32,
        purpose: &str,
        to: String,
        text: String,
    ) -> Result<(), AppError> {
        let id = uuid::Uuid::now_v7().to_string();
        let sealed = self.vault_label(
            &format!("message:{id}"),
            &Sealed {
                to,
                text,
                more: vec![],
            },
        )?;
        let cmd = MessageCommand::Queue {
            channel: "sms".into(),
            purpose: purpose.into(),
            trade: Some(trade.clone()),
            seat: Some(seat),
            sealed,
        };
        self.run::<Message>(&id, &Actor::platform(), &Meta::default(), just(cmd))
            .await?;
        Ok(())
    }

    pub(crate) async fn messages(&self) -> Result<Vec<(String, Message)>, AppError> {
        // Streams interleave in log order: each message is listed where it was queued (a
        // link's message is named after its hash, not a time-ordered id).
        let mut order: Vec<String> = Vec::new();
        let mut out: std::collections::HashMap<String, Message> = Default::default();
        for stored in self.store.load_prefix(OUTBOX_PREFIX).await? {
            let id = stored.record.stream[OUTBOX_PREFIX.len()..].to_owned();
            let message = out.entry(id.clone()).or_insert_with(|| {
                order.push(id);
                Message::default()
            });
            domain::Aggregate::evolve(message, &decode(&stored)?);
        }
        Ok(order
            .into_iter()
            .filter_map(|id| out.remove(&id).map(|m| (id, m)))
            .collect())
    }
}

/// Tries every queued message once; returns how many were sent. Without a gateway
/// messages wait (the invitation is on the expert's workbench regardless).
pub async fn deliver_messages(platform: &Platform) -> Result<usize, AppError> {
    let Some(gateway) = platform.gateway.clone() else {
        return Ok(0);
    };
    let mut sent = 0;
    for (id, m) in platform.messages().await? {
        if m.status != Some(Status::Queued) || m.attempts >= MAX_ATTEMPTS {
            continue;
        }
        let Some((_, _, _, _, sealed, _)) = &m.queued else {
            continue;
        };
        let msg: Sealed = platform.vault_read(&format!("message:{id}"), sealed)?;
        let (ok, detail) = send(gateway.as_ref(), &msg).await;
        tracing::info!(message.id = %id, ok, channel = gateway.channel(), "message attempt");
        let cmd = MessageCommand::Attempt { ok, detail };
        platform
            .run::<Message>(&id, &Actor::platform(), &Meta::default(), just(cmd))
            .await?;
        sent += usize::from(ok);
    }
    Ok(sent)
}
