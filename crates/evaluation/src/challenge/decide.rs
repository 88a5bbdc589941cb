//! `decide` for each act of a challenge book: who acts, and the window computed from
//! [`crate::periods`] on the context's calendar.

use domain::methods::WITHIN_EXTENSION;
use domain::{Context, Role, UnifiedSocialCreditCode};
use legal_time::beijing_date;
use time::OffsetDateTime;

use crate::challenge::error::ChallengeError;
use crate::challenge::model::{
    ChallengeEvent, FilingKind, Handling, MAX_TEXT_CHARS, Regime, Subject, TradeFacts, Window,
};
use crate::challenge::state::{ChallengeBook, Filing};
use crate::periods::{self, ChallengeStart, Deadline, Verdict};

fn text(field: &'static str, t: &str) -> Result<String, ChallengeError> {
    let t = t.trim();
    if t.is_empty() {
        return Err(ChallengeError::Invalid {
            field,
            reason: "must not be empty".into(),
        });
    }
    if t.chars().count() > MAX_TEXT_CHARS {
        return Err(ChallengeError::Invalid {
            field,
            reason: format!("at most {MAX_TEXT_CHARS} characters"),
        });
    }
    Ok(t.to_owned())
}

/// A verdict that is not within its window becomes `NotOpen` or `Late`.
fn judge(v: &Verdict) -> Result<(), ChallengeError> {
    if v.within {
        return Ok(());
    }
    if v.at < v.opens_at {
        return Err(ChallengeError::NotOpen {
            what: v.what.to_owned(),
            rule_id: v.rule.id,
            article: v.rule.source,
            opens_at: v.opens_at,
        });
    }
    Err(late(v.what, v.rule, v.closes_at, None))
}

fn late(
    what: &str,
    rule: crate::Rule,
    ends_at: OffsetDateTime,
    last_day: Option<time::Date>,
) -> ChallengeError {
    ChallengeError::Late {
        what: what.to_owned(),
        rule_id: rule.id,
        article: rule.source,
        last_day: last_day.unwrap_or_else(|| beijing_date(ends_at - time::Duration::seconds(1))),
        ends_at,
    }
}

fn late_deadline(d: &Deadline, now: OffsetDateTime) -> Result<(), ChallengeError> {
    if now < d.ends_at {
        Ok(())
    } else {
        Err(late(d.what, d.rule, d.ends_at, Some(d.last_day)))
    }
}

/// The caller's organisation when it is the trade's tenderer or agency.
fn tenderer_side(
    facts: &TradeFacts,
    ctx: &Context<'_>,
    action: &'static str,
) -> Result<UnifiedSocialCreditCode, ChallengeError> {
    let org = ctx.actor.org.as_deref().unwrap_or("");
    let ours = |c: &UnifiedSocialCreditCode| c.as_str().eq_ignore_ascii_case(org);
    match ctx.actor.role {
        Role::Tenderer if ours(&facts.tenderer) => Ok(facts.tenderer.clone()),
        Role::Agency if facts.agency.as_ref().is_some_and(ours) => {
            Ok(facts.agency.clone().expect("checked"))
        }
        Role::Tenderer | Role::Agency => Err(ChallengeError::NotTheTenderer { action }),
        role => Err(ChallengeError::WrongRole { action, role }),
    }
}

impl ChallengeBook {
    pub(super) fn file(
        &self,
        facts: &TradeFacts,
        subject: Subject,
        body: &str,
        ctx: &Context<'_>,
    ) -> Result<Vec<ChallengeEvent>, ChallengeError> {
        let action = "file_challenge";
        if ctx.actor.role != Role::Bidder {
            return Err(ChallengeError::WrongRole {
                action,
                role: ctx.actor.role,
            });
        }
        let org = ctx
            .actor
            .org
            .as_deref()
            .and_then(|o| UnifiedSocialCreditCode::parse(o).ok())
            .ok_or(ChallengeError::WrongRole {
                action,
                role: ctx.actor.role,
            })?;
        let body = text("text", body)?;
        let cal = ctx.calendar;
        let now = ctx.now;
        let today = beijing_date(now);
        let (kind, window, reply_due) = match facts.regime {
            Regime::Construction => {
                if subject != Subject::Result {
                    return Err(ChallengeError::NotApplicable);
                }
                let published = facts.published.ok_or(ChallengeError::NotPublished)?;
                let until = facts.publicity_until;
                judge(&periods::check_objection(cal, published, until, now)?)?;
                let window = periods::objection_window(cal, published, until)?;
                let reply = periods::objection_reply_due(cal, today, WITHIN_EXTENSION)?;
                (FilingKind::Objection, window, reply)
            }
            Regime::Procurement => {
                let start = match subject {
                    Subject::Result => {
                        if !facts.bidders.contains(&org) {
                            return Err(ChallengeError::NotAParticipant);
                        }
                        ChallengeStart::ResultPublished(
                            facts.published.ok_or(ChallengeError::NotPublished)?,
                        )
                    }
                    Subject::Documents { obtained } => ChallengeStart::DocumentsObtained(obtained),
                    Subject::Step { ended } => ChallengeStart::StepEnded(ended),
                };
                judge(&periods::check_challenge(cal, start, now)?)?;
                let window = periods::challenge_due(cal, start)?;
                let reply = periods::challenge_reply_due(cal, today)?;
                (FilingKind::Challenge, window, reply)
            }
        };
        Ok(vec![ChallengeEvent::Filed {
            trade: facts.trade.clone(),
            number: self.filings.len() as u32 + 1,
            kind,
            subject,
            org,
            person: ctx.actor.id.clone(),
            text: body,
            window: Window::from(&window),
            reply_due: Window::from(&reply_due),
            at: now,
        }])
    }

