//! Sessions (see `Session`): plain rows outside the log. They take no lock on the tree head,
//! so sign-ins never wait for appends. The backend says which pool writes them (SQLite's one
//! writer connection, like appends).

use sqlx::Pool;

use super::codec::{self, session_columns};
use super::driver::{Args, Driver, execute, fetch_optional};
use crate::{Session, StoreError};

pub async fn create<D: Driver>(pool: &Pool<D>, s: &Session) -> Result<(), StoreError> {
    let sql = concat!(
        "INSERT INTO sessions (",
        session_columns!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    );
    let args = Args::default()
        .bytes(s.token_hash.as_slice())?
        .text(&s.person)?
        .text(&s.role)?
        .opt_text(s.org.as_deref())?
        .text(&s.csrf)?
        .int(s.created_us)?
        .int(s.expires_us)?
        .int(s.last_seen_us)?;
    execute(pool, sql, args).await?;
    Ok(())
}

pub async fn get<D: Driver>(
    pool: &Pool<D>,
    token_hash: &[u8; 32],
    now_us: i64,
) -> Result<Option<Session>, StoreError> {
    let sql = concat!(
        "SELECT ",
        session_columns!(),
        " FROM sessions WHERE token_hash = $1 AND expires_at > $2"
    );
    let args = Args::default().bytes(token_hash.as_slice())?.int(now_us)?;
    let row = fetch_optional(pool, sql, args).await?;
    row.as_ref().map(codec::session).transpose()
}

pub async fn touch<D: Driver>(
    pool: &Pool<D>,
    token_hash: &[u8; 32],
    last_seen_us: i64,
    expires_us: i64,
) -> Result<bool, StoreError> {
    let sql = "UPDATE sessions SET last_seen = $1, expires_at = $2 WHERE token_hash = $3";
    let args = Args::default()
        .int(last_seen_us)?
        .int(expires_us)?
        .bytes(token_hash.as_slice())?;
    Ok(execute(pool, sql, args).await? > 0)
}

pub async fn delete<D: Driver>(pool: &Pool<D>, token_hash: &[u8; 32]) -> Result<(), StoreError> {
    let sql = "DELETE FROM sessions WHERE token_hash = $1";
    execute(pool, sql, Args::default().bytes(token_hash.as_slice())?).await?;
    Ok(())
}

pub async fn delete_person<D: Driver>(pool: &Pool<D>, person: &str) -> Result<u64, StoreError> {
    let sql = "DELETE FROM sessions WHERE person = $1";
    execute(pool, sql, Args::default().text(person)?).await
}

pub async fn purge_expired<D: Driver>(pool: &Pool<D>, now_us: i64) -> Result<u64, StoreError> {
    let sql = "DELETE FROM sessions WHERE expires_at <= $1";
    execute(pool, sql, Args::default().int(now_us)?).await
}
