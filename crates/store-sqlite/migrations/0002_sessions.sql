-- Signed-in sessions. Not part of the record: no events, not re-derived by verify
-- (app::verify::EXEMPT); emptying the table only signs everybody out. Only the SHA-256 of a
-- session token is stored; the raw token lives in the client's cookie.

CREATE TABLE sessions (
    token_hash BLOB    PRIMARY KEY,        -- SHA-256 of the 32-byte random token
    person     TEXT    NOT NULL,
    role       TEXT    NOT NULL,
    org        TEXT,
    csrf       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,           -- UTC microseconds, like events.at_us
    expires_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL
) STRICT;

-- Signing a person out everywhere (disabled, password changed), and purging expired rows.
CREATE INDEX sessions_person ON sessions (person);
CREATE INDEX sessions_expires ON sessions (expires_at);
