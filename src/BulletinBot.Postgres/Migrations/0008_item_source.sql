-- Each item records the configured source it was read from (the seeds folder as "seeds", a web source by its URL),
-- for the sources command and source: filters. An item stored before is given the one the source states make plain:
-- the seeds for an item without a link (web sources link their items), else the one web source on its link's host.
-- An item neither fits stays without, and learns its source when its page is next read.
ALTER TABLE bb_items ADD COLUMN origin text COLLATE "C" NULL;

UPDATE bb_items SET origin = 'seeds'
WHERE link IS NULL AND EXISTS (SELECT 1 FROM bb_sources WHERE starts_with(name, 'seeds/'));

-- A web source's page is named by its URL, so its state is 'url/url'.
WITH web AS (
    SELECT DISTINCT left(name, (length(name) - 1) / 2) AS url
    FROM bb_sources
    WHERE length(name) % 2 = 1
      AND substr(name, (length(name) + 1) / 2, 1) = '/'
      AND left(name, (length(name) - 1) / 2) = right(name, (length(name) - 1) / 2)
      AND name ~ '^https?://'
), hosts AS (
    SELECT lower(substring(url FROM '^https?://(?:[^@/]*@)?([^:/?#]+)')) AS host, min(url) AS url
    FROM web
    GROUP BY 1
    HAVING count(*) = 1
)
UPDATE bb_items i SET origin = h.url
FROM hosts h
WHERE i.link IS NOT NULL AND i.origin IS NULL
  AND lower(substring(i.link FROM '^https?://(?:[^@/]*@)?([^:/?#]+)')) = h.host;

CREATE INDEX bb_items_origin ON bb_items (origin);
