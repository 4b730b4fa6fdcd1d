-- Platform updates already taken by some replica (webhook updates delivered twice are answered once).
CREATE TABLE bb_platform_claims (
    stream  text COLLATE "C" NOT NULL,
    id      bigint NOT NULL,
    claimed timestamptz NOT NULL,
    PRIMARY KEY (stream, id)
);
CREATE INDEX bb_platform_claims_claimed ON bb_platform_claims (claimed);
