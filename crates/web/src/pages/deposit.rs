//! A trade's deposit (投标保证金) from a page (`/trades/{id}/deposit`): a bidder opens its
//! sub-account (子账户) and reads its number, lodges an electronic guarantee (电子保函, the
//! issuer's signed letter as a file) or claims the exemption for good credit; center staff
//! set the refunds due after the opening and record each refund. Each form says who may act
//! and why not now; a refused form comes back with what was typed and the reason. Who a
//! sub-account, guarantee or exemption belongs to stays sealed until the opening.
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, Query, State};
use domain::deposit::{GuaranteeLetter, RefundCase};
use domain::trade::{Phase, TradeState};
use domain::{Money, Role, TradeId, UnifiedSocialCreditCode};

use super::step_forms::{Field, Gate, Kind, Sent, Step, Wrong, f, parse_date, wrong};
use super::steps::{Book, done_notice, show, submit_in};
use super::{PageContext, PageResult, Tr};
use crate::Shared;
use crate::extract::{PageTrade, PageUser};

const BIDDER: &[Role] = &[Role::Bidder];
const STAFF: &[Role] = &[Role::CenterStaff];
const CASES: &[(&str, &str)] = &[
    ("unsuccessful", "ui.deposit.case.unsuccessful"),
    ("winner", "ui.deposit.case.winner"),
    ("withdrawn", "ui.deposit.case.withdrawn"),
    ("terminated", "ui.deposit.case.terminated"),
];

const fn bidder_step(id: &'static str, fields: &'static [Field]) -> Step {
    Step {
        id,
        gate: Gate::Roles(BIDDER),
        post: None,
        fields,
    }
}

pub static DEPOSIT_STEPS: &[Step] = &[
    bidder_step("open_account", &[]),
    bidder_step(
        "guarantee",
        &[f("file", Kind::File, "ui.deposit.field.guarantee")],
    ),
    bidder_step("exemption", &[]),
    Step {
        id: "refunds_due",
        gate: Gate::Roles(STAFF),
        post: None,
        fields: &[
            f("case", Kind::Pick(CASES), "ui.deposit.field.case"),
            f("event_date", Kind::Date, "ui.deposit.field.event_date"),
        ],
    },
    Step {
        id: "refund",
        gate: Gate::Roles(STAFF),
        post: None,
        fields: &[
            f("bidder", Kind::Text, "ui.deposit.field.bidder"),
            f("amount", Kind::Money, "ui.deposit.field.refund_amount"),
        ],
    },
];

/// The forms' ids, as the route table lists them.
pub const ACTIONS: &[&str] = &[
    "open_account",
    "guarantee",
    "exemption",
    "refunds_due",
    "refund",
];

pub const DEPOSIT: Book = Book {
    steps: DEPOSIT_STEPS,
    heading: "ui.deposit.title",
    path: |trade| format!("/trades/{trade}/deposit"),
};

/// What a deposit form asks for.
pub enum Act {
    OpenAccount,
    Guarantee(Box<GuaranteeLetter>, Vec<u8>),
    Exemption,
    RefundsDue(RefundCase, legal_time::Date),
    Refund(UnifiedSocialCreditCode, Money),
}

/// The signed letter as the issuer hands it over: `{"letter": {...}, "signature": "<hex>"}`.
#[derive(serde::Deserialize)]
struct SignedLetter {
    letter: GuaranteeLetter,
    signature: String,
}

/// Reads a deposit form (`None`: not one of them).
pub fn build(id: &str, sent: &Sent) -> Option<Result<Act, Wrong>> {
    Some(match id {
        "open_account" => Ok(Act::OpenAccount),
        "exemption" => Ok(Act::Exemption),
        "guarantee" => guarantee(sent),
        "refunds_due" => {
            let case = match sent.get("case") {
                "unsuccessful" => RefundCase::Unsuccessful,
                "winner" => RefundCase::Winner,
                "withdrawn" => RefundCase::Withdrawn,
                "terminated" => RefundCase::Terminated,
                _ => return Some(Err(wrong("case", "form.pick"))),
            };
            parse_date(sent.get("event_date"))
                .map(|d| Act::RefundsDue(case, d))
                .ok_or(wrong("event_date", "form.date"))
        }
        "refund" => UnifiedSocialCreditCode::parse(sent.get("bidder"))
            .map_err(|_| wrong("bidder", "form.credit_code"))
            .and_then(|b| {
                super::money::parse_yuan(sent.get("amount"))
                    .map(|m| Act::Refund(b, m))
                    .ok_or(wrong("amount", "form.amount"))
            }),
        _ => return None,
    })
}

