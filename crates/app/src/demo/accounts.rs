//! Demo accounts: the organisations and people behind the demo trades, so that every
//! simulated party can also sign in. Ids match the actors of the demo trades
//! ([`super::parties`]): `staff-wang`, `agency-li`, `tenderer-N`, `bidder-N`, `expert-zhao`.
//!
//! * Every demo person's password is [`DEMO_PASSWORD`] (`sunbid-demo-2026`).
//! * `bidder-1` also has an Ed25519 key for trying sign-in by signed challenge; its private
//!   key is [`DEMO_ED25519_SECRET_HEX`] (public key `90c48f99…27bc`). Published on purpose:
//!   it guards demo data only.
//! * Every standard post (acceptance, venue, publication, witness, confirmation) has
//!   `staff-wang` as A and `staff-chen` as B: mark Wang away and Chen acts for him.

use domain::accounts::{
    KeyAlgorithm, OrgCommand, OrgKind, PersonCommand, PostCommand, STANDARD_POSTS,
};
use domain::{Actor, PersonId, PostId, RegionCode, Role, UnifiedSocialCreditCode};
use legal_time::SettableClock;
use time::macros::datetime;

use super::parties::{agency_org, bidder_org, org_code, tenderer_org};
use crate::accounts::hash_password;
use crate::error::AppError;
use crate::platform::Platform;
use crate::stream::Meta;

/// The one password of every demo person.
pub const DEMO_PASSWORD: &str = "sunbid-demo-2026";
/// Who has the demo key, and its Ed25519 private key (32-byte seed, hex; as PKCS#8 PEM:
/// `MC4CAQAwBQYDK2VwBCIEILDQEgQcD/EnZO+iSMCRi7EW5h7JRrpr4wtV/X9o2FI1`).
pub const DEMO_KEY_PERSON: &str = "bidder-1";
pub const DEMO_ED25519_SECRET_HEX: &str =
    "b0d012041c0ff12764efa248c0918bb116e61ec946ba6be30b55fd7f68d85235";
/// When the demo accounts are registered: before the first demo trade (2026-03-02).
pub const DEMO_ACCOUNTS_AT: time::OffsetDateTime = datetime!(2026-02-27 09:00 +8);

/// A demo organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoOrg {
    Center,
    Tenderer(u32),
    Agency,
    Bidder(u32),
    Supervisor,
}

const TENDERERS: [&str; 10] = [
    "杭州市城市建设发展中心",
    "杭州市教育后勤保障中心",
    "杭州市卫生健康事业发展中心",
    "杭州市市政设施管理中心",
    "杭州市园林绿化发展中心",
    "杭州市水利水电管理中心",
    "杭州市体育发展中心",
    "杭州市图书馆",
    "杭州市第三小学",
    "杭州市民中心管理服务中心",
];

const BIDDERS: [&str; 13] = [
    "浙江宏达建设集团有限公司",
    "江苏中恒建设工程有限公司",
    "南京华信信息技术有限公司",
    "浙江大成市政工程有限公司",
    "江苏金陵建工集团有限公司",
    "南京天诚科技股份有限公司",
    "浙江安远交通工程有限公司",
    "江苏苏建路桥有限公司",
    "南京博远智能科技有限公司",
    "浙江华东园林工程有限公司",
    "江苏润华环境科技有限公司",
    "南京长江建设工程有限公司",
    "浙江明远装饰工程有限公司",
];

impl DemoOrg {
    pub fn code(self) -> UnifiedSocialCreditCode {
        match self {
            // 12: a public institution (事业单位); 11: a government organ (机关).
            DemoOrg::Center => org_code("12330100MC", 1),
            DemoOrg::Tenderer(n) => tenderer_org(n),
            DemoOrg::Agency => agency_org(),
            DemoOrg::Bidder(n) => bidder_org(n),
            DemoOrg::Supervisor => org_code("11330100MB", 1),
        }
    }

    pub fn kind(self) -> OrgKind {
        match self {
            DemoOrg::Center => OrgKind::Center,
            DemoOrg::Tenderer(_) => OrgKind::Tenderer,
            DemoOrg::Agency => OrgKind::Agency,
            DemoOrg::Bidder(_) => OrgKind::Bidder,
            DemoOrg::Supervisor => OrgKind::Supervisor,
        }
    }

    pub fn name(self) -> String {
        match self {
            DemoOrg::Center => "杭州市公共资源交易中心".into(),
            DemoOrg::Tenderer(n) => {
                let i = if n <= 3 { n - 1 } else { n - 8 } as usize; // 1-3, then 11-17
                TENDERERS
                    .get(i)
                    .map_or_else(|| format!("招标人{n}"), |s| (*s).into())
            }
            DemoOrg::Agency => "浙江正信招标代理有限公司".into(),
            DemoOrg::Bidder(n) => BIDDERS
                .get(n as usize - 1)
                .map_or_else(|| format!("投标人{n}"), |s| (*s).into()),
            DemoOrg::Supervisor => "杭州市发展和改革委员会".into(),
        }
    }

