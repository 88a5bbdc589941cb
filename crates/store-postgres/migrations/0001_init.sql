-- The event log (the truth), the Merkle tree head kept with it, signed checkpoints and
-- projections. Same tables as the SQLite backend. JSON is kept as TEXT, not JSONB: JSONB
-- would re-order keys and re-format numbers, and the stored text should be exactly what the
-- writer serialised. Text that is ordered (projection kind/key) uses the "C" collation, so
-- order is byte order whatever the database's locale, as in SQLite.
-- Hash lengths are deliberately not CHECKed: the reader reports a wrong length as a corrupt
-- row, and tamper tests need to be able to write one.

CREATE TABLE events (
    seq          BIGINT PRIMARY KEY,       -- global position = Merkle leaf index, gapless from 0
    stream       TEXT   NOT NULL,
    version      BIGINT NOT NULL,          -- 1-based within the stream
    kind         TEXT   NOT NULL,
    payload      TEXT   NOT NULL,          -- serde_json::to_string of the payload
    actor        TEXT   NOT NULL,
    role         TEXT   NOT NULL,
    on_behalf_of TEXT,
    at_us        BIGINT NOT NULL,          -- UTC microseconds
    ip           TEXT,
    leaf_hash    BYTEA  NOT NULL,          -- RFC 6962 leaf hash of the canonical bytes
    UNIQUE (stream, version)               -- also the index behind stream reads
);

-- One row: the tree over events [0, size). Appenders lock it (SELECT ... FOR UPDATE) before
-- assigning seqs, which serialises them across every server sharing the database.
-- `frontier` is ledger::Frontier::to_bytes() (8-byte big-endian size, then the subtree
-- roots), so it starts as 8 zero bytes; `root` starts as SHA-256 of the empty string
-- (RFC 6962 MTH({})).
CREATE TABLE tree_head (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    size     BIGINT NOT NULL,
    root     BYTEA  NOT NULL,
    frontier BYTEA  NOT NULL
);

INSERT INTO tree_head (id, size, root, frontier)
VALUES (
    1,
    0,
    decode('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'hex'),
    decode('0000000000000000', 'hex')
);

CREATE TABLE checkpoints (
    size BIGINT PRIMARY KEY,
    root BYTEA  NOT NULL,
    note TEXT   NOT NULL                   -- the signed note exactly as published
);

CREATE TABLE projections (
    kind TEXT COLLATE "C" NOT NULL,
    key  TEXT COLLATE "C" NOT NULL,
    doc  TEXT NOT NULL,                    -- serde_json::to_string of the document
    PRIMARY KEY (kind, key)
);
