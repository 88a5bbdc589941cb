//! Watching a session from a live stream, so that what the stream sends stops when the
//! session does: at once on a sign-out on this server or a change to the person's or their
//! organisation's account (a disabled person, a deactivated organisation), and within
//! [`SESSION_RECHECK_SECS`] otherwise (expiry, a sign-out on another server).

use tokio::sync::broadcast::error::RecvError;

use crate::accounts::{org_stream, person_stream};
use crate::auth::SessionInfo;
use crate::auth::session::token_hash;
use crate::platform::Platform;

/// How often a watched session is looked up even when nothing announced a change.
pub const SESSION_RECHECK_SECS: u64 = 30;

impl Platform {
    /// Completes when the session of `token` (whose current state is `info`) has ended.
    /// A store error while checking counts as ended: a stream must not outlive a session it
    /// can no longer vouch for.
    pub async fn session_ended(&self, token: &str, info: &SessionInfo) {
        let Some(hash) = token_hash(token) else {
            return;
        };
        let mut signed_out = self.auth.signed_out.subscribe();
        let mut appended = self.subscribe();
        let watched = [
            Some(person_stream(&info.person)),
            info.actor.org.as_deref().map(org_stream),
        ];
        let every = std::time::Duration::from_secs(SESSION_RECHECK_SECS);
        loop {
            let recheck = tokio::select! {
                ended = signed_out.recv() => match ended {
                    Ok(h) => h == hash,
                    Err(RecvError::Lagged(_)) => true,
                    Err(RecvError::Closed) => false,
                },
                notice = appended.recv() => match notice {
                    Ok(n) => n.streams.iter().any(|s| watched.iter().flatten().any(|w| w == s)),
                    Err(RecvError::Lagged(_)) => true,
                    Err(RecvError::Closed) => false,
                },
                () = tokio::time::sleep(every) => true,
            };
            if recheck && !self.session_holds(token).await.unwrap_or(false) {
                tracing::info!(person.id = %info.person, "live stream closed: the session ended");
                return;
            }
        }
    }
}
