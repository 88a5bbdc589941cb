//! Issue 11, "done when": every page route, as the router's own table lists it
//! (`web::page_routes`), walked with no session, the wrong role, a missing trade and a
//! malformed id; every form action also with a stale CSRF token, without its fields, and by
//! an action name that does not exist. No answer is a 500, each is the status of its class
//! (401 without a session, 403 for the wrong role or token, 404 for what does not exist, 400
//! for a form the page does not send), and every refusal is a page with a message in the
//! reader's language. A route or action added to the table without a plan here fails.
use std::collections::BTreeMap;

use crate::support::{BOUNDARY, World, form, multipart, template};

/// A well-formed trade id that no trade has, and one that is no trade id at all.
const MISSING: &str = "GC-2099-0999";
const MALFORMED: &str = "no%20such%20trade";

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Verb {
    Get,
    Post,
}

/// How one (route, method, action) is walked.
#[derive(Clone, Copy)]
struct Plan {
    /// Signed in with the right to act, for the bad-id, token and form cases.
    right: &'static str,
    /// Signed in without it, and the status that answers it (`None`: no role is wrong).
    wrong: Option<(&'static str, u16)>,
    /// A trade where the right person may act.
    trade: &'static str,
    /// The fields of a form the page sends (the CSRF token is added).
    form: &'static [(&'static str, &'static str)],
    /// The answer without a session.
    anonymous: u16,
    /// A multipart upload rather than a form.
    upload: bool,
    /// The form carries the session's CSRF token (every signed-in form does).
    csrf: bool,
    /// The answer to the form sent without its fields (`None`: not walked).
    bare: Option<u16>,
    /// What the right person gets on the real trade: a page, or a form done (303) or
    /// refused by a rule (422) or a stale version (409).
    acts: &'static [u16],
}

const fn plan(right: &'static str, trade: &'static str) -> Plan {
    Plan {
        right,
        wrong: Some(("bidder-1", 403)),
        trade,
        form: &[],
        anonymous: 401,
        upload: false,
        csrf: true,
        bare: None,
        acts: &[200, 303, 409, 422],
    }
}

/// A page anyone may read: 200 without a session, no wrong role.
const fn public(trade: &'static str) -> Plan {
    Plan {
        wrong: None,
        anonymous: 200,
        csrf: false,
        ..plan("bidder-1", trade)
    }
}

impl Plan {
    const fn wrong(self, person: &'static str, status: u16) -> Plan {
        Plan {
            wrong: Some((person, status)),
            ..self
        }
    }

    const fn anyone(self) -> Plan {
        Plan {
            wrong: None,
            ..self
        }
    }

    const fn form(self, form: &'static [(&'static str, &'static str)]) -> Plan {
        Plan { form, ..self }
    }

    const fn anonymous(self, status: u16) -> Plan {
        Plan {
            anonymous: status,
            ..self
        }
    }

    const fn upload(self) -> Plan {
        Plan {
            upload: true,
            bare: Some(400),
            ..self
        }
    }

    /// What its own person gets on the real trade.
    const fn acts(self, acts: &'static [u16]) -> Plan {
        Plan { acts, ..self }
    }

