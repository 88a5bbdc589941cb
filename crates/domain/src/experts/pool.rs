//! The expert pool (专家库): parsed value types of one expert's record. Only the attributes that
//! eligibility reads enter the draw's hashes ([`Expert::attributes_hash`]); the name, the
//! title and the notes of conduct records do not, so a published copy may leave them out
//! ([`Expert::redacted`]).

use legal_time::{Date, OffsetDateTime};
use serde::{Deserialize, Serialize};

use crate::experts::codec::Encoder;
use crate::serde_time;
use crate::values::{RegionCode, UnifiedSocialCreditCode, ValueError};

/// An expert's id in the pool: 1..=64 of `A-Z a-z 0-9 - _ .`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ExpertId(String);

crate::values::string_schema!(
    ExpertId,
    "^[A-Za-z0-9._-]{1,64}$",
    "expert id: 1-64 of A-Z a-z 0-9 - _ ."
);

impl ExpertId {
    pub fn parse(s: &str) -> Result<ExpertId, ValueError> {
        let ok = !s.is_empty()
            && s.len() <= 64
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if ok {
            Ok(ExpertId(s.to_owned()))
        } else {
            Err(ValueError::new(
                "expert id",
                format!("{s:?}: use 1-64 of A-Z a-z 0-9 - _ ."),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A specialty (专业类别) in a code tree: segments of `A-Z 0-9` joined by `.`, e.g.
/// `A01.02.03` (below `A01.02`, below `A01`). Stored upper case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SpecialtyCode(String);

crate::values::string_schema!(
    SpecialtyCode,
    "^[A-Za-z0-9]{1,8}([.][A-Za-z0-9]{1,8}){0,7}$",
    "specialty code: segments of A-Z 0-9 joined by `.`, e.g. A01.02.03"
);

impl SpecialtyCode {
    /// 1..=8 segments of 1..=8 characters `A-Z 0-9`, at most 64 characters in all.
    pub fn parse(s: &str) -> Result<SpecialtyCode, ValueError> {
        let code = s.trim().to_ascii_uppercase();
        let segments: Vec<&str> = code.split('.').collect();
        let ok = code.len() <= 64
            && segments.len() <= 8
            && segments.iter().all(|seg| {
                (1..=8).contains(&seg.len())
                    && seg
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            });
        if ok {
            Ok(SpecialtyCode(code))
        } else {
            Err(ValueError::new(
                "specialty code",
                format!("{s:?}: segments of A-Z 0-9 joined by '.', e.g. A01.02.03"),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// This (an expert's specialty) serves a request for `requested`: it is the same code or
    /// lies below it in the tree (`A01.02.03` serves `A01.02` and `A01`, not `A01.03` nor
    /// `A01.02.03.04`).
    pub fn serves(&self, requested: &SpecialtyCode) -> bool {
        match self.0.strip_prefix(requested.as_str()) {
            Some("") => true,
            Some(rest) => rest.starts_with('.'),
            None => false,
        }
    }
}

crate::values::string_conversions!(ExpertId, SpecialtyCode);

/// How an expert is or was tied to an organisation (政府采购法实施条例 第9条 (一)–(三)).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum EmploymentRole {
    /// 劳动关系 (staff).
    Employee,
    /// 董事.
    Director,
    /// 监事 (a board supervisor; not the supervising department).
    BoardSupervisor,
    /// 控股股东 or 实际控制人.
    Controller,
}

impl EmploymentRole {
    pub fn as_str(self) -> &'static str {
        match self {
            EmploymentRole::Employee => "employee",
            EmploymentRole::Director => "director",
            EmploymentRole::BoardSupervisor => "board_supervisor",
            EmploymentRole::Controller => "controller",
        }
    }

    /// The byte of the canonical encoding (docs/DRAW.md §3.2).
    pub fn code(self) -> u8 {
        match self {
            EmploymentRole::Employee => 1,
            EmploymentRole::Director => 2,
            EmploymentRole::BoardSupervisor => 3,
            EmploymentRole::Controller => 4,
        }
    }
}

/// One tie to an organisation, from `from` to `to` inclusive (`None`: still so).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Employment {
    pub org: UnifiedSocialCreditCode,
    pub role: EmploymentRole,
    #[serde(with = "serde_time::date")]
    pub from: Date,
    #[serde(with = "serde_time::option_date", default)]
    pub to: Option<Date>,
}

impl Employment {
    /// The tie existed on some day of `[first, last]`.
    pub fn overlaps(&self, first: Date, last: Date) -> bool {
        self.from <= last && self.to.is_none_or(|to| to >= first)
    }
}

/// A declared relation (申报的利害关系).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    /// Spouse, lineal relative, collateral relative within three generations or close in-law
    /// (近亲属) of the organisation's legal representative or head, or of the named person.
    Relative,
    /// Holds shares or another economic interest in the organisation (经济利益关系).
    Shareholding,
    /// Any other relation that could affect fairness (其他利害关系).
    Other,
}

impl RelationKind {
    pub fn code(self) -> u8 {
        match self {
            RelationKind::Relative => 1,
            RelationKind::Shareholding => 2,
            RelationKind::Other => 3,
        }
    }
}

/// Whom a relation ties the expert to: an organisation, or a person by name (matched against
/// the principals the draw request names).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RelationTarget {
    Org(UnifiedSocialCreditCode),
    Person(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = ExpertRelation)]
pub struct Relation {
    pub kind: RelationKind,
    pub target: RelationTarget,
}

/// Days `from..=to` (Beijing dates), e.g. a leave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DateRange {
    #[serde(with = "serde_time::date")]
    pub from: Date,
    #[serde(with = "serde_time::date")]
    pub to: Date,
}

impl DateRange {
    pub fn overlaps(&self, first: Date, last: Date) -> bool {
        self.from <= last && self.to >= first
    }
}

/// Instants `[from, to)`, e.g. another evaluation the expert is booked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TimeRange {
    #[serde(with = "serde_time::instant")]
    pub from: OffsetDateTime,
    #[serde(with = "serde_time::instant")]
    pub to: OffsetDateTime,
}

impl TimeRange {
    pub fn overlaps(&self, other: &TimeRange) -> bool {
        self.from < other.to && other.from < self.to
    }
}

/// The kind of a conduct record (行为信用记录).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ConductKind {
    /// 提醒: no effect on eligibility.
    Reminder,
    /// 告诫 / 警告: no effect on eligibility by itself (it feeds the credit standing).
    Warning,
    /// 不良行为记录 (财库〔2016〕198号 第29条 [M]): excluded for the look-back period.
    BadRecord,
    /// 行政处罚 or 刑事处罚 for a tendering or procurement violation.
    Penalty,
    /// 禁止参加评标/评审 until `until` (`None`: 取消资格, for good).
    Ban,
}

impl ConductKind {
    pub fn code(self) -> u8 {
        match self {
            ConductKind::Reminder => 1,
            ConductKind::Warning => 2,
            ConductKind::BadRecord => 3,
            ConductKind::Penalty => 4,
            ConductKind::Ban => 5,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ConductRecord {
    #[serde(with = "serde_time::date")]
    pub date: Date,
    pub kind: ConductKind,
    /// The last day of a [`ConductKind::Ban`]; ignored for the other kinds.
    #[serde(with = "serde_time::option_date", default)]
    pub until: Option<Date>,
    /// Free text; not part of the draw's hashes.
    #[serde(default)]
    pub note: String,
}

/// The expert's credit standing as the credit system keeps it (fed by conduct records and
/// mutual ratings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExpertCredit {
    Good,
    /// Warned: still drawn.
    Watch,
    /// Not drawn while restricted.
    Restricted,
}

impl ExpertCredit {
    pub fn code(self) -> u8 {
        match self {
            ExpertCredit::Good => 1,
            ExpertCredit::Watch => 2,
            ExpertCredit::Restricted => 3,
        }
    }
}

/// 职称 (for the record; pool admission checks it, the draw does not).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Title {
    Senior,
    AssociateSenior,
    Intermediate,
    Other,
}

/// One expert of the pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Expert {
    pub id: ExpertId,
    /// Not part of the draw's hashes.
    pub name: String,
    pub specialties: Vec<SpecialtyCode>,
    pub region: RegionCode,
    #[serde(default)]
    pub employers: Vec<Employment>,
    /// Not part of the draw's hashes.
    pub title: Title,
    #[serde(with = "serde_time::date")]
    pub birth_date: Date,
    #[serde(default)]
    pub relations: Vec<Relation>,
    #[serde(default)]
    pub leave: Vec<DateRange>,
    #[serde(default)]
    pub bookings: Vec<TimeRange>,
    #[serde(default)]
    pub conduct: Vec<ConductRecord>,
    pub credit: ExpertCredit,
    /// In the pool and not suspended or dismissed (解聘).
    pub active: bool,
}

impl Expert {
    /// The canonical encoding of the attributes eligibility reads (docs/DRAW.md §3.2).
    pub fn attributes_encoding(&self) -> Encoder {
        let mut e = Encoder::tagged("sunbid.draw.v1.expert");
        e.str(self.id.as_str())
            .set(&self.specialties, |e, s| {
                e.str(s.as_str());
            })
            .str(self.region.as_str())
            .date(self.birth_date)
            .set(&self.employers, |e, j| {
                e.str(j.org.as_str())
                    .u8(j.role.code())
                    .date(j.from)
                    .opt(j.to, |e, d| {
                        e.date(d);
                    });
            })
            .set(&self.relations, |e, r| {
                e.u8(r.kind.code());
                match &r.target {
                    RelationTarget::Org(org) => e.u8(1).str(org.as_str()),
                    RelationTarget::Person(name) => e.u8(2).str(name),
                };
            })
            .set(&self.leave, |e, l| {
                e.date(l.from).date(l.to);
            })
            .set(&self.bookings, |e, b| {
                e.instant(b.from).instant(b.to);
            })
            .set(&self.conduct, |e, c| {
                e.date(c.date).u8(c.kind.code()).opt(c.until, |e, d| {
                    e.date(d);
                });
            })
            .u8(self.credit.code())
            .u8(u8::from(self.active));
        e
    }

