//! Sessions: create, read back until expiry, slide the expiry, delete one, delete all of a
//! person, purge the expired. Sessions live outside the log, so none of this touches it.

use store::{Session, Store};

fn session(byte: u8, person: &str, expires_us: i64) -> Session {
    Session {
        token_hash: [byte; 32],
        person: person.to_owned(),
        role: "bidder".to_owned(),
        org: Some("91320100MA0000001X".to_owned()),
        csrf: format!("csrf-{byte}"),
        created_us: 1_000,
        expires_us,
        last_seen_us: 1_000,
    }
}

pub async fn sessions_create_get_expire<S: Store + 'static>(store: S) {
    let a = session(1, "bidder-1", 10_000);
    store.create_session(&a).await.unwrap();
    assert_eq!(
        store.session(&[1; 32], 5_000).await.unwrap(),
        Some(a.clone())
    );
    // Expired (at or after expires_us): as if it did not exist.
    assert_eq!(store.session(&[1; 32], 10_000).await.unwrap(), None);
    assert_eq!(store.session(&[9; 32], 5_000).await.unwrap(), None);
    // A token hash is unique.
    assert!(store.create_session(&a).await.is_err());
    // A person without an organisation.
    let mut staff = session(2, "staff-wang", 10_000);
    staff.org = None;
    store.create_session(&staff).await.unwrap();
    assert_eq!(store.session(&[2; 32], 1).await.unwrap(), Some(staff));
    // Nothing reached the log.
    assert_eq!(store.tree_head().await.unwrap().size, 0);
    assert!(store.all_projections().await.unwrap().is_empty());
}

pub async fn sessions_touch_slides_expiry<S: Store + 'static>(store: S) {
    store
        .create_session(&session(3, "bidder-1", 10_000))
        .await
        .unwrap();
    assert!(store.touch_session(&[3; 32], 9_000, 20_000).await.unwrap());
    let s = store.session(&[3; 32], 15_000).await.unwrap().unwrap();
    assert_eq!((s.last_seen_us, s.expires_us), (9_000, 20_000));
    assert_eq!(s.created_us, 1_000);
    assert!(!store.touch_session(&[4; 32], 9_000, 20_000).await.unwrap());
}

pub async fn sessions_delete_one_person_and_expired<S: Store + 'static>(store: S) {
    for (byte, person, expires) in [
        (1, "bidder-1", 10_000),
        (2, "bidder-1", 10_000),
        (3, "bidder-2", 10_000),
        (4, "bidder-3", 2_000),
    ] {
        store
            .create_session(&session(byte, person, expires))
            .await
            .unwrap();
    }
    store.delete_session(&[3; 32]).await.unwrap();
    store.delete_session(&[3; 32]).await.unwrap(); // deleting twice is fine
    assert_eq!(store.session(&[3; 32], 5).await.unwrap(), None);
    assert_eq!(store.delete_person_sessions("bidder-1").await.unwrap(), 2);
    assert_eq!(store.session(&[1; 32], 5).await.unwrap(), None);
    assert_eq!(store.session(&[2; 32], 5).await.unwrap(), None);
    assert_eq!(store.delete_person_sessions("nobody").await.unwrap(), 0);
    // Purge removes only what has expired.
    store
        .create_session(&session(5, "bidder-4", 50_000))
        .await
        .unwrap();
    assert_eq!(store.purge_expired_sessions(3_000).await.unwrap(), 1);
    assert!(store.session(&[5; 32], 3_000).await.unwrap().is_some());
    assert_eq!(store.purge_expired_sessions(3_000).await.unwrap(), 0);
}
