//! Every error code, at its line and column, in CSV and XLSX; all or nothing; the error cap.

mod common;

use std::collections::BTreeSet;

use common::*;
use expert_import::{CODES, ImportErrors, Limits, RowError, parse, parse_csv, parse_xlsx};

/// (column, bad value, expected code): one per row, every other cell valid.
fn cell_cases() -> Vec<(&'static str, String, &'static str)> {
    let o = org(7);
    vec![
        ("id", "E 1".into(), "import.bad_id"),
        ("name", "".into(), "import.required"),
        ("name", "张\u{7}伟".into(), "import.bad_name"),
        ("name", "长".repeat(4001), "import.too_long"),
        ("specialties", "A01..02".into(), "import.bad_specialty"),
        ("specialties", " ; ".into(), "import.required"),
        ("region", "33010".into(), "import.bad_region"),
        ("title", "professor".into(), "import.bad_title"),
        ("birth_date", "1975-13-01".into(), "import.bad_date"),
        (
            "employers",
            "91110000XXXXXXXXXX:employee:2019-01-01..".into(),
            "import.bad_org",
        ),
        ("employers", format!("{o}:employee"), "import.bad_employer"),
        (
            "employers",
            format!("{o}:boss:2019-01-01.."),
            "import.bad_role",
        ),
        (
            "employers",
            format!("{o}:employee:2020-01-01..2019-01-01"),
            "import.bad_range",
        ),
        (
            "employers",
            format!("{o}:employee:2019-02-30.."),
            "import.bad_date",
        ),
        (
            "relations",
            format!("cousin:org:{o}"),
            "import.bad_relation",
        ),
        ("relations", "relative:person:".into(), "import.bad_person"),
        ("leave", "2026-10-10..".into(), "import.bad_leave"),
        ("leave", "2026-10-10".into(), "import.bad_range"),
        ("credit", "excellent".into(), "import.bad_credit"),
        ("active", "maybe".into(), "import.bad_active"),
        ("phone", "12345678901".into(), "import.bad_phone"),
        ("account", "no spaces allowed".into(), "import.bad_account"),
    ]
}

fn spoiled_rows() -> Vec<Vec<String>> {
    cell_cases()
        .into_iter()
        .enumerate()
        .map(|(i, (column, value, _))| {
            let mut row = good_row(&format!("E{i}"));
            row[col(column)] = value;
            row
        })
        .collect()
}

fn check_cell_errors(errors: &ImportErrors, column_ref: impl Fn(usize) -> String) {
    let cases = cell_cases();
    assert_eq!(errors.errors.len(), cases.len(), "{errors}");
    for (i, (column, _, code)) in cases.into_iter().enumerate() {
        let e = &errors.errors[i];
        let at = (e.line, e.column.as_deref(), e.column_ref.clone(), e.code);
        let want = (i + 2, Some(column), Some(column_ref(col(column))), code);
        assert_eq!(at, want, "{e}");
        assert_eq!(e.params["line"], (i + 2).to_string());
        assert!(!e.message.is_empty());
    }
}

#[test]
fn every_cell_error_in_csv_has_its_line_and_column_number() {
    let text = csv_text(&header(), &spoiled_rows());
    let errors = parse_csv(text.as_bytes(), &limits()).unwrap_err();
    check_cell_errors(&errors, |i| (i + 1).to_string());
    let e = &errors.errors[8];
    assert_eq!(e.params["value"], "1975-13-01");
    assert_eq!(
        e.to_string(),
        "line 10, column birth_date (6): \"1975-13-01\" is not a date: use YYYY-MM-DD, e.g. 1975-06-15 [import.bad_date]"
    );
}

#[test]
fn every_cell_error_in_xlsx_has_its_line_and_column_letter() {
    let mut sheet = vec![xlsx_header_cells(1, &header())];
    for (i, row) in spoiled_rows().iter().enumerate() {
        sheet.push(xlsx_header_cells(i + 2, row));
    }
    let errors = parse_xlsx(&raw_xlsx(1, &sheet), &limits()).unwrap_err();
    check_cell_errors(&errors, letter);
}

#[test]
fn duplicate_ids_name_the_first_line() {
    let rows = vec![good_row("E1"), good_row("E2"), good_row("E1")];
    let errors = parse_err(csv_text(&header(), &rows).as_bytes());
    let e = only(&errors, "import.duplicate_id");
    assert_eq!((e.line, e.column.as_deref()), (4, Some("id")));
    assert_eq!(e.params["first_line"], "2");
}

#[test]
fn header_problems_are_all_reported_on_line_one() {
    let mut h = header();
    h[col("name")] = "nom".into(); // unknown, and name is then missing
    h[col("phone")] = "专家编号".into(); // id again, in Chinese
    let errors = parse_err(csv_text(&h, &[good_row("E1")]).as_bytes());
    let seen: Vec<_> = errors
        .errors
        .iter()
        .map(|e| (e.line, e.code, e.column_ref.clone()))
        .collect();
    assert_eq!(
        seen,
        [
            (1, "import.unknown_column", Some("2".to_owned())),
            (1, "import.duplicate_column", Some("12".to_owned())),
            (1, "import.missing_column", None),
        ]
    );
    assert_eq!(errors.errors[2].params["missing"], "name");
}

