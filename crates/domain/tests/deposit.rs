//! Bid deposits: caps (rules.md §1.3, §3.3), covers at the deadline, signed bank notices and
//! guarantees, refund due dates across the 2026 holidays, overdue refunds, disclosure rows.
//!
//! 2026 calendar (crates/legal-time/data/2026.json): 中秋 09-25..09-27 off, 国庆 10-01..10-07
//! off; Sunday 09-20 and Saturday 10-10 are 调休 working days.

use std::sync::OnceLock;

use domain::accounts::{KeyAlgorithm, PublicKey};
use domain::deposit::*;
use domain::methods::Cited;
use domain::{BusinessLine, Method, Money, TradeId, UnifiedSocialCreditCode};
use ed25519_dalek::{Signer as _, SigningKey};
use legal_time::{Calendar, Date, OffsetDateTime, RestDayExtension};
use time::Duration;
use time::macros::{date, datetime};

use BusinessLine::{Construction, Procurement};

// ----- helpers -----

fn calendar() -> &'static Calendar {
    static CAL: OnceLock<Calendar> = OnceLock::new();
    CAL.get_or_init(Calendar::builtin)
}

fn wan(n: i64) -> Money {
    Money::from_wan(n)
}

fn plus_fen(m: Money, fen: i64) -> Money {
    Money::from_fen(m.fen() + fen)
}

fn terms(amount: Money, subject: Subject) -> DepositTerms {
    DepositTerms {
        amount,
        subject,
        exemption_by_credit: false,
        accepts_guarantee: true,
    }
}

fn bidder(n: u32) -> UnifiedSocialCreditCode {
    UnifiedSocialCreditCode::complete(&format!("91320100MA{n:06}")).unwrap()
}

fn trade() -> TradeId {
    TradeId::parse("T-2026-0001").unwrap()
}

const DEADLINE: OffsetDateTime = datetime!(2026-09-28 09:30 +8);

/// Test double of the app's verifier: Ed25519 only (`verify_strict`, as the app does).
fn verifies(key: &PublicKey, message: &[u8], signature: &[u8]) -> bool {
    let bytes: Vec<u8> = (0..key.hex().len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&key.hex()[i..i + 2], 16).unwrap())
        .collect();
    let (Ok(public), Ok(sig)) = (
        <[u8; 32]>::try_from(bytes.as_slice()),
        ed25519_dalek::Signature::from_slice(signature),
    ) else {
        return false;
    };
    key.algorithm() == KeyAlgorithm::Ed25519
        && ed25519_dalek::VerifyingKey::from_bytes(&public)
            .is_ok_and(|k| k.verify_strict(message, &sig).is_ok())
}

fn signer(seed: u8) -> (SigningKey, PublicKey) {
    let sk = SigningKey::from_bytes(&[seed; 32]);
    let hex: String = sk
        .verifying_key()
        .to_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    (sk, PublicKey::parse(KeyAlgorithm::Ed25519, &hex).unwrap())
}

fn paid(amount: Money, at: OffsetDateTime, bank_ref: &str) -> Cover {
    Cover::Paid {
        account: "6222 0202 0000 0001".into(),
        payer_name: "南京甲建设有限公司".into(),
        amount,
        at,
        bank_ref: bank_ref.into(),
    }
}

fn notice(amount: Money, paid_at: OffsetDateTime) -> BankNotice {
    BankNotice {
        sub_account: "3201-0001-T-2026-0001".into(),
        payer_account: "6222 0202 0000 0001".into(),
        payer_name: "南京甲建设有限公司".into(),
        amount,
        paid_at,
        bank_ref: "ICBC-20260925-0001".into(),
    }
}

fn letter(amount: Money, valid_until: Date) -> GuaranteeLetter {
    GuaranteeLetter {
        issuer_code: "91110000100000000X".into(),
        number: "BH-2026-000042".into(),
        applicant: bidder(1),
        beneficiary: "南京市第一中学".into(),
        trade: trade(),
        amount,
        valid_from: date!(2026 - 09 - 20),
        valid_until,
    }
}

