-- Checkpoints are numbered in their signed note (the `sunbid-chain` extension line: number,
-- previous size, previous root). The column copies that number so that two servers on one
-- database can never store two checkpoints with one number; `verify` reads the signed note,
-- not this column. Checkpoints signed before numbering keep NULL.

ALTER TABLE checkpoints ADD COLUMN number INTEGER;

CREATE UNIQUE INDEX checkpoints_number ON checkpoints (number);
