//! Written files read back as the same experts, in both formats, at benchmark size too.

mod common;

use std::time::Instant;

use common::*;
use expert_import::{
    ImportedRow, Limits, parse, parse_csv, parse_xlsx, synthetic, template_xlsx, write_csv,
    write_xlsx,
};

#[test]
fn synthetic_pool_round_trips_through_xlsx() {
    let rows = synthetic(500, 11);
    let bytes = write_xlsx(&rows);
    assert!(bytes.starts_with(b"PK\x03\x04"));
    assert_eq!(parse_ok(&bytes), rows);
    assert_eq!(parse_xlsx(&bytes, &limits()).unwrap(), rows);
}

#[test]
fn synthetic_pool_round_trips_through_csv() {
    let rows = synthetic(500, 12);
    let bytes = write_csv(&rows);
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    assert_eq!(parse_ok(&bytes), rows);
    assert_eq!(parse_csv(&bytes, &limits()).unwrap(), rows);
}

#[test]
fn synthetic_pool_covers_every_syntax_and_is_deterministic() {
    let rows = synthetic(2000, 5);
    assert_eq!(rows, synthetic(2000, 5));
    assert_ne!(rows, synthetic(2000, 6));
    let text = String::from_utf8(write_csv(&rows)).unwrap();
    for piece in [
        ":employee:",
        ":director:",
        ":board_supervisor:",
        ":controller:",
        "relative:person:",
        "shareholding:org:",
        "other:org:",
        "associate_senior",
        "intermediate",
        ",other,",
        "watch",
        "false",
        "2026-10-10..2026-10-16",
    ] {
        assert!(text.contains(piece), "{piece}");
    }
    assert!(
        text.contains("2015-01-01..,") || text.contains("2015-01-01..;"),
        "an open end"
    );
    assert!(rows.iter().any(|r| r.phone.is_none()));
    assert!(
        rows.iter()
            .all(|r| r.expert.bookings.is_empty() && r.expert.conduct.is_empty())
    );
}

#[test]
fn awkward_text_survives_both_writers() {
    let mut row = synthetic(1, 1).remove(0);
    row.expert.name = "O'Brien, \"J\" & <李>  _x0041_ Jr.".to_owned();
    let rows = vec![row];
    assert_eq!(parse_ok(&write_xlsx(&rows)), rows);
    assert_eq!(parse_ok(&write_csv(&rows)), rows);
}

#[test]
fn template_is_the_chinese_header_and_a_valid_example() {
    let bytes = template_xlsx();
    let rows = parse_ok(&bytes);
    assert_eq!(rows.len(), 1);
    let e = &rows[0].expert;
    assert_eq!(e.name, "张伟");
    assert_eq!(e.employers.len(), 2);
    assert_eq!(e.employers[1].to, None, "an open end");
    assert_eq!(rows[0].phone.as_deref(), Some("13800138000"));
    // every relation kind/target the template shows is one the importer takes
    assert_eq!(e.relations.len(), 2);
    // the header really is Chinese: unzip the sheet and look
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut sheet,
    )
    .unwrap();
    assert!(sheet.contains("<t>专家编号</t>") && sheet.contains(r#"t="inlineStr""#));
}

#[test]
fn writers_are_deterministic_and_complete_packages() {
    let rows = synthetic(20, 3);
    assert_eq!(write_xlsx(&rows), write_xlsx(&rows));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(write_xlsx(&rows))).unwrap();
    for part in [
        "[Content_Types].xml",
        "_rels/.rels",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/worksheets/sheet1.xml",
    ] {
        assert!(zip.by_name(part).is_ok(), "{part}");
    }
}

/// 10,000 experts: written, then parsed, each timed (`--nocapture` shows the figures; the
/// bound is loose for debug builds, the release figure is what the benchmark reports).
#[test]
fn ten_thousand_rows_from_xlsx() {
    let rows: Vec<ImportedRow> = synthetic(10_000, 42);
    let t = Instant::now();
    let bytes = write_xlsx(&rows);
    let write = t.elapsed();
    let t = Instant::now();
    let parsed = parse(&bytes, &Limits::default()).expect("parses");
    let read = t.elapsed();
    assert_eq!(parsed, rows);
    println!(
        "10,000 experts: xlsx {} KiB, write {:.1} ms, parse {:.1} ms",
        bytes.len() / 1024,
        write.as_secs_f64() * 1000.0,
        read.as_secs_f64() * 1000.0
    );
    assert!(read.as_secs() < 20);
}

/// The template as LibreOffice Calc 7.4 saved it again (shared strings, styles, its own
/// package parts): the same expert comes back.
#[test]
fn a_template_resaved_by_libreoffice_reads_the_same() {
    let resaved = include_bytes!("data/template-libreoffice.xlsx");
    assert_eq!(parse_ok(resaved), parse_ok(&template_xlsx()));
}