    /// Bidders are from Nanjing (320100, like their codes); everyone else from Hangzhou.
    fn region(self) -> RegionCode {
        let code = if matches!(self, DemoOrg::Bidder(_)) {
            "320100"
        } else {
            "330100"
        };
        RegionCode::parse(code).expect("valid region")
    }
}

/// One demo person: sign in as `id` with [`DEMO_PASSWORD`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoAccount {
    pub id: &'static str,
    pub role: Role,
    pub org: Option<DemoOrg>,
    pub name: &'static str,
}

const fn person(
    id: &'static str,
    role: Role,
    org: Option<DemoOrg>,
    name: &'static str,
) -> DemoAccount {
    DemoAccount {
        id,
        role,
        org,
        name,
    }
}

use DemoOrg::{Agency, Bidder, Center, Supervisor, Tenderer};
use Role::{
    Agency as AgencyRole, Bidder as BidderRole, CenterStaff, Expert, Supervisor as SupervisorRole,
    Tenderer as TendererRole,
};

/// Every demo person (the README and the sign-in page list them).
pub const DEMO_ACCOUNTS: &[DemoAccount] = &[
    person("staff-wang", CenterStaff, Some(Center), "王明"),
    person("staff-chen", CenterStaff, Some(Center), "陈静"),
    person("agency-li", AgencyRole, Some(Agency), "李华"),
    person("tenderer-1", TendererRole, Some(Tenderer(1)), "孙丽"),
    person("tenderer-2", TendererRole, Some(Tenderer(2)), "周强"),
    person("tenderer-3", TendererRole, Some(Tenderer(3)), "吴敏"),
    person("tenderer-11", TendererRole, Some(Tenderer(11)), "郑凯"),
    person("tenderer-12", TendererRole, Some(Tenderer(12)), "冯雪"),
    person("tenderer-13", TendererRole, Some(Tenderer(13)), "蒋涛"),
    person("tenderer-14", TendererRole, Some(Tenderer(14)), "韩梅"),
    person("tenderer-15", TendererRole, Some(Tenderer(15)), "杨帆"),
    person("tenderer-16", TendererRole, Some(Tenderer(16)), "朱琳"),
    person("tenderer-17", TendererRole, Some(Tenderer(17)), "秦岭"),
    person("bidder-1", BidderRole, Some(Bidder(1)), "张伟"),
    person("bidder-2", BidderRole, Some(Bidder(2)), "刘芳"),
    person("bidder-3", BidderRole, Some(Bidder(3)), "陈刚"),
    person("bidder-4", BidderRole, Some(Bidder(4)), "杨洁"),
    person("bidder-5", BidderRole, Some(Bidder(5)), "黄磊"),
    person("bidder-6", BidderRole, Some(Bidder(6)), "赵敏"),
    person("bidder-7", BidderRole, Some(Bidder(7)), "吴斌"),
    person("bidder-8", BidderRole, Some(Bidder(8)), "徐静"),
    person("bidder-9", BidderRole, Some(Bidder(9)), "孙浩"),
    person("bidder-10", BidderRole, Some(Bidder(10)), "马丽"),
    person("bidder-11", BidderRole, Some(Bidder(11)), "胡军"),
    person("bidder-12", BidderRole, Some(Bidder(12)), "林娜"),
    person("bidder-13", BidderRole, Some(Bidder(13)), "何平"),
    person("expert-zhao", Expert, None, "赵立新"),
    person("expert-qian", Expert, None, "钱文博"),
    person("expert-sun", Expert, None, "孙嘉怡"),
    person("expert-li", Expert, None, "李国栋"),
    person("expert-zhou", Expert, None, "周晓梅"),
    person("expert-wu", Expert, None, "吴振华"),
    person("expert-zheng", Expert, None, "郑雅琴"),
    person(
        "supervisor-zhou",
        SupervisorRole,
        Some(Supervisor),
        "周建国",
    ),
];

/// Every demo organisation, each once, in the order of [`DEMO_ACCOUNTS`].
pub fn demo_orgs() -> Vec<DemoOrg> {
    let mut orgs: Vec<DemoOrg> = Vec::new();
    for org in DEMO_ACCOUNTS.iter().filter_map(|a| a.org) {
        if !orgs.contains(&org) {
            orgs.push(org);
        }
    }
    orgs
}

/// The public key (hex) of [`DEMO_ED25519_SECRET_HEX`].
pub fn demo_public_key_hex() -> String {
    let mut seed = [0u8; 32];
    hex::decode_to_slice(DEMO_ED25519_SECRET_HEX, &mut seed).expect("valid hex");
    hex::encode(
        ed25519_dalek::SigningKey::from_bytes(&seed)
            .verifying_key()
            .to_bytes(),
    )
}