    /// SHA-256 of [`Expert::attributes_encoding`].
    pub fn attributes_hash(&self) -> [u8; 32] {
        self.attributes_encoding().sha256()
    }

    /// A copy without what the draw does not read (name, title, notes), for publication.
    pub fn redacted(&self) -> Expert {
        Expert {
            name: String::new(),
            title: Title::Other,
            conduct: self
                .conduct
                .iter()
                .map(|c| ConductRecord {
                    note: String::new(),
                    ..c.clone()
                })
                .collect(),
            ..self.clone()
        }
    }

    /// Completed years of age (周岁) on `on`: the birthday counts from its own day; someone
    /// born on 29 February turns a year older on 1 March in other years.
    pub fn age_on(&self, on: Date) -> i32 {
        let b = self.birth_date;
        let before_birthday = (u8::from(on.month()), on.day()) < (u8::from(b.month()), b.day());
        on.year() - b.year() - i32::from(before_birthday)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> SpecialtyCode {
        SpecialtyCode::parse(s).unwrap()
    }

    #[test]
    fn specialty_codes_form_a_tree() {
        assert!(code("A01.02.03").serves(&code("A01")));
        assert!(code("A01.02.03").serves(&code("a01.02")));
        assert!(code("A01.02").serves(&code("A01.02")));
        assert!(!code("A01").serves(&code("A01.02")));
        assert!(!code("A010").serves(&code("A01")));
        assert!(!code("A01.03").serves(&code("A01.02")));
        for bad in [
            "",
            "A01.",
            ".A01",
            "A01..02",
            "A-01",
            "ABCDEFGHI",
            "A.B.C.D.E.F.G.H.I",
        ] {
            assert!(SpecialtyCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn expert_ids() {
        assert!(ExpertId::parse("E-000123").is_ok());
        assert!(ExpertId::parse("E 1").is_err());
        assert!(ExpertId::parse(&"x".repeat(65)).is_err());
    }
}
