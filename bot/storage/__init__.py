"""Lantern's storage: one SQLite database, one typed store per feature; cogs never write SQL."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.storage.command_sync import CommandSyncStore
from bot.storage.crisis import CrisisStore
from bot.storage.database import Database, StorageError
from bot.storage.guilds import GuildConfig, GuildStore

__all__ = ["GuildConfig", "Storage", "StorageError"]


@dataclass(frozen=True, slots=True)
class Storage:
    database: Database
    guilds: GuildStore
    command_sync: CommandSyncStore
    crisis: CrisisStore

    @classmethod
    async def open(cls, path: Path) -> Storage:
        """Open (creating if needed) and migrate the database at `path`."""
        database = await Database.open(path)
        try:
            await database.migrate()
        except BaseException:
            await database.close()
            raise
        return cls(
            database=database,
            guilds=GuildStore(database),
            command_sync=CommandSyncStore(database),
            crisis=CrisisStore(database),
        )

    async def close(self) -> None:
        await self.database.close()