    /// The form sent without its fields answers `status`: 400 where the page reads them,
    /// the rule's answer where a field may be empty and the domain judges it.
    const fn bare(self, status: u16) -> Plan {
        Plan {
            bare: Some(status),
            ..self
        }
    }
}

/// Trades of the world no other route acts on, where no step form is open.
const SUSPENDED: &str = "GC-2026-0954";
const CANCELLED: &str = "GC-2026-0953";

/// A step form (multipart) on a trade that is not the bidder's to see.
const fn step(
    right: &'static str,
    trade: &'static str,
    form: &'static [(&'static str, &'static str)],
) -> Plan {
    plan(right, trade)
        .wrong("bidder-1", 404)
        .upload()
        .form(form)
        .bare(422)
        .acts(&[403, 422])
}

type Key = (&'static str, Verb, &'static str);

/// The walk plan of every page route: (path as the table spells it, method, action).
fn plans() -> BTreeMap<Key, Plan> {
    use Verb::{Get, Post};
    const VENUE: &[(&str, &str)] = &[
        ("opening_room", "opening-8"),
        ("opening_at", "2026-12-16T09:30"),
        ("evaluation_room", "evaluation-8"),
        ("evaluation_from", "2026-12-16T13:00"),
        ("evaluation_to", "2026-12-16T17:00"),
    ];
    const REGISTER: &[(&str, &str)] = &[
        ("trade", "GC-2026-0971"),
        ("title", "页面走查项目"),
        ("line", "construction"),
        ("method", "open_tendering"),
        ("region", "330100"),
        ("tenderer", "@tenderer-2"),
        ("estimate", "1000000"),
    ];
    // A share as the page reads it: base64 of index ‖ value (33 bytes), not this round's.
    const SHARE: &str = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB";
    let work = "/work/trades/{id}/{what}";
    let opening = "/trades/{id}/opening/{what}";
    let publicity = "/trades/{id}/publicity/{what}";
    let draw = "/trades/{id}/draw/{what}";
    let room = "/trades/{id}/room/{what}";
    let steps = "/work/trades/{id}/steps/{what}";
    let deposit = "/trades/{id}/deposit/{what}";
    // A bidder's deposit forms on a trade past its bidding, refunds on one before them: the
    // use case refuses (422), another role is refused by the form (403).
    const fn deposit_form(right: &'static str, wrong: &'static str) -> Plan {
        plan(right, "GC-2026-0907")
            .wrong(wrong, 403)
            .upload()
            .bare(422)
            .acts(&[303, 422])
    }
    let entries: Vec<(Key, Plan)> = vec![
        (("/", Get, ""), public("")),
        (("/trades/{id}", Get, ""), public("GC-2026-0904")),
        (("/guides", Get, ""), public("")),
        (("/verify", Get, ""), public("")),
        // A proof check answers with its result; a form without the proof is a bad form.
        (
            ("/verify", Post, ""),
            public("").form(&[("proof", "{}")]).bare(400),
        ),
        (("/lang/{tag}", Get, ""), public("").anonymous(303)),
        (("/signin", Get, ""), public("")),
        (
            ("/signin", Post, ""),
            public("")
                .form(&[("person", "bidder-1"), ("password", "not the password")])
                .anonymous(401)
                .bare(400)
                .acts(&[401]),
        ),
        // Its own person really signs out: one nobody else here uses.
        (
            ("/signout", Post, ""),
            Plan {
                right: "bidder-13",
                ..public("").anonymous(303)
            },
        ),
        // A one-time link's form is public; the link is judged when the form posts.
        (("/link/{person}/{token}", Get, ""), public("")),
        (("/register", Get, ""), public("")),
        // An invalid credit code: the form again, the field marked, 400.
        (
            ("/register", Post, ""),
            public("")
                .form(&[("code", "91330100MA00000000"), ("kind", "bidder")])
                .anonymous(400)
                .bare(400)
                .acts(&[400]),
        ),
        (("/activate", Get, ""), public("")),
        // A link nobody issued: the form again with the rule's refusal.
        (
            ("/activate", Post, ""),
            public("")
                .form(&[("person", "bidder-1"), ("token", "x"), ("password", "p")])
                .anonymous(422)
                // Without a person the form is not one the page sends.
                .bare(400)
                .acts(&[422]),
        ),
        (("/org", Get, ""), plan("bidder-1", "").anyone()),
        (
            ("/org/details", Post, ""),
            plan("bidder-1", "")
                .anyone()
                .form(&[
                    ("name", "走查公司"),
                    ("legal_representative", "张三"),
                    ("contact_name", "李四"),
                    ("phone", "13800000000"),
                ])
                .bare(400),
        ),
        // Without valid dates the form comes back naming the field.
        (
            ("/org/qualifications", Post, ""),
            plan("bidder-1", "").anyone().upload().bare(303),
        ),
        (
            ("/org/people", Post, ""),
            plan("bidder-1", "")
                .anyone()
                .form(&[
                    ("person", "walk-person"),
                    ("name", "王五"),
                    ("phone", "13800000001"),
                ])
                .bare(400),
        ),
        (
            ("/org/{what}", Post, "submit"),
            plan("bidder-1", "").anyone(),
        ),
        (
            ("/org/{what}", Post, "discard"),
            plan("bidder-1", "").anyone(),
        ),
        (("/review", Get, ""), plan("staff-wang", "")),
        (
            ("/review/{code}", Post, ""),
            plan("staff-wang", "ORG-NONE")
                // Who holds no post is refused by the post rule (account.not_staff).
                .wrong("bidder-1", 422)
                .form(&[("decision", "approve")])
                .bare(400)
                // The desk again, saying there is no such file to review.
                .acts(&[303]),
        ),
        (("/work", Get, ""), plan("bidder-1", "").anyone()),
        (
            ("/work/register", Post, ""),
            plan("agency-li", "").form(REGISTER).bare(400),
        ),
        (
            ("/work/trades/{id}/live", Get, ""),
            plan("supervisor-zhou", "GC-2026-0904"),
        ),
        (("/work/log", Get, ""), plan("supervisor-zhou", "")),
        (("/work/keys", Get, ""), plan("supervisor-zhou", "")),
        // RFC 7748's example public key; without it the rule refuses (not a key, 422).
        (
            ("/work/keys/{what}", Post, "custody"),
            plan("supervisor-zhou", "")
                .form(&[(
                    "public_key",
                    "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
                )])
                .bare(422),
        ),
        (
            ("/work/trades/{id}/documents", Get, ""),
            plan("tenderer-14", "GC-2026-0904").wrong("expert-zhao", 403),
        ),
        (
            ("/work/trades/{id}/documents", Post, ""),
            // a bidder does not see an unannounced trade: 404, as for a missing one
            plan("tenderer-2", "GC-2026-0951")
                .upload()
                .wrong("bidder-1", 404),
        ),
        (
            ("/work/trades/{id}/steps", Get, ""),
            plan("tenderer-2", "GC-2026-0951").wrong("bidder-1", 404),
        ),
        // The step forms act on trades no other route uses, in phases where each step is
        // not open (a suspended or a cancelled trade): their person is refused by the access
        // matrix (403) or by a field (422) on the form shown again, and a bidder is not told the
        // trade exists. Sent without its fields a form marks the one it needs (422); accept
        // and resume need none, so the matrix answers.
        (
            (steps, Post, "accept"),
            step("staff-wang", SUSPENDED, &[]).bare(403),
        ),
        (
            (steps, Post, "reject_entry"),
            step("staff-wang", SUSPENDED, &[("reason", "材料不全。")]),
        ),
        (
            (steps, Post, "return_entry"),
            step("staff-wang", SUSPENDED, &[("reasons", "缺资金证明。")]),
        ),
        (
            (steps, Post, "resubmit_entry"),
            step("tenderer-2", SUSPENDED, &[("note", "已补正。")]),
        ),
        (
            (steps, Post, "request_green"),
            step("tenderer-2", SUSPENDED, &[("reason", "防汛工程。")]),
        ),
        (
            (steps, Post, "decide_green"),
            step(
                "staff-wang",
                SUSPENDED,
                &[("decision", "approve"), ("reason", "同意。")],
            ),
        ),
        (
            (steps, Post, "documents"),
            step(
                "tenderer-2",
                SUSPENDED,
                &[("evaluation_kind", "lowest_price")],
            ),
        ),
        (
            (steps, Post, "deposit_terms"),
            step(
                "tenderer-2",
                SUSPENDED,
                &[("amount", "10,000.00"), ("subject", "works")],
            ),
        ),
        (
            (steps, Post, "publish"),
            step("tenderer-2", SUSPENDED, &[("deadline", "2026-12-16T09:30")]),
        ),
        (
            (steps, Post, "amend"),
            step(
                "tenderer-2",
                SUSPENDED,
                &[("new_deadline", "2026-12-20T09:30")],
            ),
        ),
        (
            (steps, Post, "deferred"),
            step("tenderer-2", SUSPENDED, &[("document", "资金来源证明")]),
        ),
        (
            (steps, Post, "suspend"),
            step("supervisor-zhou", CANCELLED, &[("reason", "投诉处理。")]),
        ),
        (
            (steps, Post, "resume"),
            step(
                "supervisor-zhou",
                CANCELLED,
                &[("new_deadline", "2026-12-20T09:30")],
            )
            .bare(403),
        ),
        (
            (steps, Post, "cancel"),
            step("staff-wang", CANCELLED, &[("reason", "项目取消。")]),
        ),
        (
            (steps, Post, "retender"),
            step("tenderer-2", CANCELLED, &[("reason", "重新招标。")]),
        ),
        (
            (steps, Post, "confirm"),
            step(
                "staff-wang",
                CANCELLED,
                &[("certificate_no", "JY-2026-001")],
            ),
        ),
        (
            (work, Post, "accept"),
            plan("staff-wang", "GC-2026-0901").wrong("bidder-1", 404),
        ),
        (
            (work, Post, "book"),
            plan("staff-wang", "GC-2026-0902")
                .form(VENUE)
                .bare(400)
                .wrong("bidder-1", 404),
        ),
        (
            (work, Post, "publish"),
            plan("tenderer-2", "GC-2026-0951")
                .form(&[("deadline", "2026-12-16T09:30")])
                .bare(400)
                .wrong("bidder-1", 404),
        ),
        (
            (work, Post, "obtain"),
            plan("bidder-1", "GC-2026-0904").wrong("staff-wang", 403),
        ),
        // An empty question is the domain's to refuse.
        (
            (work, Post, "ask"),
            plan("bidder-1", "GC-2026-0904")
                .wrong("staff-wang", 403)
                .form(&[("text", "请澄清工期要求。")])
                .bare(422),
        ),
        (
            (work, Post, "answer"),
            plan("tenderer-14", "GC-2026-0904")
                .form(&[("number", "1"), ("answer", "见补遗。")])
                .bare(400),
        ),
        (
            ("/work/posts/{post}/{what}", Post, "away"),
            plan("staff-wang", "acceptance"),
        ),
        (
            ("/work/posts/{post}/{what}", Post, "back"),
            plan("staff-wang", "acceptance"),
        ),
        (("/static/site.css", Get, ""), public("")),
        (("/trades/{id}/bid", Get, ""), public("GC-2026-0904")),
        (("/trades/{id}/opening", Get, ""), public("ZC-2026-0601")),
        ((opening, Post, "open"), plan("staff-wang", "GC-2026-0905")),
        // A share that cannot be read is refused like on the API (`seal.bad_share`, 422).
        (
            (opening, Post, "share"),
            plan("supervisor-zhou", "GC-2026-0905")
                .form(&[("share", SHARE)])
                .bare(422),
        ),
        (
            (opening, Post, "confirm"),
            plan("bidder-9", "ZC-2026-0601").wrong("staff-wang", 403),
        ),
        (
            (opening, Post, "object"),
            plan("bidder-9", "ZC-2026-0601")
                .wrong("staff-wang", 403)
                .form(&[("text", "报价有误。")])
                .bare(422),
        ),
        (
            (opening, Post, "answer"),
            plan("tenderer-3", "ZC-2026-0601")
                .form(&[("number", "1"), ("answer", "已复核。")])
                .bare(400),
        ),
        (("/experts", Get, ""), plan("staff-wang", "")),
        (
            ("/experts/import", Post, ""),
            plan("staff-wang", "").upload(),
        ),
        // Not an expert of the pool: no file to show (documented as 404 on the API too).
        (
            ("/experts/me", Get, ""),
            plan("expert-zhao", "").wrong("bidder-1", 404),
        ),
        // Empty declarations are valid: they clear the lists.
        (
            ("/experts/me", Post, ""),
            plan("expert-zhao", "")
                .wrong("bidder-1", 404)
                .form(&[("employers", ""), ("relations", ""), ("leave", "")])
                .bare(303),
        ),
        (
            ("/experts/account", Post, ""),
            plan("staff-wang", "")
                .form(&[("expert", "EX-001"), ("person", "expert-new")])
                .bare(400),
        ),
        (
            ("/experts/conduct", Post, ""),
            plan("staff-wang", "")
                .form(&[
                    ("expert", "E-0001"),
                    ("kind", "reminder"),
                    ("date", "2026-10-20"),
                ])
                .bare(400),
        ),
        (("/trades/{id}/draw", Get, ""), public("GC-2026-0904")),
        // No draw is revealed in the seeded world: the re-check page says so.
        (
            ("/trades/{id}/draw/check", Get, ""),
            public("GC-2026-0904").anonymous(404).acts(&[404]),
        ),
        (("/trades/{id}/publicity", Get, ""), public("GC-2026-0907")),
        (
            ("/trades/{id}/deposit", Get, ""),
            plan("bidder-1", "GC-2026-0904").anyone(),
        ),
        (
            (deposit, Post, "open_account"),
            deposit_form("bidder-1", "staff-wang"),
        ),
        (
            (deposit, Post, "exemption"),
            deposit_form("bidder-1", "staff-wang"),
        ),
        (
            (deposit, Post, "guarantee"),
            deposit_form("bidder-1", "staff-wang"),
        ),
        (
            (deposit, Post, "refunds_due"),
            deposit_form("staff-wang", "bidder-1")
                .form(&[("case", "unsuccessful"), ("event_date", "2026-12-01")]),
        ),
        (
            (deposit, Post, "refund"),
            deposit_form("staff-wang", "bidder-1")
                .form(&[("bidder", "91320100MA00000001"), ("amount", "1,000.00")]),
        ),
        (
            (publicity, Post, "file"),
            plan("bidder-1", "GC-2026-0907")
                .wrong("staff-wang", 403)
                .form(&[("about", "result"), ("text", "对结果有异议。")])
                .bare(422),
        ),
        (
            (publicity, Post, "reply"),
            plan("tenderer-17", "GC-2026-0907")
                .form(&[("number", "1"), ("text", "已答复。")])
                .bare(400),
        ),
        (
            (publicity, Post, "complain"),
            plan("bidder-1", "GC-2026-0907")
                .wrong("staff-wang", 403)
                .form(&[("number", "1"), ("text", "投诉。")])
                .bare(400),
        ),
        (
            (publicity, Post, "handle"),
            plan("supervisor-zhou", "GC-2026-0907")
                .form(&[("number", "1"), ("decision", "dismiss"), ("text", "驳回。")])
                .bare(400),
        ),
        (
            (publicity, Post, "award"),
            plan("tenderer-17", "GC-2026-0907")
                .form(&[("winner", "@bidder-3"), ("text", "第一名。")])
                .bare(400),
        ),
        (
            (publicity, Post, "publish"),
            plan("tenderer-16", "GC-2026-0906"),
        ),
        (
            (publicity, Post, "notice"),
            plan("tenderer-17", "GC-2026-0907"),
        ),
        (
            (draw, Post, "request"),
            plan("staff-wang", "GC-2026-0904")
                .form(&[
                    ("committee_size", "5"),
                    ("quotas", "A01:4"),
                    ("from", "2026-11-23T13:00"),
                    ("to", "2026-11-23T17:00"),
                ])
                .bare(400),
        ),
        // The expert has no invitation left to answer on this trade.
        (
            (draw, Post, "answer"),
            plan("expert-zhao", "GC-2026-0904")
                .form(&[("accept", "yes")])
                .bare(404)
                .acts(&[404]),
        ),
        // No draw has been run in the seeded world: nothing to redraw, record or reveal.
        (
            (draw, Post, "redraw"),
            plan("staff-wang", "GC-2026-0904").acts(&[404]),
        ),
        (
            (draw, Post, "committee"),
            plan("staff-wang", "GC-2026-0904").acts(&[404]),
        ),
        (
            (draw, Post, "reveal"),
            plan("staff-wang", "GC-2026-0904").acts(&[404]),
        ),
        (
            (draw, Post, "rate"),
            plan("tenderer-16", "GC-2026-0906")
                .form(&[("seat", "1"), ("score", "5")])
                .bare(400)
                // No committee is revealed in the seeded world: no seat to rate.
                .acts(&[404]),
        ),
        (("/static/seal.js", Get, ""), public("")),
        (("/static/bid.js", Get, ""), public("")),
        (("/static/opening.js", Get, ""), public("")),
        // A stranger is not told the room exists. No room is open in the seeded world: the
        // right person is told so too, and the forms refuse who is not a member.
        (
            ("/trades/{id}/room", Get, ""),
            plan("supervisor-zhou", "ZC-2026-0601")
                .wrong("bidder-1", 404)
                .acts(&[404]),
        ),
        (
            (room, Post, "leave"),
            plan("supervisor-zhou", "ZC-2026-0601"),
        ),
        ((room, Post, "close"), plan("staff-wang", "ZC-2026-0601")),
        (
            (room, Post, "post"),
            plan("supervisor-zhou", "ZC-2026-0601")
                .form(&[("text", "请注意时间。")])
                .bare(422),
        ),
        (
            (room, Post, "sheet"),
            plan("expert-zhao", "ZC-2026-0601")
                .wrong("bidder-1", 404)
                .acts(&[404]),
        ),
        (
            (room, Post, "configure"),
            plan("staff-wang", "ZC-2026-0601")
                .form(&[("k", "")])
                .acts(&[303, 422]),
        ),
        // An opened bid's document: the committee (and staff) read it from the sheet; the
        // walk names no bid, so there is none to find.
        (
            ("/trades/{id}/room/bid", Get, ""),
            plan("staff-wang", "ZC-2026-0601")
                .wrong("bidder-1", 404)
                .acts(&[404]),
        ),
        (
            (room, Post, "revise"),
            plan("expert-zhao", "ZC-2026-0601")
                .form(&[("bid", "1"), ("criterion", "price"), ("score", "10")])
                // Not a member of this trade's committee.
                .acts(&[403]),
        ),
        (
            (room, Post, "reason"),
            plan("expert-zhao", "ZC-2026-0601")
                .form(&[("bid", "1"), ("criterion", "price"), ("text", "理由。")])
                // Not a member of this trade's committee.
                .acts(&[403]),
        ),
        (
            (room, Post, "answer"),
            plan("bidder-9", "ZC-2026-0601")
                .wrong("staff-wang", 403)
                .form(&[("number", "1"), ("text", "答复。")])
                .bare(400),
        ),
        (
            (room, Post, "ask"),
            plan("expert-zhao", "ZC-2026-0601")
                .form(&[
                    ("bidder", "@bidder-1"),
                    ("question", "请澄清。"),
                    ("due", "2026-11-30T10:00"),
                ])
                .bare(400)
                .acts(&[403]),
        ),
        (("/static/room.js", Get, ""), public("")),
        (("/static/keys.js", Get, ""), public("")),
        (("/static/live.js", Get, ""), public("")),
        (("/static/countdown.js", Get, ""), public("")),
    ];
    let mut entries = entries;
    entries.extend(admin_plans());
    let mut plans = BTreeMap::new();
    for (key, plan) in entries {
        assert!(plans.insert(key, plan).is_none(), "{key:?} planned twice");
    }
    plans
}

/// The administrator's pages: its forms are uploads; sent without their fields a form names
/// the field it needs (422), or is not one the page sends (400: no person named).
fn admin_plans() -> Vec<(Key, Plan)> {
    use Verb::{Get, Post};
    let admin = |form: &'static [(&'static str, &'static str)]| {
        plan(ADMIN, "")
            .wrong("staff-wang", 403)
            .upload()
            .form(form)
            .bare(422)
    };
    let center = "/admin/{what}";
    let people = "/admin/people/{what}";
    vec![
        (
            ("/admin", Get, ""),
            plan(ADMIN, "").wrong("staff-wang", 403),
        ),
        (
            ("/admin/people", Get, ""),
            plan(ADMIN, "").wrong("supervisor-zhou", 403),
        ),
        (
            (center, Post, "profile"),
            admin(&[("name", "走查交易中心"), ("region", "350100")]),
        ),
        (
            (center, Post, "policy"),
            admin(&[
                ("custodians", "witness,supervisor"),
                ("threshold", "2"),
                ("suite", "sm2-sm4"),
                ("window_minutes", "30"),
                ("max_bid_mib", "32"),
            ]),
        ),
        (
            (center, Post, "settings"),
            admin(&[
                ("reset_link_minutes", "30"),
                ("first_sign_in_link_hours", "48"),
            ]),
        ),
        (
            (center, Post, "venue"),
            admin(&[
                ("room", "opening-31"),
                ("name", "走查开标室"),
                ("purpose", "opening"),
                ("capacity", "30"),
            ]),
        ),
        (
            (center, Post, "change_venue"),
            admin(&[
                ("room", "opening-31"),
                ("name", "走查开标室（扩建）"),
                ("capacity", "60"),
            ]),
        ),
        ((center, Post, "retire"), admin(&[("room", "opening-31")])),
        // The walk's file is no key: the form names it (422).
        (
            (center, Post, "signer"),
            admin(&[("name", "走查银行"), ("kind", "bank")]),
        ),
        ((center, Post, "distrust"), admin(&[("key", "ed25519:00")])),
        ((center, Post, "calendar"), admin(&[])),
        ((center, Post, "calendar_import"), admin(&[("json", "{}")])),
        (
            (people, Post, "create"),
            admin(&[
                ("role", "center_staff"),
                ("person", "walk-staff"),
                ("name", "走查员"),
                ("contact", "13800000002"),
            ]),
        ),
        (
            (people, Post, "assign"),
            admin(&[
                ("post", "venue"),
                ("primary", "staff-wang"),
                ("backup", "walk-staff"),
            ]),
        ),
        (
            (people, Post, "disable"),
            admin(&[("person", "walk-staff"), ("reason", "走查")]),
        ),
        (
            (people, Post, "enable"),
            admin(&[("person", "walk-staff")]).bare(400),
        ),
        (
            (people, Post, "reset"),
            admin(&[("person", "walk-staff")]).bare(400),
        ),
        ((people, Post, "key"), admin(&[("person", "walk-staff")])),
    ]
}

