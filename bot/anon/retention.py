"""How long anonymous post texts are kept: only as long as moderation may need them."""

from __future__ import annotations

from datetime import datetime, timedelta

DEFAULT_RETENTION_DAYS = 30
PURGE_INTERVAL = timedelta(hours=1)


def purge_cutoff(now: datetime, retention_days: int) -> datetime:
    """Texts of posts made before this moment are due to be forgotten."""
    return now - timedelta(days=retention_days)
