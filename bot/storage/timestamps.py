"""Timestamps are stored as ISO 8601 text in UTC, which sorts and compares correctly in SQL."""

from __future__ import annotations

from datetime import UTC, datetime


def to_text(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("refusing to store a naive datetime")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_text(text: str) -> datetime:
    # fromisoformat reads the trailing Z since Python 3.11 and is far faster than strptime.
    return datetime.fromisoformat(text)
