//! What real files look like: Chinese headers, BOMs, GBK, Excel's typed cells, odd layouts,
//! and files that are not expert pools at all.

mod common;

use common::*;
use domain::experts::{ExpertCredit, Title};
use expert_import::{Column, parse_csv, parse_xlsx, synthetic, write_csv, write_xlsx};

fn chinese_header() -> Vec<String> {
    Column::ALL.iter().map(|c| c.chinese().to_owned()).collect()
}

#[test]
fn chinese_headers_read_like_english_ones() {
    let rows = vec![good_row("E1"), good_row("E2")];
    let english = parse_ok(csv_text(&header(), &rows).as_bytes());
    let chinese = parse_ok(csv_text(&chinese_header(), &rows).as_bytes());
    assert_eq!(english, chinese);
    assert_eq!(english.len(), 2);
}

#[test]
fn errors_name_the_column_as_the_header_wrote_it() {
    let mut row = good_row("E1");
    row[col("birth_date")] = "昨天".into();
    let errors = parse_err(csv_text(&chinese_header(), &[row]).as_bytes());
    assert_eq!(
        only(&errors, "import.bad_date").column.as_deref(),
        Some("出生日期")
    );
}

#[test]
fn a_utf8_bom_is_dropped() {
    let text = csv_text(&chinese_header(), &[good_row("E1")]);
    let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    assert_eq!(parse_ok(&bom), parse_ok(text.as_bytes()));
}

#[test]
fn gbk_csv_as_excel_saves_it_is_decoded() {
    let text = csv_text(&chinese_header(), &[good_row("E1")]);
    let (gbk, _, lossy) = encoding_rs::GBK.encode(&text);
    assert!(!lossy && std::str::from_utf8(&gbk).is_err());
    let rows = parse_ok(&gbk);
    assert_eq!(rows[0].expert.name, "张伟");
    assert_eq!(rows, parse_ok(text.as_bytes()));
}

#[test]
fn text_in_no_known_encoding_is_refused() {
    // 0x80 is a lone byte in neither UTF-8 nor GB18030
    let bytes = [&b"id,name\nE1,"[..], &[0x80, 0x80, 0xFF], b"\n"].concat();
    only(&parse_err(&bytes), "import.encoding");
    only(&parse_err(b"\xFF\xFEi\0d\0"), "import.encoding");
}

#[test]
fn files_of_other_types_are_named() {
    for (bytes, said) in [
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec(), "legacy .xls"),
        (b"%PDF-1.7\n".to_vec(), "PDF"),
        (b"\x89PNG\r\n\x1a\n".to_vec(), "PNG"),
        (b"id,name\0\0\0".to_vec(), "binary"),
    ] {
        let errors = parse_err(&bytes);
        assert!(
            only(&errors, "import.file_type").message.contains(said),
            "{errors}"
        );
    }
}

#[test]
fn a_zip_that_is_not_a_workbook_is_the_wrong_type() {
    let docx = zip_of([("word/document.xml", &b"<w:document/>"[..])].into_iter());
    let e = parse_err(&docx);
    assert!(only(&e, "import.file_type").message.contains("not an XLSX"));
    let truncated = &write_xlsx(&synthetic(3, 1))[..200];
    only(&parse_err(truncated), "import.file_type");
    only(&parse_err(b"PK\x05\x06"), "import.file_type");
}

#[test]
fn a_broken_workbook_is_bad_xlsx() {
    let bytes = zip_of(
        [
            ("[Content_Types].xml", &b"<Types/>"[..]),
            ("xl/workbook.xml", &b"<workbook><sheets>"[..]),
        ]
        .into_iter(),
    );
    only(&parse_err(&bytes), "import.bad_xlsx");
}

#[test]
fn empty_files_and_header_only_files_are_empty() {
    for bytes in [
        &b""[..],
        b"\xEF\xBB\xBF",
        b"\r\n\r\n",
        b"id,name,specialties,region,title,birth_date\r\n",
    ] {
        only(&parse_err(bytes), "import.empty");
    }
    only(&parse_err(&raw_xlsx(1, &[])), "import.empty");
    only(&parse_err(&write_xlsx(&[])), "import.empty");
    assert!(parse_csv(&write_csv(&[]), &limits()).is_err());
}

