//! What went wrong with an import: every problem with its line, column and a stable code, so
//! the web layer can translate by code and fill the `params` in.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

/// Every code this crate reports, for translation tables (a test checks each is used).
pub const CODES: &[&str] = &[
    "import.too_large",
    "import.empty",
    "import.file_type",
    "import.encoding",
    "import.bad_xlsx",
    "import.too_many_rows",
    "import.missing_column",
    "import.unknown_column",
    "import.duplicate_column",
    "import.extra_cells",
    "import.cell_error",
    "import.required",
    "import.too_long",
    "import.bad_id",
    "import.duplicate_id",
    "import.bad_name",
    "import.bad_specialty",
    "import.bad_region",
    "import.bad_title",
    "import.bad_date",
    "import.bad_range",
    "import.bad_employer",
    "import.bad_role",
    "import.bad_org",
    "import.bad_relation",
    "import.bad_person",
    "import.bad_leave",
    "import.bad_credit",
    "import.bad_active",
    "import.bad_phone",
    "import.bad_account",
];

/// One problem. `params` always holds `line`, and `column` / `value` where they apply, plus
/// what the message names (`limit`, `first_line`, ...), so a translation can say the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// 1-based, as a spreadsheet shows it (the header is line 1); 0: the file as a whole.
    pub line: usize,
    /// The column's name as the file's header gives it (`姓名` or `name`).
    pub column: Option<String>,
    /// The column as the program shows it: a letter (`C`) in XLSX, a 1-based number in CSV.
    pub column_ref: Option<String>,
    /// Stable, e.g. `import.bad_date`; one of [`CODES`].
    pub code: &'static str,
    /// English, for logs and the CLI; the web layer translates by `code`.
    pub message: String,
    pub params: BTreeMap<String, String>,
}

impl RowError {
    /// A problem with the file as a whole (line 0) or one of its lines, without a column.
    pub(crate) fn at_line(line: usize, problem: Problem) -> RowError {
        let mut params: BTreeMap<String, String> = problem
            .params
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        params.insert("line".into(), line.to_string());
        RowError {
            line,
            column: None,
            column_ref: None,
            code: problem.code,
            message: problem.message,
            params,
        }
    }

    /// `column` empty: a cell with no header above it.
    pub(crate) fn in_column(line: usize, column: &str, column_ref: String, p: Problem) -> RowError {
        let mut e = RowError::at_line(line, p);
        if !column.is_empty() {
            e.params.insert("column".into(), column.to_owned());
            e.column = Some(column.to_owned());
        }
        e.params.insert("column_ref".into(), column_ref.clone());
        e.column_ref = Some(column_ref);
        e
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, &self.column, &self.column_ref) {
            (0, _, _) => write!(f, "file: ")?,
            (line, Some(c), Some(r)) => write!(f, "line {line}, column {c} ({r}): ")?,
            (line, None, Some(r)) => write!(f, "line {line}, column {r}: ")?,
            (line, _, _) => write!(f, "line {line}: ")?,
        }
        write!(f, "{} [{}]", self.message, self.code)
    }
}

/// The import was refused and nothing was imported. At most `Limits::max_errors` are kept;
/// `truncated` says more were found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportErrors {
    pub errors: Vec<RowError>,
    pub truncated: bool,
}

impl ImportErrors {
    pub(crate) fn file(problem: Problem) -> ImportErrors {
        ImportErrors {
            errors: vec![RowError::at_line(0, problem)],
            truncated: false,
        }
    }

    /// The codes in order, for tests and logs.
    pub fn codes(&self) -> Vec<&'static str> {
        self.errors.iter().map(|e| e.code).collect()
    }
}

impl fmt::Display for ImportErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let more = if self.truncated { " (and more)" } else { "" };
        write!(
            f,
            "import refused, nothing imported: {} error(s){more}",
            self.errors.len()
        )?;
        for e in &self.errors {
            write!(f, "\n  {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportErrors {}

/// A problem before it is placed at a line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub code: &'static str,
    pub message: String,
    pub params: Vec<(&'static str, String)>,
}

impl Problem {
    pub fn new(code: &'static str, message: impl Into<String>) -> Problem {
        Problem {
            code,
            message: message.into(),
            params: Vec::new(),
        }
    }

    pub fn with(mut self, key: &'static str, value: impl ToString) -> Problem {
        self.params.push((key, value.to_string()));
        self
    }
}

/// Collects up to `cap` errors; past that it only notes that there were more.
#[derive(Debug)]
pub(crate) struct Collector {
    errors: Vec<RowError>,
    cap: usize,
    truncated: bool,
}

impl Collector {
    pub fn new(cap: usize) -> Collector {
        Collector {
            errors: Vec::new(),
            cap: cap.max(1),
            truncated: false,
        }
    }

    pub fn push(&mut self, e: RowError) {
        if self.errors.len() < self.cap {
            self.errors.push(e);
        } else {
            self.truncated = true;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn into_errors(self) -> ImportErrors {
        ImportErrors {
            errors: self.errors,
            truncated: self.truncated,
        }
    }
}
