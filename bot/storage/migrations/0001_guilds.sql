-- Servers Lantern is in and what their admins configured. Feature tables that belong to a server
-- reference guilds(guild_id) ON DELETE CASCADE, so purging a departed server removes all of it.
CREATE TABLE guilds (
    guild_id INTEGER PRIMARY KEY,
    country TEXT,
    support_channel_id INTEGER,
    -- When the bot was removed (ISO 8601, UTC); NULL while it is in the server.
    removed_at TEXT
);

CREATE INDEX guilds_by_removed_at ON guilds (removed_at) WHERE removed_at IS NOT NULL;

-- The hash of the application-command payload last synced per scope, so start-up syncs only on change.
CREATE TABLE command_sync (
    scope TEXT PRIMARY KEY,
    payload_hash TEXT NOT NULL,
    synced_at TEXT NOT NULL
);
