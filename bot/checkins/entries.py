"""One stored check-in, as the store returns it and the history reads it."""

from __future__ import annotations

from dataclasses import dataclass

from bot.checkins.moments import LocalMoment


@dataclass(frozen=True, slots=True)
class Checkin:
    checkin_id: int
    user_id: int
    # None for a check-in made in a DM, or in a server Lantern has since left.
    guild_id: int | None
    moment: LocalMoment
    mood: int
    note: str | None
    tags: tuple[str, ...]
    # Set only if the member chose to share the check-in in a channel.
    shared_message_id: int | None
