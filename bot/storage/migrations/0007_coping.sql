-- Strategies a member said helped ("This helped"); later picks bring them up more often.
-- Reminders and the server's daily post live in jobs (0004): their settings, the strategy last
-- sent and the daily post's rotation are in each job's payload.
CREATE TABLE coping_favourites (
    user_id INTEGER NOT NULL,
    strategy_id TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (user_id, strategy_id)
);