/// The Ed25519 seed of a demo custodian (staff, supervisors, tenderers, the agency):
/// SHA-256 of `sunbid-demo-key/<person id>`. Published on purpose, like [`DEMO_PASSWORD`]:
/// it guards demo data only. Hex of it is what the custodian page asks for.
pub fn demo_seed(person: &str) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(format!("sunbid-demo-key/{person}").as_bytes()).into()
}

/// A demo custodian's custody key (X25519, hex): the twin of [`demo_seed`]
/// (`seal::ed25519_seed_to_x25519`), published like it.
pub fn demo_custody_key_hex(person: &str) -> String {
    let secret = seal::ed25519_seed_to_x25519(&demo_seed(person));
    hex::encode(seal::x25519_public_key(&secret))
}

/// The demo bank (and guarantee issuer): its Ed25519 key signs deposit notices and
/// guarantees in the demo; seed `demo_seed("demo-bank")`, published like the others.
pub fn demo_bank_key() -> domain::accounts::PublicKey {
    let public = ed25519_dalek::SigningKey::from_bytes(&demo_seed("demo-bank")).verifying_key();
    domain::accounts::PublicKey::parse(KeyAlgorithm::Ed25519, &hex::encode(public.to_bytes()))
        .expect("a valid key")
}

fn id(s: &str) -> PersonId {
    PersonId::parse(s).expect("demo ids are valid")
}

/// Register the demo organisations, people (with [`DEMO_PASSWORD`] and the demo key) and
/// posts, at [`DEMO_ACCOUNTS_AT`] on `clock` (left there). For an empty log, before the
/// demo trades; a second run is refused (`account.already_registered`).
pub async fn seed_accounts(platform: &Platform, clock: &SettableClock) -> Result<(), AppError> {
    clock.set(DEMO_ACCOUNTS_AT);
    // The center first, as `sunbid init` would: the rooms the demo trades book are its own.
    super::seed_center(platform).await?;
    // The center's first registrations have no staff account to act as yet: the records
    // name this setup identity instead.
    let setup = Actor::new("demo-setup", Role::CenterStaff);
    // The people who run the center and its posts are the administrator's.
    let admin_setup = Actor::new("demo-setup", Role::Administrator);
    let meta = Meta::default();
    for org in demo_orgs() {
        let code = org.code();
        let command = OrgCommand::Register {
            code: code.clone(),
            name: org.name(),
            kind: org.kind(),
            region: org.region(),
        };
        crate::accounts::execute_org(platform, code.as_str(), command, &setup, &meta).await?;
    }
    // One hash for all: they share one published password anyway, and 28 argon2 runs
    // would slow every test that seeds the demo.
    let hash = hash_password(DEMO_PASSWORD.to_owned()).await?;
    let activation = Actor::platform();
    for a in DEMO_ACCOUNTS {
        let register = PersonCommand::Register {
            id: id(a.id),
            name: a.name.into(),
            role: a.role,
            org: a.org.map(DemoOrg::code),
            title: None,
        };
        let by = match domain::accounts::runs_center(a.role) {
            true => &admin_setup,
            false => &setup,
        };
        crate::accounts::execute_person(platform, a.id, register, by, &meta).await?;
        let set = PersonCommand::SetPassword { hash: hash.clone() };
        crate::accounts::execute_person(platform, a.id, set, &activation, &meta).await?;
    }
    let add_key = PersonCommand::AddKey {
        algorithm: KeyAlgorithm::Ed25519,
        public_key_hex: demo_public_key_hex(),
    };
    crate::accounts::execute_person(platform, DEMO_KEY_PERSON, add_key, &activation, &meta).await?;
    // Custodian candidates hold keys too, so that openings can be tried (see `demo_seed`);
    // experts, to enter evaluation rooms.
    for a in DEMO_ACCOUNTS.iter().filter(|a| {
        matches!(
            a.role,
            CenterStaff | SupervisorRole | TendererRole | AgencyRole | Expert
        )
    }) {
        let add_key = PersonCommand::AddKey {
            algorithm: KeyAlgorithm::Ed25519,
            public_key_hex: hex::encode(
                ed25519_dalek::SigningKey::from_bytes(&demo_seed(a.id))
                    .verifying_key()
                    .to_bytes(),
            ),
        };
        crate::accounts::execute_person(platform, a.id, add_key, &activation, &meta).await?;
        // Custodians' shares go to their custody keys: here the X25519 twins of their
        // published seeds, so the seed typed on the opening page opens them as before.
        if crate::accounts::may_hold_shares(a.role) {
            let bind = PersonCommand::BindCustodyKey {
                public_key_hex: demo_custody_key_hex(a.id),
            };
            crate::accounts::execute_person(platform, a.id, bind, &activation, &meta).await?;
        }
    }
    for (post, _) in STANDARD_POSTS {
        let assign = PostCommand::Assign {
            post: PostId::parse(post).expect("standard posts are valid ids"),
            primary: id("staff-wang"),
            backup: id("staff-chen"),
        };
        crate::accounts::execute_post(platform, post, assign, &admin_setup, &meta).await?;
    }
    super::seed_pool(platform).await
}
