-- Everything timed: members' reminders and check-in prompts, servers' daily posts.
-- A job belongs to a member (user_id), a server (guild_id), or a member within a server.
CREATE TABLE jobs (
    job_id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    user_id INTEGER,
    guild_id INTEGER REFERENCES guilds (guild_id) ON DELETE CASCADE,
    -- What the delivery needs (which strategy, which channel...), as a JSON object.
    payload TEXT NOT NULL,
    -- The recurrence: local time (HH:MM:SS), IANA zone, weekdays as bits (Monday = 1 ... Sunday = 64).
    -- All three NULL for a one-off job.
    local_time TEXT,
    timezone TEXT,
    days INTEGER,
    -- The next run (ISO 8601, UTC). NULL for a one-off job once it has been claimed.
    next_run_at TEXT,
    paused INTEGER NOT NULL DEFAULT 0,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    -- Why the job was switched off (its channel was deleted, say); NULL while it is enabled.
    disabled_reason TEXT,
    CHECK (user_id IS NOT NULL OR guild_id IS NOT NULL),
    CHECK ((local_time IS NULL) = (timezone IS NULL) AND (timezone IS NULL) = (days IS NULL))
);

-- The claim query walks only the jobs that can run, in due order.
CREATE INDEX jobs_due ON jobs (next_run_at)
    WHERE paused = 0 AND disabled_reason IS NULL AND next_run_at IS NOT NULL;
CREATE INDEX jobs_by_user ON jobs (user_id, kind) WHERE user_id IS NOT NULL;
CREATE INDEX jobs_by_guild ON jobs (guild_id) WHERE guild_id IS NOT NULL;

-- Runs claimed and waiting to be sent. A run is written here in the same transaction that moves its
-- job on, so a restart finds it still waiting. sending_since is set just before the send: a row that
-- still has it at start-up was being sent when the process died, and is dropped, never sent twice.
CREATE TABLE job_outbox (
    delivery_id INTEGER PRIMARY KEY,
    job_id INTEGER NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
    -- The run this stands for, and when it may be (re)tried, both ISO 8601 UTC.
    due_at TEXT NOT NULL,
    available_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    sending_since TEXT
);

CREATE INDEX job_outbox_ready ON job_outbox (available_at) WHERE sending_since IS NULL;
CREATE INDEX job_outbox_by_job ON job_outbox (job_id);

-- Members whose jobs of one kind were paused because their DMs kept refusing; read and cleared the
-- next time they use Lantern, so they hear why their reminders stopped.
CREATE TABLE job_pause_notices (
    user_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    paused_at TEXT NOT NULL,
    PRIMARY KEY (user_id, kind)
);