fn expectation(amount: Money, validity_end: Option<Date>) -> GuaranteeExpectation {
    GuaranteeExpectation {
        line: Construction,
        trade: trade(),
        bidder: bidder(1),
        amount,
        bid_deadline: DEADLINE,
        validity_end,
    }
}

fn code_of<T: std::fmt::Debug>(r: Result<T, DepositError>) -> &'static str {
    r.unwrap_err().code()
}

// ----- terms: caps and worked examples (rules.md §1.3, §3.3) -----

#[test]
fn construction_works_5000_wan_is_capped_at_80_wan() {
    // given an estimate of 5000万: 2 % would be 100万
    let estimate = wan(5000);
    // then 80万 is allowed and one fen more is over the 30号令 cap
    assert_eq!(
        check_terms(
            Construction,
            Method::OpenTendering,
            estimate,
            &terms(wan(80), Subject::Works)
        ),
        Ok(())
    );
    let over = check_terms(
        Construction,
        Method::OpenTendering,
        estimate,
        &terms(plus_fen(wan(80), 1), Subject::Works),
    )
    .unwrap_err();
    assert_eq!(over.code(), "deposit.over_cap");
    assert_eq!(
        over,
        DepositError::OverCap {
            amount: plus_fen(wan(80), 1),
            cap: wan(80),
            article: "30号令 第37条 [M]"
        }
    );
    assert!(over.to_string().contains("30号令 第37条"), "{over}");
}

#[test]
fn construction_3000_wan_allows_60_wan_by_the_2_percent_rule() {
    let check = |amount| {
        check_terms(
            Construction,
            Method::InvitedTendering,
            wan(3000),
            &terms(amount, Subject::Works),
        )
    };
    assert_eq!(check(wan(60)), Ok(()));
    assert_eq!(
        check(plus_fen(wan(60), 1)),
        Err(DepositError::OverCap {
            amount: plus_fen(wan(60), 1),
            cap: wan(60),
            article: "条例 第26条"
        })
    );
}

#[test]
fn construction_4000_wan_allows_exactly_80_wan() {
    let check = |amount| {
        check_terms(
            Construction,
            Method::OpenTendering,
            wan(4000),
            &terms(amount, Subject::Works),
        )
    };
    assert_eq!(check(wan(80)), Ok(()));
    assert_eq!(code_of(check(plus_fen(wan(80), 1))), "deposit.over_cap");
}

#[test]
fn construction_goods_are_capped_at_80_wan_and_services_only_by_2_percent() {
    let caps = DepositCaps::default();
    let cap = |subject| {
        caps.cap(Construction, Method::OpenTendering, subject, wan(5000))
            .unwrap()
    };
    assert_eq!(
        cap(Subject::Goods),
        Cited {
            value: wan(80),
            article: "27号令 第27条 [M]"
        }
    );
    assert_eq!(cap(Subject::Services).value, wan(100));
}

#[test]
fn survey_and_design_deposits_are_capped_at_10_wan() {
    let caps = DepositCaps::default();
    let cap = |estimate| {
        caps.cap(
            Construction,
            Method::OpenTendering,
            Subject::SurveyDesign,
            estimate,
        )
        .unwrap()
    };
    // 2 % of 1000万 = 20万, capped at 10万; 2 % of 300万 = 6万.
    assert_eq!(cap(wan(1000)).value, wan(10));
    assert!(cap(wan(1000)).article.contains("low confidence"));
    assert_eq!(cap(wan(300)).value, wan(6));
}

#[test]
fn procurement_1200_wan_budget_allows_24_wan_and_has_no_80_wan_ceiling() {
    let check = |estimate, amount| {
        check_terms(
            Procurement,
            Method::OpenTendering,
            estimate,
            &terms(amount, Subject::Goods),
        )
    };
    assert_eq!(check(wan(1200), wan(24)), Ok(()));
    assert_eq!(
        check(wan(1200), plus_fen(wan(24), 1)),
        Err(DepositError::OverCap {
            amount: plus_fen(wan(24), 1),
            cap: wan(24),
            article: "政府采购法实施条例 第33条"
        })
    );
    assert_eq!(check(wan(5000), wan(100)), Ok(()));
}

