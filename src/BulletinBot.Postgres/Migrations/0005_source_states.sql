-- The web sources' conditional-GET validators by URL, shared by every replica, so the leader that takes over after
-- another still asks "modified since?" instead of fetching every page in full.
CREATE TABLE bb_source_validators (
    url      text COLLATE "C" PRIMARY KEY,
    etag     text,
    modified timestamptz
);
