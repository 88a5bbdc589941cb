//! The benchmark helper on 10,000 experts: prints the figures (run with `--nocapture`);
//! timings are not asserted (debug builds, shared machines).

use domain::experts::bench::{run, synthetic_pool, synthetic_request};
use domain::experts::eligible;

#[test]
fn ten_thousand_experts_eligibility_draw_and_re_check() {
    let figures = run(10_000);
    println!("{figures}");
    assert_eq!(figures.experts, 10_000);
    assert!(
        figures.eligible > 1_000 && figures.eligible < 10_000,
        "{figures}"
    );
}

#[test]
fn the_synthetic_pool_is_deterministic_and_varied() {
    let a = synthetic_pool(500, 1);
    assert_eq!(a, synthetic_pool(500, 1));
    assert_ne!(a, synthetic_pool(500, 2));
    let judged = eligible(&a, &synthetic_request()).unwrap();
    let mut codes: Vec<&str> = judged.excluded.iter().flat_map(|x| x.codes()).collect();
    codes.sort();
    codes.dedup();
    for c in [
        "draw.excluded.inactive",
        "draw.excluded.no_matching_specialty",
        "draw.excluded.over_age_limit",
    ] {
        assert!(codes.contains(&c), "{c} in {codes:?}");
    }
}