/// The administrator the walk establishes the center with.
const ADMIN: &str = "admin-walk";

/// `sunbid init` on the walk's world; the administrator's session and CSRF token.
async fn establish_center(world: &World) -> (String, String) {
    let meta = app::Meta::default();
    let link = super::support::establish_center(world, "走查交易中心", ADMIN, "走查管理员").await;
    let password = "walk the admin pages";
    app::center::redeem_link(&world.platform, ADMIN, &link.token, password, None, &meta)
        .await
        .unwrap();
    let grant = world
        .platform
        .sign_in_password(ADMIN, password, None)
        .await
        .unwrap();
    (grant.token, grant.info.csrf)
}

/// One answer: its status, and for a refusal whether it is a page with a message.
struct Answer {
    status: u16,
    page_with_message: bool,
    /// The error page's code (`data-code`), to say what answered.
    code: String,
}

struct Walker {
    world: World,
    /// Person → (session token, CSRF token).
    sessions: BTreeMap<String, (String, String)>,
    /// Person → organisation code, for forms that name one (`@bidder-1`).
    orgs: BTreeMap<String, String>,
    walked: usize,
    failures: Vec<String>,
}

#[derive(Clone, Copy)]
enum Token {
    /// The person's own CSRF token.
    Own,
    Stale,
    /// No form fields at all, only the token.
    Bare,
}