#[test]
fn procurement_non_tender_methods_cite_their_own_measures() {
    let cap = DepositCaps::default()
        .cap(
            Procurement,
            Method::CompetitiveConsultation,
            Subject::Services,
            wan(500),
        )
        .unwrap();
    assert_eq!(cap.value, wan(10));
    assert!(cap.article.contains("214号"), "{}", cap.article);
}

#[test]
fn credit_exemption_is_for_procurement_only() {
    let exempt = DepositTerms {
        exemption_by_credit: true,
        ..terms(wan(10), Subject::Goods)
    };
    assert_eq!(
        check_terms(Procurement, Method::OpenTendering, wan(1000), &exempt),
        Ok(())
    );
    assert_eq!(
        code_of(check_terms(
            Construction,
            Method::OpenTendering,
            wan(1000),
            &exempt
        )),
        "deposit.exemption_not_allowed"
    );
}

#[test]
fn construction_terms_may_not_refuse_guarantees() {
    let cash_only = DepositTerms {
        accepts_guarantee: false,
        ..terms(wan(10), Subject::Works)
    };
    let err = check_terms(Construction, Method::OpenTendering, wan(1000), &cash_only);
    assert_eq!(code_of(err), "deposit.guarantee_refused");
    assert_eq!(
        check_terms(Procurement, Method::OpenTendering, wan(1000), &cash_only),
        Ok(())
    );
}

#[test]
fn negative_amounts_and_unknown_methods_are_refused() {
    let negative = terms(Money::from_fen(-1), Subject::Works);
    assert_eq!(
        code_of(check_terms(
            Construction,
            Method::OpenTendering,
            wan(1000),
            &negative
        )),
        "deposit.invalid_amount"
    );
    assert_eq!(
        code_of(check_terms(
            Construction,
            Method::RequestForQuotation,
            wan(1000),
            &terms(wan(1), Subject::Works)
        )),
        "deposit.invalid_method"
    );
}

#[test]
fn the_caps_are_configurable_data() {
    let caps = DepositCaps {
        works_max: Cited {
            value: wan(100),
            article: "provincial rule",
        },
        ..DepositCaps::default()
    };
    let t = terms(wan(100), Subject::Works);
    assert_eq!(
        caps.check(Construction, Method::OpenTendering, wan(5000), &t),
        Ok(())
    );
    assert_eq!(
        code_of(check_terms(
            Construction,
            Method::OpenTendering,
            wan(5000),
            &t
        )),
        "deposit.over_cap"
    );
}

// ----- covers at the deadline -----

#[test]
fn a_payment_up_to_the_deadline_second_counts_and_a_later_one_does_not() {
    let t = terms(wan(24), Subject::Goods);
    // given a payment exactly at the deadline
    let on_time = assess(
        &t,
        &[paid(wan(24), DEADLINE, "R1")],
        DEADLINE,
        Procurement,
        None,
    );
    assert_eq!(
        on_time,
        DepositStatus::Covered {
            how: CoveredBy::Paid,
            amount: wan(24),
            received_at: Some(DEADLINE)
        }
    );
    assert_eq!(on_time.invalidates_bid(), None);
    // when it arrives one second later, then the bid is invalid under 87号令 第63条
    let late_at = DEADLINE + Duration::seconds(1);
    let late = assess(
        &t,
        &[paid(wan(24), late_at, "R1")],
        DEADLINE,
        Procurement,
        None,
    );
    assert_eq!(late.invalidates_bid(), Some("财政部令第87号 第63条"));
    let DepositStatus::Missing { reasons, .. } = late else {
        panic!("{late:?}")
    };
    assert_eq!(reasons[0].code(), "deposit.late_payment");
    assert!(reasons[0].to_string().contains("2026-09-28 09:30:01"));
}

