"""What waits to be delivered on a crisis path, and how a burst of it is grouped and retried.

Moderator alerts and the in-channel support buttons are stored before they are sent and deleted
only once Discord accepted them, so a rate limit, an outage or a restart delays them but never
loses one. Discord lets a bot post 5 messages per 5 seconds in a channel: rather than queue a flood
one message at a time, everything waiting for one channel goes out together, a few to a message.
Pure: the cog stores, sends and retries.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from itertools import groupby
from typing import Any, Literal

# Alerts grouped into one message: their lines fit one embed, their claim buttons two rows.
ALERTS_PER_MESSAGE = 10
FIRST_RETRY = timedelta(seconds=2)
LONGEST_RETRY = timedelta(minutes=5)
# Moderators are told when an alert reaches them at least this late.
LATE = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class AlertItem:
    alert_id: int
    title: str
    details: str


@dataclass(frozen=True, slots=True)
class NudgeItem:
    """The in-channel button for a member whose DMs are closed, answering their message."""

    reply_to: int
    user_id: int
    event_id: int
    card: str
    language: str | None


Item = AlertItem | NudgeItem
ItemKind = Literal["alert", "nudge"]


def item_kind(item: Item) -> ItemKind:
    return "alert" if isinstance(item, AlertItem) else "nudge"


def to_payload(item: Item) -> str:
    return json.dumps(asdict(item), sort_keys=True)


def from_payload(kind: str, payload: str) -> Item:
    values: dict[str, Any] = json.loads(payload)
    return AlertItem(**values) if kind == "alert" else NudgeItem(**values)


@dataclass(frozen=True, slots=True)
class Pending:
    id: int
    guild_id: int
    channel_id: int
    created_at: datetime
    attempts: int
    item: Item


def batches(pending: list[Pending]) -> list[list[Pending]]:
    """Group what is due by channel and kind, oldest first, at most a message's worth each."""
    ordered = sorted(pending, key=lambda p: (p.channel_id, item_kind(p.item), p.created_at, p.id))
    grouped: list[list[Pending]] = []
    for (_, kind), run in groupby(ordered, key=lambda p: (p.channel_id, item_kind(p.item))):
        items = list(run)
        # One nudge message serves any number of members; alerts need a line and a button each.
        size = ALERTS_PER_MESSAGE if kind == "alert" else len(items)
        grouped += [items[start : start + size] for start in range(0, len(items), size)]
    return grouped


def retry_delay(attempts: int) -> timedelta:
    """Doubling from two seconds, at most five minutes: delivery is retried for as long as it
    takes, never given up."""
    doubled: timedelta = FIRST_RETRY * 2 ** min(max(attempts - 1, 0), 16)
    return min(doubled, LONGEST_RETRY)


def lateness(oldest: datetime, now: datetime) -> timedelta | None:
    late = now - oldest
    return late if late >= LATE else None
