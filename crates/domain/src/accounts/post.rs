//! The Post aggregate (AB角): one stream per staff post. Every post has a primary (A) and a
//! backup (B). Exactly one of them may act at a time, so that every act has one accountable
//! person: A while present; B only while A is marked away, and then on A's behalf (the log's
//! `on_behalf_of`). An away mark may carry an end (`until`) and lapses on its own then, so a
//! forgotten "back" does not keep A locked out; "back" ends it early.
//!
//! Assigning is `manage_posts` (the administrator, the platform); marking away and back is
//! `mark_post_away` (center staff too). Whether the people assigned are center staff is
//! checked when they act ([`crate::accounts::act_for_post`]).

use std::collections::BTreeMap;

use legal_time::OffsetDateTime;
use serde::{Deserialize, Serialize};

use crate::access::{Action, Relation, authorize};
use crate::accounts::error::AccountError;
use crate::accounts::ids::{PersonId, PostId};
use crate::aggregate::{Aggregate, Context, DomainEvent};
use crate::serde_time;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PostCommand {
    /// (Re)assign the post. Away marks of people who keep a place on the post stay.
    Assign {
        post: PostId,
        primary: PersonId,
        backup: PersonId,
    },
    MarkAway {
        person: PersonId,
        #[serde(default, with = "serde_time::option_instant")]
        until: Option<OffsetDateTime>,
    },
    MarkBack {
        person: PersonId,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PostEvent {
    Assigned {
        post: PostId,
        primary: PersonId,
        backup: PersonId,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    MarkedAway {
        person: PersonId,
        #[serde(with = "serde_time::option_instant")]
        until: Option<OffsetDateTime>,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
    MarkedBack {
        person: PersonId,
        #[serde(with = "serde_time::instant")]
        at: OffsetDateTime,
    },
}

impl DomainEvent for PostEvent {
    fn kind(&self) -> &'static str {
        match self {
            PostEvent::Assigned { .. } => "post.assigned",
            PostEvent::MarkedAway { .. } => "post.marked_away",
            PostEvent::MarkedBack { .. } => "post.marked_back",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub post: PostId,
    pub primary: PersonId,
    pub backup: PersonId,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostState {
    pub assignment: Option<Assignment>,
    /// Holders marked away, with the end of the mark (`None`: until marked back).
    pub away: BTreeMap<PersonId, Option<OffsetDateTime>>,
}

impl PostState {
    /// Whether `person` is marked away at `now` (a mark whose `until` has passed has lapsed).
    pub fn is_away(&self, person: &PersonId, now: OffsetDateTime) -> bool {
        self.away
            .get(person)
            .is_some_and(|until| until.is_none_or(|u| now < u))
    }

    fn assigned(&self) -> Result<&Assignment, AccountError> {
        self.assignment.as_ref().ok_or(AccountError::PostVacant)
    }

    pub(crate) fn holder<'a>(&'a self, person: &PersonId) -> Result<&'a Assignment, AccountError> {
        let a = self.assigned()?;
        if &a.primary == person || &a.backup == person {
            Ok(a)
        } else {
            Err(AccountError::NotPostHolder {
                post: a.post.to_string(),
                person: person.to_string(),
            })
        }
    }
}

/// No `PostCommand` names a file.
impl crate::NamesFiles for PostCommand {}

impl Aggregate for PostState {
    type Command = PostCommand;
    type Event = PostEvent;
    type Error = AccountError;

    fn decide(
        &self,
        command: &PostCommand,
        ctx: &Context<'_>,
    ) -> Result<Vec<PostEvent>, AccountError> {
        let action = match command {
            PostCommand::Assign { .. } => Action::ManagePosts,
            PostCommand::MarkAway { .. } | PostCommand::MarkBack { .. } => Action::MarkPostAway,
        };
        authorize(ctx.actor.role, action, None, Relation::None)?;
        let at = ctx.now;
        let event = match command {
            PostCommand::Assign {
                post,
                primary,
                backup,
            } => {
                if let Some(a) = &self.assignment {
                    if &a.post != post {
                        return Err(AccountError::WrongStream {
                            what: "post",
                            stream: a.post.to_string(),
                            target: post.to_string(),
                        });
                    }
                    if &a.primary == primary && &a.backup == backup {
                        return Err(AccountError::NoChange {
                            what: format!("post {post}"),
                            state: "assigned so",
                        });
                    }
                }
                if primary == backup {
                    return Err(AccountError::SamePerson {
                        post: post.to_string(),
                    });
                }
                PostEvent::Assigned {
                    post: post.clone(),
                    primary: primary.clone(),
                    backup: backup.clone(),
                    at,
                }
            }
            PostCommand::MarkAway { person, until } => {
                self.holder(person)?;
                if until.is_some_and(|u| u <= ctx.now) {
                    return Err(AccountError::invalid("until", "must be in the future"));
                }
                PostEvent::MarkedAway {
                    person: person.clone(),
                    until: *until,
                    at,
                }
            }
            PostCommand::MarkBack { person } => {
                let a = self.holder(person)?;
                if !self.is_away(person, ctx.now) {
                    return Err(AccountError::NotAway {
                        post: a.post.to_string(),
                        person: person.to_string(),
                    });
                }
                PostEvent::MarkedBack {
                    person: person.clone(),
                    at,
                }
            }
        };
        Ok(vec![event])
    }

    fn evolve(&mut self, event: &PostEvent) {
        match event {
            PostEvent::Assigned {
                post,
                primary,
                backup,
                ..
            } => {
                self.away.retain(|p, _| p == primary || p == backup);
                self.assignment = Some(Assignment {
                    post: post.clone(),
                    primary: primary.clone(),
                    backup: backup.clone(),
                });
            }
            PostEvent::MarkedAway { person, until, .. } => {
                self.away.insert(person.clone(), *until);
            }
            PostEvent::MarkedBack { person, .. } => {
                self.away.remove(person);
            }
        }
    }
}

/// The standard posts of a center and the staff actions each one carries out, a default
/// that the app may use to route staff work (a center may configure its own). Staff actions
/// not listed (suspend, resume, cancel) are not post work: any center staff may take them.
pub const STANDARD_POSTS: [(&str, &[Action]); 6] = [
    (
        "acceptance",
        &[
            Action::Accept,
            Action::RejectEntry,
            Action::ReturnEntry,
            Action::DecideGreenChannel,
        ],
    ),
    ("venue", &[Action::BookVenue]),
    // announcements are published by the tenderer or agency; the post reviews them (later)
    ("publication", &[]),
    (
        "witness",
        &[
            Action::RecordExpertDraw,
            Action::OpenBids,
            Action::RecordEvaluation,
            Action::RejectAllBids,
        ],
    ),
    ("confirmation", &[Action::IssueConfirmation]),
    // 企业信息登记: approve an organisation's file or return it with reasons
    ("registration", &[Action::ReviewRegistration]),
];

/// The standard post that carries out a staff action, if any (see [`STANDARD_POSTS`]).
pub fn post_for(action: Action) -> Option<&'static str> {
    STANDARD_POSTS
        .iter()
        .find(|(_, actions)| actions.contains(&action))
        .map(|(post, _)| *post)
}