#[test]
fn payments_add_up_once_each_and_a_shortfall_says_how_much() {
    let t = terms(wan(24), Subject::Goods);
    let early = datetime!(2026-09-25 10:00 +8);
    // the same bank notice twice counts once
    let short = assess(
        &t,
        &[paid(wan(20), early, "R1"), paid(wan(20), early, "R1")],
        DEADLINE,
        Procurement,
        None,
    );
    assert_eq!(
        short,
        DepositStatus::Short {
            paid: wan(20),
            missing: wan(4),
            article: "财政部令第87号 第63条",
            reasons: vec![]
        }
    );
    let topped_up = datetime!(2026-09-27 16:00 +8);
    let covered = assess(
        &t,
        &[paid(wan(20), early, "R1"), paid(wan(4), topped_up, "R2")],
        DEADLINE,
        Procurement,
        None,
    );
    assert_eq!(
        covered,
        DepositStatus::Covered {
            how: CoveredBy::Paid,
            amount: wan(24),
            received_at: Some(topped_up)
        }
    );
}

#[test]
fn no_deposit_asked_means_not_required_and_nothing_paid_means_missing() {
    assert_eq!(
        assess(
            &terms(Money::ZERO, Subject::Works),
            &[],
            DEADLINE,
            Construction,
            None
        ),
        DepositStatus::NotRequired
    );
    let missing = assess(
        &terms(wan(10), Subject::Works),
        &[],
        DEADLINE,
        Construction,
        None,
    );
    assert_eq!(missing.invalidates_bid(), Some("30号令 第37条 [M]"));
}

