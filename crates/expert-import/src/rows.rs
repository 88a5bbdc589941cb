//! Rows of text cells (from CSV or XLSX) into experts, collecting every error; shared by both
//! readers so the two formats cannot drift apart.

use std::collections::HashMap;

use domain::experts::{Expert, ExpertCredit, ExpertId};

use crate::cells;
use crate::columns::{Column, Layout, Source};
use crate::error::{Collector, ImportErrors, Problem, RowError};
use crate::{ImportedRow, Limits};

/// The longest cell, in characters: far above any valid value, low enough to bound the work.
pub const MAX_CELL: usize = 4000;

/// One cell as read: its text, or a spreadsheet error value such as `#N/A`.
pub(crate) type CellText = Result<String, String>;

/// Whether the reader should go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flow {
    Go,
    Stop,
}

pub(crate) struct Importer {
    source: Source,
    layout: Layout,
    /// Per column of [`Column::ALL`], its position in the header.
    positions: [Option<usize>; 13],
    max_rows: usize,
    counted: usize,
    errors: Collector,
    seen: HashMap<ExpertId, usize>,
    rows: Vec<ImportedRow>,
}

impl Importer {
    /// Reads the header at `line`; its first cell is in the file's first column.
    pub fn new(
        source: Source,
        line: usize,
        header: &[String],
        limits: &Limits,
    ) -> Result<Importer, ImportErrors> {
        let layout = Layout::from_header(header, line, source).map_err(|found| {
            let mut errors = Collector::new(limits.max_errors);
            found.into_iter().for_each(|e| errors.push(e));
            errors.into_errors()
        })?;
        Ok(Importer {
            source,
            positions: Column::ALL.map(|c| layout.position(c)),
            layout,
            max_rows: limits.max_rows,
            counted: 0,
            errors: Collector::new(limits.max_errors),
            seen: HashMap::new(),
            rows: Vec::new(),
        })
    }

    /// A problem that stops reading (a broken CSV record, say).
    pub fn fatal(&mut self, line: usize, problem: Problem) {
        self.errors.push(RowError::at_line(line, problem));
    }

    /// One data row at its spreadsheet `line`. Blank rows are skipped. Rows after the error
    /// cap are still read, only to know whether more errors were dropped.
    pub fn row(&mut self, line: usize, cells: &[CellText]) -> Flow {
        if cells
            .iter()
            .all(|c| matches!(c, Ok(t) if t.trim().is_empty()))
        {
            return Flow::Go;
        }
        self.counted += 1;
        if self.counted > self.max_rows {
            let p = Problem::new(
                "import.too_many_rows",
                format!("more than {} rows; split the file", self.max_rows),
            )
            .with("limit", self.max_rows);
            self.errors.push(RowError::at_line(line, p));
            return Flow::Stop;
        }
        let mut found = Vec::new();
        let texts = self.texts(line, cells, &mut found);
        let row = self.build(line, &texts, &mut found);
        match row {
            Some(row) if found.is_empty() => self.rows.push(row),
            _ => found.into_iter().for_each(|e| self.errors.push(e)),
        }
        Flow::Go
    }

    pub fn finish(self) -> Result<Vec<ImportedRow>, ImportErrors> {
        if self.counted == 0 && self.errors.is_empty() {
            return Err(ImportErrors::file(crate::empty_file()));
        }
        if self.errors.is_empty() {
            Ok(self.rows)
        } else {
            Err(self.errors.into_errors())
        }
    }

    fn error(&self, line: usize, position: usize, problem: Problem) -> RowError {
        let name = self.layout.names.get(position).map_or("", String::as_str);
        let at = self.source.column_ref(position);
        RowError::in_column(line, name, at, problem)
    }

