//! Helpers shared by the test files: a valid row to spoil, CSV text from cells, and XLSX
//! packages with hand-written sheets (typed cells, styles) that our own writer never makes.
#![allow(dead_code)]

use std::io::{Cursor, Write};

use domain::experts::bench::synthetic_org;
use expert_import::{Column, ImportErrors, ImportedRow, Limits, RowError};
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

pub fn org(n: u32) -> String {
    synthetic_org(n).to_string()
}

pub fn header() -> Vec<String> {
    Column::ALL.iter().map(|c| c.key().to_owned()).collect()
}

/// A valid row; `id` makes it unique.
pub fn good_row(id: &str) -> Vec<String> {
    [
        id,
        "张伟",
        "A01.02;B01",
        "330106",
        "senior",
        "1975-06-15",
        &format!("{}:employee:2015-03-01..2022-06-30", org(1)),
        "relative:person:李娜",
        "2026-10-10..2026-10-16",
        "good",
        "true",
        "13800138000",
        "expert-zhang",
    ]
    .map(str::to_owned)
    .to_vec()
}

/// The index of `key` in [`Column::ALL`].
pub fn col(key: &str) -> usize {
    Column::ALL
        .iter()
        .position(|c| c.key() == key)
        .expect("a column key")
}

/// CSV text, quoting every cell (so commas and quotes in values survive).
pub fn csv_text(header: &[String], rows: &[Vec<String>]) -> String {
    let line = |cells: &[String]| {
        cells
            .iter()
            .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut out = line(header);
    for r in rows {
        out.push_str("\r\n");
        out.push_str(&line(r));
    }
    out.push_str("\r\n");
    out
}

pub fn limits() -> Limits {
    Limits::default()
}

pub fn parse_err(bytes: &[u8]) -> ImportErrors {
    expert_import::parse(bytes, &limits()).expect_err("the import must fail")
}

pub fn parse_ok(bytes: &[u8]) -> Vec<ImportedRow> {
    match expert_import::parse(bytes, &limits()) {
        Ok(rows) => rows,
        Err(e) => panic!("{e}"),
    }
}

/// The single error of `errors`, which must have `code`.
pub fn only<'a>(errors: &'a ImportErrors, code: &str) -> &'a RowError {
    assert_eq!(errors.errors.len(), 1, "{errors}");
    assert_eq!(errors.errors[0].code, code, "{errors}");
    &errors.errors[0]
}

/// An inline-string cell.
pub fn s(r: &str, text: &str) -> String {
    format!(r#"<c r="{r}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// An XLSX whose sheet holds `rows` (each the XML of its cells, numbered from `first`), with
/// a style 1 that formats numbers as dates (numFmtId 14), as Excel stores typed dates.
pub fn raw_xlsx(first: usize, rows: &[String]) -> Vec<u8> {
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (i, cells) in rows.iter().enumerate() {
        sheet.push_str(&format!(r#"<row r="{}">{cells}</row>"#, first + i));
    }
    sheet.push_str("</sheetData></worksheet>");
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    let rel = "http://schemas.openxmlformats.org/package/2006/relationships";
    let office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let parts = [
        (
            "[Content_Types].xml".to_owned(),
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#
            .to_owned(),
        ),
        (
            "_rels/.rels".to_owned(),
            format!(
                r#"<Relationships xmlns="{rel}"><Relationship Id="rId1" Type="{office}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml".to_owned(),
            format!(
                r#"<workbook xmlns="{main}" xmlns:r="{office}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels".to_owned(),
            format!(
                r#"<Relationships xmlns="{rel}"><Relationship Id="rId1" Type="{office}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{office}/styles" Target="styles.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/styles.xml".to_owned(),
            format!(
                r#"<styleSheet xmlns="{main}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>"#
            ),
        ),
        ("xl/worksheets/sheet1.xml".to_owned(), sheet),
    ];
    zip_of(parts.iter().map(|(n, b)| (n.as_str(), b.as_bytes())))
}

pub fn zip_of<'a>(parts: impl Iterator<Item = (&'a str, &'a [u8])>) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, body) in parts {
        zip.start_file(name, SimpleFileOptions::default()).unwrap();
        zip.write_all(body).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The header row of `raw_xlsx` from column A.
pub fn xlsx_header_cells(line: usize, names: &[String]) -> String {
    names
        .iter()
        .enumerate()
        .map(|(i, n)| s(&format!("{}{line}", letter(i)), n))
        .collect()
}

pub fn letter(i: usize) -> String {
    assert!(i < 26);
    ((b'A' + i as u8) as char).to_string()
}
