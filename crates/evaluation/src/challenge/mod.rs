//! Objections (异议) to construction candidates and challenges (质疑) in procurement, the
//! complaints (投诉) to the supervisor that follow them, the supervisor's handling, and the
//! notice of award (中标/成交通知书): one aggregate per trade, its own stream
//! (`challenge:<trade>`), so the trade's stream, its commands and its access matrix stay as
//! they are.
//!
//! It lives here and not in `domain` because every window comes from [`crate::periods`]
//! (which depends on `domain`): `decide` computes the window from the calendar in the
//! [`domain::Context`] and the trade's facts that the app hands in with each command
//! ([`TradeFacts`], read from the trade's state), and records the window it checked (rule,
//! last day, end instant) in the event. A late act is refused with `challenge.late`, naming
//! the rule and the deadline; a refusal changes nothing.
//!
//! Who sees what (the app filters, `app::challenges`): the public sees every
//! filing's subject, text, reply, complaint and handling but not who filed it; the filer sees
//! its own filings in full; the tenderer, the agency, center staff and supervisors see who
//! filed.
//!
//! * [`model`]: [`ChallengeCommand`], [`Act`], [`TradeFacts`], [`ChallengeEvent`], [`Window`];
//! * [`state`]: [`ChallengeBook`] and `evolve`; `decide` checks each act (private module);
//! * [`error`]: [`ChallengeError`] with stable `challenge.*` codes.

mod decide;
pub mod error;
pub mod model;
pub mod state;

pub use error::ChallengeError;
pub use model::{
    Act, ChallengeCommand, ChallengeEvent, FilingKind, Handling, MAX_TEXT_CHARS, Regime, Subject,
    TradeFacts, Window,
};
pub use state::{ChallengeBook, Complaint, Filing, HandlingStep, Notice, Reply};
