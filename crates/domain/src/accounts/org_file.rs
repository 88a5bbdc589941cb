//! An organisation's file (企业信息登记, 一次登记、全平台通用): what it registers once and
//! every trade reads: its name, legal representative, contact and qualifications (资质) with
//! the files that prove them. Center staff review it; see [`super::OrgState`] for the steps.
//!
//! Qualifications and time: a qualification past its validity date is refused when the file
//! is submitted and when it is approved (a file in review carries only valid ones). Once
//! approved, the file stays in force as qualifications lapse: a lapsed one is only flagged
//! ([`Qualification::expired_on`]), because what a bid needs is a valid qualification at the
//! bid deadline (资格审查 by the committee), which the trade judges, not the registration.

use legal_time::{Date, OffsetDateTime};
use serde::{Deserialize, Serialize};

use crate::accounts::contact::Contact;
use crate::accounts::error::AccountError;
use crate::accounts::ids::display_name;
use crate::serde_time;
use crate::values::BlobRef;

/// Files per qualification, and qualifications per organisation, that one file may hold.
pub const MAX_FILES: usize = 10;
pub const MAX_QUALIFICATIONS: usize = 50;

/// Why an organisation may not act on trades yet: it has never been approved, and its file
/// is being completed, waits for review, or was returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unapproved {
    Draft,
    Submitted,
    Returned,
}

impl Unapproved {
    pub fn as_str(self) -> &'static str {
        match self {
            Unapproved::Draft => "draft",
            Unapproved::Submitted => "submitted",
            Unapproved::Returned => "returned",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Unapproved::Draft => "its file is being completed",
            Unapproved::Submitted => "its file waits for review",
            Unapproved::Returned => "its file was returned with reasons",
        }
    }
}

/// One qualification (资质): a certificate with its kind, grade and number, who issued it,
/// how long it is valid, and the scanned files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Qualification {
    /// 资质类别, e.g. 建筑工程施工总承包.
    pub kind: String,
    /// 等级, e.g. 一级 (may be empty where a kind has no grades).
    #[serde(default)]
    pub grade: String,
    /// 证书编号: names the qualification within the file.
    pub number: String,
    /// 发证机关.
    pub issuer: String,
    #[serde(with = "serde_time::date")]
    pub valid_from: Date,
    #[serde(with = "serde_time::date")]
    pub valid_until: Date,
    pub files: Vec<BlobRef>,
}

impl Qualification {
    /// Lapsed on `day` (valid through `valid_until` inclusive).
    pub fn expired_on(&self, day: Date) -> bool {
        day > self.valid_until
    }

    /// Valid on `day`: issued and not lapsed.
    pub fn valid_on(&self, day: Date) -> bool {
        self.valid_from <= day && day <= self.valid_until
    }

    /// The qualification as it enters a file: names trimmed and bounded, dates in order,
    /// at least one file and no more than [`MAX_FILES`].
    pub(crate) fn checked(&self) -> Result<Qualification, AccountError> {
        let grade = self.grade.trim();
        let grade = if grade.is_empty() {
            String::new()
        } else {
            display_name("qualification grade", grade, 50)?
        };
        let q = Qualification {
            kind: display_name("qualification kind", &self.kind, 100)?,
            grade,
            number: display_name("certificate number", &self.number, 100)?,
            issuer: display_name("issuing authority", &self.issuer, 100)?,
            ..self.clone()
        };
        if q.valid_until < q.valid_from {
            return Err(AccountError::QualificationDates { number: q.number });
        }
        if q.files.is_empty() || q.files.len() > MAX_FILES {
            return Err(AccountError::QualificationFiles {
                number: q.number,
                max: MAX_FILES,
            });
        }
        Ok(q)
    }
}

/// What the organisation says of itself besides its name and qualifications.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgDetails {
    pub legal_representative: String,
    pub contact: Contact,
    #[serde(default)]
    pub address: Option<String>,
}

impl OrgDetails {
    pub(crate) fn checked(&self) -> Result<OrgDetails, AccountError> {
        let address = match self.address.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(a) => Some(display_name("address", a, 200)?),
        };
        Ok(OrgDetails {
            legal_representative: display_name(
                "legal representative",
                &self.legal_representative,
                100,
            )?,
            contact: self.contact.checked()?,
            address,
        })
    }
}

/// The whole file: a name from the start (the sign-up gives one), the rest completed before
/// it is submitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgFile {
    pub name: String,
    #[serde(default)]
    pub details: Option<OrgDetails>,
    #[serde(default)]
    pub qualifications: Vec<Qualification>,
}

impl OrgFile {
    pub fn named(name: String) -> OrgFile {
        OrgFile {
            name,
            details: None,
            qualifications: Vec::new(),
        }
    }

    pub fn qualification(&self, number: &str) -> Option<&Qualification> {
        self.qualifications.iter().find(|q| q.number == number)
    }

    /// What review requires: the details given, and no qualification lapsed on `day`.
    pub(crate) fn check_complete(&self, day: Date) -> Result<(), AccountError> {
        if self.details.is_none() {
            return Err(AccountError::FileIncomplete {
                missing: "legal representative and contact",
            });
        }
        if let Some(q) = self.qualifications.iter().find(|q| q.expired_on(day)) {
            return Err(AccountError::QualificationExpired {
                number: q.number.clone(),
                kind: q.kind.clone(),
                valid_until: q.valid_until,
            });
        }
        Ok(())
    }

    /// Every file the organisation's file names (for `verify`).
    pub fn blobs(&self) -> impl Iterator<Item = &BlobRef> {
        self.qualifications.iter().flat_map(|q| q.files.iter())
    }
}

/// A file being completed or reviewed, beside the one in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub file: OrgFile,
    pub status: Unapproved,
    pub submitted_at: Option<OffsetDateTime>,
    /// The last return, while the file has not been approved since.
    pub returned: Option<Review>,
}

/// A reviewer's decision: who (the staff member's person id, and the post's A when a B
/// decided), when, and the reasons of a return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub by: String,
    pub on_behalf_of: Option<String>,
    pub at: OffsetDateTime,
    pub reasons: Vec<String>,
}
