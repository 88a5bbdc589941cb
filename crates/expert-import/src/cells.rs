//! Parsing one cell. Each parser gets the trimmed, non-empty text of its cell; list cells split
//! into items on `;`, and the full-width `；` `：` of Chinese input methods count as `;` `:`.

use domain::experts::{
    DateRange, Employment, EmploymentRole, ExpertCredit, ExpertId, Relation, RelationKind,
    RelationTarget, SpecialtyCode, Title,
};
use domain::values::{RegionCode, UnifiedSocialCreditCode};
use legal_time::Date;
use time::Month;

use crate::error::Problem;

/// The longest name or person name, in characters.
pub const MAX_NAME: usize = 64;

pub fn id(s: &str) -> Result<ExpertId, Problem> {
    ExpertId::parse(s).map_err(|_| {
        Problem::new(
            "import.bad_id",
            format!("{s:?} is not an expert id: use 1-64 of A-Z a-z 0-9 - _ ."),
        )
    })
}

/// A display name: at most [`MAX_NAME`] characters, no control characters.
pub fn name(s: &str) -> Result<String, Problem> {
    if s.chars().count() > MAX_NAME || s.chars().any(char::is_control) {
        return Err(Problem::new(
            "import.bad_name",
            format!("{s:?}: a name is at most {MAX_NAME} characters, without control characters"),
        )
        .with("max", MAX_NAME));
    }
    Ok(s.to_owned())
}

/// `A01.02;B01`: one or more codes; a repeated code counts once.
pub fn specialties(s: &str) -> Result<Vec<SpecialtyCode>, Problem> {
    let mut out: Vec<SpecialtyCode> = Vec::new();
    for item in items(s) {
        let code = SpecialtyCode::parse(item).map_err(|_| {
            Problem::new(
                "import.bad_specialty",
                format!("{item:?} is not a specialty code: segments of A-Z 0-9 joined by '.', e.g. A01.02"),
            )
            .with("item", item)
        })?;
        if !out.contains(&code) {
            out.push(code);
        }
    }
    if out.is_empty() {
        return Err(Problem::new(
            "import.required",
            "at least one specialty is required",
        ));
    }
    Ok(out)
}

pub fn region(s: &str) -> Result<RegionCode, Problem> {
    RegionCode::parse(s).map_err(|_| {
        Problem::new(
            "import.bad_region",
            format!("{s:?} is not a region code: 6 digits of GB/T 2260, e.g. 330106"),
        )
    })
}

pub fn title(s: &str) -> Result<Title, Problem> {
    match s.to_ascii_lowercase().as_str() {
        "senior" | "正高级" => Ok(Title::Senior),
        "associate_senior" | "副高级" => Ok(Title::AssociateSenior),
        "intermediate" | "中级" => Ok(Title::Intermediate),
        "other" | "其他" => Ok(Title::Other),
        _ => Err(Problem::new(
            "import.bad_title",
            format!(
                "{s:?} is not a title: use senior, associate_senior, intermediate or other (正高级, 副高级, 中级, 其他)"
            ),
        )),
    }
}

