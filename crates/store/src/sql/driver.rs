//! What the shared code needs of a sqlx driver: bind the schema's column types, read them
//! back, run a statement on one of its connections and count the rows it changed.
//! [`Driver`] states it as bounds on the driver's associated types, which the compiler
//! carries to every `D: Driver` (a `where` clause would have to be repeated on each generic
//! function). The blanket impls below meet them for any driver, except [`Affected`]: sqlx
//! has no trait for it, so it is implemented for the two drivers we run on.

use sqlx::migrate::Migrate;
use sqlx::postgres::PgQueryResult;
use sqlx::sqlite::SqliteQueryResult;
use sqlx::{
    Arguments, ColumnIndex, Connection, Database, Decode, Encode, Executor, IntoArguments, Pool,
    Row, SqlSafeStr, Type,
};

use ledger::Hash;

use super::codec::{Cells, Head, NewEvent, to_i64};
use crate::StoreError;

/// A sqlx driver the shared SQL code runs on.
pub trait Driver:
    Database<Arguments: Binds, Row: Cells, Connection: Exec + Migrate, QueryResult: Affected>
{
}

impl<D> Driver for D where
    D: Database<Arguments: Binds, Row: Cells, Connection: Exec + Migrate, QueryResult: Affected>
{
}

/// Runs a statement on a connection of `pool` and returns its rows.
pub async fn fetch_all<D: Driver>(
    pool: &Pool<D>,
    sql: impl SqlSafeStr,
    args: Args<D>,
) -> Result<Vec<D::Row>, StoreError> {
    let mut conn = pool.acquire().await.map_err(db)?;
    let query = sqlx::query_with(sql, args);
    query.fetch_all(conn.exec()).await.map_err(db)
}

/// Runs a statement that selects at most one row (by key, or with `LIMIT 1`).
pub async fn fetch_optional<D: Driver>(
    pool: &Pool<D>,
    sql: impl SqlSafeStr,
    args: Args<D>,
) -> Result<Option<D::Row>, StoreError> {
    Ok(fetch_all(pool, sql, args).await?.into_iter().next())
}

/// Runs a statement and returns how many rows it changed.
pub async fn execute<D: Driver>(
    pool: &Pool<D>,
    sql: impl SqlSafeStr,
    args: Args<D>,
) -> Result<u64, StoreError> {
    let mut conn = pool.acquire().await.map_err(db)?;
    let query = sqlx::query_with(sql, args);
    let done = query.execute(conn.exec()).await.map_err(db)?;
    Ok(done.rows_affected())
}

/// Any driver error the port has no better name for.
pub fn db(e: sqlx::Error) -> StoreError {
    StoreError::Backend(e.to_string())
}

/// A connection that runs statements (`&mut` connection is the sqlx executor).
pub trait Exec: Connection {
    fn exec(&mut self) -> impl Executor<'_, Database = Self::Database>;
}

impl<C: Connection> Exec for C
where
    for<'c> &'c mut C: Executor<'c, Database = C::Database>,
{
    fn exec(&mut self) -> impl Executor<'_, Database = Self::Database> {
        self
    }
}

/// The rows a statement changed: each driver has the method, but no trait names it.
pub trait Affected {
    fn rows_affected(&self) -> u64;
}

impl Affected for SqliteQueryResult {
    fn rows_affected(&self) -> u64 {
        SqliteQueryResult::rows_affected(self)
    }
}

impl Affected for PgQueryResult {
    fn rows_affected(&self) -> u64 {
        PgQueryResult::rows_affected(self)
    }
}

/// Binding the schema's column types (sqlx's `add` wants the encoding bounds at each call).
pub trait Binds {
    fn int(&mut self, value: i64) -> Result<(), StoreError>;
    fn opt_int(&mut self, value: Option<i64>) -> Result<(), StoreError>;
    fn text(&mut self, value: &str) -> Result<(), StoreError>;
    fn opt_text(&mut self, value: Option<&str>) -> Result<(), StoreError>;
    fn bytes(&mut self, value: &[u8]) -> Result<(), StoreError>;
}

