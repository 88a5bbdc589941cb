//! Given/when/then for the center aggregate: established once, each setting an event, the
//! rules of the opening-key policy, rooms, trusted keys, holiday calendars and the
//! administrators' roster.

use std::sync::OnceLock;

use domain::accounts::{KeyAlgorithm, PersonId, PublicKey};
use domain::center::{
    CenterCommand, CenterError, CenterEvent, CenterState, CustodianSide, HolidayYear, OpeningTerms,
    Profile, Settings, SignerKind, TrustedSigner, Venue, check_booking, check_trade_booking,
    preview,
};
use domain::trade::VenueBooking;
use domain::trade::state::Registration;
use domain::venue::RoomPurpose;
use domain::{
    Actor, Aggregate, BusinessLine, Context, DomainEvent, Method, Money, RegionCode, Role, RoomId,
    TradeId, TradeState, UnifiedSocialCreditCode,
};
use legal_time::{Calendar, OffsetDateTime};
use time::macros::{date, datetime};

const NOW: OffsetDateTime = datetime!(2026-03-02 09:00 +8);
const KEY_A: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
const KEY_B: &str = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";

fn calendar() -> &'static Calendar {
    static CAL: OnceLock<Calendar> = OnceLock::new();
    CAL.get_or_init(Calendar::builtin)
}

fn when(
    state: &CenterState,
    command: CenterCommand,
    actor: &Actor,
) -> Result<Vec<CenterEvent>, CenterError> {
    let ctx = Context {
        now: NOW,
        actor,
        calendar: calendar(),
    };
    let events = state.decide(&command, &ctx)?;
    for e in &events {
        let back: CenterEvent = serde_json::from_value(serde_json::to_value(e).unwrap()).unwrap();
        assert_eq!(&back, e);
        assert!(e.kind().starts_with("center."));
    }
    Ok(events)
}

fn then_ok(state: &CenterState, command: CenterCommand, actor: &Actor) -> CenterState {
    let mut next = state.clone();
    match when(state, command, actor) {
        Ok(events) => events.iter().for_each(|e| next.evolve(e)),
        Err(e) => panic!("refused: {e}"),
    }
    next
}

fn then_error(
    state: &CenterState,
    command: CenterCommand,
    actor: &Actor,
    code: &str,
) -> CenterError {
    match when(state, command, actor) {
        Ok(events) => panic!("expected {code}, got {events:?}"),
        Err(e) => {
            assert_eq!(e.code(), code, "got {e}");
            e
        }
    }
}

fn admin() -> Actor {
    Actor::new("admin-he", Role::Administrator)
}

fn profile() -> Profile {
    Profile {
        name: "杭州市公共资源交易中心".into(),
        region: RegionCode::parse("330100").unwrap(),
    }
}

fn establish() -> CenterCommand {
    CenterCommand::Establish {
        profile: profile(),
        policy: OpeningTerms::default(),
        settings: Settings::default(),
    }
}

fn id(s: &str) -> PersonId {
    PersonId::parse(s).unwrap()
}

/// A center set up by `sunbid init`, with `admin-he` as its administrator.
fn center() -> CenterState {
    let state = then_ok(&CenterState::default(), establish(), &Actor::platform());
    then_ok(
        &state,
        CenterCommand::AddAdministrator {
            person: id("admin-he"),
        },
        &Actor::platform(),
    )
}

#[test]
fn a_center_is_established_once_by_the_platform() {
    let empty = CenterState::default();
    then_error(&empty, establish(), &admin(), "access.wrong_role");
    for command in [
        CenterCommand::SetProfile { profile: profile() },
        CenterCommand::AddAdministrator {
            person: id("admin-he"),
        },
    ] {
        then_error(
            &empty,
            command,
            &Actor::platform(),
            "center.not_established",
        );
    }
    let state = center();
    let c = state.center.as_ref().unwrap();
    assert_eq!(c.profile, profile());
    assert_eq!(c.established_at, NOW);
    let err = then_error(
        &state,
        establish(),
        &Actor::platform(),
        "center.already_established",
    );
    assert!(err.to_string().contains("杭州市公共资源交易中心"), "{err}");
    then_error(
        &CenterState::default(),
        CenterCommand::Establish {
            profile: Profile {
                name: "  ".into(),
                region: RegionCode::parse("330100").unwrap(),
            },
            policy: OpeningTerms::default(),
            settings: Settings::default(),
        },
        &Actor::platform(),
        "center.invalid_value",
    );
}