/// `YYYY-MM-DD`; `YYYY/M/D` and one-digit months and days are taken too, since Excel rewrites
/// dates that way when it saves a CSV.
pub fn date(s: &str) -> Result<Date, Problem> {
    let bad = || {
        Problem::new(
            "import.bad_date",
            format!("{s:?} is not a date: use YYYY-MM-DD, e.g. 1975-06-15"),
        )
        .with("item", s)
    };
    let sep = if s.contains('/') { '/' } else { '-' };
    let parts: Vec<&str> = s.split(sep).collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    let digits = |p: &str, lens: std::ops::RangeInclusive<usize>| {
        lens.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(y, 4..=4) || !digits(m, 1..=2) || !digits(d, 1..=2) {
        return Err(bad());
    }
    let year: i32 = y.parse().map_err(|_| bad())?;
    let month = m
        .parse::<u8>()
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .ok_or_else(bad)?;
    let day: u8 = d.parse().map_err(|_| bad())?;
    if year < 1900 {
        return Err(bad());
    }
    Date::from_calendar_date(year, month, day).map_err(|_| bad())
}

/// `FROM..TO`, `FROM` ≤ `TO`; `TO` may be empty (`None`).
fn range(s: &str) -> Result<(Date, Option<Date>), Problem> {
    let Some((from, to)) = s.split_once("..") else {
        return Err(Problem::new(
            "import.bad_range",
            format!("{s:?} is not a date range: use FROM..TO, e.g. 2019-01-01..2023-06-30"),
        )
        .with("item", s));
    };
    let from = date(from.trim())?;
    let to = match to.trim() {
        "" => None,
        t => Some(date(t)?),
    };
    if to.is_some_and(|to| to < from) {
        return Err(Problem::new(
            "import.bad_range",
            format!("{s:?}: the range ends before it starts"),
        )
        .with("item", s));
    }
    Ok((from, to))
}

fn org(s: &str, item: &str) -> Result<UnifiedSocialCreditCode, Problem> {
    UnifiedSocialCreditCode::parse(s).map_err(|e| {
        Problem::new(
            "import.bad_org",
            format!("{s:?} is not a unified social credit code ({})", e.reason),
        )
        .with("item", item)
    })
}

/// `USCC:ROLE:FROM..[TO]`, e.g. `91330106MA2XXXXXXX:employee:2019-01-01..2023-06-30`.
pub fn employers(s: &str) -> Result<Vec<Employment>, Problem> {
    items(s).map(employer).collect()
}

fn employer(item: &str) -> Result<Employment, Problem> {
    let parts: Vec<&str> = item.split(':').map(str::trim).collect();
    let [code, role, dates] = parts.as_slice() else {
        return Err(Problem::new(
            "import.bad_employer",
            format!("{item:?}: an employment is USCC:ROLE:FROM..TO (TO may be left empty)"),
        )
        .with("item", item));
    };
    let role = match role.to_ascii_lowercase().as_str() {
        "employee" => EmploymentRole::Employee,
        "director" => EmploymentRole::Director,
        "board_supervisor" => EmploymentRole::BoardSupervisor,
        "controller" => EmploymentRole::Controller,
        _ => {
            return Err(Problem::new(
                "import.bad_role",
                format!(
                    "{role:?} is not a role: use employee, director, board_supervisor or controller"
                ),
            )
            .with("item", item));
        }
    };
    let org = org(code, item)?;
    let (from, to) = range(dates)?;
    Ok(Employment {
        org,
        role,
        from,
        to,
    })
}

/// `KIND:org:USCC` or `KIND:person:NAME`, KIND one of `relative`, `shareholding`, `other`.
pub fn relations(s: &str) -> Result<Vec<Relation>, Problem> {
    items(s).map(relation).collect()
}

fn relation(item: &str) -> Result<Relation, Problem> {
    let shape = || {
        Problem::new(
            "import.bad_relation",
            format!("{item:?}: a relation is KIND:org:USCC or KIND:person:NAME, KIND one of relative, shareholding, other"),
        )
        .with("item", item)
    };
    let mut parts = item.splitn(3, ':').map(str::trim);
    let (Some(kind), Some(target), Some(value)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(shape());
    };
    let kind = match kind.to_ascii_lowercase().as_str() {
        "relative" => RelationKind::Relative,
        "shareholding" => RelationKind::Shareholding,
        "other" => RelationKind::Other,
        _ => return Err(shape()),
    };
    let target = match target.to_ascii_lowercase().as_str() {
        "org" => RelationTarget::Org(org(value, item)?),
        "person" => RelationTarget::Person(person(value, item)?),
        _ => return Err(shape()),
    };
    Ok(Relation { kind, target })
}

fn person(s: &str, item: &str) -> Result<String, Problem> {
    if s.is_empty() || s.chars().count() > MAX_NAME || s.chars().any(char::is_control) {
        return Err(Problem::new(
            "import.bad_person",
            format!(
                "{s:?}: a person's name is 1-{MAX_NAME} characters, without control characters"
            ),
        )
        .with("item", item)
        .with("max", MAX_NAME));
    }
    Ok(s.to_owned())
}

/// `FROM..TO;FROM..TO`, both ends included.
pub fn leave(s: &str) -> Result<Vec<DateRange>, Problem> {
    items(s)
        .map(|item| match range(item)? {
            (from, Some(to)) => Ok(DateRange { from, to }),
            (_, None) => Err(Problem::new(
                "import.bad_leave",
                format!("{item:?}: a leave needs both ends"),
            )
            .with("item", item)),
        })
        .collect()
}

pub fn credit(s: &str) -> Result<ExpertCredit, Problem> {
    match s.to_ascii_lowercase().as_str() {
        "good" => Ok(ExpertCredit::Good),
        "watch" => Ok(ExpertCredit::Watch),
        "restricted" => Ok(ExpertCredit::Restricted),
        _ => Err(Problem::new(
            "import.bad_credit",
            format!("{s:?} is not a credit standing: use good, watch or restricted"),
        )),
    }
}

pub fn active(s: &str) -> Result<bool, Problem> {
    match s.to_ascii_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "是" => Ok(true),
        "false" | "no" | "n" | "0" | "否" => Ok(false),
        _ => Err(Problem::new(
            "import.bad_active",
            format!("{s:?}: use true or false (是 or 否)"),
        )),
    }
}

/// A mainland mobile number: 11 digits, `1` then `3`-`9`; spaces, `-` and a leading `+86` are
/// dropped. Stored as the 11 digits.
pub fn phone(s: &str) -> Result<String, Problem> {
    let compact: String = s.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let digits = compact.strip_prefix("+86").unwrap_or(&compact);
    let b = digits.as_bytes();
    let ok = b.len() == 11
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
        && b.iter().all(u8::is_ascii_digit);
    if ok {
        Ok(digits.to_owned())
    } else {
        Err(Problem::new(
            "import.bad_phone",
            format!("{s:?} is not a mainland mobile number: 11 digits starting with 13-19"),
        ))
    }
}

/// A platform account (person id).
pub fn account(s: &str) -> Result<String, Problem> {
    domain::PersonId::parse(s.trim())
        .map(|p| p.to_string())
        .map_err(|e| Problem::new("import.bad_account", e.to_string()))
}

/// The items of a list cell: split on `;` (or `；`), trimmed, empty ones skipped.
fn items(s: &str) -> impl Iterator<Item = &str> {
    s.split([';', '；'])
        .map(str::trim)
        .filter(|i| !i.is_empty())
}

/// Full-width `：` as `:` (list cells only; other cells are taken as written).
pub fn ascii_colons(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains('：') {
        s.replace('：', ":").into()
    } else {
        s.into()
    }
}
