-- Reports on anonymous posts. Nothing here names the reporter: a report is only which post, the
-- reporter's own words about it and when. Those words live exactly as long as the post's text.
CREATE TABLE anon_reports (
    report_id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES anon_posts (post_id) ON DELETE CASCADE,
    -- NULL once the post's text is forgotten (its author deleted it, or the retention purge).
    reason TEXT,
    -- ISO 8601, UTC.
    created_at TEXT NOT NULL
);

CREATE INDEX anon_reports_by_post ON anon_reports (post_id);

-- The moderators' review message for a reported post, so later reports update it.
CREATE TABLE anon_report_reviews (
    post_id INTEGER PRIMARY KEY REFERENCES anon_posts (post_id) ON DELETE CASCADE,
    channel_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL
);
