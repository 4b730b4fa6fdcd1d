-- The language a chat spoke when it subscribed: its announcements and digests are written in it, unless the chat
-- chose another with the language command (bb_chat_preferences). Null for configured targets and older subscriptions.
ALTER TABLE bb_targets ADD COLUMN language text;
