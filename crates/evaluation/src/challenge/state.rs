//! The challenge book of one trade: what it holds and how events fold into it; the checks
//! of each act are in the private `decide` module.

use domain::{Aggregate, Context, TradeId, UnifiedSocialCreditCode};
use serde::Serialize;
use time::OffsetDateTime;

use crate::challenge::error::ChallengeError;
use crate::challenge::model::{
    Act, ChallengeCommand, ChallengeEvent, FilingKind, Handling, Subject, Window,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reply {
    pub org: UnifiedSocialCreditCode,
    pub person: String,
    pub text: String,
    pub late: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HandlingStep {
    pub decision: Handling,
    pub person: String,
    pub note: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Complaint {
    pub person: String,
    pub text: String,
    pub window: Window,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub handling: Vec<HandlingStep>,
}

impl Complaint {
    pub fn dismissed(&self) -> bool {
        self.handling
            .iter()
            .any(|h| h.decision == Handling::Dismiss)
    }
    pub(crate) fn has(&self, d: Handling) -> bool {
        self.handling.iter().any(|h| h.decision == d)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Filing {
    pub number: u32,
    pub kind: FilingKind,
    pub subject: Subject,
    pub org: UnifiedSocialCreditCode,
    pub person: String,
    pub text: String,
    pub window: Window,
    pub reply_due: Window,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub reply: Option<Reply>,
    pub complaint: Option<Complaint>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    pub winner: UnifiedSocialCreditCode,
    pub notice_sha256: String,
    pub notified: Vec<UnifiedSocialCreditCode>,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChallengeBook {
    pub trade: Option<TradeId>,
    pub filings: Vec<Filing>,
    pub notice: Option<Notice>,
}

impl ChallengeBook {
    pub fn filing(&self, number: u32) -> Option<&Filing> {
        self.filings.iter().find(|f| f.number == number)
    }

    fn filing_mut(&mut self, number: u32) -> Option<&mut Filing> {
        self.filings.iter_mut().find(|f| f.number == number)
    }

    /// Construction objections waiting for their reply at `now`: the process pauses
    /// (招标投标法实施条例 第54条).
    pub fn pending_objections(&self, now: OffsetDateTime) -> Vec<u32> {
        self.filings
            .iter()
            .filter(|f| f.kind == FilingKind::Objection && f.reply.is_none())
            .filter(|f| now < f.reply_due.ends_at)
            .map(|f| f.number)
            .collect()
    }
}

impl Aggregate for ChallengeBook {
    type Command = ChallengeCommand;
    type Event = ChallengeEvent;
    type Error = ChallengeError;

    fn decide(
        &self,
        command: &ChallengeCommand,
        ctx: &Context<'_>,
    ) -> Result<Vec<ChallengeEvent>, ChallengeError> {
        let facts = &command.facts;
        match &command.act {
            Act::File { subject, text } => self.file(facts, *subject, text, ctx),
            Act::Reply { number, text } => self.reply(facts, *number, text, ctx),
            Act::Complain { number, text } => self.complain(facts, *number, text, ctx),
            Act::Handle {
                number,
                decision,
                note,
            } => self.handle(*number, *decision, note, ctx),
            Act::IssueNotice { notice_sha256 } => self.issue_notice(facts, notice_sha256, ctx),
        }
    }

    fn evolve(&mut self, event: &ChallengeEvent) {
        match event.clone() {
            ChallengeEvent::Filed {
                trade,
                number,
                kind,
                subject,
                org,
                person,
                text,
                window,
                reply_due,
                at,
            } => {
                self.trade = Some(trade);
                self.filings.push(Filing {
                    number,
                    kind,
                    subject,
                    org,
                    person,
                    text,
                    window,
                    reply_due,
                    at,
                    reply: None,
                    complaint: None,
                });
            }
            ChallengeEvent::Replied {
                number,
                org,
                person,
                text,
                late,
                at,
            } => {
                if let Some(f) = self.filing_mut(number) {
                    f.reply = Some(Reply {
                        org,
                        person,
                        text,
                        late,
                        at,
                    });
                }
            }
            ChallengeEvent::Complained {
                number,
                person,
                text,
                window,
                at,
            } => {
                if let Some(f) = self.filing_mut(number) {
                    f.complaint = Some(Complaint {
                        person,
                        text,
                        window,
                        at,
                        handling: Vec::new(),
                    });
                }
            }
            ChallengeEvent::Handled {
                number,
                decision,
                person,
                note,
                at,
            } => {
                if let Some(c) = self.filing_mut(number).and_then(|f| f.complaint.as_mut()) {
                    c.handling.push(HandlingStep {
                        decision,
                        person,
                        note,
                        at,
                    });
                }
            }
            ChallengeEvent::NoticeIssued {
                winner,
                notice_sha256,
                notified,
                at,
            } => {
                self.notice = Some(Notice {
                    winner,
                    notice_sha256,
                    notified,
                    at,
                });
            }
        }
    }
}
