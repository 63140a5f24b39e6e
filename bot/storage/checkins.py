"""Mood check-ins: add, list, count, share, export and delete, always for one member."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

import aiosqlite

from bot.checkins.entries import Checkin
from bot.checkins.moments import LocalMoment
from bot.storage.database import Database
from bot.storage.timestamps import from_text, to_text

_SELECT_CHECKINS = (
    "SELECT checkin_id, user_id, guild_id, created_at, local_date, timezone, mood, note,"
    " tags, shared_message_id FROM checkins"
)


class CheckinStore:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def add(
        self,
        *,
        user_id: int,
        guild_id: int | None,
        moment: LocalMoment,
        mood: int,
        note: str | None,
        tags: Sequence[str],
    ) -> Checkin:
        """Store a check-in already validated by bot.checkins (mood, note, tags)."""
        row = await self._db.fetch_one(
            "INSERT INTO checkins"
            " (user_id, guild_id, created_at, local_date, timezone, mood, note, tags)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING checkin_id",
            (
                user_id,
                guild_id,
                to_text(moment.instant),
                moment.local_date.isoformat(),
                moment.timezone,
                mood,
                note,
                json.dumps(list(tags)),
            ),
        )
        assert row is not None  # RETURNING yields the new row
        return Checkin(row[0], user_id, guild_id, moment, mood, note, tuple(tags), None)

    async def get(self, user_id: int, checkin_id: int) -> Checkin | None:
        """One of the member's check-ins; None if there is no such check-in of theirs."""
        row = await self._db.fetch_one(
            f"{_SELECT_CHECKINS} WHERE checkin_id = ? AND user_id = ?",
            (checkin_id, user_id),
        )
        return None if row is None else _checkin(row)

    async def set_note(self, user_id: int, checkin_id: int, note: str | None) -> bool:
        """Replace the note (cleaned by bot.checkins); False if the check-in isn't theirs."""
        changed = await self._db.execute(
            "UPDATE checkins SET note = ? WHERE checkin_id = ? AND user_id = ?",
            (note, checkin_id, user_id),
        )
        return changed == 1

    async def set_tags(self, user_id: int, checkin_id: int, tags: Sequence[str]) -> bool:
        """Replace the tags (already validated); False if the check-in isn't theirs."""
        changed = await self._db.execute(
            "UPDATE checkins SET tags = ? WHERE checkin_id = ? AND user_id = ?",
            (json.dumps(list(tags)), checkin_id, user_id),
        )
        return changed == 1

    async def set_shared_message(self, user_id: int, checkin_id: int, message_id: int) -> bool:
        """Remember where the member shared this check-in; False if it isn't theirs."""
        changed = await self._db.execute(
            "UPDATE checkins SET shared_message_id = ? WHERE checkin_id = ? AND user_id = ?",
            (message_id, checkin_id, user_id),
        )
        return changed == 1

    async def list_since(self, user_id: int, since: date | None = None) -> list[Checkin]:
        """The member's check-ins on or after the local date `since` (all if None), oldest first."""
        rows = await self._db.fetch_all(
            f"{_SELECT_CHECKINS} WHERE user_id = ? AND local_date >= ?"
            " ORDER BY created_at, checkin_id",
            # Every stored date sorts after the empty string.
            (user_id, "" if since is None else since.isoformat()),
        )
        return [_checkin(row) for row in rows]

    async def count(self, user_id: int) -> int:
        row = await self._db.fetch_one(
            "SELECT count(*) FROM checkins WHERE user_id = ?", (user_id,)
        )
        return 0 if row is None else int(row[0])

    async def export_member(self, user_id: int) -> dict[str, Any]:
        # Ids as text: Discord's 64-bit ids lose precision as JSON numbers in many readers.
        return {
            "checkins": [
                {
                    "created_at": to_text(checkin.moment.instant),
                    "local_date": checkin.moment.local_date.isoformat(),
                    "timezone": checkin.moment.timezone,
                    "server_id": _id_text(checkin.guild_id),
                    "mood": checkin.mood,
                    "note": checkin.note,
                    "tags": list(checkin.tags),
                    "shared_message_id": _id_text(checkin.shared_message_id),
                }
                for checkin in await self.list_since(user_id)
            ]
        }

    async def delete_member(self, user_id: int) -> int:
        return await self._db.execute("DELETE FROM checkins WHERE user_id = ?", (user_id,))


def _checkin(row: aiosqlite.Row) -> Checkin:
    moment = LocalMoment(
        from_text(row["created_at"]), date.fromisoformat(row["local_date"]), row["timezone"]
    )
    return Checkin(
        checkin_id=row["checkin_id"],
        user_id=row["user_id"],
        guild_id=row["guild_id"],
        moment=moment,
        mood=row["mood"],
        note=row["note"],
        tags=tuple(json.loads(row["tags"])),
        shared_message_id=row["shared_message_id"],
    )


def _id_text(discord_id: int | None) -> str | None:
    return None if discord_id is None else str(discord_id)
