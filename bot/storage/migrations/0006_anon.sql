-- Anonymous sharing. No member id or name is ever stored here: authors are known only by keyed
-- HMACs whose secret lives outside the database (ANON_SECRET or a 0600 file beside it), and, only
-- while a post awaits approval, by an id encrypted under that secret.

CREATE TABLE anon_settings (
    guild_id INTEGER PRIMARY KEY REFERENCES guilds (guild_id) ON DELETE CASCADE,
    -- Where posts go; NULL while anonymous sharing is off.
    channel_id INTEGER,
    -- Where reports and posts awaiting approval go.
    review_channel_id INTEGER,
    approval INTEGER NOT NULL DEFAULT 0 CHECK (approval IN (0, 1)),
    cooldown_minutes INTEGER NOT NULL DEFAULT 5 CHECK (cooldown_minutes BETWEEN 0 AND 1440),
    allow_links INTEGER NOT NULL DEFAULT 0 CHECK (allow_links IN (0, 1)),
    retention_days INTEGER NOT NULL DEFAULT 30 CHECK (retention_days BETWEEN 1 AND 365)
);

-- Posts and, with parent_id set, anonymous replies to them.
CREATE TABLE anon_posts (
    post_id INTEGER PRIMARY KEY,
    guild_id INTEGER NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    parent_id INTEGER REFERENCES anon_posts (post_id) ON DELETE SET NULL,
    -- HMAC(secret, guild | member), hex; NULL once the author asked Lantern to forget the link.
    author_key TEXT,
    -- The author's id, AES-GCM under the secret; held only until they hear an approval outcome.
    sealed_author BLOB,
    pseudonym TEXT NOT NULL,
    -- NULL once purged (retention) or deleted by the author.
    text TEXT CHECK (text IS NULL OR length(text) <= 2000),
    content_warning TEXT,
    status TEXT NOT NULL
        CHECK (status IN ('pending', 'published', 'rejected', 'removed', 'deleted')),
    channel_id INTEGER,
    message_id INTEGER,
    thread_id INTEGER,
    -- ISO 8601, UTC.
    created_at TEXT NOT NULL,
    UNIQUE (guild_id, code)
);

CREATE INDEX anon_posts_by_author ON anon_posts (guild_id, author_key, created_at)
    WHERE author_key IS NOT NULL;
CREATE INDEX anon_posts_by_time ON anon_posts (guild_id, created_at);
CREATE INDEX anon_posts_text_held ON anon_posts (created_at) WHERE text IS NOT NULL;

CREATE TABLE anon_blocks (
    block_id INTEGER PRIMARY KEY,
    guild_id INTEGER NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    author_key TEXT NOT NULL,
    -- The post that led to the block, so moderators can tell blocks apart.
    code TEXT NOT NULL,
    reason TEXT NOT NULL,
    -- ISO 8601, UTC; NULL: until a moderator lifts it.
    until TEXT,
    created_at TEXT NOT NULL
);

CREATE INDEX anon_blocks_by_author ON anon_blocks (guild_id, author_key);

-- Approval outcomes that couldn't be sent by DM; shown the next time the author uses /share.
CREATE TABLE anon_notices (
    notice_id INTEGER PRIMARY KEY,
    guild_id INTEGER NOT NULL REFERENCES guilds (guild_id) ON DELETE CASCADE,
    author_key TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE INDEX anon_notices_by_author ON anon_notices (guild_id, author_key);
