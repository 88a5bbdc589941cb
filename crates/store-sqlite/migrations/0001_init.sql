-- The event log (the truth), the Merkle tree head kept with it, signed checkpoints and
-- projections. STRICT tables so that a value of the wrong type is refused, not coerced.
-- Hash lengths are deliberately not CHECKed: the reader reports a wrong length as a corrupt
-- row, and tamper tests need to be able to write one.

CREATE TABLE events (
    seq          INTEGER PRIMARY KEY,      -- global position = Merkle leaf index, gapless from 0
    stream       TEXT    NOT NULL,
    version      INTEGER NOT NULL,         -- 1-based within the stream
    kind         TEXT    NOT NULL,
    payload      TEXT    NOT NULL,         -- serde_json::to_string of the payload
    actor        TEXT    NOT NULL,
    role         TEXT    NOT NULL,
    on_behalf_of TEXT,
    at_us        INTEGER NOT NULL,         -- UTC microseconds
    ip           TEXT,
    leaf_hash    BLOB    NOT NULL,         -- RFC 6962 leaf hash of the canonical bytes
    UNIQUE (stream, version)               -- also the index behind stream reads
) STRICT;

-- One row: the tree over events [0, size). `frontier` is ledger::Frontier::to_bytes() (8-byte
-- big-endian size, then the subtree roots), so it starts as 8 zero bytes; `root` starts as
-- SHA-256 of the empty string (RFC 6962 MTH({})).
CREATE TABLE tree_head (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    size     INTEGER NOT NULL,
    root     BLOB    NOT NULL,
    frontier BLOB    NOT NULL
) STRICT;

INSERT INTO tree_head (id, size, root, frontier)
VALUES (1, 0, X'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', X'0000000000000000');

CREATE TABLE checkpoints (
    size INTEGER PRIMARY KEY,
    root BLOB    NOT NULL,
    note TEXT    NOT NULL                  -- the signed note exactly as published
) STRICT;

CREATE TABLE projections (
    kind TEXT NOT NULL,
    key  TEXT NOT NULL,
    doc  TEXT NOT NULL,                    -- serde_json::to_string of the document
    PRIMARY KEY (kind, key)
) STRICT, WITHOUT ROWID;
