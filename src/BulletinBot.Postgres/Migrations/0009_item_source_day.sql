-- An item with a new id may correct a stored one of its source and day (EditMatcher): they are found through this
-- index, not among every source's items of that day.
CREATE INDEX bb_items_source_day ON bb_items (source, day);