#[test]
fn credit_exemption_needs_the_terms_the_line_and_a_good_standing() {
    let allowing = DepositTerms {
        exemption_by_credit: true,
        ..terms(wan(24), Subject::Goods)
    };
    let exempt = |standing| Cover::ExemptByCredit { standing };
    let reason = |status: DepositStatus| match status {
        DepositStatus::Missing { reasons, .. } => reasons[0].code(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        assess(
            &allowing,
            &[exempt(CreditStanding::Good)],
            DEADLINE,
            Procurement,
            None
        ),
        DepositStatus::Covered {
            how: CoveredBy::ExemptByCredit,
            amount: Money::ZERO,
            received_at: None
        }
    );
    let adverse = assess(
        &allowing,
        &[exempt(CreditStanding::Adverse)],
        DEADLINE,
        Procurement,
        None,
    );
    assert_eq!(reason(adverse), "deposit.credit_not_good");
    let not_offered = assess(
        &terms(wan(24), Subject::Goods),
        &[exempt(CreditStanding::Good)],
        DEADLINE,
        Procurement,
        None,
    );
    assert_eq!(reason(not_offered), "deposit.exemption_not_allowed");
    let construction = assess(
        &allowing,
        &[exempt(CreditStanding::Good)],
        DEADLINE,
        Construction,
        None,
    );
    assert_eq!(reason(construction), "deposit.exemption_not_allowed");
}

#[test]
fn a_guarantee_covers_only_if_accepted_large_enough_and_valid_through_the_bid_validity() {
    let (sk, key) = signer(7);
    let l = letter(wan(80), date!(2026 - 12 - 31));
    let cover = verify_guarantee(
        &l,
        &sk.sign(&l.canonical_bytes()).to_bytes(),
        &key,
        &expectation(wan(80), None),
        &verifies,
    )
    .unwrap();
    let t = terms(wan(80), Subject::Works);
    let validity_end = Some(date!(2026 - 12 - 27)); // 90 日 after the deadline
    assert_eq!(
        assess(
            &t,
            std::slice::from_ref(&cover),
            DEADLINE,
            Construction,
            validity_end
        ),
        DepositStatus::Covered {
            how: CoveredBy::Guarantee,
            amount: wan(80),
            received_at: None
        }
    );
    // bid validity runs past the guarantee
    let too_short = assess(
        &t,
        std::slice::from_ref(&cover),
        DEADLINE,
        Construction,
        Some(date!(2027 - 01 - 05)),
    );
    let DepositStatus::Missing { reasons, article } = too_short else {
        panic!("{too_short:?}")
    };
    assert_eq!(reasons[0].code(), "deposit.guarantee_expired");
    assert!(reasons[0].to_string().contains("条例 第26条"));
    assert_eq!(article, "30号令 第37条 [M]");
    // terms that take payment only
    let cash_only = DepositTerms {
        accepts_guarantee: false,
        ..terms(wan(80), Subject::Goods)
    };
    let refused = assess(&cash_only, &[cover], DEADLINE, Procurement, None);
    let DepositStatus::Missing { reasons, .. } = refused else {
        panic!("{refused:?}")
    };
    assert_eq!(reasons[0].code(), "deposit.guarantee_not_accepted");
}

#[test]
fn deposits_from_a_non_basic_account_and_shared_payer_accounts_are_flagged() {
    let p = paid(wan(10), DEADLINE, "R1");
    assert_eq!(check_basic_account(&p, "6222-0202-0000-0001"), Ok(()));
    assert_eq!(
        code_of(check_basic_account(&p, "6222 0202 0000 0002")),
        "deposit.not_basic_account"
    );
    let shared = shared_payer_accounts(&[
        (bidder(1), paid(wan(10), DEADLINE, "R1")),
        (bidder(2), paid(wan(10), DEADLINE, "R2")),
        (
            bidder(3),
            Cover::ExemptByCredit {
                standing: CreditStanding::Good,
            },
        ),
    ]);
    assert_eq!(
        shared,
        vec![("6222020200000001".to_owned(), vec![bidder(1), bidder(2)])]
    );
}

// ----- signed bank notices -----

#[test]
fn a_bank_notice_signed_by_the_bank_becomes_a_payment() {
    let (bank, bank_key) = signer(3);
    let n = notice(wan(24), datetime!(2026-09-25 10:00 +8));
    let sig = bank.sign(&n.canonical_bytes()).to_bytes();
    assert_eq!(
        verify_bank_notice(&n, &sig, &bank_key, &verifies),
        Ok(Cover::Paid {
            account: n.payer_account.clone(),
            payer_name: n.payer_name.clone(),
            amount: wan(24),
            at: datetime!(2026-09-25 10:00 +8),
            bank_ref: n.bank_ref.clone(),
        })
    );
    // the same instant written in UTC gives the same bytes
    let utc = BankNotice {
        paid_at: datetime!(2026-09-25 02:00 UTC),
        ..n.clone()
    };
    assert_eq!(utc.canonical_bytes(), n.canonical_bytes());
}

#[test]
fn a_tampered_or_foreign_bank_notice_is_refused() {
    let (bank, bank_key) = signer(3);
    let n = notice(wan(2), datetime!(2026-09-25 10:00 +8));
    let sig = bank.sign(&n.canonical_bytes()).to_bytes();
    let raised = BankNotice {
        amount: wan(24),
        ..n.clone()
    };
    assert_eq!(
        code_of(verify_bank_notice(&raised, &sig, &bank_key, &verifies)),
        "deposit.bad_signature"
    );
    let (_, other_key) = signer(4);
    assert_eq!(
        code_of(verify_bank_notice(&n, &sig, &other_key, &verifies)),
        "deposit.bad_signature"
    );
    assert_eq!(
        code_of(verify_bank_notice(&n, &sig[..63], &bank_key, &verifies)),
        "deposit.bad_signature"
    );
}

// ----- signed guarantees -----

fn verify_letter(l: &GuaranteeLetter, e: &GuaranteeExpectation) -> Result<Cover, DepositError> {
    let (issuer, issuer_key) = signer(7);
    let sig = issuer.sign(&l.canonical_bytes()).to_bytes();
    verify_guarantee(l, &sig, &issuer_key, e, &verifies)
}

#[test]
fn a_valid_guarantee_becomes_a_cover() {
    let l = letter(wan(80), date!(2026 - 12 - 31));
    let cover = verify_letter(&l, &expectation(wan(80), Some(date!(2026 - 12 - 27)))).unwrap();
    assert!(matches!(cover, Cover::Guarantee { amount, .. } if amount == wan(80)));
}

#[test]
fn a_guarantee_that_lapses_before_the_deadline_or_the_validity_end_is_refused() {
    // expires the day before the deadline
    let l = letter(wan(80), date!(2026 - 09 - 27));
    let err = verify_letter(&l, &expectation(wan(80), None)).unwrap_err();
    assert_eq!(
        err,
        DepositError::GuaranteeExpired {
            number: "BH-2026-000042".into(),
            valid_until: date!(2026 - 09 - 27),
            needed: date!(2026 - 09 - 28),
            article: "条例 第26条"
        }
    );
    // covers the deadline, not the 90-day bid validity
    let l = letter(wan(80), date!(2026 - 10 - 31));
    assert_eq!(
        code_of(verify_letter(
            &l,
            &expectation(wan(80), Some(date!(2026 - 12 - 27)))
        )),
        "deposit.guarantee_expired"
    );
    // in force only after the deadline
    let late_start = GuaranteeLetter {
        valid_from: date!(2026 - 09 - 29),
        ..letter(wan(80), date!(2026 - 12 - 31))
    };
    assert_eq!(
        code_of(verify_letter(&late_start, &expectation(wan(80), None))),
        "deposit.guarantee_not_yet_valid"
    );
}

#[test]
fn a_guarantee_for_another_trade_or_bidder_is_refused() {
    let other_trade = GuaranteeLetter {
        trade: TradeId::parse("T-2026-0002").unwrap(),
        ..letter(wan(80), date!(2026 - 12 - 31))
    };
    assert_eq!(
        code_of(verify_letter(&other_trade, &expectation(wan(80), None))),
        "deposit.guarantee_wrong_trade"
    );
    let other_bidder = GuaranteeLetter {
        applicant: bidder(2),
        ..letter(wan(80), date!(2026 - 12 - 31))
    };
    assert_eq!(
        code_of(verify_letter(&other_bidder, &expectation(wan(80), None))),
        "deposit.guarantee_wrong_applicant"
    );
}

#[test]
fn a_guarantee_below_the_deposit_is_refused() {
    let l = letter(plus_fen(wan(80), -1), date!(2026 - 12 - 31));
    let err = verify_letter(&l, &expectation(wan(80), None)).unwrap_err();
    assert_eq!(err.code(), "deposit.guarantee_too_small");
    assert!(err.to_string().contains("799999.99"), "{err}");
}

#[test]
fn a_guarantee_with_a_bad_signature_is_refused_before_anything_else() {
    let (issuer, issuer_key) = signer(7);
    let l = letter(wan(80), date!(2026 - 12 - 31));
    let sig = issuer.sign(&l.canonical_bytes()).to_bytes();
    let extended = GuaranteeLetter {
        valid_until: date!(2027 - 12 - 31),
        ..l.clone()
    };
    let e = expectation(wan(80), None);
    assert_eq!(
        code_of(verify_guarantee(
            &extended,
            &sig,
            &issuer_key,
            &e,
            &verifies
        )),
        "deposit.bad_signature"
    );
    // a bank's guarantee signature does not pass as its payment notice
    let n = notice(wan(80), datetime!(2026-09-25 10:00 +8));
    assert_eq!(
        code_of(verify_bank_notice(&n, &sig, &issuer_key, &verifies)),
        "deposit.bad_signature"
    );
}

// ----- refunds across the 2026 holidays -----

fn due(line: BusinessLine, case: RefundCase, event: Date) -> RefundDue {
    refund_due(line, case, event, calendar()).unwrap()
}

#[test]
fn construction_withdrawal_refund_ending_in_national_day_moves_to_october_8() {
    // 09-28 + 5 日 = 10-03, a National Day day off: extended past 10-07.
    let d = due(Construction, RefundCase::Withdrawn, date!(2026 - 09 - 28));
    assert_eq!(d.due, date!(2026 - 10 - 08));
    assert_eq!(d.article, "条例 第35条");
    assert!(!d.with_interest);
}

#[test]
fn procurement_withdrawal_refund_counts_the_adjusted_saturday() {
    // 09-29, 09-30, (10-01..07 off), 10-08, 10-09, 10-10 (调休 Saturday).
    let d = due(Procurement, RefundCase::Withdrawn, date!(2026 - 09 - 28));
    assert_eq!(d.due, date!(2026 - 10 - 10));
    assert_eq!(d.article, "财政部令第87号 第38条");
}

#[test]
fn procurement_unsuccessful_bidders_are_refunded_within_5_working_days_of_the_award_notice() {
    // 10-08, 10-09, 10-10 (调休), 10-12, 10-13.
    let d = due(Procurement, RefundCase::Unsuccessful, date!(2026 - 09 - 30));
    assert_eq!(d.due, date!(2026 - 10 - 13));
    assert_eq!(d.article, "政府采购法实施条例 第33条");
}

#[test]
fn procurement_winner_refund_counts_the_adjusted_sunday_of_september_20() {
    // 09-18, 09-20 (调休 Sunday), 09-21, 09-22, 09-23.
    let d = due(Procurement, RefundCase::Winner, date!(2026 - 09 - 17));
    assert_eq!(d.due, date!(2026 - 09 - 23));
}

#[test]
fn construction_contract_refunds_within_5_days_with_interest() {
    // 09-22 + 5 日 = 09-27, a 中秋 day off: moves to 09-28.
    let d = due(
        Construction,
        RefundCase::Unsuccessful,
        date!(2026 - 09 - 22),
    );
    assert_eq!(
        d,
        RefundDue {
            due: date!(2026 - 09 - 28),
            article: "条例 第57条",
            with_interest: true
        }
    );
    // 10-05 + 5 日 = 10-10, a 调休 working Saturday: not a day off, not moved.
    let d = due(Construction, RefundCase::Winner, date!(2026 - 10 - 05));
    assert_eq!(d.due, date!(2026 - 10 - 10));
}

#[test]
fn an_ordinary_sunday_moves_the_day_period_only_under_the_any_rest_day_reading() {
    // 10-06 + 5 日 = 10-11, an ordinary Sunday.
    assert_eq!(
        due(Construction, RefundCase::Winner, date!(2026 - 10 - 06)).due,
        date!(2026 - 10 - 11)
    );
    let mut rules = RefundRules::default();
    rules.construction.extension = Cited {
        value: RestDayExtension::AnyRestDay,
        article: "民法典 第203条 (weekends included)",
    };
    let d = rules
        .due(
            Construction,
            RefundCase::Winner,
            date!(2026 - 10 - 06),
            calendar(),
        )
        .unwrap();
    assert_eq!(d.due, date!(2026 - 10 - 12));
}

#[test]
fn a_terminated_tender_refunds_with_interest() {
    let c = due(Construction, RefundCase::Terminated, date!(2026 - 09 - 28));
    assert_eq!(c.due, date!(2026 - 10 - 08));
    assert!(c.with_interest && c.article.contains("条例 第31条") && c.article.contains("[D]"));
    let p = due(Procurement, RefundCase::Terminated, date!(2026 - 09 - 28));
    assert_eq!(p.due, date!(2026 - 10 - 10));
    assert!(p.with_interest);
}

#[test]
fn a_refund_in_a_year_without_a_holiday_notice_is_an_error() {
    let err = refund_due(
        Procurement,
        RefundCase::Winner,
        date!(2026 - 12 - 28),
        calendar(),
    );
    assert_eq!(code_of(err), "deposit.calendar_unknown_year");
}

// ----- overdue refunds and the disclosure -----

#[test]
fn a_refund_is_overdue_once_its_due_day_has_ended_unrefunded() {
    let owed = RefundState {
        due: date!(2026 - 10 - 08),
        refunded_at: None,
    };
    assert!(!owed.is_overdue(datetime!(2026-10-08 23:59:59 +8)));
    assert!(owed.is_overdue(datetime!(2026-10-09 00:00 +8)));
    // 2026-10-08 16:00 UTC is already 10-09 in Beijing
    assert!(owed.is_overdue(datetime!(2026-10-08 16:00 UTC)));
    let refunded = RefundState {
        refunded_at: Some(datetime!(2026-10-08 17:00 +8)),
        ..owed
    };
    assert!(!refunded.is_overdue(datetime!(2026-10-20 09:00 +8)));
}

#[test]
fn the_overdue_list_gives_days_overdue_most_overdue_first() {
    let now = datetime!(2026-10-15 10:00 +8);
    let list = [
        (
            bidder(1),
            RefundState {
                due: date!(2026 - 10 - 13),
                refunded_at: None,
            },
        ),
        (
            bidder(2),
            RefundState {
                due: date!(2026 - 10 - 08),
                refunded_at: None,
            },
        ),
        (
            bidder(3),
            RefundState {
                due: date!(2026 - 10 - 08),
                refunded_at: Some(datetime!(2026-10-12 09:00 +8)),
            },
        ),
        (
            bidder(4),
            RefundState {
                due: date!(2026 - 10 - 15),
                refunded_at: None,
            },
        ),
    ];
    let late = overdue(&list, now);
    assert_eq!(
        late,
        vec![
            OverdueRefund {
                who: bidder(2),
                due: date!(2026 - 10 - 08),
                days_overdue: 7
            },
            OverdueRefund {
                who: bidder(1),
                due: date!(2026 - 10 - 13),
                days_overdue: 2
            },
        ]
    );
}

#[test]
fn the_disclosure_row_shows_how_covered_and_flags_a_late_refund() {
    let status = DepositStatus::Covered {
        how: CoveredBy::Paid,
        amount: wan(24),
        received_at: Some(datetime!(2026-09-25 10:00 +8)),
    };
    let refund = RefundState {
        due: date!(2026 - 10 - 08),
        refunded_at: Some(datetime!(2026-10-12 09:00 +8)),
    };
    let row = DepositDisclosure::row(
        "南京甲建设有限公司",
        &status,
        Some(&refund),
        datetime!(2026-10-15 10:00 +8),
    );
    assert_eq!(
        serde_json::to_value(&row).unwrap(),
        serde_json::json!({
            "bidder_name": "南京甲建设有限公司",
            "covered_by": "paid",
            "amount": 24_000_000,
            "received_on": "2026-09-25",
            "refund_due": "2026-10-08",
            "refunded_on": "2026-10-12",
            "overdue": true
        })
    );
    let back: DepositDisclosure =
        serde_json::from_value(serde_json::to_value(&row).unwrap()).unwrap();
    assert_eq!(back, row);
    let missing = DepositDisclosure::row(
        "乙公司",
        &DepositStatus::Missing {
            article: "财政部令第87号 第63条",
            reasons: vec![],
        },
        None,
        datetime!(2026-10-15 10:00 +8),
    );
    assert_eq!(missing.covered_by, None);
    assert!(!missing.overdue);
}

// ----- the terms are fixed on public facts (issue #12) -----

/// Whether anyone has paid is sealed until the opening (招标投标法 第22条), so the terms lock
/// does not ask: terms may change before bidding opens and are fixed once bidding is open
/// with terms set, sub-accounts or not.
#[test]
fn the_terms_are_fixed_once_bidding_is_open_whoever_has_paid() {
    use domain::{Actor, Aggregate, Context, Role};
    let agency = Actor::new("agency-li", Role::Agency);
    let ctx = Context {
        now: DEADLINE - Duration::days(10),
        actor: &agency,
        calendar: calendar(),
    };
    let facts = |bidding_open| TradeFacts {
        line: Construction,
        method: Method::OpenTendering,
        estimate: wan(3000),
        caller_is_party: true,
        bidding_open,
    };
    let set = |amount: i64, bidding_open| DepositCommand::SetTerms {
        terms: terms(wan(amount), Subject::Works),
        facts: facts(bidding_open),
    };
    let mut book = DepositBook::default();
    for event in book.decide(&set(20, false), &ctx).unwrap() {
        book.evolve(&event);
    }
    // before bidding opens, the terms may still change
    assert_eq!(book.decide(&set(30, false), &ctx).unwrap().len(), 1);
    // once it is open, they are fixed, with no sub-account in the book
    assert!(book.accounts.is_empty());
    assert_eq!(
        book.decide(&set(30, true), &ctx),
        Err(DepositError::TermsLocked)
    );
    // terms set for the first time while bidding is open are accepted, then fixed
    let mut fresh = DepositBook::default();
    for event in fresh.decide(&set(20, true), &ctx).unwrap() {
        fresh.evolve(&event);
    }
    assert_eq!(
        fresh.decide(&set(30, true), &ctx),
        Err(DepositError::TermsLocked)
    );
}
