//! Commands, the trade's facts they carry, and the events of a challenge book.

use domain::{DomainEvent, TradeId, UnifiedSocialCreditCode};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::periods::Deadline;

/// The longest text of a filing, reply, complaint or note (characters).
pub const MAX_TEXT_CHARS: usize = 20_000;

/// Which law's remedies apply: construction (异议 → 投诉, 招标投标法实施条例 第54条, 第60条)
/// or government procurement (质疑 → 投诉, 政府采购法 第52–55条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Regime {
    Construction,
    Procurement,
}

/// What the trade's state says, handed in by the app with every command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TradeFacts {
    pub trade: TradeId,
    pub regime: Regime,
    pub tenderer: UnifiedSocialCreditCode,
    pub agency: Option<UnifiedSocialCreditCode>,
    /// Bidders whose bids were opened (the suppliers who took part).
    pub bidders: Vec<UnifiedSocialCreditCode>,
    /// The day the candidates (construction) or the result (procurement) were published.
    #[serde(with = "crate::serde_date::option")]
    pub published: Option<Date>,
    /// Construction: the announced last day of the publicity.
    #[serde(with = "crate::serde_date::option")]
    pub publicity_until: Option<Date>,
    /// The winner, once the award is decided.
    pub winner: Option<UnifiedSocialCreditCode>,
}

/// What a filing is about. Construction objections here are to the candidates only
/// (objections to the documents and the opening have their own rules and places).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "about", rename_all = "snake_case")]
pub enum Subject {
    /// The candidates (construction) or the result (procurement).
    Result,
    /// Procurement: the documents, counted from the day they were obtained.
    Documents {
        #[serde(with = "crate::serde_date")]
        obtained: Date,
    },
    /// Procurement: a step of the process, counted from the day it ended.
    Step {
        #[serde(with = "crate::serde_date")]
        ended: Date,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilingKind {
    /// 异议 (construction).
    Objection,
    /// 质疑 (procurement).
    Challenge,
}

/// The supervisor's handling of a complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Handling {
    /// 受理: the complaint is taken up.
    Accept,
    /// 驳回 / 不予受理: closed.
    Dismiss,
    /// Taken up, and the trade suspended (the app suspends the trade in the same request).
    Suspend,
}

/// One act on the book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Act {
    /// A bidder (or, in construction, another interested party) files an objection or a
    /// challenge.
    File { subject: Subject, text: String },
    /// The tenderer or its agency replies.
    Reply { number: u32, text: String },
    /// The filer complains to the supervisor.
    Complain { number: u32, text: String },
    /// The supervisor handles the complaint.
    Handle {
        number: u32,
        decision: Handling,
        note: String,
    },
    /// The tenderer or agency issues the notice of award, stored as a file (its SHA-256).
    IssueNotice { notice_sha256: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChallengeCommand {
    pub facts: TradeFacts,
    pub act: Act,
}

impl ChallengeCommand {
    pub fn action(&self) -> &'static str {
        match self.act {
            Act::File { .. } => "file_challenge",
            Act::Reply { .. } => "reply_challenge",
            Act::Complain { .. } => "complain",
            Act::Handle { .. } => "handle_complaint",
            Act::IssueNotice { .. } => "issue_award_notice",
        }
    }
}

impl domain::NamesFiles for ChallengeCommand {
    fn named_files(&self) -> Vec<domain::NamedFile<'_>> {
        self.act.named_files()
    }
}

impl domain::NamesFiles for Act {
    fn named_files(&self) -> Vec<domain::NamedFile<'_>> {
        match self {
            Act::IssueNotice { notice_sha256 } => vec![domain::NamedFile {
                sha256: notice_sha256,
                size: None,
            }],
            _ => Vec::new(),
        }
    }
}

/// A window that was checked: what, the rule (id and source), its last day and the instant
/// it ends (24:00 Beijing time of the last day).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub what: String,
    pub rule: String,
    pub source: String,
    #[serde(with = "crate::serde_date")]
    pub last_day: Date,
    #[serde(with = "time::serde::rfc3339")]
    pub ends_at: OffsetDateTime,
}

impl From<&Deadline> for Window {
    fn from(d: &Deadline) -> Window {
        Window {
            what: d.what.to_owned(),
            rule: d.rule.id.to_owned(),
            source: d.rule.source.to_owned(),
            last_day: d.last_day,
            ends_at: d.ends_at,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ChallengeEvent {
    Filed {
        trade: TradeId,
        number: u32,
        kind: FilingKind,
        subject: Subject,
        org: UnifiedSocialCreditCode,
        person: String,
        text: String,
        /// The window the filing was checked against.
        window: Window,
        /// When the reply is due.
        reply_due: Window,
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    Replied {
        number: u32,
        org: UnifiedSocialCreditCode,
        person: String,
        text: String,
        /// Replied after `reply_due` (recorded, not refused: a late reply still answers).
        late: bool,
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    Complained {
        number: u32,
        person: String,
        text: String,
        window: Window,
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    Handled {
        number: u32,
        decision: Handling,
        person: String,
        note: String,
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    NoticeIssued {
        winner: UnifiedSocialCreditCode,
        notice_sha256: String,
        /// The other bidders, notified of the result.
        notified: Vec<UnifiedSocialCreditCode>,
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
}

impl DomainEvent for ChallengeEvent {
    fn kind(&self) -> &'static str {
        match self {
            ChallengeEvent::Filed { .. } => "challenge.filed",
            ChallengeEvent::Replied { .. } => "challenge.replied",
            ChallengeEvent::Complained { .. } => "challenge.complained",
            ChallengeEvent::Handled { .. } => "challenge.handled",
            ChallengeEvent::NoticeIssued { .. } => "challenge.notice_issued",
        }
    }

    fn blob_hashes(&self) -> Vec<String> {
        match self {
            ChallengeEvent::NoticeIssued { notice_sha256, .. } => vec![notice_sha256.clone()],
            _ => Vec::new(),
        }
    }
}
