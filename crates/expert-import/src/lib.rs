//! Expert pool import (专家库导入): a CSV or XLSX file, one expert per row, into
//! [`domain::experts::Expert`] values, all or nothing. Pure and synchronous: bytes in, values
//! or every error (up to a cap) out. `docs/EXPERT-IMPORT.md` is the user-facing description.
//!
//! # The file
//!
//! Row 1 is the header; each column is named by its English key or its Chinese name, in any
//! order ([`Column`]). Required: `id` 专家编号, `name` 姓名, `specialties` 专业, `region` 地区,
//! `title` 职称, `birth_date` 出生日期. Optional (column or cell may be left out): `employers`
//! 工作经历, `relations` 利害关系, `leave` 请假, `credit` 信用 (default `good`), `active` 在库
//! (default `true`), `phone` 手机号. Unknown or repeated columns are errors; blank rows are
//! skipped.
//!
//! | column | syntax | example |
//! |---|---|---|
//! | id | 1-64 of `A-Z a-z 0-9 - _ .`, unique in the file | `E000123` |
//! | specialties | codes joined by `;` | `A01.02;B01` |
//! | region | 6-digit GB/T 2260 code | `330106` |
//! | title | `senior` `associate_senior` `intermediate` `other` (正高级 副高级 中级 其他) | `senior` |
//! | birth_date, dates | `YYYY-MM-DD` (`YYYY/M/D` also read) | `1975-06-15` |
//! | employers | `USCC:ROLE:FROM..TO;…`, ROLE `employee` `director` `board_supervisor` `controller`, TO empty = still | `91320100MA0000015Q:employee:2019-01-01..` |
//! | relations | `KIND:org:USCC` or `KIND:person:NAME`, KIND `relative` `shareholding` `other` | `relative:person:李娜` |
//! | leave | `FROM..TO;…`, both days included | `2026-10-10..2026-10-16` |
//! | credit | `good` `watch` `restricted` | `good` |
//! | active | `true` `false` (also yes/no, 1/0, 是/否) | `true` |
//! | phone | 11-digit mainland mobile number | `13800138000` |
//!
//! In list cells the full-width `；` and `：` of Chinese input methods count as `;` and `:`.
//!
//! Not imported: bookings and conduct records, which come from the platform's own events; the
//! experts returned have them empty. The phone number, which `Expert` does not hold, comes
//! back beside it in [`ImportedRow`].
//!
//! # Encodings and types
//!
//! [`parse`] sniffs the type: a zip (`PK\x03\x04`) is read as XLSX (first sheet only), other
//! text as CSV. CSV is UTF-8, with or without a BOM; bytes that are not UTF-8 are decoded as
//! GBK (GB18030), which is how Excel saves "CSV" on a Chinese Windows; anything else is an
//! `import.encoding` error. Legacy `.xls`, PDF, images and other binaries are
//! `import.file_type`.

#![forbid(unsafe_code)]

mod cells;
mod columns;
mod csv_read;
mod error;
mod format;
mod rows;
#[cfg(feature = "fixtures")]
mod synthetic;
mod template;
mod write;
mod xlsx_read;

use domain::experts::Expert;
use serde::Serialize;

pub use columns::Column;
pub use csv_read::parse_csv;
pub use error::{CODES, ImportErrors, RowError};
#[cfg(feature = "fixtures")]
pub use synthetic::synthetic;
pub use write::{template_xlsx, write_csv, write_xlsx};
pub use xlsx_read::parse_xlsx;

use error::Problem;

/// One imported expert, with what the file gives beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedRow {
    pub expert: Expert,
    /// A mainland mobile number, 11 digits, for notifications.
    pub phone: Option<String>,
    /// The platform account (person id) the expert signs in with.
    pub person: Option<String>,
    /// The row's line in the file (1-based; the header is line 1).
    pub line: usize,
}

/// Bounds on one import, set by the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The file's size in bytes.
    pub max_bytes: usize,
    /// Experts (non-blank rows below the header).
    pub max_rows: usize,
    /// Errors kept; past that [`ImportErrors::truncated`] is set.
    pub max_errors: usize,
    /// What an XLSX may unpack to, so a small zip cannot expand without bound.
    pub max_unpacked_bytes: usize,
}

impl Default for Limits {
    /// 20 MiB, 50,000 experts, 100 errors, 256 MiB unpacked.
    fn default() -> Limits {
        Limits {
            max_bytes: 20 << 20,
            max_rows: 50_000,
            max_errors: 100,
            max_unpacked_bytes: 256 << 20,
        }
    }
}

/// Parses a CSV or XLSX file, telling them apart by their first bytes.
pub fn parse(bytes: &[u8], limits: &Limits) -> Result<Vec<ImportedRow>, ImportErrors> {
    check_size(bytes, limits)?;
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return parse_xlsx(bytes, limits);
    }
    const OTHER: [(&[u8], &str); 8] = [
        (
            b"\xD0\xCF\x11\xE0",
            "a legacy .xls (or other Office 97) file",
        ),
        (b"%PDF", "a PDF"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"Rar!", "a RAR archive"),
        (b"7z\xBC\xAF", "a 7z archive"),
    ];
    if let Some((_, what)) = OTHER.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Err(ImportErrors::file(
            Problem::new(
                "import.file_type",
                format!("the file is {what}; upload a .csv or .xlsx file"),
            )
            .with("detected", what),
        ));
    }
    parse_csv(bytes, limits)
}

pub(crate) fn check_size(bytes: &[u8], limits: &Limits) -> Result<(), ImportErrors> {
    if bytes.len() > limits.max_bytes {
        return Err(ImportErrors::file(
            Problem::new(
                "import.too_large",
                format!(
                    "the file has {} bytes, more than the {} allowed",
                    bytes.len(),
                    limits.max_bytes
                ),
            )
            .with("size", bytes.len())
            .with("limit", limits.max_bytes),
        ));
    }
    if bytes.is_empty() {
        return Err(ImportErrors::file(empty_file()));
    }
    Ok(())
}

pub(crate) fn empty_file() -> Problem {
    Problem::new(
        "import.empty",
        "the file is empty: it needs a header row and at least one expert",
    )
}

/// The file's list syntax for one cell, for forms that take the same text (an expert's own
/// declarations): the parsed items, or the problem's code and message.
pub mod cell {
    use domain::experts::{DateRange, Employment, Relation};

    type Parsed<T> = Result<Vec<T>, (&'static str, String)>;

    pub fn employers(s: &str) -> Parsed<Employment> {
        crate::cells::employers(&crate::cells::ascii_colons(s)).map_err(|p| (p.code, p.message))
    }

    pub fn relations(s: &str) -> Parsed<Relation> {
        crate::cells::relations(&crate::cells::ascii_colons(s)).map_err(|p| (p.code, p.message))
    }

    pub fn leave(s: &str) -> Parsed<DateRange> {
        crate::cells::leave(s).map_err(|p| (p.code, p.message))
    }

    pub fn show_employers(items: &[Employment]) -> String {
        crate::format::employers_cell(items)
    }

    pub fn show_relations(items: &[Relation]) -> String {
        crate::format::relations_cell(items)
    }

    pub fn show_leave(items: &[DateRange]) -> String {
        crate::format::leave_cell(items)
    }
}
