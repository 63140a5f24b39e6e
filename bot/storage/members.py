"""Per-member settings shared by features: timezone and check-in milestone sharing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.storage.database import Database
from bot.timezones import DEFAULT_TIMEZONE, canonical_timezone


@dataclass(frozen=True, slots=True)
class MemberSettings:
    user_id: int
    timezone: str = DEFAULT_TIMEZONE
    checkin_share_milestones: bool = False
    timezone_chosen: bool = False  # picked by the member, even if it is the default


class MemberStore:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def get(self, user_id: int) -> MemberSettings:
        row = await self._db.fetch_one(
            "SELECT timezone, checkin_share_milestones, timezone_chosen FROM members"
            " WHERE user_id = ?",
            (user_id,),
        )
        if row is None:
            return MemberSettings(user_id)
        return MemberSettings(
            user_id,
            row["timezone"],
            bool(row["checkin_share_milestones"]),
            bool(row["timezone_chosen"]),
        )

    async def set_timezone(self, user_id: int, timezone: str) -> str:
        """Save the zone in its canonical spelling and return it; UnknownTimezoneError if none."""
        name = canonical_timezone(timezone)
        await self._db.execute(
            "INSERT INTO members (user_id, timezone, timezone_chosen) VALUES (?, ?, 1)"
            " ON CONFLICT (user_id)"
            " DO UPDATE SET timezone = excluded.timezone, timezone_chosen = 1",
            (user_id, name),
        )
        return name

    async def set_checkin_share_milestones(self, user_id: int, share: bool) -> None:
        await self._db.execute(
            "INSERT INTO members (user_id, checkin_share_milestones) VALUES (?, ?)"
            " ON CONFLICT (user_id)"
            " DO UPDATE SET checkin_share_milestones = excluded.checkin_share_milestones",
            (user_id, int(share)),
        )

    async def export_member(self, user_id: int) -> dict[str, Any]:
        settings = await self.get(user_id)
        return {
            "member_settings": {
                "timezone": settings.timezone,
                "checkin_share_milestones": settings.checkin_share_milestones,
            }
        }

    async def delete_member(self, user_id: int) -> int:
        return await self._db.execute("DELETE FROM members WHERE user_id = ?", (user_id,))
