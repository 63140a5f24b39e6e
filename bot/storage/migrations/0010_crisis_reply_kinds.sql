-- Which card started a member's cooldown, so that a cooldown only holds back the same or a lesser
-- one: a crisis after a "worried about someone" card is answered in full. Rows from before this
-- didn't say; they count as the lesser card, so nobody's crisis reply is held back by them.
ALTER TABLE crisis_cooldowns ADD COLUMN last_reply_kind TEXT NOT NULL DEFAULT 'concern'
    CHECK (last_reply_kind IN ('crisis', 'concern'));

-- When a member last got the short "still here" line (a repeat nobody else hears about, or a member
-- who turned automatic replies off in a server with no moderators to tell): once per cooldown.
CREATE TABLE crisis_still_here (
    guild_id INTEGER NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
