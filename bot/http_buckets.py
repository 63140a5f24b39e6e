"""Keeping discord.py's rate-limit buckets cheap when the bot talks to many channels."""

from __future__ import annotations

import discord


class BucketPruner:
    """Drops discord.py's unused rate-limit buckets at a constant cost per new bucket.

    discord.py keeps one bucket per channel and, once it holds 256, scans them all every time it
    makes a new one; a bucket only counts as unused 5 minutes after its last request. Reminders
    DM each member in their own channel, so a drain of many reminders made that scan quadratic
    (bench/reminder_drain.py). Scanning only once the count has doubled since the last scan
    removes the same buckets, a little later.
    """

    FLOOR = 256

    def __init__(self, http: discord.http.HTTPClient) -> None:
        self._buckets = http._buckets
        self._scan_at = self.FLOOR

    def __call__(self) -> None:
        if len(self._buckets) < self._scan_at:
            return
        for key in [key for key, bucket in self._buckets.items() if bucket.is_inactive()]:
            del self._buckets[key]
        self._scan_at = max(self.FLOOR, 2 * len(self._buckets))


def prune_buckets_lazily(http: discord.http.HTTPClient) -> None:
    """Install the pruner in place of discord.py's scan-every-time one."""
    http._try_clear_expired_ratelimits = BucketPruner(http)  # type: ignore[method-assign]
