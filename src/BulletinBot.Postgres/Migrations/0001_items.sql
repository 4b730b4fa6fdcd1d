-- Items and their change sequence, what each source last delivered, and the store's own facts.
CREATE TABLE bb_meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);

-- The newest change number. Its one row is locked by every writing transaction until it commits, so numbers
-- are handed out in commit order (see ChangeSequence).
CREATE TABLE bb_sequence (
    id    int PRIMARY KEY CHECK (id = 1),
    value bigint NOT NULL
);
INSERT INTO bb_sequence (id, value) VALUES (1, 0);

CREATE TABLE bb_items (
    id         text COLLATE "C" PRIMARY KEY,
    sort       text COLLATE "C" NOT NULL,
    seq        bigint NOT NULL,
    source     text NOT NULL,
    title      text NOT NULL,
    paragraphs text[] NOT NULL,
    day        int NULL,
    end_day    int NULL,
    link       text NULL,
    first_seen timestamptz NOT NULL,
    updated    timestamptz NOT NULL
);
CREATE UNIQUE INDEX bb_items_seq ON bb_items (seq);
CREATE INDEX bb_items_sort ON bb_items (sort);
CREATE INDEX bb_items_day ON bb_items (day);

CREATE TABLE bb_sources (
    name  text COLLATE "C" PRIMARY KEY,
    hash  text NOT NULL,
    items int NOT NULL,
    at    timestamptz NOT NULL
);
