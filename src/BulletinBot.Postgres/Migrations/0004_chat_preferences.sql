-- What each chat chose for itself (the language command), shared by every replica.
CREATE TABLE bb_chat_preferences (
    chat     text COLLATE "C" PRIMARY KEY,
    language text NOT NULL
);
