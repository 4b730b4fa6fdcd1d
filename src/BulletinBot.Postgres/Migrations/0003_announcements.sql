-- Announcement targets (configured ones and chats' subscriptions) and the outbox of rows to deliver to them.
CREATE TABLE bb_targets (
    key       text COLLATE "C" PRIMARY KEY,
    origin    text NOT NULL,
    platform  text NOT NULL,
    chat      text NOT NULL,
    thread    text NULL,
    filter    text NOT NULL,
    active    boolean NOT NULL,
    disabled  text NULL,
    delivered bigint NOT NULL DEFAULT 0,
    created   timestamptz NOT NULL,
    -- A subscription's number (its key is sub:number); orders a chat's subscriptions made at one instant.
    number    bigint NULL
);
CREATE INDEX bb_targets_chat ON bb_targets (chat);

-- One row per item and target. Numbers come from the checkpoint outbox:last-row, whose row each queueing transaction
-- locks until it commits, so they are in commit order (see PostgresOutbox); a target's pending rows are read by number.
CREATE TABLE bb_outbox (
    number   bigint PRIMARY KEY,
    target   text COLLATE "C" NOT NULL,
    item     text NOT NULL,
    edit     boolean NOT NULL,
    pending  boolean NOT NULL,
    due      timestamptz NOT NULL,
    attempts int NOT NULL DEFAULT 0,
    batch    text NULL,
    size     int NULL,
    error    text NULL,
    sent     timestamptz NULL,
    message  text NULL
);
CREATE INDEX bb_outbox_queue ON bb_outbox (target, number) WHERE pending;

-- Updates taken from a platform's stream (its offset is the checkpoint {stream}.offset) and not answered yet.
CREATE TABLE bb_platform_inbox (
    stream  text COLLATE "C" NOT NULL,
    id      bigint NOT NULL,
    lane    text NOT NULL,
    payload text NOT NULL,
    PRIMARY KEY (stream, id)
);
