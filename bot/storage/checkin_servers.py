"""Check-ins within a server: its sharing channel, and who was told moderators may hear."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.storage.database import Database
from bot.storage.timestamps import to_text


class CheckinServerStore:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def channel_id(self, guild_id: int) -> int | None:
        """Where members of this server may share a check-in; None: sharing is off."""
        row = await self._db.fetch_one(
            "SELECT channel_id FROM checkin_servers WHERE guild_id = ?", (guild_id,)
        )
        return None if row is None else row["channel_id"]

    async def set_channel(self, guild_id: int, channel_id: int | None) -> None:
        async with self._db.transaction() as tx:
            await tx.execute("INSERT OR IGNORE INTO guilds (guild_id) VALUES (?)", (guild_id,))
            await tx.execute(
                "INSERT INTO checkin_servers (guild_id, channel_id) VALUES (?, ?)"
                " ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id",
                (guild_id, channel_id),
            )

    async def was_told_about_alerts(self, guild_id: int, user_id: int) -> bool:
        row = await self._db.fetch_one(
            "SELECT 1 FROM checkin_alert_notices WHERE guild_id = ? AND user_id = ?",
            (guild_id, user_id),
        )
        return row is not None

    async def record_told_about_alerts(self, guild_id: int, user_id: int, at: datetime) -> None:
        async with self._db.transaction() as tx:
            await tx.execute("INSERT OR IGNORE INTO guilds (guild_id) VALUES (?)", (guild_id,))
            await tx.execute(
                "INSERT OR IGNORE INTO checkin_alert_notices (guild_id, user_id, told_at)"
                " VALUES (?, ?, ?)",
                (guild_id, user_id, to_text(at)),
            )

    async def export_member(self, user_id: int) -> dict[str, Any]:
        rows = await self._db.fetch_all(
            "SELECT guild_id, told_at FROM checkin_alert_notices WHERE user_id = ?"
            " ORDER BY told_at",
            (user_id,),
        )
        return {
            "checkin_alert_notices_seen": [
                {"server_id": str(row["guild_id"]), "told_at": row["told_at"]} for row in rows
            ]
        }

    async def delete_member(self, user_id: int) -> int:
        return await self._db.execute(
            "DELETE FROM checkin_alert_notices WHERE user_id = ?", (user_id,)
        )
