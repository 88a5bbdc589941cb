//! The synthetic benchmark input (1,000 bids, 9 members) evaluates completely.
use std::time::Instant;

#[test]
fn a_thousand_bids_and_nine_members() {
    let input = evaluation::synthetic::synthetic(1_000, 9);
    let t = Instant::now();
    let r = evaluation::evaluate(&input, &legal_time::Calendar::builtin()).unwrap();
    eprintln!("evaluate 1000 × 9 (debug build): {:?}", t.elapsed());
    assert_eq!(r.bids.len(), 1_000);
    assert_eq!(r.candidates.len(), 3);
    assert!(
        r.issues.iter().all(|i| !i.blocking),
        "{:?}",
        r.issues.iter().find(|i| i.blocking)
    );
    assert!(
        r.issues
            .iter()
            .any(|i| i.code == "evaluation.outlier_flagged")
    );
    assert_eq!(r.status, evaluation::Status::Complete);
}
