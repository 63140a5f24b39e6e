-- Whether the member picked their timezone themselves (UTC included), so that only members who
-- never did are told their days are counted in UTC. Any zone but the default was picked.
ALTER TABLE members ADD COLUMN timezone_chosen INTEGER NOT NULL DEFAULT 0
    CHECK (timezone_chosen IN (0, 1));
UPDATE members SET timezone_chosen = 1 WHERE timezone <> 'UTC';
