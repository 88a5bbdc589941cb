//! The center's rooms in use (issue 13): staff book a trade's rooms from lists of the
//! center's rooms by name and seats; a room of the wrong kind, one the center does not
//! have, one too small for the trade's committee, or one already booked then is refused
//! naming why, the form keeping what was picked and nothing changed. The administrator
//! renames or resizes a room on `/admin`, logged with who.
use crate::administrator;
use crate::pages::{last_center_event, post};
use crate::support::{World, csrf_in, form};

/// A construction trade accepted and waiting for its rooms.
const TRADE: &str = "GC-2026-0902";

/// The staff member's booking of `TRADE`: status and the page (or where it went).
async fn book(w: &World, cookie: &str, rooms: (&str, &str), opening_at: &str) -> (u16, String) {
    let (_, page) = w.server.get_with_cookie("/work", Some(cookie)).await;
    let csrf = csrf_in(&page);
    let body = form(&[
        ("csrf", &csrf),
        ("opening_room", rooms.0),
        ("opening_at", opening_at),
        ("evaluation_room", rooms.1),
        ("evaluation_from", "2026-12-16T13:00"),
        ("evaluation_to", "2026-12-16T17:00"),
    ]);
    let r = w
        .server
        .client
        .post(w.server.url(&format!("/work/trades/{TRADE}/book")))
        .header("cookie", format!("sunbid_session={cookie}"))
        .header("accept-language", "zh-CN")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let to = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let text = r.text().await.unwrap();
    (status, to.unwrap_or(text))
}

/// The options of the `<select name="{name}">` in the venue row of `TRADE`.
fn select<'a>(page: &'a str, name: &str) -> &'a str {
    let row = page
        .split(&format!("id=\"row-venue-{TRADE}\""))
        .nth(1)
        .unwrap_or_else(|| panic!("no venue row: {page}"));
    let from = row
        .split(&format!("<select name=\"{name}\""))
        .nth(1)
        .unwrap_or_else(|| panic!("no select {name}: {row}"));
    from.split("</select>").next().unwrap()
}

#[tokio::test]
async fn rooms_are_picked_by_name_and_a_refused_booking_keeps_the_picks() {
    let w = World::copy().await;
    let staff = w.server.page_sign_in("staff-wang").await;
    let (status, page) = w.server.get_with_cookie("/work", Some(&staff)).await;
    assert_eq!(status, 200, "{page}");
    // Opening rooms in one list, evaluation rooms in the other, by name with their seats.
    let opening = select(&page, "opening_room");
    assert!(
        opening.contains(">1号开标室（40 座）</option>"),
        "{opening}"
    );
    assert!(!opening.contains("evaluation-"), "{opening}");
    let evaluation = select(&page, "evaluation_room");
    assert!(
        evaluation.contains("value=\"evaluation-10\">10号评标室（洽谈室）（3 座）"),
        "{evaluation}"
    );
    assert!(!evaluation.contains("opening-"), "{evaluation}");
    let before = w.log_size().await;

    // Too small for a tendering committee (at least 5): the article, the picks kept.
    let (status, page) = book(
        &w,
        &staff,
        ("opening-8", "evaluation-10"),
        "2026-12-16T09:30",
    )
    .await;
    assert_eq!(status, 422, "{page}");
    assert!(
        page.contains("data-code=\"center.room_too_small\""),
        "{page}"
    );
    assert!(page.contains("招标投标法 第37条"), "{page}");
    let evaluation = select(&page, "evaluation_room");
    assert!(
        evaluation.starts_with(" aria-invalid=\"true\""),
        "{evaluation}"
    );
    assert!(
        evaluation.contains("value=\"evaluation-10\" selected"),
        "{evaluation}"
    );
    assert!(select(&page, "opening_room").contains("value=\"opening-8\" selected"));
    assert!(page.contains("value=\"2026-12-16T09:30\""), "{page}");

    // An evaluation room for the opening, a room the center does not have.
    let (status, page) = book(
        &w,
        &staff,
        ("evaluation-1", "evaluation-8"),
        "2026-12-16T09:30",
    )
    .await;
    assert_eq!(status, 422, "{page}");
    assert!(
        page.contains("data-code=\"center.wrong_purpose\""),
        "{page}"
    );
    assert!(select(&page, "opening_room").starts_with(" aria-invalid=\"true\""));
    let (_, page) = book(
        &w,
        &staff,
        ("opening-99", "evaluation-8"),
        "2026-12-16T09:30",
    )
    .await;
    assert!(
        page.contains("data-code=\"center.unknown_venue\""),
        "{page}"
    );
    assert!(page.contains("本中心没有该场地"), "{page}");

    // The room GC-2026-0903 holds at that time: the clash is named.
    let (status, page) = book(
        &w,
        &staff,
        ("opening-9", "evaluation-8"),
        "2026-12-15T09:30",
    )
    .await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("data-code=\"room.double_booked\""), "{page}");
    assert!(page.contains("该场地在所选时段已被预约"), "{page}");
    assert_eq!(
        w.log_size().await,
        before,
        "a refused booking changes nothing"
    );

    let (status, to) = book(
        &w,
        &staff,
        ("opening-8", "evaluation-8"),
        "2026-12-16T09:30",
    )
    .await;
    assert_eq!(status, 303, "{to}");
    assert!(to.starts_with("/work?done=trade.venue_booked"), "{to}");
    w.close().await;
}

#[tokio::test]
async fn the_administrator_renames_and_resizes_a_room_and_bookings_read_it() {
    let w = World::copy().await;
    let admin = administrator(&w).await;
    let (_, page) = w.server.get_with_cookie("/admin", Some(&admin)).await;
    assert!(
        page.contains("id=\"form-change_venue-evaluation-3\""),
        "{page}"
    );
    let before = w.log_size().await;
    let typed = [
        ("room", "evaluation-3"),
        ("name", "3号评标室（扩建）"),
        ("capacity", "0"),
    ];
    let (status, page) = post(&w, &admin, "/admin/change_venue", &typed, None).await;
    assert_eq!(status, 422, "{page}");
    assert!(
        page.contains("field-error-change_venue-evaluation-3-capacity"),
        "{page}"
    );
    assert!(page.contains("value=\"3号评标室（扩建）\""), "{page}");
    assert_eq!(w.log_size().await, before, "a refused form changes nothing");
    let typed = [typed[0], typed[1], ("capacity", "21")];
    let (status, to) = post(&w, &admin, "/admin/change_venue", &typed, None).await;
    assert_eq!((status, to.as_str()), (303, "/admin?done=change_venue"));
    assert_eq!(
        last_center_event(&w).await,
        ("center.venue_changed".to_owned(), "admin-lin".to_owned())
    );
    let (_, page) = w.server.get_with_cookie(&to, Some(&admin)).await;
    assert!(page.contains("场地已修改"), "{page}");
    // The staff's booking form reads the new name and seats.
    let staff = w.server.page_sign_in("staff-wang").await;
    let (_, page) = w.server.get_with_cookie("/work", Some(&staff)).await;
    assert!(
        select(&page, "evaluation_room").contains(">3号评标室（扩建）（21 座）</option>"),
        "{page}"
    );
    w.close().await;
}
