//! The announcement text (招标公告 / 采购公告) from the standard template, filled from the
//! trade when it is published: the parties, the method, the deadline, where and how bids
//! are sealed and opened. Chinese, the language of the legal document; published as a file
//! whose hash the log keeps, so what was announced cannot change afterwards.

use domain::trade::sealed::OpeningKey;
use domain::{BusinessLine, Method, TradeState};
use legal_time::{BEIJING, OffsetDateTime};

/// The announcement's title and body.
pub fn render(
    state: &TradeState,
    tenderer_name: &str,
    agency_name: Option<&str>,
    bid_deadline: OffsetDateTime,
    key: &OpeningKey,
) -> String {
    let reg = state
        .registration
        .as_ref()
        .expect("a published trade is registered");
    let (kind, buyer, budget) = match reg.line {
        BusinessLine::Construction => ("招标公告", "招标人", "估算价"),
        BusinessLine::Procurement => ("采购公告", "采购人", "预算金额"),
    };
    let method = match reg.method {
        Method::OpenTendering => "公开招标",
        Method::InvitedTendering => "邀请招标",
        Method::CompetitiveNegotiation => "竞争性谈判",
        Method::CompetitiveConsultation => "竞争性磋商",
        Method::RequestForQuotation => "询价",
        Method::SingleSource => "单一来源采购",
    };
    let deadline = bid_deadline.to_offset(BEIJING);
    let when = format!(
        "{}年{}月{}日 {:02}:{:02}",
        deadline.year(),
        u8::from(deadline.month()),
        deadline.day(),
        deadline.hour(),
        deadline.minute()
    );
    let venue = state
        .round
        .venue
        .as_ref()
        .map(|v| v.opening_room.to_string())
        .unwrap_or_default();
    let agency = agency_name
        .map(|a| format!("\n采购代理机构／招标代理机构：{a}"))
        .unwrap_or_default();
    let invited = if reg.invited_bidders.is_empty() {
        String::new()
    } else {
        format!(
            "\n本项目仅限受邀请的 {} 家单位参加。",
            reg.invited_bidders.len()
        )
    };
    format!(
        "{title}{kind}

项目编号：{id}
一、项目概况
    项目名称：{title}
    交易方式：{method}
    {budget}：{estimate} 元
    项目所在地区：{region}{invited}
二、{buyer}及代理机构
    {buyer}：{tenderer_name}{agency}
三、获取招标（采购）文件
    自本公告发布之日起至投标截止时间止，潜在投标人登录本平台免费获取，无需报名，不收取任何费用（电子招标投标办法第二十条）。
四、投标文件的递交与开标
    投标截止时间及开标时间：{when}（北京时间，以平台服务器时间为准，截止时间的该秒内送达有效）。
    投标文件须在本地加密后通过本平台递交，未加密的投标文件平台不予接收（电子招标投标办法第二十六条）；递交成功即获得回执，可离线核验。
    开标在本平台远程进行（不见面开标），开标室：{venue}。投标人无需到场，在线参加开标、确认开标记录或当场提出异议。
五、开标密钥
    加密算法：{suite}；开标公钥标识：{key_id}
    开标私钥由 {n} 名保管人分持，任意 {k} 人于开标时共同提交分片方可解密；开标前任何人（包括平台）均无法解密投标文件、得知投标人名单或数量。
六、公告发布媒介
    本公告在本平台发布，公告内容以平台日志中记录的版本为准（可通过日志收据核验）。
",
        title = reg.title,
        id = reg.trade,
        estimate = reg.estimate,
        region = reg.region.as_str(),
        suite = key.suite,
        key_id = key.key_id,
        n = key.custodians.len(),
        k = key.threshold,
    )
}
