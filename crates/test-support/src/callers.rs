//! Who acts in a test: demo people signed in with the demo password (a real session, as a
//! browser gets one), and keys of the test's own for people who must sign.

use app::Meta;
use app::demo::DEMO_PASSWORD;
use domain::accounts::{KeyAlgorithm, PersonCommand};
use domain::{Actor, Role};
use ed25519_dalek::SigningKey;
use sha2::Digest;

use crate::TestApp;

/// A signed-in person: the actor the platform derived at sign-in, the session token (what a
/// client sends as `Authorization: Bearer` or the cookie) and its anti-CSRF token.
#[derive(Debug, Clone)]
pub struct Caller {
    pub actor: Actor,
    pub token: String,
    pub csrf: String,
}

impl TestApp {
    /// Signs `person` in with the demo password (the demo accounts must be there).
    pub async fn sign_in(&self, person: &str) -> Caller {
        let grant = self
            .platform
            .sign_in_password(person, DEMO_PASSWORD, None)
            .await
            .unwrap_or_else(|e| panic!("sign-in of {person}: {e}"));
        Caller {
            actor: grant.info.actor.clone(),
            csrf: grant.info.csrf.clone(),
            token: grant.token,
        }
    }

    /// Registers [`test_key`]`(person)` as one of `person`'s Ed25519 keys and returns it.
    pub async fn add_test_key(&self, person: &str) -> SigningKey {
        let key = test_key(person);
        let add = PersonCommand::AddKey {
            algorithm: KeyAlgorithm::Ed25519,
            public_key_hex: hex::encode(key.verifying_key().to_bytes()),
        };
        app::accounts::execute_person(
            &self.platform,
            person,
            add,
            &Actor::platform(),
            &Meta::default(),
        )
        .await
        .unwrap_or_else(|e| panic!("adding a key for {person}: {e}"));
        key
    }
}

/// A key of the test's own for `person` (not the demo's), the same in every run.
pub fn test_key(person: &str) -> SigningKey {
    SigningKey::from_bytes(&sha2::Sha256::digest(format!("test-key/{person}")).into())
}

/// The center staff actor that manages accounts in tests (`staff-wang` as signed in).
pub fn center_staff() -> Actor {
    Actor::new("staff-wang", Role::CenterStaff).with_org(app::demo::DemoOrg::Center.code().as_str())
}
