//! Outside bytes never panic the importer: random bytes, and valid files with bytes flipped or
//! cut off (the fuzz-style check design.md asks of every parser of outside bytes).

mod common;

use common::*;
use expert_import::{parse, synthetic, write_csv, write_xlsx};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_are_refused_or_read(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let _ = parse(&bytes, &limits());
    }

    #[test]
    fn damaged_xlsx_never_panics(cut in 0usize..4000, flips in proptest::collection::vec((0usize..4000, any::<u8>()), 0..4)) {
        let mut bytes = write_xlsx(&synthetic(5, 9));
        for (at, b) in flips {
            let at = at % bytes.len();
            bytes[at] ^= b;
        }
        bytes.truncate(cut.max(1));
        let _ = parse(&bytes, &limits());
    }

    #[test]
    fn damaged_csv_never_panics(cut in 0usize..3000, flips in proptest::collection::vec((0usize..3000, any::<u8>()), 0..6)) {
        let mut bytes = write_csv(&synthetic(8, 9));
        for (at, b) in flips {
            let at = at % bytes.len();
            bytes[at] ^= b;
        }
        bytes.truncate(cut.max(1));
        if let Err(e) = parse(&bytes, &limits()) {
            prop_assert!(!e.errors.is_empty());
        }
    }
}

#[test]
fn an_xlsx_header_may_start_in_a_later_column() {
    // header B1..M1, one data row whose region is bad: the letter is the sheet's, not the table's
    let shifted = |line: usize, cells: &[String]| -> String {
        cells
            .iter()
            .enumerate()
            .map(|(i, t)| s(&format!("{}{line}", letter(i + 1)), t))
            .collect()
    };
    let mut row = good_row("E1");
    row[col("region")] = "x".into();
    let bytes = raw_xlsx(1, &[shifted(1, &header()), shifted(2, &row)]);
    let errors = parse_err(&bytes);
    let e = only(&errors, "import.bad_region");
    assert_eq!((e.line, e.column_ref.as_deref()), (2, Some("E")));
}
