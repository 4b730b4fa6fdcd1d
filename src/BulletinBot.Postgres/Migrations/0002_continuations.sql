-- Each chat's listing pages, so "next" and a paging button resume a listing on whichever replica receives them.
CREATE TABLE bb_continuations (
    token    text COLLATE "C" PRIMARY KEY,
    chat     text NOT NULL,
    kind     text NOT NULL,
    argument text NOT NULL,
    size     int NOT NULL,
    first    int NOT NULL,
    after    text NULL,
    shown    text[] NOT NULL,
    previous text NULL,
    expires  timestamptz NOT NULL
);
CREATE INDEX bb_continuations_expires ON bb_continuations (expires);

-- What each chat sees now: the page and the page after it.
CREATE TABLE bb_current_pages (
    chat    text COLLATE "C" PRIMARY KEY,
    page    text NOT NULL,
    next    text NULL,
    expires timestamptz NOT NULL
);

-- Named numbers: how far a shared consumer of the change sequence got, a platform's update offset.
CREATE TABLE bb_checkpoints (
    name  text COLLATE "C" PRIMARY KEY,
    value bigint NOT NULL
);