#[test]
fn only_the_administrator_changes_the_settings_and_each_change_is_an_event() {
    let state = center();
    let renamed = Profile {
        name: "杭州市公共资源交易中心（新）".into(),
        ..profile()
    };
    for actor in [
        Actor::new("staff-wang", Role::CenterStaff),
        Actor::new("sup", Role::Supervisor),
        Actor::new("b", Role::Bidder),
    ] {
        let cmd = CenterCommand::SetProfile {
            profile: renamed.clone(),
        };
        then_error(&state, cmd, &actor, "access.wrong_role");
    }
    let events = when(
        &state,
        CenterCommand::SetProfile {
            profile: renamed.clone(),
        },
        &admin(),
    )
    .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].kind(), "center.profile_set");
    // the same value again changes nothing, and says so
    then_error(
        &state,
        CenterCommand::SetProfile { profile: profile() },
        &admin(),
        "center.no_change",
    );
    let settings = Settings {
        reset_link_minutes: 30,
        ..Settings::default()
    };
    let next = then_ok(&state, CenterCommand::SetSettings { settings }, &admin());
    assert_eq!(next.center.unwrap().settings.reset_link_minutes, 30);
    for settings in [
        Settings {
            reset_link_minutes: 1,
            ..Settings::default()
        },
        Settings {
            first_sign_in_link_hours: 24 * 31,
            ..Settings::default()
        },
    ] {
        let cmd = CenterCommand::SetSettings { settings };
        then_error(&state, cmd, &admin(), "center.bad_setting");
    }
}

#[test]
fn no_single_side_may_open_the_bids() {
    let state = center();
    let policy = |f: &dyn Fn(&mut OpeningTerms)| {
        let mut p = OpeningTerms::default();
        f(&mut p);
        CenterCommand::SetOpeningPolicy { policy: p }
    };
    let err = then_error(
        &state,
        policy(&|p| p.threshold = 1),
        &admin(),
        "center.bad_threshold",
    );
    assert!(err.to_string().contains("第27条"), "{err}");
    then_error(
        &state,
        policy(&|p| p.threshold = 4),
        &admin(),
        "center.bad_threshold",
    );
    for bad in [
        policy(&|p| p.custodians = vec![CustodianSide::Witness, CustodianSide::Witness]),
        policy(&|p| p.custodians = vec![CustodianSide::Witness]),
        policy(&|p| p.suite = "rot13".into()),
        policy(&|p| p.window_minutes = 5),
        policy(&|p| p.max_bid_mib = 0),
    ] {
        then_error(&state, bad, &admin(), "center.bad_policy");
    }
    let two_of_two = then_ok(
        &state,
        policy(&|p| {
            p.custodians = vec![CustodianSide::Witness, CustodianSide::Supervisor];
            p.suite = "sm2-sm4".into();
        }),
        &admin(),
    );
    let c = two_of_two.center.unwrap();
    assert_eq!(c.policy.custodians.len(), 2);
    assert_eq!(c.policy.suite, "sm2-sm4");
}

fn room(id: &str, purpose: RoomPurpose, capacity: u16) -> Venue {
    Venue {
        room: RoomId::parse(id).unwrap(),
        name: format!("{id} 室"),
        purpose,
        capacity,
    }
}

fn booking(opening: &str, evaluation: &str) -> VenueBooking {
    VenueBooking {
        opening_room: RoomId::parse(opening).unwrap(),
        opening_at: NOW,
        evaluation_room: RoomId::parse(evaluation).unwrap(),
        evaluation_from: NOW,
        evaluation_to: NOW,
    }
}

