//! The checks every command goes through: who (role and organisation), in which phase.

use crate::aggregate::{Context, Role};
use crate::methods::ResultKind;
use crate::trade::error::TradeError;
use crate::trade::state::{Phase, Registration, TradeState, node_name};
use crate::values::UnifiedSocialCreditCode;

/// One command's checks: `Guard::new(state, ctx, "action").roles(..)?.phase(..)?`.
pub(crate) struct Guard<'a> {
    pub state: &'a TradeState,
    pub ctx: &'a Context<'a>,
    pub action: &'static str,
}

impl<'a> Guard<'a> {
    pub fn new(state: &'a TradeState, ctx: &'a Context<'a>, action: &'static str) -> Guard<'a> {
        Guard { state, ctx, action }
    }

    pub fn reg(&self) -> Result<&'a Registration, TradeError> {
        self.state
            .registration
            .as_ref()
            .ok_or(TradeError::NodeSkipped {
                action: self.action,
                node: 1,
                name: node_name(1),
                phase: self.state.phase,
            })
    }

    /// The actor's role is one of `allowed`.
    pub fn roles(&self, allowed: &[Role]) -> Result<&Self, TradeError> {
        let role = self.ctx.actor.role;
        if allowed.contains(&role) {
            Ok(self)
        } else {
            Err(TradeError::WrongRole {
                action: self.action,
                role,
            })
        }
    }

    /// The tenderer acting for its own organisation, or the named agency for its own.
    pub fn party(&self) -> Result<&Self, TradeError> {
        self.roles(&[Role::Tenderer, Role::Agency])?;
        let reg = self.reg()?;
        let expected = match self.ctx.actor.role {
            Role::Tenderer => Some(&reg.tenderer),
            _ => reg.agency.as_ref(),
        };
        self.org_is(expected)
    }

    /// The tenderer itself (the award decision is the tenderer's, 条例 第55条).
    pub fn tenderer(&self) -> Result<&Self, TradeError> {
        self.roles(&[Role::Tenderer])?;
        self.org_is(Some(&self.reg()?.tenderer))
    }

    /// The actor acts for `org`.
    pub fn org_is(&self, expected: Option<&UnifiedSocialCreditCode>) -> Result<&Self, TradeError> {
        let actual = self.ctx.actor.org.as_deref();
        match expected {
            Some(org)
                if actual
                    .map(|a| a.eq_ignore_ascii_case(org.as_str()))
                    .unwrap_or(false) =>
            {
                Ok(self)
            }
            _ => Err(TradeError::NotParty {
                action: self.action,
                expected: expected
                    .map(|o| o.to_string())
                    .unwrap_or_else(|| "no agency".to_owned()),
                actual: actual.map(str::to_owned),
            }),
        }
    }

    /// The trade is in one of `allowed`. A phase earlier in the flow is a skipped node, a
    /// suspended trade must be resumed first, anything else is the wrong phase.
    pub fn phase(&self, allowed: &[Phase]) -> Result<&Self, TradeError> {
        let current = self.state.phase;
        if allowed.contains(&current) {
            return Ok(self);
        }
        if current == Phase::Suspended {
            return Err(TradeError::Suspended {
                action: self.action,
            });
        }
        let result = self
            .state
            .rules()
            .map(|r| r.result)
            .unwrap_or(ResultKind::CandidatesPublicity);
        let flow = Phase::flow(result);
        let rank = |p: Phase| flow.iter().position(|f| *f == p);
        let earliest_allowed = allowed.iter().filter_map(|p| rank(*p)).min();
        if let (Some(cur), Some(min)) = (rank(current), earliest_allowed)
            && cur < min
        {
            let next = flow[cur + 1];
            let node = next.node().unwrap_or(1);
            return Err(TradeError::NodeSkipped {
                action: self.action,
                node,
                name: node_name(node),
                phase: current,
            });
        }
        Err(TradeError::WrongPhase {
            action: self.action,
            phase: current,
        })
    }
}
