//! Sealed bids in the browser (issue #4): the bidder's page, where `static/bid.js` seals the
//! bid with the round's opening key before anything leaves the browser. The opening room is
//! [`super::opening`]. Without JavaScript the bid page says how to seal offline.
use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::common::{Viewer, messages, script, viewer};
use super::session::PageSession;
use super::{PageContext, PageResult, Tr, render, when};
use crate::Shared;
use crate::extract::PageTrade;

/// The browser sealer (WebCrypto only, no build step), for bid.js and opening.js.
pub async fn seal_js() -> Response {
    script(include_str!("../../static/seal.js"))
}

pub async fn bid_js() -> Response {
    script(include_str!("../../static/bid.js"))
}

pub async fn opening_js() -> Response {
    script(include_str!("../../static/opening.js"))
}

pub struct KeyView {
    pub suite: String,
    pub key_id: String,
    pub public_key: String,
    pub custodians: String,
    pub max_bid_bytes: u64,
}

#[derive(Template)]
#[template(path = "bid.html")]
pub struct BidPage {
    pub t: Tr,
    pub back: String,
    pub trade: String,
    pub title: String,
    pub deadline: String,
    pub phase: String,
    /// Bids are taken now (phase and deadline).
    pub open: bool,
    pub key: Option<KeyView>,
    pub viewer: Option<Viewer>,
    /// The viewer may bid now (the trade's answer).
    pub bidder: bool,
    pub threshold_text: String,
    pub messages: String,
    /// The published log key receipts are checked against, and its fingerprint.
    pub log_key: String,
    pub log_key_fingerprint: String,
}

pub async fn bid_page(
    State(p): State<Shared>,
    ctx: PageContext,
    session: PageSession,
    PageTrade(trade): PageTrade,
) -> PageResult {
    let actor = super::common::actor(&session);
    let desk = app::queries::bid_desk(&p, &trade, &actor).await?;
    let t = Tr { lang: ctx.t.lang };
    let names: Vec<String> = desk
        .custodians
        .iter()
        .map(|c| {
            if c.name.is_empty() {
                c.person.clone()
            } else {
                c.name.clone()
            }
        })
        .collect();
    let threshold_text = desk.key.as_ref().map(|k| {
        t.s("ui.bid.threshold")
            .replace("{k}", &k.threshold.to_string())
            .replace("{n}", &names.len().to_string())
    });
    let key = desk.key.map(|k| KeyView {
        suite: k.suite,
        key_id: k.key_id,
        public_key: k.public_key,
        custodians: names.join("、"),
        max_bid_bytes: k.max_bid_bytes,
    });
    let viewer = viewer(&p, &t, &session).await;
    Ok(render(&BidPage {
        trade: trade.to_string(),
        title: desk.title,
        deadline: desk.deadline.map(when).unwrap_or_default(),
        phase: t.s(&format!("phase.{}", desk.phase.as_str())).to_owned(),
        open: desk.receiving,
        key,
        viewer,
        bidder: desk.may_bid,
        threshold_text: threshold_text.unwrap_or_default(),
        messages: messages(t.lang, &["ui.bid.", "error.seal.", "error.bid."]),
        log_key_fingerprint: super::verify::fingerprint(&p.verifier_key()),
        log_key: p.verifier_key(),
        t,
        back: ctx.back,
    }))
}
