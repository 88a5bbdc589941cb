//! Issue 13, "Pages people can use": the portal's status words and regions by name, the
//! sign-in return, each role's to-do list with due dates and overdue marks, the opening
//! hall's countdown, the supervisor's readable log page, and no command line for bidders.
use app::demo::DEMO_ACCOUNTS;
use time::Duration;

use crate::support::*;

/// The demo person of the organisation `code` with `role`.
fn person_of(code: &str, role: domain::Role) -> &'static str {
    DEMO_ACCOUNTS
        .iter()
        .find(|a| a.role == role && a.org.is_some_and(|o| o.code().as_str() == code))
        .map(|a| a.id)
        .unwrap_or_else(|| panic!("no demo {role:?} of {code}"))
}

/// The `<tr …>` opening tag of the to-do of `kind` on `trade`, if the page lists one.
fn todo_row<'a>(html: &'a str, kind: &str, trade: &str) -> Option<&'a str> {
    let needle = format!("data-kind=\"{kind}\" data-trade=\"{trade}\"");
    let at = html.find(&needle)?;
    let start = html[..at].rfind("<tr")?;
    let end = at + html[at..].find("</tr>")?;
    Some(&html[start..end])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_portal_shows_the_statuses_people_know_and_regions_by_name() {
    let w = World::copy().await;
    let (status, html) = w.server.get_with_cookie("/", None).await;
    assert_eq!(status, 200);
    // GC-2026-0904 takes bids until November; the others stand after the opening.
    for word in ["正在接收投标", "已开标", "评标中", "公示中", "已结束"] {
        assert!(
            html.contains(&format!("<td class=\"status\">{word}</td>")),
            "{word}"
        );
    }
    // The internal phase names are gone from the list.
    for phase in ["已抽取专家", "已评标", "已出具交易确认书"] {
        assert!(
            !html.contains(&format!("<td class=\"status\">{phase}")),
            "{phase}"
        );
    }
    assert!(html.contains("<td>浙江省杭州市</td>"), "regions by name");
    // The region picker filters by province or city by name.
    let (_, zhejiang) = w.server.get_with_cookie("/?region=330000", None).await;
    let (_, jiangsu) = w.server.get_with_cookie("/?region=320000", None).await;
    assert!(zhejiang.contains("<option value=\"330100\">\u{3000}杭州市</option>"));
    assert!(zhejiang.contains("GC-2026-0904"));
    assert!(!jiangsu.contains("/trades/GC-2026-0904"));
    let (_, en) = w.server.get_with_cookie("/?lang=en", None).await;
    assert!(en.contains("<td class=\"status\">Receiving bids</td>"));
    assert!(en.contains("<td>Hangzhou, Zhejiang</td>"));
    // The same word on the trade page and the opening room's phase line.
    let (_, trade) = w.server.get_with_cookie("/trades/GC-2026-0904", None).await;
    assert!(trade.contains("浙江省杭州市（330100）"));
    let (_, room) = w
        .server
        .get_with_cookie("/trades/GC-2026-0904/opening", None)
        .await;
    assert!(room.contains("<dd id=\"opening-phase\">正在接收投标</dd>"));
    w.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_returns_to_the_page_the_person_came_from() {
    let w = World::copy().await;
    let path = "/trades/GC-2026-0904/opening";
    let (_, html) = w.server.get_with_cookie(path, None).await;
    let at = html
        .find("id=\"signin-link\" href=\"")
        .expect("a sign-in link")
        + 23;
    let href = &html[at..at + html[at..].find('"').unwrap()];
    assert_eq!(href.replace("%2F", "/"), format!("/signin?next={path}"));
    let sign_in = |next: &str| {
        let body = format!(
            "person=bidder-1&password={}&next={}",
            app::demo::DEMO_PASSWORD,
            encode(next)
        );
        w.server
            .client
            .post(w.server.url("/signin"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    let back = sign_in(path).await.unwrap();
    assert_eq!(back.status().as_u16(), 303);
    assert_eq!(back.headers()["location"], path);
    // Only to this site: another site's address lands on the workbench.
    let away = sign_in("//evil.example/x").await.unwrap();
    assert_eq!(away.headers()["location"], "/work");
    w.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_workbench_lists_its_to_dos_with_due_dates_and_overdue_marks() {
    let w = World::copy().await;
    let (registered, _) = w.state("GC-2026-0901").await;
    let accept_by = registered.registration.unwrap().accept_by.unwrap();
    // On the last day of the acceptance limit.
    w.clock
        .set(legal_time::beijing_midnight(accept_by) + Duration::hours(10));
    let staff = w.server.page_sign_in("staff-wang").await;
    let (_, html) = w.server.get_with_cookie("/work", Some(&staff)).await;
    assert!(html.contains("<h2>待办事项"));
    for head in [
        "<th>事项</th>",
        "<th>办理时限</th>",
        "<th>依据</th>",
        "<th>项目编号</th>",
    ] {
        assert!(html.contains(head), "{head}");
    }
    let entry = todo_row(&html, "entry", "GC-2026-0901").expect("the entry to accept");
    assert!(
        entry.contains(&format!("<td class=\"due\">{accept_by}</td>")),
        "{entry}"
    );
    assert!(!entry.contains("overdue"));
    assert!(todo_row(&html, "booking", "GC-2026-0902").is_some());
    let opening = todo_row(&html, "opening", "GC-2026-0904").expect("the opening to hold");
    assert!(
        opening.contains("招标投标法 第34条"),
        "the rule that sets it: {opening}"
    );
    // Past the acceptance limit the entry is overdue, marked in red.
    w.clock
        .set(legal_time::beijing_midnight(accept_by) + Duration::days(2));
    let staff = w.server.page_sign_in("staff-wang").await;
    let (_, late) = w.server.get_with_cookie("/work", Some(&staff)).await;
    let entry = todo_row(&late, "entry", "GC-2026-0901").unwrap();
    assert!(
        entry.contains("class=\"todo overdue\"") && entry.contains("已逾期"),
        "{entry}"
    );
    w.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tenderers_and_bidders_see_their_own_to_dos() {
    let w = World::copy().await;
    // The evaluated construction trade: its parties publish the candidates within 3 days.
    let (evaluated, _) = w.state("GC-2026-0906").await;
    let reg = evaluated.registration.clone().unwrap();
    let tenderer = person_of(reg.tenderer.as_str(), domain::Role::Tenderer);
    let cookie = w.server.page_sign_in(tenderer).await;
    let (_, html) = w.server.get_with_cookie("/work", Some(&cookie)).await;
    let publish = todo_row(&html, "publish", "GC-2026-0906").expect("publish the candidates");
    assert!(publish.contains("条例 第54条"), "{publish}");
    // A bidder named in the opening record of the trade in publicity: the result, until the
    // publicity ends; nobody else's trades.
    let (publicized, _) = w.state("GC-2026-0907").await;
    let bidder_org = publicized.round.opened_bidders[0].to_string();
    let (_, until) = publicized.round.publicity.unwrap();
    w.clock.set(until - Duration::hours(1));
    let bidder = person_of(&bidder_org, domain::Role::Bidder);
    let cookie = w.server.page_sign_in(bidder).await;
    let (_, html) = w.server.get_with_cookie("/work", Some(&cookie)).await;
    assert!(todo_row(&html, "result", "GC-2026-0907").is_some());
    assert!(todo_row(&html, "publish", "GC-2026-0906").is_none());
    w.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_opening_hall_counts_down_to_the_deadline() {
    let w = World::copy().await;
    let (announced, _) = w.state("GC-2026-0904").await;
    let deadline = announced.round.bid_deadline.unwrap();
    let path = "/trades/GC-2026-0904/opening";
    let (_, html) = w.server.get_with_cookie(path, None).await;
    let ms = (deadline - NOW).whole_milliseconds();
    assert!(
        html.contains(&format!("id=\"countdown\" data-ms=\"{ms}\"")),
        "the server's count"
    );
    assert!(html.contains("<script type=\"module\" src=\"/static/countdown.js\"></script>"));
    let (status, js) = w.server.get_with_cookie("/static/countdown.js", None).await;
    assert_eq!(status, 200);
    assert!(js.contains("dataset.ms"));
    // After the deadline there is nothing left to count.
    w.clock.set(deadline + Duration::minutes(1));
    let (_, after) = w.server.get_with_cookie(path, None).await;
    assert!(!after.contains("id=\"countdown\""));
    w.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_supervisor_reads_and_searches_the_log_by_name() {
    let w = World::copy().await;
    let cookie = w.server.page_sign_in("supervisor-zhou").await;
    let (_, work) = w.server.get_with_cookie("/work", Some(&cookie)).await;
    assert!(work.contains("<a href=\"/work/log\">操作日志</a>"));
    assert!(work.contains("/work/trades/GC-2026-0904/live"));
    let (status, log) = w.server.get_with_cookie("/work/log", Some(&cookie)).await;
    assert_eq!(status, 200);
    assert!(
        log.contains("<td class=\"what\">发布招标（采购）公告</td>"),
        "events in words"
    );
    assert!(
        log.contains("王明 <span class=\"code\">staff-wang</span>"),
        "people by name"
    );
    assert!(
        !log.contains("trade.announcement_published"),
        "no raw kinds"
    );
    assert!(
        log.contains("交易平台 <span class=\"code\">platform</span>"),
        "the platform in words"
    );
    assert!(log.contains("id=\"log-next\""), "more than one page");
    // The search keeps only the rows that match, here by a person's name.
    let (_, found) = w
        .server
        .get_with_cookie("/work/log?q=%E7%8E%8B%E6%98%8E", Some(&cookie))
        .await;
    let rows: Vec<&str> = found.split("<tr data-seq=").skip(1).collect();
    assert!(!rows.is_empty() && rows.iter().all(|r| r.contains("王明")));
    // One trade, from its live view.
    let (_, live) = w
        .server
        .get_with_cookie("/work/trades/GC-2026-0904/live", Some(&cookie))
        .await;
    assert!(live.contains("href=\"/work/log?trade=GC-2026-0904\""));
    let (_, one) = w
        .server
        .get_with_cookie("/work/log?trade=GC-2026-0904", Some(&cookie))
        .await;
    let rows: Vec<&str> = one.split("<tr data-seq=").skip(1).collect();
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|r| r.contains("<span class=\"code\">GC-2026-0904</span>"))
    );
    // A bidder may not read the center's log.
    let bidder = w.server.page_sign_in("bidder-1").await;
    let (status, _) = w.server.get_with_cookie("/work/log", Some(&bidder)).await;
    assert_eq!(status, 403);
    w.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bid_page_has_no_command_line_and_the_guide_keeps_it_for_integrators() {
    let w = World::copy().await;
    let cookie = w.server.page_sign_in("bidder-1").await;
    let (status, bid) = w
        .server
        .get_with_cookie("/trades/GC-2026-0904/bid", Some(&cookie))
        .await;
    assert_eq!(status, 200);
    assert!(!bid.contains("curl") && !bid.contains("sunbid bid seal"));
    assert!(
        bid.contains("id=\"bid-log-key-fingerprint\""),
        "the published key stays"
    );
    assert!(bid.contains("href=\"/guides#offline\""));
    let (_, guides) = w.server.get_with_cookie("/guides", None).await;
    assert!(guides.contains("sunbid bid seal --opening-key key.json"));
    w.close().await;
}
