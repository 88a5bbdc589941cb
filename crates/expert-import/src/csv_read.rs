//! CSV: UTF-8 (with or without a BOM) or, failing that, GBK/GB18030 as Excel saves it on a
//! Chinese Windows; comma-separated, RFC 4180 quoting.

use std::borrow::Cow;

use encoding_rs::GB18030;

use crate::columns::Source;
use crate::error::{ImportErrors, Problem};
use crate::rows::{CellText, Flow, Importer};
use crate::{ImportedRow, Limits, check_size};

pub fn parse_csv(bytes: &[u8], limits: &Limits) -> Result<Vec<ImportedRow>, ImportErrors> {
    check_size(bytes, limits)?;
    let text = decode(bytes)?;
    if text.contains('\0') {
        return Err(ImportErrors::file(Problem::new(
            "import.file_type",
            "binary data, not CSV text; upload a .csv or .xlsx file",
        )));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let mut lines = Lines {
        text: &text,
        scanned: 0,
        breaks: 0,
        inner: 0,
    };
    let header = match records.next() {
        None => return Err(empty()),
        Some(Err(e)) => return Err(ImportErrors::file(broken(&e))),
        Some(Ok(h)) => h,
    };
    let header_line = lines.line_of(&header);
    let names: Vec<String> = header.iter().map(str::to_owned).collect();
    if names.iter().all(|n| n.trim().is_empty()) {
        return Err(empty());
    }
    let mut importer = Importer::new(Source::Csv, header_line, &names, limits)?;
    for record in records {
        match record {
            Ok(r) => {
                let line = lines.line_of(&r);
                let cells: Vec<CellText> = r.iter().map(|f| Ok(f.to_owned())).collect();
                if importer.row(line, &cells) == Flow::Stop {
                    break;
                }
            }
            Err(e) => {
                importer.fatal(0, broken(&e));
                break;
            }
        }
    }
    importer.finish()
}

/// Spreadsheet lines: a program shows one row per record and per blank line, so a record's
/// line counts the line breaks before it, less those inside quoted cells. (The csv crate's own
/// line count skips blank lines and miscounts CRLF.)
struct Lines<'t> {
    text: &'t str,
    scanned: usize,
    breaks: usize,
    inner: usize,
}

impl Lines<'_> {
    fn line_of(&mut self, record: &csv::StringRecord) -> usize {
        // the reported offset is just after the previous record, before any blank lines
        let bytes = self.text.as_bytes();
        let mut start = record.position().map_or(0, |p| p.byte() as usize);
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start > self.scanned {
            self.breaks += breaks(&self.text[self.scanned..start]);
            self.scanned = start;
        }
        let line = 1 + self.breaks - self.inner;
        self.inner += record.iter().map(breaks).sum::<usize>();
        line
    }
}

/// Line breaks: LF, CRLF or a lone CR, as the csv crate reads them.
fn breaks(s: &str) -> usize {
    let b = s.as_bytes();
    b.iter()
        .enumerate()
        .filter(|&(i, &c)| c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')))
        .count()
}

/// UTF-8 first (a BOM is dropped), then GB18030, a superset of GBK; UTF-16 is refused.
fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, ImportErrors> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(encoding("UTF-16"));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(Cow::Borrowed(s));
    }
    GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or_else(|| encoding("neither UTF-8 nor GBK"))
}

fn encoding(what: &str) -> ImportErrors {
    ImportErrors::file(
        Problem::new(
            "import.encoding",
            format!("the text is {what}; save the file as CSV UTF-8 or as .xlsx"),
        )
        .with("detected", what),
    )
}

fn empty() -> ImportErrors {
    ImportErrors::file(crate::empty_file())
}

/// With flexible records over text already decoded, the csv crate has nothing left to refuse
/// but bad UTF-8; kept as an encoding error should that change.
fn broken(e: &csv::Error) -> Problem {
    Problem::new("import.encoding", format!("the CSV cannot be read: {e}"))
}
