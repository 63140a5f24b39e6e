-- Per-member settings shared by features; a member without a row has every default. Features add
-- their own columns in later migrations.
CREATE TABLE members (
    user_id INTEGER PRIMARY KEY,
    -- IANA name; days (check-in streaks, reminders) are counted in this zone.
    timezone TEXT NOT NULL DEFAULT 'UTC',
    checkin_share_milestones INTEGER NOT NULL DEFAULT 0 CHECK (checkin_share_milestones IN (0, 1))
);

-- Mood check-ins. They are the member's own journal, kept across servers and DMs, so a server's
-- purge only forgets where they were made (SET NULL) rather than erasing a member's history.
CREATE TABLE checkins (
    checkin_id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL,
    guild_id INTEGER REFERENCES guilds (guild_id) ON DELETE SET NULL,
    -- ISO 8601, UTC.
    created_at TEXT NOT NULL,
    -- The member's calendar date (YYYY-MM-DD) in `timezone`, the zone then in effect; stored so a
    -- later timezone change never rewrites past days.
    local_date TEXT NOT NULL,
    timezone TEXT NOT NULL,
    mood INTEGER NOT NULL CHECK (mood BETWEEN 1 AND 5),
    note TEXT CHECK (note IS NULL OR length(note) <= 500),
    -- JSON array of tag ids from data/checkin_tags.toml.
    tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array'),
    shared_message_id INTEGER
);

CREATE INDEX checkins_by_member_date ON checkins (user_id, local_date);
CREATE INDEX checkins_by_guild ON checkins (guild_id) WHERE guild_id IS NOT NULL;
