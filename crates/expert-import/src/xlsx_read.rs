//! XLSX: the first worksheet, read cell by cell (calamine's streaming reader), so neither a
//! huge declared range nor millions of rows are ever held at once.

use std::io::{Cursor, Read};

use calamine::{DataRef, Reader, Xlsx};
use zip::ZipArchive;

use crate::columns::Source;
use crate::error::{ImportErrors, Problem};
use crate::rows::{CellText, Flow, Importer};
use crate::{ImportedRow, Limits, check_size};

pub fn parse_xlsx(bytes: &[u8], limits: &Limits) -> Result<Vec<ImportedRow>, ImportErrors> {
    check_size(bytes, limits)?;
    check_package(bytes, limits)?;
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| bad_xlsx(&e))?;
    let Some(sheet) = book.sheet_names().into_iter().next() else {
        return Err(ImportErrors::file(crate::empty_file()));
    };
    let mut cells = book
        .worksheet_cells_reader(&sheet)
        .map_err(|e| bad_xlsx(&e))?;
    let mut importer: Option<Importer> = None;
    let mut row: Vec<CellText> = Vec::new();
    let mut row_index: Option<u32> = None;
    loop {
        let next = cells.next_cell().map_err(|e| bad_xlsx(&e))?;
        let position = next.as_ref().map(|c| c.get_position());
        if row_index.is_some() && position.map(|p| p.0) != row_index {
            // the row is complete: the first non-blank one is the header
            let line = row_index.map_or(0, |r| r as usize + 1);
            match importer.as_mut() {
                Some(i) => {
                    if i.row(line, &row) == Flow::Stop {
                        break;
                    }
                }
                None if is_blank(&row) => {}
                None => importer = Some(header(line, &row, limits)?),
            }
            row.clear();
        }
        let Some(cell) = next else { break };
        let (r, c) = cell.get_position();
        row_index = Some(r);
        let c = c as usize;
        if row.len() <= c {
            row.resize(c + 1, Ok(String::new()));
        }
        row[c] = text(cell.get_value());
    }
    match importer {
        Some(i) => i.finish(),
        None => Err(ImportErrors::file(crate::empty_file())),
    }
}

fn header(line: usize, row: &[CellText], limits: &Limits) -> Result<Importer, ImportErrors> {
    let names: Vec<String> = row
        .iter()
        .map(|c| c.clone().unwrap_or_else(|e| e))
        .collect();
    Importer::new(Source::Xlsx, line, &names, limits)
}

fn is_blank(row: &[CellText]) -> bool {
    row.iter()
        .all(|c| matches!(c, Ok(t) if t.trim().is_empty()))
}

/// A cell's text. Numbers Excel made of typed ids or phone numbers come back as integers;
/// date cells as `YYYY-MM-DD`.
fn text(value: &DataRef<'_>) -> CellText {
    Ok(match value {
        DataRef::Empty => String::new(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            s.strip_suffix("T00:00:00").unwrap_or(s).to_owned()
        }
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) if d.is_datetime() => {
            let (y, m, day, h, min, s, ms) = d.to_ymd_hms_milli();
            if (h, min, s, ms) == (0, 0, 0, 0) {
                format!("{y:04}-{m:02}-{day:02}")
            } else {
                format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}:{s:02}")
            }
        }
        DataRef::DateTime(d) => d.as_f64().to_string(),
        DataRef::Error(e) => return Err(e.to_string()),
    })
}

/// A zip that holds a workbook, whose members unpack to at most `max_unpacked_bytes`, counted
/// by actually inflating them (sizes in the headers can lie).
fn check_package(bytes: &[u8], limits: &Limits) -> Result<(), ImportErrors> {
    let not_xlsx = |why: &str| {
        ImportErrors::file(
            Problem::new(
                "import.file_type",
                format!("{why}; upload a .csv or .xlsx file"),
            )
            .with("detected", "zip"),
        )
    };
    let mut zip =
        ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_xlsx("not a readable zip archive"))?;
    if zip.index_for_name("xl/workbook.xml").is_none() {
        return Err(not_xlsx("a zip archive but not an XLSX workbook"));
    }
    let limit = limits.max_unpacked_bytes as u64;
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut member = zip.by_index(i).map_err(|e| bad_xlsx(&e))?;
        let room = limit.saturating_sub(total) + 1;
        let read = std::io::copy(&mut (&mut member).take(room), &mut std::io::sink())
            .map_err(|e| bad_xlsx(&e))?;
        total += read;
        if total > limit {
            return Err(ImportErrors::file(
                Problem::new(
                    "import.too_large",
                    format!("the workbook unpacks to more than {limit} bytes"),
                )
                .with("limit", limit),
            ));
        }
    }
    Ok(())
}

fn bad_xlsx(e: &dyn std::fmt::Display) -> ImportErrors {
    ImportErrors::file(Problem::new(
        "import.bad_xlsx",
        format!("the workbook cannot be read: {e}"),
    ))
}