#[test]
fn trades_book_only_the_centers_rooms_fit_for_them() {
    let mut state = center();
    for venue in [
        room("kb-1", RoomPurpose::Opening, 40),
        room("pb-1", RoomPurpose::Evaluation, 9),
        room("pb-2", RoomPurpose::Evaluation, 4),
    ] {
        state = then_ok(&state, CenterCommand::AddVenue { venue }, &admin());
    }
    let add_again = CenterCommand::AddVenue {
        venue: room("kb-1", RoomPurpose::Opening, 10),
    };
    then_error(&state, add_again, &admin(), "center.venue_exists");
    let empty_room = CenterCommand::AddVenue {
        venue: room("kb-9", RoomPurpose::Opening, 0),
    };
    then_error(&state, empty_room, &admin(), "center.bad_venue");
    let venues = &state.center.as_ref().unwrap().venues;
    let five = (5, "招标投标法 第37条");
    assert_eq!(
        check_booking(venues, &booking("kb-1", "pb-1"), five),
        Ok(())
    );
    let code = |b: VenueBooking| check_booking(venues, &b, five).unwrap_err().code();
    assert_eq!(code(booking("kb-7", "pb-1")), "center.unknown_venue");
    assert_eq!(code(booking("pb-1", "pb-1")), "center.wrong_purpose");
    assert_eq!(code(booking("kb-1", "kb-1")), "center.wrong_purpose");
    let small = check_booking(venues, &booking("kb-1", "pb-2"), five).unwrap_err();
    assert_eq!(small.code(), "center.room_too_small");
    assert!(small.to_string().contains("第37条"), "{small}");

    // a retired room is not booked again; changing it brings it back
    let retired = then_ok(
        &state,
        CenterCommand::RetireVenue {
            room: RoomId::parse("pb-1").unwrap(),
        },
        &admin(),
    );
    let venues = &retired.center.as_ref().unwrap().venues;
    let err = check_booking(venues, &booking("kb-1", "pb-1"), five).unwrap_err();
    assert_eq!(err.code(), "center.venue_retired");
    let back = then_ok(
        &retired,
        CenterCommand::ChangeVenue {
            venue: room("pb-1", RoomPurpose::Evaluation, 12),
        },
        &admin(),
    );
    let venues = &back.center.as_ref().unwrap().venues;
    assert_eq!(
        check_booking(venues, &booking("kb-1", "pb-1"), five),
        Ok(())
    );
    let unknown = CenterCommand::ChangeVenue {
        venue: room("zz", RoomPurpose::Opening, 3),
    };
    then_error(&back, unknown, &admin(), "center.unknown_venue");
}

/// A registered trade of `line` and `method` with `estimate` (yuan).
fn registered(line: BusinessLine, method: Method, estimate: &str) -> TradeState {
    TradeState {
        registration: Some(Registration {
            trade: TradeId::parse("GC-2026-0901").unwrap(),
            title: "道路照明工程".into(),
            line,
            method,
            region: RegionCode::parse("330100").unwrap(),
            tenderer: UnifiedSocialCreditCode::parse("914403001922038216").unwrap(),
            agency: None,
            estimate: estimate.parse::<Money>().unwrap(),
            green_channel: false,
            invited_bidders: vec![],
            accept_by: None,
            registered_at: NOW,
        }),
        ..TradeState::default()
    }
}

