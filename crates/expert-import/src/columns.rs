//! The fixed columns of an expert-pool file, by English key or Chinese name, and where each one
//! sits in a given header.

use crate::error::{Problem, RowError};

/// One column of the file. The order of [`Column::ALL`] is the order the writers use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Id,
    Name,
    Specialties,
    Region,
    Title,
    BirthDate,
    Employers,
    Relations,
    Leave,
    Credit,
    Active,
    Phone,
    /// The platform account (person id) the expert signs in with.
    Account,
}

impl Column {
    pub const ALL: [Column; 13] = [
        Column::Id,
        Column::Name,
        Column::Specialties,
        Column::Region,
        Column::Title,
        Column::BirthDate,
        Column::Employers,
        Column::Relations,
        Column::Leave,
        Column::Credit,
        Column::Active,
        Column::Phone,
        Column::Account,
    ];

    /// The English header key (matched case-insensitively).
    pub fn key(self) -> &'static str {
        match self {
            Column::Id => "id",
            Column::Name => "name",
            Column::Specialties => "specialties",
            Column::Region => "region",
            Column::Title => "title",
            Column::BirthDate => "birth_date",
            Column::Employers => "employers",
            Column::Relations => "relations",
            Column::Leave => "leave",
            Column::Credit => "credit",
            Column::Active => "active",
            Column::Phone => "phone",
            Column::Account => "account",
        }
    }

    /// The Chinese header name (the template's).
    pub fn chinese(self) -> &'static str {
        match self {
            Column::Id => "专家编号",
            Column::Name => "姓名",
            Column::Specialties => "专业",
            Column::Region => "地区",
            Column::Title => "职称",
            Column::BirthDate => "出生日期",
            Column::Employers => "工作经历",
            Column::Relations => "利害关系",
            Column::Leave => "请假",
            Column::Credit => "信用",
            Column::Active => "在库",
            Column::Phone => "手机号",
            Column::Account => "平台账号",
        }
    }

    /// A required column must be in the header and filled on every row; the others may be left
    /// out or empty (empty lists, credit `good`, active `true`, no phone).
    pub fn required(self) -> bool {
        matches!(
            self,
            Column::Id
                | Column::Name
                | Column::Specialties
                | Column::Region
                | Column::Title
                | Column::BirthDate
        )
    }

    pub fn from_header(text: &str) -> Option<Column> {
        let t = text.trim();
        Column::ALL
            .into_iter()
            .find(|c| c.key().eq_ignore_ascii_case(t) || c.chinese() == t)
    }
}

/// How the program names a column: letters in a spreadsheet, numbers for CSV (where a text
/// editor is the other likely viewer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    Csv,
    Xlsx,
}

impl Source {
    /// `index` is 0-based, from the sheet's column A.
    pub fn column_ref(self, index: usize) -> String {
        match self {
            Source::Csv => (index + 1).to_string(),
            Source::Xlsx => letters(index),
        }
    }
}

/// `0` → `A`, `25` → `Z`, `26` → `AA`.
pub(crate) fn letters(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}

/// Where each column sits in the file's header.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    /// Per header position: its column, `None` for an empty header cell.
    pub positions: Vec<Option<Column>>,
    /// The header texts as written (trimmed).
    pub names: Vec<String>,
}

impl Layout {
    /// Reads the header row; every unknown, duplicate or missing column is an error.
    pub fn from_header(
        header: &[String],
        line: usize,
        source: Source,
    ) -> Result<Layout, Vec<RowError>> {
        let mut errors = Vec::new();
        let mut positions = Vec::with_capacity(header.len());
        let names: Vec<String> = header.iter().map(|h| h.trim().to_owned()).collect();
        for (i, name) in names.iter().enumerate() {
            let at = || source.column_ref(i);
            if name.is_empty() {
                positions.push(None);
                continue;
            }
            let Some(column) = Column::from_header(name) else {
                let p = Problem::new(
                    "import.unknown_column",
                    format!("unknown column {name:?}; see docs/EXPERT-IMPORT.md for the columns"),
                );
                errors.push(RowError::in_column(line, name, at(), p));
                positions.push(None);
                continue;
            };
            if positions.contains(&Some(column)) {
                let p = Problem::new(
                    "import.duplicate_column",
                    format!("column {} appears twice", column.key()),
                );
                errors.push(RowError::in_column(line, name, at(), p));
                positions.push(None);
                continue;
            }
            positions.push(Some(column));
        }
        for column in Column::ALL.into_iter().filter(|c| c.required()) {
            if !positions.contains(&Some(column)) {
                let p = Problem::new(
                    "import.missing_column",
                    format!(
                        "required column {} ({}) is missing",
                        column.key(),
                        column.chinese()
                    ),
                )
                .with("missing", column.key());
                errors.push(RowError::at_line(line, p));
            }
        }
        if errors.is_empty() {
            Ok(Layout { positions, names })
        } else {
            Err(errors)
        }
    }

    pub fn position(&self, column: Column) -> Option<usize> {
        self.positions.iter().position(|c| *c == Some(column))
    }
}
