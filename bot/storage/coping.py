"""Coping strategies a member marked as helpful: their favourites, which weigh later picks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.storage.database import Database
from bot.storage.timestamps import to_text


class CopingStore:
    """The only writer of coping_favourites, so it can remember who has any at all."""

    def __init__(self, database: Database) -> None:
        self._db = database
        # Members with at least one favourite, loaded on first use. Most members have none, and a
        # morning's reminders ask about every one of them; those answers need no query.
        self._members_with_favourites: set[int] | None = None

    async def add_favourite(self, user_id: int, strategy_id: str, at: datetime) -> bool:
        """Save a favourite; False when it was already one."""
        members = await self._members()
        added = await self._db.execute(
            "INSERT OR IGNORE INTO coping_favourites (user_id, strategy_id, saved_at)"
            " VALUES (?, ?, ?)",
            (user_id, strategy_id, to_text(at)),
        )
        members.add(user_id)
        return added == 1

    async def favourites(self, user_id: int) -> frozenset[str]:
        if user_id not in await self._members():
            return frozenset()
        rows = await self._db.fetch_all(
            "SELECT strategy_id FROM coping_favourites WHERE user_id = ?", (user_id,)
        )
        return frozenset(row["strategy_id"] for row in rows)

    async def export_member(self, user_id: int) -> dict[str, Any]:
        rows = await self._db.fetch_all(
            "SELECT strategy_id, saved_at FROM coping_favourites WHERE user_id = ?"
            " ORDER BY saved_at, strategy_id",
            (user_id,),
        )
        return {
            "coping_favourites": [
                {"strategy": row["strategy_id"], "saved_at": row["saved_at"]} for row in rows
            ]
        }

    async def delete_member(self, user_id: int) -> int:
        members = await self._members()
        deleted = await self._db.execute(
            "DELETE FROM coping_favourites WHERE user_id = ?", (user_id,)
        )
        members.discard(user_id)
        return deleted

    async def _members(self) -> set[int]:
        if self._members_with_favourites is None:
            rows = await self._db.fetch_all("SELECT DISTINCT user_id FROM coping_favourites")
            self._members_with_favourites = {row["user_id"] for row in rows}
        return self._members_with_favourites