#[test]
fn a_value_beyond_the_header_is_an_extra_cell() {
    let mut row = good_row("E1");
    row.push("surprise".into());
    let errors = parse_err(csv_text(&header(), &[row]).as_bytes());
    let e = only(&errors, "import.extra_cells");
    assert_eq!(
        (e.line, e.column.as_deref(), e.column_ref.as_deref()),
        (2, None, Some("14"))
    );
}

#[test]
fn one_bad_row_among_good_ones_imports_nothing() {
    let mut rows: Vec<_> = (0..50).map(|i| good_row(&format!("E{i}"))).collect();
    rows[37][col("region")] = "999".into();
    let errors = parse_err(csv_text(&header(), &rows).as_bytes());
    assert_eq!(only(&errors, "import.bad_region").line, 39);
    rows[37][col("region")] = "330100".into();
    assert_eq!(parse_ok(csv_text(&header(), &rows).as_bytes()).len(), 50);
}

#[test]
fn errors_stop_at_the_cap_and_say_there_were_more() {
    let rows: Vec<_> = (0..150)
        .map(|i| {
            let mut r = good_row(&format!("E{i}"));
            r[col("title")] = "boss".into();
            r
        })
        .collect();
    let errors = parse_err(csv_text(&header(), &rows).as_bytes());
    assert_eq!(errors.errors.len(), 100);
    assert!(errors.truncated);
    assert!(errors.to_string().contains("100 error(s) (and more)"));
}

#[test]
fn limits_on_size_and_rows() {
    let text = csv_text(&header(), &[good_row("E1"), good_row("E2"), good_row("E3")]);
    let small = Limits {
        max_bytes: 100,
        ..Limits::default()
    };
    let e = parse(text.as_bytes(), &small).unwrap_err();
    assert_eq!(only(&e, "import.too_large").params["limit"], "100");
    let few = Limits {
        max_rows: 2,
        ..Limits::default()
    };
    let e = parse(text.as_bytes(), &few).unwrap_err();
    assert_eq!(only(&e, "import.too_many_rows").line, 4);
    let tight = Limits {
        max_unpacked_bytes: 1000,
        ..Limits::default()
    };
    let xlsx = expert_import::write_xlsx(&expert_import::synthetic(50, 1));
    only(&parse(&xlsx, &tight).unwrap_err(), "import.too_large");
}

#[test]
fn xlsx_error_values_are_cell_errors() {
    let mut row = good_row("E1");
    row.truncate(col("name"));
    let mut cells = xlsx_header_cells(2, &row);
    cells.push_str(r#"<c r="B2" t="e"><v>#N/A</v></c>"#);
    let rest: Vec<String> = good_row("E1")[col("specialties")..].to_vec();
    for (i, text) in rest.iter().enumerate() {
        cells.push_str(&s(&format!("{}2", letter(i + 2)), text));
    }
    let bytes = raw_xlsx(1, &[xlsx_header_cells(1, &header()), cells]);
    let errors = parse_err(&bytes);
    let e = only(&errors, "import.cell_error");
    assert_eq!(
        (e.line, e.column_ref.as_deref(), e.params["value"].as_str()),
        (2, Some("B"), "#N/A")
    );
}

/// Each code of [`CODES`] is produced by some input here or in `formats.rs`'s file cases.
#[test]
fn every_code_is_reachable() {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut note = |e: Result<Vec<expert_import::ImportedRow>, ImportErrors>| {
        seen.extend(e.unwrap_err().errors.iter().map(|e: &RowError| e.code));
    };
    note(parse_csv(
        csv_text(&header(), &spoiled_rows()).as_bytes(),
        &limits(),
    ));
    let mut h = header();
    h[col("name")] = "nom".into();
    h[col("phone")] = "id".into();
    note(parse(csv_text(&h, &[]).as_bytes(), &limits()));
    let mut extra = good_row("E1");
    extra.push("x".into());
    note(parse(
        csv_text(&header(), &[good_row("E1"), extra]).as_bytes(),
        &limits(),
    ));
    let few = Limits {
        max_rows: 0,
        max_bytes: 10_000,
        ..Limits::default()
    };
    note(parse(
        csv_text(&header(), &[good_row("E1")]).as_bytes(),
        &few,
    ));
    note(parse(&[b'x'; 20_000], &few));
    note(parse(b"", &limits()));
    note(parse(b"%PDF-1.7", &limits()));
    note(parse(b"\xFF\xFEi\0d\0", &limits()));
    note(parse(
        &zip_of([("xl/workbook.xml", &b"not xml"[..])].into_iter()),
        &limits(),
    ));
    let bad_cell = format!(
        "{}{}",
        xlsx_header_cells(2, &good_row("E1")),
        r#"<c r="M2" t="e"><v>#REF!</v></c>"#
    );
    note(parse(
        &raw_xlsx(1, &[xlsx_header_cells(1, &header()), bad_cell]),
        &limits(),
    ));
    let all: BTreeSet<&str> = CODES.iter().copied().collect();
    assert_eq!(seen, all);
}
