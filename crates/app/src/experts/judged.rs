//! How the platform judges and draws a pool: on the pseudonymous pool of the draw
//! (`sunbid-draw/2`, docs/DRAW.md §7.2), so that what it publishes for the re-check is the
//! committed pool itself and names no one. The sealed list, the log and the re-check speak
//! of pseudonyms; the app alone maps them back to experts ([`Roster`]), with the draw's salt
//! from the vault. A draw committed before (no salt) was judged on the records themselves.

use std::collections::BTreeMap;

use domain::experts::{
    DrawRequest, Eligibility, Expert, ExpertId, PublicExpert, SALT_LEN, eligible,
    eligible_published, pseudonym, pseudonymise,
};

use super::draws::{DrawSecret, draw_refused};
use crate::error::AppError;

/// A pool as a draw judged it.
pub(crate) struct Judged {
    pub eligibility: Eligibility,
    /// What is published for the re-check (`None`: a draw of the first format).
    pub public: Option<Vec<PublicExpert>>,
}

/// Judges `pool` for `request`: on its pseudonyms under `salt`, or (no salt) on the records.
pub(crate) fn judge(
    pool: &[Expert],
    request: &DrawRequest,
    salt: Option<&[u8; SALT_LEN]>,
) -> Result<Judged, AppError> {
    Ok(match salt {
        Some(salt) => {
            let (public, _) = pseudonymise(pool, request, salt).map_err(draw_refused)?;
            Judged {
                eligibility: eligible_published(&public, request).map_err(draw_refused)?,
                public: Some(public),
            }
        }
        None => Judged {
            eligibility: eligible(pool, request).map_err(draw_refused)?,
            public: None,
        },
    })
}

impl DrawSecret {
    /// The draw's salt; `None` for a draw of the first format.
    pub(crate) fn salt(&self) -> Result<Option<[u8; SALT_LEN]>, AppError> {
        self.salt
            .as_deref()
            .map(|hex| {
                hex::decode(hex)
                    .ok()
                    .and_then(|b| b.try_into().ok())
                    .ok_or_else(|| AppError::Corrupt("the draw's salt is not 32 bytes".into()))
            })
            .transpose()
    }
}

/// Who each pseudonym of one draw is.
pub(crate) struct Roster {
    salt: Option<[u8; SALT_LEN]>,
    experts: BTreeMap<ExpertId, ExpertId>,
}

impl Roster {
    /// The pseudonyms of `ids` in the draw salted with `salt` (without a salt, ids stand
    /// for themselves).
    pub fn new<'a>(
        salt: Option<[u8; SALT_LEN]>,
        ids: impl IntoIterator<Item = &'a ExpertId>,
    ) -> Roster {
        let experts = match &salt {
            Some(s) => ids
                .into_iter()
                .map(|id| (pseudonym(s, id), id.clone()))
                .collect(),
            None => BTreeMap::new(),
        };
        Roster { salt, experts }
    }

    /// The expert a pick names.
    pub fn expert(&self, pick: &ExpertId) -> Option<ExpertId> {
        match self.salt {
            Some(_) => self.experts.get(pick).cloned(),
            None => Some(pick.clone()),
        }
    }

    /// How the draw names `id`.
    pub fn pseudonym(&self, id: &ExpertId) -> ExpertId {
        match &self.salt {
            Some(s) => pseudonym(s, id),
            None => id.clone(),
        }
    }
}
