//! Writers: CSV, and a minimal XLSX (one sheet of inline strings, the five parts a package
//! needs) that calamine, LibreOffice and Excel open. Every cell is text, so Excel keeps ids,
//! dates and phone numbers as written.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::columns::{Column, letters};
use crate::{ImportedRow, format};

/// UTF-8 with a BOM (so Excel shows Chinese correctly), CRLF line ends, English header.
pub fn write_csv(rows: &[ImportedRow]) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(&mut out);
    let write = |w: &mut csv::Writer<&mut Vec<u8>>| -> csv::Result<()> {
        w.write_record(Column::ALL.map(Column::key))?;
        for row in rows {
            w.write_record(format::cells(row))?;
        }
        w.flush()?;
        Ok(())
    };
    write(&mut w).expect("writing to memory cannot fail");
    drop(w);
    out
}

/// The rows under the English header, as XLSX.
pub fn write_xlsx(rows: &[ImportedRow]) -> Vec<u8> {
    let header: Vec<String> = Column::ALL.iter().map(|c| c.key().to_owned()).collect();
    xlsx(header, rows.iter().map(format::cells))
}

/// A template to fill in: the Chinese header and one example row.
pub fn template_xlsx() -> Vec<u8> {
    let header: Vec<String> = Column::ALL.iter().map(|c| c.chinese().to_owned()).collect();
    xlsx(
        header,
        [format::cells(&crate::template::example())].into_iter(),
    )
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="experts" sheetId="1" r:id="rId1"/></sheets></workbook>"#;

const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

/// One sheet; empty cells are left out.
fn xlsx(header: Vec<String>, rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let width = header.len();
    let mut sheet = String::with_capacity(4096);
    sheet.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
    sheet.push('\n');
    sheet.push_str(
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    );
    // a wider column than the default 8.43 so the template is readable as opened
    sheet.push_str(&format!(
        r#"<cols><col min="1" max="{width}" width="18" customWidth="1"/></cols><sheetData>"#
    ));
    let refs: Vec<String> = (0..width).map(letters).collect();
    for (i, cells) in std::iter::once(header).chain(rows).enumerate() {
        let r = i + 1;
        sheet.push_str(&format!(r#"<row r="{r}">"#));
        for (c, text) in cells.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
            let col = refs.get(c).cloned().unwrap_or_else(|| letters(c));
            sheet.push_str(&format!(r#"<c r="{col}{r}" t="inlineStr"><is><t"#));
            if text.trim() != text {
                sheet.push_str(r#" xml:space="preserve""#);
            }
            sheet.push('>');
            escape_into(&mut sheet, text);
            sheet.push_str("</t></is></c>");
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    package(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/worksheets/sheet1.xml", &sheet),
    ])
}

/// Deflated members with the zip crate's fixed default time, so equal input gives equal bytes.
fn package(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, body) in parts {
        zip.start_file(*name, options)
            .and_then(|()| zip.write_all(body.as_bytes()).map_err(Into::into))
            .expect("writing to memory cannot fail");
    }
    zip.finish()
        .expect("writing to memory cannot fail")
        .into_inner()
}

/// XML text: the five escapes, and Excel's `_xHHHH_` for what XML 1.0 cannot hold (control
/// characters but tab and line ends) and for a literal `_xHHHH_`, which readers would decode.
fn escape_into(out: &mut String, text: &str) {
    for (i, ch) in text.char_indices() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(ch),
            '_' if looks_escaped(&text[i..]) => out.push_str("_x005F_"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                out.push_str(&format!("_x{:04X}_", c as u32));
            }
            c => out.push(c),
        }
    }
}

/// `s` starts with `_xHHHH_`.
fn looks_escaped(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 7 && b[1] == b'x' && b[2..6].iter().all(u8::is_ascii_hexdigit) && b[6] == b'_'
}
