-- Crisis replies. No message text is ever stored: events keep the kind, the matched rule ids and
-- what Lantern did, for tuning; per-member rows hold only preferences and the reply cooldown.

CREATE TABLE crisis_settings (
    guild_id INTEGER PRIMARY KEY REFERENCES guilds (guild_id) ON DELETE CASCADE,
    -- dm: DM first, in-channel button if DMs are closed; channel: in-channel button only;
    -- alerts_only: moderators only; off: nothing.
    mode TEXT NOT NULL DEFAULT 'dm' CHECK (mode IN ('dm', 'channel', 'alerts_only', 'off')),
    mod_channel_id INTEGER,
    cooldown_minutes INTEGER NOT NULL DEFAULT 360 CHECK (cooldown_minutes BETWEEN 10 AND 10080),
    reping_minutes INTEGER NOT NULL DEFAULT 10 CHECK (reping_minutes BETWEEN 0 AND 1440),
    -- Whether moderators still hear about members who turned automatic replies off.
    alert_opted_out INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE crisis_excluded_channels (
    guild_id INTEGER NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    channel_id INTEGER NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
);

CREATE TABLE crisis_phrases (
    id INTEGER PRIMARY KEY,
    guild_id INTEGER NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    phrase TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('crisis', 'concern', 'harassment')),
    UNIQUE (guild_id, phrase)
);

-- A member's own choices, across servers.
CREATE TABLE crisis_member_prefs (
    user_id INTEGER PRIMARY KEY,
    country TEXT,
    auto_replies INTEGER NOT NULL DEFAULT 1
);

-- When a member last got an automatic reply in a server, and triggers since then.
CREATE TABLE crisis_cooldowns (
    guild_id INTEGER NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL,
    last_reply_at TEXT NOT NULL,
    repeats INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (guild_id, user_id)
);

CREATE TABLE crisis_events (
    id INTEGER PRIMARY KEY,
    guild_id INTEGER REFERENCES guilds (guild_id) ON DELETE CASCADE,
    message_id INTEGER,
    kind TEXT NOT NULL,
    rule_ids TEXT NOT NULL,
    outcome TEXT NOT NULL,
    false_positive INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

CREATE INDEX crisis_events_by_message ON crisis_events (message_id);
CREATE INDEX crisis_events_by_guild_time ON crisis_events (guild_id, created_at);

CREATE TABLE crisis_alerts (
    id INTEGER PRIMARY KEY,
    guild_id INTEGER NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    channel_id INTEGER NOT NULL,
    message_id INTEGER,
    created_at TEXT NOT NULL,
    reping_due_at TEXT,
    claimed_by INTEGER,
    claimed_at TEXT
);

CREATE INDEX crisis_alerts_reping_due ON crisis_alerts (reping_due_at)
    WHERE reping_due_at IS NOT NULL AND claimed_by IS NULL;
