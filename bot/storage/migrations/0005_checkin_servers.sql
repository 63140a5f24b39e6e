-- Check-ins in a server: where members may share them (opt-in, one check-in at a time).
CREATE TABLE checkin_servers (
    guild_id INTEGER PRIMARY KEY REFERENCES guilds (guild_id) ON DELETE CASCADE,
    channel_id INTEGER
);

-- Whether moderators hear about crisis-matching notes in private check-ins. Off by default: a
-- check-in is the member's own journal, so it takes both this and the member having been told.
ALTER TABLE crisis_settings ADD COLUMN checkin_alerts INTEGER NOT NULL DEFAULT 0
    CHECK (checkin_alerts IN (0, 1));

-- Members who were shown, in a server, that their check-in notes may reach its moderators.
CREATE TABLE checkin_alert_notices (
    guild_id INTEGER NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL,
    told_at TEXT NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
