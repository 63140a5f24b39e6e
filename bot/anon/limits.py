"""Rate limits for anonymous posts: a per-member cooldown and a per-server burst limit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

DEFAULT_COOLDOWN = timedelta(minutes=5)
# Replies are conversation, so they wait less than new posts.
REPLY_COOLDOWN = timedelta(seconds=30)
BURST_COUNT = 10
BURST_WINDOW = timedelta(minutes=10)


class Limit(StrEnum):
    MEMBER = "member"
    SERVER = "server"


@dataclass(frozen=True, slots=True)
class Wait:
    """Posting is paused until `until`, because of `limit`."""

    limit: Limit
    until: datetime

    def explain(self, now: datetime) -> str:
        when = _in_words(self.until - now)
        if self.limit is Limit.MEMBER:
            return (
                f"You've shared recently, so let's leave a little space: you can post again "
                f"in {when}. Take your time."
            )
        return (
            f"A lot has been shared here in the last few minutes, so anonymous posting is "
            f"resting for a moment. You can post again in {when}."
        )


def next_wait(
    now: datetime,
    *,
    own_last_at: datetime | None,
    cooldown: timedelta,
    server_recent: Sequence[datetime],
    burst_count: int = BURST_COUNT,
    burst_window: timedelta = BURST_WINDOW,
) -> Wait | None:
    """Why and until when a member must wait, or None if they may post now.

    `server_recent` holds the times of the server's posts within `burst_window` (any order).
    """
    if own_last_at is not None and now < own_last_at + cooldown:
        return Wait(Limit.MEMBER, own_last_at + cooldown)
    in_window = sorted(moment for moment in server_recent if moment > now - burst_window)
    if len(in_window) >= burst_count:
        # The oldest post that keeps the window full has to age out first.
        return Wait(Limit.SERVER, in_window[-burst_count] + burst_window)
    return None


def _in_words(delta: timedelta) -> str:
    seconds = max(1, int(delta.total_seconds() + 0.999))
    if seconds < 60:
        return "1 second" if seconds == 1 else f"{seconds} seconds"
    minutes = (seconds + 59) // 60
    if minutes < 120:
        return "1 minute" if minutes == 1 else f"{minutes} minutes"
    hours = (minutes + 59) // 60
    return f"{hours} hours"
