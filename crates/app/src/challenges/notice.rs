//! The notice of award (中标通知书 / 成交通知书) as a small self-contained HTML document.

use domain::{TradeId, TradeState};
use evaluation::challenge::{Regime, TradeFacts};
use legal_time::beijing_date;
use time::OffsetDateTime;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The notice of award as a small self-contained HTML document.
pub(super) fn notice_html(
    trade: &TradeId,
    state: &TradeState,
    f: &TradeFacts,
    now: OffsetDateTime,
) -> String {
    let reg = state.registration.as_ref().expect("registered");
    let award = state.round.award.as_ref().expect("awarded");
    let title = match (f.regime, reg.method) {
        (Regime::Construction, _) => "中标通知书",
        (Regime::Procurement, domain::Method::OpenTendering | domain::Method::InvitedTendering) => {
            "中标通知书"
        }
        (Regime::Procurement, _) => "成交通知书",
    };
    let mut body = format!(
        "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{title} {trade}</title></head><body>\n<h1>{title}</h1>\n<p>项目编号 Trade: {trade}</p>\n<p>项目名称 Title: {}</p>\n<p>中标（成交）人 Winner: {} (第{}名 rank {})</p>\n",
        escape(&reg.title),
        award.winner,
        award.rank,
        award.rank,
    );
    if let Some(r) = &award.reason {
        body.push_str(&format!(
            "<p>确定理由 Reason (rank 1 fell away): {}</p>\n",
            escape(r)
        ));
    }
    body.push_str(&format!(
        "<p>招标人/采购人 Tenderer: {}{}</p>\n<p>定标日期 Decided: {}</p>\n<p>发出日期 Issued: {}</p>\n<p>请自本通知书发出之日起30日内签订书面合同（招标投标法 第46条；政府采购法 第46条）。The contract is to be signed within 30 days of this notice.</p>\n</body></html>\n",
        reg.tenderer,
        reg.agency
            .as_ref()
            .map(|a| format!(" · 代理机构 Agency: {a}"))
            .unwrap_or_default(),
        beijing_date(award.at),
        beijing_date(now),
    ));
    body
}