impl Walker {
    async fn new() -> Walker {
        let t = template();
        let sessions = t
            .people
            .iter()
            .map(|(id, p)| {
                let token = p.token.clone().unwrap();
                (id.clone(), (token, p.csrf.clone().unwrap()))
            })
            .collect();
        let orgs = t
            .people
            .iter()
            .filter_map(|(id, p)| p.org.clone().map(|o| (id.clone(), o)))
            .collect();
        let world = World::copy().await;
        let mut sessions: BTreeMap<String, (String, String)> = sessions;
        // People of the opened trade (ZC-2026-0601) the template does not sign in.
        for id in ["bidder-9", "tenderer-3"] {
            let person = crate::support::Person {
                id: id.to_owned(),
                ..crate::support::Person::public()
            };
            let p = world.server.sign_in(&person).await;
            sessions.insert(id.to_owned(), (p.token.unwrap(), p.csrf.unwrap()));
        }
        sessions.insert(ADMIN.to_owned(), establish_center(&world).await);
        Walker {
            world,
            sessions,
            orgs,
            walked: 0,
            failures: Vec::new(),
        }
    }

    fn field(&self, value: &str) -> String {
        match value.strip_prefix('@') {
            Some(person) => self.orgs[person].clone(),
            None => value.to_owned(),
        }
    }

