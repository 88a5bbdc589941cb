//! Sessions (see `store::Session`): plain rows outside the log. Writes go through the one
//! writer connection like appends do (SQLite has one writer anyway); reads use the readers.

use sqlx::SqlitePool;
use store::{Session, StoreError};

use crate::codec::corrupt;
use crate::db;

type Row = (
    Vec<u8>,
    String,
    String,
    Option<String>,
    String,
    i64,
    i64,
    i64,
);

pub(crate) async fn create(pool: &SqlitePool, s: &Session) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, person, role, org, csrf, created_at, expires_at, last_seen) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(s.token_hash.as_slice())
    .bind(&s.person)
    .bind(&s.role)
    .bind(&s.org)
    .bind(&s.csrf)
    .bind(s.created_us)
    .bind(s.expires_us)
    .bind(s.last_seen_us)
    .execute(pool)
    .await
    .map_err(db)?;
    Ok(())
}

pub(crate) async fn get(
    pool: &SqlitePool,
    token_hash: &[u8; 32],
    now_us: i64,
) -> Result<Option<Session>, StoreError> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT token_hash, person, role, org, csrf, created_at, expires_at, last_seen \
         FROM sessions WHERE token_hash = ? AND expires_at > ?",
    )
    .bind(token_hash.as_slice())
    .bind(now_us)
    .fetch_optional(pool)
    .await
    .map_err(db)?;
    row.map(session).transpose()
}

fn session(row: Row) -> Result<Session, StoreError> {
    let (hash, person, role, org, csrf, created_us, expires_us, last_seen_us) = row;
    // The key names the person, never the token hash: it may end up in a log line.
    let token_hash = <[u8; 32]>::try_from(hash.as_slice()).map_err(|_| {
        corrupt(
            "sessions",
            &format!("person={person}"),
            format!("token_hash has {} bytes, not 32", hash.len()),
        )
    })?;
    Ok(Session {
        token_hash,
        person,
        role,
        org,
        csrf,
        created_us,
        expires_us,
        last_seen_us,
    })
}

pub(crate) async fn touch(
    pool: &SqlitePool,
    token_hash: &[u8; 32],
    last_seen_us: i64,
    expires_us: i64,
) -> Result<bool, StoreError> {
    let done =
        sqlx::query("UPDATE sessions SET last_seen = ?, expires_at = ? WHERE token_hash = ?")
            .bind(last_seen_us)
            .bind(expires_us)
            .bind(token_hash.as_slice())
            .execute(pool)
            .await
            .map_err(db)?;
    Ok(done.rows_affected() > 0)
}

pub(crate) async fn delete(pool: &SqlitePool, token_hash: &[u8; 32]) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
        .bind(token_hash.as_slice())
        .execute(pool)
        .await
        .map_err(db)?;
    Ok(())
}

pub(crate) async fn delete_person(pool: &SqlitePool, person: &str) -> Result<u64, StoreError> {
    let done = sqlx::query("DELETE FROM sessions WHERE person = ?")
        .bind(person)
        .execute(pool)
        .await
        .map_err(db)?;
    Ok(done.rows_affected())
}

pub(crate) async fn purge_expired(pool: &SqlitePool, now_us: i64) -> Result<u64, StoreError> {
    let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= ?")
        .bind(now_us)
        .execute(pool)
        .await
        .map_err(db)?;
    Ok(done.rows_affected())
}