    /// The trimmed text under each column, after checking every cell for spreadsheet errors,
    /// excess length and values without a header.
    fn texts<'c>(
        &self,
        line: usize,
        cells: &'c [CellText],
        found: &mut Vec<RowError>,
    ) -> [Text<'c>; 13] {
        let mut read: Vec<Text<'c>> = Vec::with_capacity(cells.len());
        for (i, cell) in cells.iter().enumerate() {
            let text = match cell {
                Ok(t) => t.trim(),
                Err(value) => {
                    let p = Problem::new(
                        "import.cell_error",
                        format!("the cell holds the spreadsheet error {value}"),
                    )
                    .with("value", value);
                    found.push(self.error(line, i, p));
                    read.push(Text::Bad);
                    continue;
                }
            };
            let problem = if text.is_empty() {
                None
            } else if self.layout.positions.get(i).copied().flatten().is_none() {
                Some(Problem::new(
                    "import.extra_cells",
                    "a value in a column without a header",
                ))
            } else if text.chars().count() > MAX_CELL {
                let message = format!("the cell is longer than {MAX_CELL} characters");
                Some(Problem::new("import.too_long", message).with("max", MAX_CELL))
            } else {
                None
            };
            read.push(match problem {
                Some(p) => {
                    found.push(self.error(line, i, p.with("value", clip(text))));
                    Text::Bad
                }
                None if text.is_empty() => Text::Empty,
                None => Text::Value(text),
            });
        }
        self.positions
            .map(|p| p.and_then(|p| read.get(p).copied()).unwrap_or(Text::Empty))
    }

    /// Parses the cell of `column`: `Some(None)` when it is empty (an error if required),
    /// `None` when it is bad (the error is in `found`).
    fn cell<T>(
        &self,
        line: usize,
        texts: &[Text<'_>; 13],
        column: Column,
        parse: impl Fn(&str) -> Result<T, Problem>,
        found: &mut Vec<RowError>,
    ) -> Option<Option<T>> {
        let index = Column::ALL.iter().position(|c| *c == column)?;
        let position = self.positions[index];
        match texts[index] {
            Text::Bad => None,
            Text::Empty if column.required() => {
                let message = format!("{} is required", column.key());
                let p = Problem::new("import.required", message);
                found.push(match position {
                    Some(at) => self.error(line, at, p),
                    None => RowError::at_line(line, p),
                });
                None
            }
            Text::Empty => Some(None),
            Text::Value(text) => match parse(text) {
                Ok(v) => Some(Some(v)),
                Err(p) => {
                    let at = position.expect("a value has a position");
                    found.push(self.error(line, at, p.with("value", clip(text))));
                    None
                }
            },
        }
    }

    fn build(
        &mut self,
        line: usize,
        t: &[Text<'_>; 13],
        found: &mut Vec<RowError>,
    ) -> Option<ImportedRow> {
        let list = |s: &str| cells::ascii_colons(s).into_owned();
        let id = self.cell(line, t, Column::Id, cells::id, found);
        let name = self.cell(line, t, Column::Name, cells::name, found);
        let specialties = self.cell(line, t, Column::Specialties, cells::specialties, found);
        let region = self.cell(line, t, Column::Region, cells::region, found);
        let title = self.cell(line, t, Column::Title, cells::title, found);
        let birth_date = self.cell(line, t, Column::BirthDate, cells::date, found);
        let employers = self.cell(
            line,
            t,
            Column::Employers,
            |s| cells::employers(&list(s)),
            found,
        );
        let relations = self.cell(
            line,
            t,
            Column::Relations,
            |s| cells::relations(&list(s)),
            found,
        );
        let leave = self.cell(line, t, Column::Leave, cells::leave, found);
        let credit = self.cell(line, t, Column::Credit, cells::credit, found);
        let active = self.cell(line, t, Column::Active, cells::active, found);
        let phone = self.cell(line, t, Column::Phone, cells::phone, found);
        let person = self.cell(line, t, Column::Account, cells::account, found);
        let id = id??;
        if let Some(first) = self.seen.insert(id.clone(), line) {
            let p = Problem::new(
                "import.duplicate_id",
                format!("expert id {id} is already on line {first}"),
            )
            .with("first_line", first)
            .with("value", &id);
            let at = self.positions[0].expect("id is a required column");
            found.push(self.error(line, at, p));
            self.seen.insert(id, first);
            return None;
        }
        let expert = Expert {
            id,
            name: name??,
            specialties: specialties??,
            region: region??,
            employers: employers?.unwrap_or_default(),
            title: title??,
            birth_date: birth_date??,
            relations: relations?.unwrap_or_default(),
            leave: leave?.unwrap_or_default(),
            // not imported: bookings and conduct come from the platform's own events
            bookings: Vec::new(),
            conduct: Vec::new(),
            credit: credit?.unwrap_or(ExpertCredit::Good),
            active: active?.unwrap_or(true),
        };
        Some(ImportedRow {
            expert,
            phone: phone?,
            person: person?,
            line,
        })
    }
}

/// A cell's text as read.
#[derive(Debug, Clone, Copy)]
enum Text<'c> {
    Empty,
    Bad,
    Value(&'c str),
}

/// A value for a message: at most 100 characters.
fn clip(s: &str) -> String {
    match s.char_indices().nth(100) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_owned(),
    }
}
