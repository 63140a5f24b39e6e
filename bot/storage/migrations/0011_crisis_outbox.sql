-- Moderator alerts and in-channel support buttons wait here until Discord has accepted them, so a
-- rate limit, an outage or a restart delays them but never loses one. A row is deleted only after
-- its message was sent. Rows hold a member id and a jump link (never message text), and only
-- until delivery.
CREATE TABLE crisis_outbox (
    -- Never reused: a batch's ids make its nonce, which Discord remembers for a few minutes.
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id INTEGER NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    channel_id INTEGER NOT NULL,
    -- alert: a moderator alert (alert_id, title, details); nudge: the in-channel support button
    -- for a member whose DMs are closed (reply_to, user_id, event_id, card, language).
    kind TEXT NOT NULL CHECK (kind IN ('alert', 'nudge')),
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);

CREATE INDEX crisis_outbox_due ON crisis_outbox (due_at);