impl<A: Arguments> Binds for A
where
    i64: for<'t> Encode<'t, A::Database> + Type<A::Database>,
    Option<i64>: for<'t> Encode<'t, A::Database> + Type<A::Database>,
    for<'t> &'t str: Encode<'t, A::Database> + Type<A::Database>,
    for<'t> Option<&'t str>: Encode<'t, A::Database> + Type<A::Database>,
    for<'t> &'t [u8]: Encode<'t, A::Database> + Type<A::Database>,
{
    fn int(&mut self, value: i64) -> Result<(), StoreError> {
        self.add(value).map_err(bind)
    }
    fn opt_int(&mut self, value: Option<i64>) -> Result<(), StoreError> {
        self.add(value).map_err(bind)
    }
    fn text(&mut self, value: &str) -> Result<(), StoreError> {
        self.add(value).map_err(bind)
    }
    fn opt_text(&mut self, value: Option<&str>) -> Result<(), StoreError> {
        self.add(value).map_err(bind)
    }
    fn bytes(&mut self, value: &[u8]) -> Result<(), StoreError> {
        self.add(value).map_err(bind)
    }
}

fn bind(e: sqlx::error::BoxDynError) -> StoreError {
    StoreError::Backend(format!("bind: {e}"))
}

impl<R: Row> Cells for R
where
    usize: ColumnIndex<R>,
    i64: for<'r> Decode<'r, R::Database> + Type<R::Database>,
    String: for<'r> Decode<'r, R::Database> + Type<R::Database>,
    Vec<u8>: for<'r> Decode<'r, R::Database> + Type<R::Database>,
{
    fn int(&self, i: usize) -> Result<i64, StoreError> {
        cell(self, i)
    }
    fn text(&self, i: usize) -> Result<String, StoreError> {
        cell(self, i)
    }
    fn opt_text(&self, i: usize) -> Result<Option<String>, StoreError> {
        cell(self, i)
    }
    fn bytes(&self, i: usize) -> Result<Vec<u8>, StoreError> {
        cell(self, i)
    }
}

fn cell<'r, R: Row, T>(row: &'r R, i: usize) -> Result<T, StoreError>
where
    usize: ColumnIndex<R>,
    T: Decode<'r, R::Database> + Type<R::Database>,
{
    row.try_get(i).map_err(db)
}

/// A statement's arguments: what the driver binds, plus the rows the schema has.
pub struct Args<D: Driver>(D::Arguments);

impl<D: Driver> Default for Args<D> {
    fn default() -> Self {
        Args(D::Arguments::default())
    }
}

impl<D: Driver> IntoArguments<D> for Args<D> {
    fn into_arguments(self) -> D::Arguments {
        self.0
    }
}

impl<D: Driver> Args<D> {
    pub fn int(mut self, value: i64) -> Result<Self, StoreError> {
        self.0.int(value)?;
        Ok(self)
    }
    pub fn opt_int(mut self, value: Option<i64>) -> Result<Self, StoreError> {
        self.0.opt_int(value)?;
        Ok(self)
    }
    pub fn text(mut self, value: &str) -> Result<Self, StoreError> {
        self.0.text(value)?;
        Ok(self)
    }
    pub fn opt_text(mut self, value: Option<&str>) -> Result<Self, StoreError> {
        self.0.opt_text(value)?;
        Ok(self)
    }
    pub fn bytes(mut self, value: &[u8]) -> Result<Self, StoreError> {
        self.0.bytes(value)?;
        Ok(self)
    }

    /// An `events` row at `seq`, in [`crate::event_columns!`] order.
    pub fn event(self, seq: u64, e: &NewEvent) -> Result<Self, StoreError> {
        let r = &e.record;
        self.int(to_i64("seq", seq)?)?
            .text(&r.stream)?
            .int(e.version)?
            .text(&r.kind)?
            .text(&e.payload)?
            .text(&r.actor)?
            .text(&r.role)?
            .opt_text(r.on_behalf_of.as_deref())?
            .int(r.at_us)?
            .opt_text(r.ip.as_deref())?
            .bytes(e.leaf.0.as_slice())
    }

    /// The new tree head: `size, root, frontier` (`root` is the frontier's).
    pub fn head(self, head: &Head, root: &Hash) -> Result<Self, StoreError> {
        self.int(to_i64("size", head.size)?)?
            .bytes(root.0.as_slice())?
            .bytes(&head.frontier.to_bytes())
    }
}
