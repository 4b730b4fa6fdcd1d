-- Which process keeps each unanswered platform update. A process holds a session advisory lock on its owner key for
-- as long as it runs (PostgresInboxOwner), so a row whose owner's lock is free belongs to a process that ended, and a
-- live replica takes it over (IPlatformOffsets.TakeOver). Rows kept before this column have no owner: the first
-- replica that looks takes them.
ALTER TABLE bb_platform_inbox ADD COLUMN owner bigint;