fn guarantee(sent: &Sent) -> Result<Act, Wrong> {
    let (_, bytes) = sent
        .files
        .get("file")
        .ok_or(wrong("file", "form.required"))?;
    let signed: SignedLetter =
        serde_json::from_slice(bytes).map_err(|_| wrong("file", "form.guarantee"))?;
    let signature =
        hex::decode(signed.signature.trim()).map_err(|_| wrong("file", "form.guarantee"))?;
    Ok(Act::Guarantee(Box::new(signed.letter), signature))
}

/// Carries out a deposit form; a new sub-account's number goes into the redirect.
pub async fn carry_out(
    p: &Shared,
    trade: &TradeId,
    act: Act,
    actor: &domain::Actor,
    meta: &app::Meta,
) -> Result<String, app::AppError> {
    use app::deposits as d;
    match act {
        Act::OpenAccount => d::open_account(p, trade, actor, meta)
            .await
            .map(|account| format!("&account={account}")),
        Act::Guarantee(letter, signature) => {
            d::lodge_guarantee(p, trade, &letter, &signature, actor, meta).await?;
            Ok(String::new())
        }
        Act::Exemption => d::claim_exemption(p, trade, actor, meta)
            .await
            .map(|()| String::new()),
        Act::RefundsDue(case, date) => d::set_refunds_due(p, trade, case, date, None, actor, meta)
            .await
            .map(|_| String::new()),
        Act::Refund(bidder, amount) => d::record_refund(p, trade, bidder, amount, actor, meta)
            .await
            .map(|()| String::new()),
    }
}

/// Why a deposit form is shut by the trade's phase: a bidder's deposit is handled while
/// bidding is open, refunds once the opening revealed who bid.
pub fn blocked(id: &str, state: &TradeState) -> Option<&'static str> {
    let bidding = matches!(state.phase, Phase::Announced | Phase::ExpertsDrawn);
    match id {
        "open_account" | "guarantee" | "exemption" if !bidding => Some("deposit.not_bidding"),
        "refunds_due" | "refund" if state.round.opened_at.is_none() => Some("deposit.not_revealed"),
        _ => None,
    }
}

#[derive(serde::Deserialize, Default)]
pub struct DepositFlash {
    done: Option<String>,
    account: Option<String>,
}

/// The terms as lines: the amount (with capitals), guarantees, exemption.
async fn terms(p: &Shared, t: &Tr, trade: &TradeId) -> Result<Vec<String>, super::PageError> {
    let Some(terms) = app::queries::deposit_terms(p, trade).await? else {
        return Ok(vec![t.s("ui.deposit.no_terms").to_owned()]);
    };
    let amount = format!(
        "{}（{}）",
        super::money::shown(terms.amount),
        super::money::capitals(terms.amount).unwrap_or_default()
    );
    let yes_no = |b: bool, key: &str| t.s(&format!("ui.deposit.{key}.{b}")).to_owned();
    Ok(vec![
        t.s("ui.deposit.amount").replace("{amount}", &amount),
        yes_no(terms.accepts_guarantee, "guarantees"),
        yes_no(terms.exemption_by_credit, "exemption"),
    ])
}

pub async fn page(
    State(p): State<Shared>,
    ctx: PageContext,
    user: PageUser,
    PageTrade(trade): PageTrade,
    flash: Result<Query<DepositFlash>, axum::extract::rejection::QueryRejection>,
) -> PageResult {
    let flash = flash.map(|Query(f)| f).unwrap_or_default();
    let mut facts = terms(&p, &ctx.t, &trade).await?;
    if let Some(account) = flash.account.filter(|a| a.starts_with("SB-")) {
        facts.insert(
            0,
            ctx.t
                .s("ui.deposit.your_account")
                .replace("{account}", &account),
        );
    }
    let notice = done_notice(&ctx.t, flash.done.as_deref());
    show(&p, &ctx, &user.info, &trade, DEPOSIT, (notice, facts), None).await
}

pub async fn submit(
    State(p): State<Shared>,
    ctx: PageContext,
    user: PageUser,
    PageTrade(trade): PageTrade,
    Path((_, form)): Path<(String, String)>,
    multipart: Result<Multipart, MultipartRejection>,
) -> PageResult {
    submit_in(DEPOSIT, p, ctx, user, trade, form, multipart).await
}