#[test]
fn csv_lines_count_blank_lines_but_not_breaks_inside_cells() {
    let mut first = good_row("E1");
    first[col("name")] = "张\n伟".into(); // refused below only for the control character
    let mut third = good_row("E3");
    third[col("region")] = "bad".into();
    let text = csv_text(&header(), &[first, good_row("E2")])
        + "\r\n"
        + csv_text(&header(), &[third]).split_once("\r\n").unwrap().1;
    // header 1, E1 2 (two text lines), E2 3, blank 4, E3 5
    let errors = parse_err(text.as_bytes());
    let lines: Vec<_> = errors.errors.iter().map(|e| (e.line, e.code)).collect();
    assert_eq!(lines, [(2, "import.bad_name"), (5, "import.bad_region")]);
}

#[test]
fn excel_typed_cells_and_an_offset_sheet_are_read() {
    // header on row 3 from column A; the birth date a real date cell, phone and id numbers
    let h = xlsx_header_cells(3, &header());
    let mut cells = String::new();
    for (i, text) in good_row("E1").iter().enumerate() {
        let r = format!("{}4", letter(i));
        cells.push_str(&match Column::ALL[i] {
            Column::Id => format!(r#"<c r="{r}"><v>123</v></c>"#),
            Column::BirthDate => format!(r#"<c r="{r}" s="1"><v>27560</v></c>"#),
            Column::Phone => format!(r#"<c r="{r}"><v>13800138000</v></c>"#),
            Column::Active => format!(r#"<c r="{r}" t="b"><v>0</v></c>"#),
            _ => s(&r, text),
        });
    }
    let bytes = raw_xlsx(3, &[h, cells]);
    let rows = parse_xlsx(&bytes, &limits()).unwrap();
    let e = &rows[0].expert;
    assert_eq!((e.id.as_str(), rows[0].line), ("123", 4));
    assert_eq!(expert_import_date(e.birth_date), "1975-06-15");
    assert_eq!(rows[0].phone.as_deref(), Some("13800138000"));
    assert!(!e.active);
}

fn expert_import_date(d: legal_time::Date) -> String {
    format!("{}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

#[test]
fn lenient_forms_people_type_are_taken() {
    let mut row = good_row("E1");
    row[col("title")] = "副高级".into();
    row[col("birth_date")] = "1975/6/15".into();
    row[col("employers")] = format!("{}：Director：2019-01-01..；", org(2));
    row[col("active")] = "否".into();
    row[col("phone")] = "+86 138-0013-8000".into();
    row[col("credit")] = "WATCH".into();
    let r = &parse_ok(csv_text(&header(), &[row]).as_bytes())[0];
    assert_eq!(r.expert.title, Title::AssociateSenior);
    assert_eq!(r.expert.employers.len(), 1);
    assert_eq!(r.expert.employers[0].to, None);
    assert_eq!(r.expert.credit, ExpertCredit::Watch);
    assert!(!r.expert.active);
    assert_eq!(r.phone.as_deref(), Some("13800138000"));
}

#[test]
fn optional_columns_may_be_left_out_and_columns_reordered() {
    let h: Vec<String> = ["birth_date", "title", "region", "specialties", "name", "id"]
        .map(str::to_owned)
        .to_vec();
    let row: Vec<String> = ["1975-06-15", "other", "330100", "A01;A01;B02", "李娜", "E9"]
        .map(str::to_owned)
        .to_vec();
    let r = &parse_ok(csv_text(&h, &[row]).as_bytes())[0];
    let e = &r.expert;
    assert_eq!(e.specialties.len(), 2, "a repeated code counts once");
    assert!(e.employers.is_empty() && e.relations.is_empty() && e.leave.is_empty());
    assert_eq!(
        (e.credit, e.active, r.phone.as_deref()),
        (ExpertCredit::Good, true, None)
    );
}

/// The sample in docs/EXPERT-IMPORT.md parses, with the values the page says.
#[test]
fn the_documented_sample_parses() {
    let doc = include_str!("../../../docs/EXPERT-IMPORT.md");
    let sample = doc
        .split_once("```csv\n")
        .and_then(|(_, rest)| rest.split_once("```"))
        .expect("a csv block")
        .0;
    let rows = parse_ok(sample.as_bytes());
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].expert.employers.len(), 2);
    assert_eq!(rows[1].expert.credit, ExpertCredit::Good);
    assert_eq!(rows[2].expert.name, "O'Brien, J.");
    assert_eq!(rows[2].phone.as_deref(), Some("13900000000"));
    assert_eq!(rows[2].line, 4);
    assert_eq!(rows[0], parse_ok(&expert_import::template_xlsx())[0]);
}
