//! The center's profile, its opening-key policy and its other settings: value types, each
//! checked when decided, so a stored setting always holds.

use serde::{Deserialize, Serialize};

use crate::accounts::display_name;
use crate::center::error::CenterError;
use crate::values::RegionCode;

/// Who the center is: its name (as on its seal) and the region it serves (GB/T 2260).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub name: String,
    pub region: RegionCode,
}

impl Profile {
    pub(crate) fn checked(&self) -> Result<Profile, CenterError> {
        Ok(Profile {
            name: display_name("center name", &self.name, 200)?,
            region: self.region.clone(),
        })
    }
}

/// A side that holds one share of a round's opening key (the platform finds the person:
/// the witness post's A then B, a supervisor, the tenderer's or agency's people).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustodianSide {
    /// The center's witness post (见证岗).
    Witness,
    /// A supervisor of the administrative supervision department.
    Supervisor,
    /// The tenderer, or the agency acting for it.
    Party,
}

impl CustodianSide {
    pub const ALL: [CustodianSide; 3] = [
        CustodianSide::Witness,
        CustodianSide::Supervisor,
        CustodianSide::Party,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CustodianSide::Witness => "witness",
            CustodianSide::Supervisor => "supervisor",
            CustodianSide::Party => "party",
        }
    }
}

/// The sealing suites a center may choose (the names of the `seal` crate's suites; the app
/// checks the two lists agree).
pub const SUITES: [&str; 3] = [
    "hpke-x25519-chacha20poly1305",
    "hpke-x25519-aes256gcm",
    "sm2-sm4",
];

/// How a round's opening key is made: split among one custodian per side, `threshold` of
/// them open it; bids sealed with `suite`, unsealed within `window_minutes` of the
/// deadline, at most `max_bid_mib` MiB each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningTerms {
    pub custodians: Vec<CustodianSide>,
    pub threshold: u8,
    pub suite: String,
    pub window_minutes: u32,
    pub max_bid_mib: u32,
}

impl Default for OpeningTerms {
    /// Three sides, two to open: no side alone can open a bid early, and one absentee does
    /// not block the opening. The suite browsers seal with; a 60-minute window (practice is
    /// 30-60, rules.md §2 [S]); 64 MiB bids.
    fn default() -> OpeningTerms {
        OpeningTerms {
            custodians: CustodianSide::ALL.to_vec(),
            threshold: 2,
            suite: "hpke-x25519-aes256gcm".into(),
            window_minutes: 60,
            max_bid_mib: 64,
        }
    }
}

/// The decryption window's bounds, in minutes.
pub const WINDOW_MINUTES: std::ops::RangeInclusive<u32> = 15..=240;
/// The largest bid a center may allow, in MiB.
pub const MAX_BID_MIB: u32 = 1024;

impl OpeningTerms {
    pub(crate) fn check(&self) -> Result<(), CenterError> {
        let bad = |field: &'static str, reason: String| CenterError::BadPolicy { field, reason };
        let n = self.custodians.len();
        let mut sides = self.custodians.clone();
        sides.sort();
        sides.dedup();
        if sides.len() != n || n < 2 {
            return Err(bad(
                "custodians",
                "two or three different sides (witness, supervisor, party)".into(),
            ));
        }
        // 电子招标投标办法 第27条: nobody may unseal a bid before the deadline, so no one
        // side may hold enough shares alone.
        if self.threshold < 2 || usize::from(self.threshold) > n {
            return Err(CenterError::BadThreshold {
                threshold: self.threshold,
                custodians: n,
            });
        }
        if !SUITES.contains(&self.suite.as_str()) {
            return Err(bad("suite", format!("one of {}", SUITES.join(", "))));
        }
        if !WINDOW_MINUTES.contains(&self.window_minutes) {
            return Err(bad(
                "window_minutes",
                format!(
                    "{} to {} minutes",
                    WINDOW_MINUTES.start(),
                    WINDOW_MINUTES.end()
                ),
            ));
        }
        if self.max_bid_mib == 0 || self.max_bid_mib > MAX_BID_MIB {
            return Err(bad("max_bid_mib", format!("1 to {MAX_BID_MIB} MiB")));
        }
        Ok(())
    }
}

/// Settings of the center's own work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// How long a password-reset link works, in minutes.
    pub reset_link_minutes: u32,
    /// How long a first sign-in link works, in hours.
    pub first_sign_in_link_hours: u32,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            reset_link_minutes: 60,
            first_sign_in_link_hours: 72,
        }
    }
}

impl Settings {
    pub(crate) fn check(&self) -> Result<(), CenterError> {
        let max_hours = crate::accounts::MAX_LINK_DAYS as u32 * 24;
        if !(5..=24 * 60).contains(&self.reset_link_minutes) {
            return Err(CenterError::BadSetting {
                field: "reset_link_minutes",
                reason: "5 minutes to 24 hours".into(),
            });
        }
        if !(1..=max_hours).contains(&self.first_sign_in_link_hours) {
            return Err(CenterError::BadSetting {
                field: "first_sign_in_link_hours",
                reason: format!("1 to {max_hours} hours"),
            });
        }
        Ok(())
    }
}
