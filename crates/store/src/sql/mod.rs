//! What the SQL backends share (feature `sql`): the codec between port types and columns,
//! every statement that is the same on SQLite and PostgreSQL (all but the append's), and the [`crate::Store`]
//! implementation itself. A backend implements [`Backend`]: its pools, its byte-order collation,
//! and its own append transaction (the part where the two really
//! differ: SQLite's one writer, PostgreSQL's row lock); migrations stay in the backend too.
//!
//! Statements use `$N` placeholders, which PostgreSQL takes and sqlx's SQLite driver reads as
//! the N-th argument, so one text serves both.

pub mod bench;
pub mod codec;
mod driver;
pub mod migrate;
mod port;
mod read;
mod sessions;
pub mod write;

use async_trait::async_trait;
use sqlx::Pool;

use crate::Appended;
pub use codec::{Cells, Prepared};
pub use driver::{Args, Driver, Exec, db};
pub use write::{Failure, cache};

/// A SQL backend. Every `Backend` is a [`crate::Store`] (see `port`).
#[async_trait]
pub trait Backend: Send + Sync + 'static {
    type Db: Driver;

    /// Names the backend in traces (`store.append{backend=...}`).
    const NAME: &'static str;

    /// What follows a text column to compare it in byte (code point) order, as stream
    /// prefixes need: the one thing the two spell differently.
    const BYTE_ORDER: &'static str;

    /// Where reads go.
    fn read_pool(&self) -> &Pool<Self::Db>;

    /// Where session and checkpoint writes go.
    fn write_pool(&self) -> &Pool<Self::Db> {
        self.read_pool()
    }

    /// One atomic append of a prepared batch (streams checked at their expected versions,
    /// events at the next seqs, the head advanced, projections written), or nothing: on
    /// `Err` the transaction is over. A `Failure::Taken` is named by the caller afterwards.
    async fn write(&self, prepared: &Prepared) -> Result<Appended, Failure>;
}
