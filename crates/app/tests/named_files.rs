//! Every file a command names must be in the blob folder with exactly those bytes before the
//! command is accepted: otherwise the append-only log would name a file `verify` never finds,
//! and `verify` would fail from then on (issue 12).
use app::demo::{agency, staff};
use app::{AppError, Meta};
use domain::trade::{TradeCommand, VenueBooking};
use domain::{BlobRef, RoomId, TradeId};
use test_support::*;
use time::macros::datetime;

/// A registered and accepted trade with its venue booked: next comes the upload of the
/// tender documents.
async fn trade_ready_for_documents(w: &TestApp) -> TradeId {
    let trade = TradeId::parse("T-FILES-1").unwrap();
    let meta = Meta::default();
    app::trades::execute(&w.platform, &trade, register("T-FILES-1"), &agency(), &meta)
        .await
        .unwrap();
    let accept = TradeCommand::Accept {
        deferred: vec![],
        pledge: None,
    };
    app::trades::execute(&w.platform, &trade, accept, &staff(), &meta)
        .await
        .unwrap();
    w.clock.set(datetime!(2026-03-03 10:00 +8));
    let booking = TradeCommand::BookVenue(VenueBooking {
        opening_room: RoomId::parse("opening-7").unwrap(),
        opening_at: datetime!(2026-03-26 09:30 +8),
        evaluation_room: RoomId::parse("evaluation-7").unwrap(),
        evaluation_from: datetime!(2026-03-26 13:00 +8),
        evaluation_to: datetime!(2026-03-26 17:00 +8),
    });
    app::trades::execute(&w.platform, &trade, booking, &staff(), &meta)
        .await
        .unwrap();
    trade
}

async fn upload(w: &TestApp, trade: &TradeId, file: BlobRef) -> Result<app::Outcome, AppError> {
    app::trades::execute(
        &w.platform,
        trade,
        TradeCommand::UploadTenderDocuments {
            file,
            evaluation: None,
        },
        &agency(),
        &Meta::default(),
    )
    .await
}

/// A file stored in the blob folder, and its reference.
fn stored(w: &TestApp, name: &str, bytes: &[u8]) -> BlobRef {
    w.platform.blobs().put(bytes).unwrap();
    app::trades::file_ref(name, bytes).unwrap()
}

async fn files_named_must_be_stored(backend: Backend) {
    let w = TestApp::with_accounts(&backend).await;
    let trade = trade_ready_for_documents(&w).await;
    let size_before = w.platform.store().tree_head().await.unwrap().size;

    // An invented hash: no such file was ever stored.
    let invented = BlobRef::new(&"ab".repeat(32), 1234, "tender.pdf").unwrap();
    let err = upload(&w, &trade, invented).await.unwrap_err();
    assert_eq!(err.code(), "file.not_stored", "{err}");

    // A stored file named with another size.
    let real = stored(&w, "tender.txt", b"tender documents");
    let mut wrong_size = real.clone();
    wrong_size.size += 1;
    let err = upload(&w, &trade, wrong_size).await.unwrap_err();
    assert_eq!(err.code(), "file.mismatch", "{err}");

    // A stored file whose bytes changed on disk since: it no longer is what its name says.
    let changed = stored(&w, "other.txt", b"other documents");
    let path = w
        .platform
        .blobs()
        .root()
        .join(&changed.sha256.as_str()[..2])
        .join(changed.sha256.as_str());
    std::fs::write(&path, b"other documentz").unwrap();
    let err = upload(&w, &trade, changed).await.unwrap_err();
    assert_eq!(err.code(), "file.mismatch", "{err}");
    std::fs::remove_file(&path).unwrap();

    // None of the refusals wrote anything; the log still verifies.
    assert_eq!(
        w.platform.store().tree_head().await.unwrap().size,
        size_before
    );
    w.platform.verify(None).await.unwrap();

    // The stored file, named as it is, is accepted, and verify still passes.
    upload(&w, &trade, real).await.unwrap();
    w.platform.verify(None).await.unwrap();
}

on_both_backends!(files_named_must_be_stored);