    async fn send(
        &self,
        verb: Verb,
        path: &str,
        who: Option<&str>,
        plan: &Plan,
        token: Token,
    ) -> Answer {
        let url = self.world.server.url(path);
        let client = &self.world.server.client;
        let mut request = match verb {
            Verb::Get => client.get(url),
            Verb::Post => client.post(url),
        };
        let session = who.map(|w| &self.sessions[w]);
        if let Some((cookie, _)) = session {
            request = request.header("cookie", format!("sunbid_session={cookie}"));
        }
        if verb == Verb::Post {
            let csrf = match (token, session) {
                (Token::Stale, _) => "stale".to_owned(),
                (_, Some((_, csrf))) => csrf.clone(),
                (_, None) => String::new(),
            };
            let mut fields = vec![("csrf".to_owned(), csrf)];
            if !matches!(token, Token::Bare) {
                fields.extend(
                    plan.form
                        .iter()
                        .map(|(k, v)| ((*k).to_owned(), self.field(v))),
                );
            }
            request = if plan.upload {
                let mut parts: Vec<(&str, Option<&str>, &[u8])> = fields
                    .iter()
                    .map(|(k, v)| (k.as_str(), None, v.as_bytes()))
                    .collect();
                if !matches!(token, Token::Bare) {
                    parts.push(("file", Some("walk.csv"), b"id,name\n"));
                }
                request
                    .header(
                        "content-type",
                        format!("multipart/form-data; boundary={BOUNDARY}"),
                    )
                    .body(multipart(&parts))
            } else {
                request
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(form(&pairs(&fields)))
            };
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let html = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        let text = response.text().await.unwrap_or_default();
        let code = text
            .split_once("data-code=\"")
            .and_then(|(_, rest)| rest.split('"').next())
            .unwrap_or_default()
            .to_owned();
        Answer {
            status,
            page_with_message: html && text.contains("class=\"result bad\""),
            code,
        }
    }

    /// Sends and checks one case: never a 500, the expected status, and a refusal is a page
    /// that says why.
    async fn expect(&mut self, what: &str, plan: &Plan, ask: Ask<'_>, expected: u16) {
        self.expect_one_of(what, plan, ask, &[expected]).await;
    }

    async fn expect_one_of(&mut self, what: &str, plan: &Plan, ask: Ask<'_>, expected: &[u16]) {
        let answer = self
            .send(ask.verb, &ask.path, ask.who, plan, ask.token)
            .await;
        self.walked += 1;
        let who = ask.who.unwrap_or("no session");
        let label = format!("{:?} {} ({what}, {who})", ask.verb, ask.path);
        if !expected.contains(&answer.status) {
            self.failures.push(format!(
                "{label}: {} {} (expected {expected:?})",
                answer.status, answer.code
            ));
        } else if answer.status >= 400 && !answer.page_with_message {
            self.failures
                .push(format!("{label}: {} without an error page", answer.status));
        }
    }
}

/// One request of the walk.
#[derive(Clone)]
struct Ask<'a> {
    verb: Verb,
    path: String,
    who: Option<&'a str>,
    token: Token,
}