    pub(super) fn reply(
        &self,
        facts: &TradeFacts,
        number: u32,
        body: &str,
        ctx: &Context<'_>,
    ) -> Result<Vec<ChallengeEvent>, ChallengeError> {
        let org = tenderer_side(facts, ctx, "reply_challenge")?;
        let f = self
            .filing(number)
            .ok_or(ChallengeError::Unknown { number })?;
        if f.reply.is_some() {
            return Err(ChallengeError::AlreadyReplied { number });
        }
        Ok(vec![ChallengeEvent::Replied {
            number,
            org,
            person: ctx.actor.id.clone(),
            text: text("text", body)?,
            late: ctx.now >= f.reply_due.ends_at,
            at: ctx.now,
        }])
    }

    /// The complaint window of a filing (both regimes).
    pub fn complaint_window(
        facts: &TradeFacts,
        f: &Filing,
        cal: &legal_time::Calendar,
    ) -> Result<Deadline, ChallengeError> {
        let filed = beijing_date(f.at);
        Ok(match f.kind {
            FilingKind::Challenge => periods::complaint_due(cal, filed)?,
            FilingKind::Objection => {
                // 条例 第60条: 10 日 from knowing (the publication), the days waiting for the
                // reply not counted (whole days from the filing to the reply, or to its due
                // day when none came) [D].
                let knew = facts.published.unwrap_or(filed);
                let answered = f
                    .reply
                    .as_ref()
                    .map_or(f.reply_due.last_day, |r| beijing_date(r.at));
                let paused = (answered - filed).whole_days().max(0) as u32;
                periods::construction_complaint_due(cal, knew, paused, WITHIN_EXTENSION)?
            }
        })
    }

    pub(super) fn complain(
        &self,
        facts: &TradeFacts,
        number: u32,
        body: &str,
        ctx: &Context<'_>,
    ) -> Result<Vec<ChallengeEvent>, ChallengeError> {
        let action = "complain";
        if ctx.actor.role != Role::Bidder {
            return Err(ChallengeError::WrongRole {
                action,
                role: ctx.actor.role,
            });
        }
        let f = self
            .filing(number)
            .ok_or(ChallengeError::Unknown { number })?;
        let org = ctx.actor.org.as_deref().unwrap_or("");
        if !f.org.as_str().eq_ignore_ascii_case(org) {
            return Err(ChallengeError::NotTheFiler { action });
        }
        if f.complaint.is_some() {
            return Err(ChallengeError::AlreadyComplained { number });
        }
        if f.reply.is_none() && ctx.now < f.reply_due.ends_at {
            return Err(ChallengeError::ComplaintTooEarly {
                number,
                reply_due: f.reply_due.ends_at,
                rule: match f.kind {
                    FilingKind::Challenge => "政府采购法 第55条",
                    FilingKind::Objection => "招标投标法实施条例 第60条",
                },
            });
        }
        let body = text("text", body)?;
        let d = ChallengeBook::complaint_window(facts, f, ctx.calendar)?;
        late_deadline(&d, ctx.now)?;
        Ok(vec![ChallengeEvent::Complained {
            number,
            person: ctx.actor.id.clone(),
            text: body,
            window: Window::from(&d),
            at: ctx.now,
        }])
    }

    pub(super) fn handle(
        &self,
        number: u32,
        decision: Handling,
        note: &str,
        ctx: &Context<'_>,
    ) -> Result<Vec<ChallengeEvent>, ChallengeError> {
        if ctx.actor.role != Role::Supervisor {
            return Err(ChallengeError::WrongRole {
                action: "handle_complaint",
                role: ctx.actor.role,
            });
        }
        let f = self
            .filing(number)
            .ok_or(ChallengeError::Unknown { number })?;
        let c = f
            .complaint
            .as_ref()
            .ok_or(ChallengeError::NoComplaint { number })?;
        let already = |state| Err(ChallengeError::AlreadyHandled { number, state });
        if c.dismissed() {
            return already("dismissed");
        }
        match decision {
            Handling::Accept if c.has(Handling::Accept) || c.has(Handling::Suspend) => {
                return already("accepted");
            }
            Handling::Suspend if c.has(Handling::Suspend) => return already("suspended"),
            _ => {}
        }
        Ok(vec![ChallengeEvent::Handled {
            number,
            decision,
            person: ctx.actor.id.clone(),
            note: text("note", note)?,
            at: ctx.now,
        }])
    }

    pub(super) fn issue_notice(
        &self,
        facts: &TradeFacts,
        sha: &str,
        ctx: &Context<'_>,
    ) -> Result<Vec<ChallengeEvent>, ChallengeError> {
        tenderer_side(facts, ctx, "issue_award_notice")?;
        let winner = facts.winner.clone().ok_or(ChallengeError::NotAwarded)?;
        if self.notice.is_some() {
            return Err(ChallengeError::NoticeIssued);
        }
        if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ChallengeError::Invalid {
                field: "notice_sha256",
                reason: "64 hex digits".into(),
            });
        }
        Ok(vec![ChallengeEvent::NoticeIssued {
            notified: facts
                .bidders
                .iter()
                .filter(|b| **b != winner)
                .cloned()
                .collect(),
            winner,
            notice_sha256: sha.to_ascii_lowercase(),
            at: ctx.now,
        }])
    }
}
