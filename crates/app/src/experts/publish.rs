//! The published draw (docs/DRAW.md §7): once the list is revealed, everything a re-check
//! needs, for `sunbid draw verify` and the public page. The pool is the pseudonymous one the
//! draw was judged on (`sunbid-draw/2`): no name, birth date, employer or credit standing.

use domain::TradeId;
use domain::experts::{PSEUDONYMOUS_FORMAT, PseudonymousDraw, verify_draw};
use serde::Serialize;

use super::judged::judge;
use crate::error::AppError;
use crate::platform::Platform;

/// The published draw and the platform's own re-check of it.
#[derive(Debug, Clone, Serialize)]
pub struct PublishedView {
    pub published: PseudonymousDraw,
    /// `None` when the re-check passes; otherwise its first difference.
    pub problem: Option<String>,
}

impl Platform {
    /// `None` until the list is revealed.
    pub async fn published_draw(&self, trade: &TradeId) -> Result<Option<PublishedView>, AppError> {
        let r = self.draw_record(trade).await?;
        let Some(result) = r.state.revealed.clone() else {
            return Ok(None);
        };
        let secret = self.draw_secret(trade, &r)?;
        let pool = self.draw_pool(trade, &secret).await?;
        let Some(public) = judge(&pool, &secret.request, secret.salt()?.as_ref())?.public else {
            // Judged on the records themselves: publishing them would publish personal data.
            return Err(AppError::rule(
                "draw.not_published",
                "this draw was made in the first format, whose re-check needs the experts' records: it is not published",
            ));
        };
        let commitment = r
            .state
            .commitment
            .clone()
            .ok_or_else(|| AppError::Corrupt("revealed without commitment".into()))?;
        let (beacon, beacon_tree_size) = r
            .beacon
            .clone()
            .ok_or_else(|| AppError::Corrupt("revealed without beacon".into()))?;
        let published = PseudonymousDraw {
            format: Some(PSEUDONYMOUS_FORMAT.to_owned()),
            request: secret.request,
            pool: public,
            seed: secret.seed,
            seed_sha256: commitment.seed_sha256,
            commitment: commitment.commitment,
            commitment_leaf: r.commitment_leaf.unwrap_or_default(),
            beacon,
            beacon_tree_size,
            result,
        };
        let problem = verify_draw(&published).err().map(|e| e.to_string());
        Ok(Some(PublishedView { published, problem }))
    }
}