fn pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// The route's path with its parameters filled in.
fn fill(path: &str, trade: &str, action: &str) -> String {
    path.replace("{id}", trade)
        .replace("{post}", trade)
        .replace("{code}", trade)
        .replace("{person}", "bidder-1")
        .replace("{token}", "walk")
        .replace("{what}", action)
        .replace("{tag}", "en")
}

/// Every (route, method, action) of the router's page table.
fn routes() -> Vec<Key> {
    let mut keys = Vec::new();
    for route in web::page_routes() {
        let actions: Vec<&'static str> = if route.actions.is_empty() {
            vec![""]
        } else {
            route.actions.to_vec()
        };
        for action in actions {
            if route.get {
                keys.push((route.path, Verb::Get, action));
            }
            if route.post {
                keys.push((route.path, Verb::Post, action));
            }
        }
    }
    keys
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_page_route_answers_the_status_of_its_class_and_never_500() {
    let plans = plans();
    let routes = routes();
    let unplanned: Vec<_> = routes.iter().filter(|k| !plans.contains_key(k)).collect();
    assert!(
        unplanned.is_empty(),
        "page routes without a walk plan: {unplanned:?}"
    );
    let stale: Vec<_> = plans.keys().filter(|k| !routes.contains(k)).collect();
    assert!(
        stale.is_empty(),
        "plans for routes the table lacks: {stale:?}"
    );

    let mut w = Walker::new().await;
    for key @ (path, verb, action) in &routes {
        let plan = plans[key];
        let at = |trade: &str, action: &str| Ask {
            verb: *verb,
            path: fill(path, trade, action),
            who: Some(plan.right),
            token: Token::Own,
        };
        let real = at(plan.trade, action);
        w.expect(
            "no session",
            &plan,
            Ask {
                who: None,
                ..real.clone()
            },
            plan.anonymous,
        )
        .await;
        if let Some((wrong, status)) = plan.wrong {
            let ask = Ask {
                who: Some(wrong),
                ..real.clone()
            };
            w.expect("wrong role", &plan, ask, status).await;
        }
        if path.contains("{id}") || path.contains("{post}") {
            for bad in [MISSING, MALFORMED] {
                w.expect("bad id", &plan, at(bad, action), 404).await;
            }
        }
        if *verb == Verb::Post && plan.csrf {
            let ask = Ask {
                token: Token::Stale,
                ..real.clone()
            };
            w.expect("stale token", &plan, ask, 403).await;
        }
        if let (Verb::Post, Some(status)) = (verb, plan.bare) {
            let ask = Ask {
                token: Token::Bare,
                ..real.clone()
            };
            w.expect("no fields", &plan, ask, status).await;
        }
        if !action.is_empty() {
            w.expect(
                "unknown action",
                &plan,
                at(plan.trade, "no-such-action"),
                404,
            )
            .await;
        }
    }
    // Last, each as its own person, on the real trade: a page reads, a form acts (a
    // redirect to the page) or a rule refuses it (422, or 409 for a stale version).
    for key @ (path, verb, action) in &routes {
        let plan = plans[key];
        let ask = Ask {
            verb: *verb,
            path: fill(path, plan.trade, action),
            who: Some(plan.right),
            token: Token::Own,
        };
        w.expect_one_of("as its person", &plan, ask, plan.acts)
            .await;
    }
    // A rule refusal shows its rule: the venue's evaluation before its opening.
    let book = Plan {
        form: &[
            ("opening_room", "opening-8"),
            ("opening_at", "2026-12-16T13:00"),
            ("evaluation_room", "evaluation-8"),
            ("evaluation_from", "2026-12-16T09:00"),
            ("evaluation_to", "2026-12-16T12:00"),
        ],
        ..plan("staff-wang", "GC-2026-0902")
    };
    let refused = w
        .send(
            Verb::Post,
            "/work/trades/GC-2026-0902/book",
            Some("staff-wang"),
            &book,
            Token::Own,
        )
        .await;
    assert_eq!(
        (refused.status, refused.code.as_str()),
        (422, "trade.venue_times")
    );
    let Walker {
        world,
        walked,
        failures,
        ..
    } = w;
    world.close().await;
    println!(
        "walked {} routes × methods × actions with {walked} requests: {} not as expected",
        routes.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{failures:#?}");
}
