-- When a paced act (a Discord Identify, one per bucket per 5 s) last happened, by the server's clock, shared by the
-- replicas (IPaceMarks): a lease dies with its holder at once, a mark does not, so the next replica still waits.
CREATE TABLE bb_pace_marks (
    name text PRIMARY KEY,
    at timestamptz NOT NULL
);
