"""Server configuration and the server lifecycle (joined, removed, purged)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.storage.database import Database
from bot.storage.timestamps import to_text


@dataclass(frozen=True, slots=True)
class GuildConfig:
    guild_id: int
    country: str | None = None
    support_channel_id: int | None = None


class GuildStore:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def get(self, guild_id: int) -> GuildConfig:
        row = await self._db.fetch_one(
            "SELECT country, support_channel_id FROM guilds WHERE guild_id = ?", (guild_id,)
        )
        if row is None:
            return GuildConfig(guild_id)
        return GuildConfig(guild_id, row["country"], row["support_channel_id"])

    async def set_country(self, guild_id: int, country: str | None) -> None:
        await self._db.execute(
            "INSERT INTO guilds (guild_id, country) VALUES (?, ?)"
            " ON CONFLICT (guild_id) DO UPDATE SET country = excluded.country",
            (guild_id, country),
        )

    async def set_support_channel(self, guild_id: int, channel_id: int | None) -> None:
        await self._db.execute(
            "INSERT INTO guilds (guild_id, support_channel_id) VALUES (?, ?)"
            " ON CONFLICT (guild_id)"
            " DO UPDATE SET support_channel_id = excluded.support_channel_id",
            (guild_id, channel_id),
        )

    async def mark_present(self, guild_id: int) -> None:
        """The bot is in this server (again): cancel any pending purge."""
        await self._db.execute(
            "INSERT INTO guilds (guild_id) VALUES (?)"
            " ON CONFLICT (guild_id) DO UPDATE SET removed_at = NULL",
            (guild_id,),
        )

    async def mark_removed(self, guild_id: int, at: datetime) -> None:
        await self._db.execute(
            "INSERT INTO guilds (guild_id, removed_at) VALUES (?, ?)"
            " ON CONFLICT (guild_id) DO UPDATE SET removed_at = excluded.removed_at",
            (guild_id, to_text(at)),
        )

    async def purge_removed_before(self, cutoff: datetime) -> list[int]:
        """Delete every server removed before `cutoff`, with all its data; return their ids."""
        async with self._db.transaction() as tx:
            rows = await tx.execute_fetchall(
                "DELETE FROM guilds WHERE removed_at IS NOT NULL AND removed_at < ?"
                " RETURNING guild_id",
                (to_text(cutoff),),
            )
        return sorted(row[0] for row in rows)