#[test]
fn a_trades_evaluation_room_seats_the_committee_its_method_and_estimate_need() {
    // given the center's rooms: a hall of 40, evaluation rooms of 6 and 4 seats
    let mut state = center();
    for venue in [
        room("kb-1", RoomPurpose::Opening, 40),
        room("pb-6", RoomPurpose::Evaluation, 6),
        room("pb-4", RoomPurpose::Evaluation, 4),
    ] {
        state = then_ok(&state, CenterCommand::AddVenue { venue }, &admin());
    }
    let venues = &state.center.as_ref().unwrap().venues;
    use BusinessLine::{Construction, Procurement};
    let works = registered(Construction, Method::OpenTendering, "3600000.00");
    let large = registered(Procurement, Method::OpenTendering, "12000000.00");
    let talks = registered(Procurement, Method::CompetitiveNegotiation, "800000.00");
    // when construction tendering (a committee of at least 5) books the 4-seat room
    let err = check_trade_booking(venues, &works, &booking("kb-1", "pb-4")).unwrap_err();
    // then it is refused, naming the article that sets the committee's size
    assert_eq!(err.code(), "center.room_too_small");
    assert!(err.to_string().contains("招标投标法 第37条"), "{err}");
    // the 6-seat room fits it, but not procurement at ¥10,000,000 or more (at least 7)
    assert_eq!(
        check_trade_booking(venues, &works, &booking("kb-1", "pb-6")),
        Ok(())
    );
    let err = check_trade_booking(venues, &large, &booking("kb-1", "pb-6")).unwrap_err();
    assert!(err.to_string().contains("财政部令第87号 第47条"), "{err}");
    // a negotiation group of 3 meets in the small room
    assert_eq!(
        check_trade_booking(venues, &talks, &booking("kb-1", "pb-4")),
        Ok(())
    );
    // and no trade books a room the center does not have or of the wrong kind
    let err = check_trade_booking(venues, &talks, &booking("kb-9", "pb-4")).unwrap_err();
    assert_eq!(err.code(), "center.unknown_venue");
    let err = check_trade_booking(venues, &talks, &booking("kb-1", "kb-1")).unwrap_err();
    assert_eq!(err.code(), "center.wrong_purpose");
}

fn key(hex: &str) -> PublicKey {
    PublicKey::parse(KeyAlgorithm::Ed25519, hex).unwrap()
}

#[test]
fn trusted_banks_sign_notices_and_issuers_only_guarantees() {
    let trust = |name: &str, kind, hex| CenterCommand::TrustSigner {
        signer: TrustedSigner {
            name: name.into(),
            kind,
            key: key(hex),
        },
    };
    let state = then_ok(
        &center(),
        trust("中国银行杭州分行", SignerKind::Bank, KEY_A),
        &admin(),
    );
    let state = then_ok(
        &state,
        trust("某保险公司", SignerKind::GuaranteeIssuer, KEY_B),
        &admin(),
    );
    then_error(
        &state,
        trust("重复", SignerKind::Bank, KEY_A),
        &admin(),
        "center.signer_exists",
    );
    let c = state.center.as_ref().unwrap();
    assert_eq!(c.notice_signers().collect::<Vec<_>>(), [&key(KEY_A)]);
    assert_eq!(c.guarantee_signers().count(), 2);
    let gone = then_ok(
        &state,
        CenterCommand::DistrustSigner { key: key(KEY_A) },
        &admin(),
    );
    assert_eq!(gone.center.as_ref().unwrap().notice_signers().count(), 0);
    then_error(
        &gone,
        CenterCommand::DistrustSigner { key: key(KEY_A) },
        &admin(),
        "center.unknown_signer",
    );
}

const YEAR_2027: &str = r#"{"year": 2027, "papers": [], "days": [
    {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
    {"name": "春节", "date": "2027-02-06", "isOffDay": true},
    {"name": "春节", "date": "2027-02-07", "isOffDay": true},
    {"name": "春节", "date": "2027-02-08", "isOffDay": true},
    {"name": "春节", "date": "2027-02-13", "isOffDay": false}
]}"#;

#[test]
fn a_coming_years_calendar_is_imported_after_a_preview() {
    let year = HolidayYear::parse(YEAR_2027).unwrap();
    let shown = preview(&year, calendar());
    assert_eq!(
        (shown.year, shown.days_off, shown.working_weekends),
        (2027, 4, 1)
    );
    assert!(!shown.replaces);
    assert_eq!(
        shown.holidays,
        [
            (
                "元旦".to_owned(),
                date!(2027 - 01 - 01),
                date!(2027 - 01 - 01)
            ),
            (
                "春节".to_owned(),
                date!(2027 - 02 - 06),
                date!(2027 - 02 - 08)
            ),
        ]
    );
    // before: 2027 is unknown, so no deadline may fall in it
    assert!(calendar().is_working_day(date!(2027 - 02 - 08)).is_err());
    let state = then_ok(
        &center(),
        CenterCommand::ImportCalendar { year: year.clone() },
        &admin(),
    );
    let merged = state.center.as_ref().unwrap().calendar(calendar()).unwrap();
    assert_eq!(merged.is_working_day(date!(2027 - 02 - 08)), Ok(false));
    assert_eq!(merged.is_working_day(date!(2027 - 02 - 13)), Ok(true));
    assert_eq!(merged.is_working_day(date!(2026 - 02 - 14)), Ok(true));
    then_error(
        &state,
        CenterCommand::ImportCalendar { year: year.clone() },
        &admin(),
        "center.no_change",
    );
    // a corrected notice: the preview names the days that change
    let corrected = HolidayYear::parse(&YEAR_2027.replace(
        r#"{"name": "春节", "date": "2027-02-13", "isOffDay": false}"#,
        r#"{"name": "春节", "date": "2027-02-09", "isOffDay": true}"#,
    ))
    .unwrap();
    let shown = preview(&corrected, &merged);
    assert!(shown.replaces);
    assert_eq!(
        shown.changed,
        [date!(2027 - 02 - 09), date!(2027 - 02 - 13)]
    );
}

#[test]
fn a_past_or_malformed_calendar_is_refused() {
    let state = center();
    let past = HolidayYear::of(calendar(), 2025).unwrap();
    let err = then_error(
        &state,
        CenterCommand::ImportCalendar { year: past },
        &admin(),
        "center.past_year",
    );
    assert!(err.to_string().contains("2025"), "{err}");
    for bad in [
        "not json",
        r#"{"year": 2027, "days": []}"#,
        r#"{"year": 2027, "days": [{"name": "元旦", "date": "2028-01-01", "isOffDay": true}]}"#,
        r#"{"year": 2027, "days": [{"name": "x", "date": "2027-01-04", "isOffDay": false}]}"#,
    ] {
        assert_eq!(
            HolidayYear::parse(bad).unwrap_err().code(),
            "center.bad_calendar",
            "{bad}"
        );
    }
    // days that did not come from a file are checked like one
    let mut forged = HolidayYear::parse(YEAR_2027).unwrap();
    forged.days[4].date = date!(2027 - 02 - 10); // a Wednesday "worked"
    then_error(
        &state,
        CenterCommand::ImportCalendar { year: forged },
        &admin(),
        "center.bad_calendar",
    );
}

#[test]
fn the_last_administrator_stays() {
    let state = center();
    let add = |p: &str| CenterCommand::AddAdministrator { person: id(p) };
    let remove = |p: &str| CenterCommand::RemoveAdministrator { person: id(p) };
    // the platform appoints only the first one (sign-up must never make an administrator)
    let err = then_error(
        &state,
        add("admin-2"),
        &Actor::platform(),
        "center.not_first_administrator",
    );
    assert!(err.to_string().contains("only an administrator"), "{err}");
    then_error(
        &state,
        add("admin-2"),
        &Actor::new("staff-wang", Role::CenterStaff),
        "access.wrong_role",
    );
    let err = then_error(
        &state,
        remove("admin-he"),
        &admin(),
        "center.last_administrator",
    );
    assert!(err.to_string().contains("admin-he"), "{err}");
    then_error(
        &state,
        add("admin-he"),
        &admin(),
        "center.already_administrator",
    );
    let two = then_ok(&state, add("admin-2"), &admin());
    let one = then_ok(&two, remove("admin-he"), &admin());
    assert_eq!(
        one.center.as_ref().unwrap().administrators,
        [id("admin-2")].into()
    );
    then_error(
        &one,
        remove("admin-he"),
        &admin(),
        "center.not_administrator",
    );
    then_error(
        &one,
        remove("admin-2"),
        &admin(),
        "center.last_administrator",
    );
}
