"""Lantern's storage: one SQLite database, one typed store per feature; cogs never write SQL."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from bot.storage.anon import AnonStore
from bot.storage.checkin_servers import CheckinServerStore
from bot.storage.checkins import CheckinStore
from bot.storage.command_sync import CommandSyncStore
from bot.storage.coping import CopingStore
from bot.storage.crisis import CrisisStore
from bot.storage.database import Database, StorageError
from bot.storage.guilds import GuildConfig, GuildStore
from bot.storage.jobs import JobStore
from bot.storage.members import MemberStore

__all__ = ["GuildConfig", "Storage", "StorageError"]


@dataclass(frozen=True, slots=True)
class Storage:
    database: Database
    guilds: GuildStore
    command_sync: CommandSyncStore
    crisis: CrisisStore
    members: MemberStore
    checkins: CheckinStore
    # One instance only: its `changed` event is what wakes the scheduler.
    jobs: JobStore
    checkin_servers: CheckinServerStore
    anon: AnonStore
    coping: CopingStore

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
            members=MemberStore(database),
            checkins=CheckinStore(database),
            jobs=JobStore(database),
            checkin_servers=CheckinServerStore(database),
            anon=AnonStore(database),
            coping=CopingStore(database),
        )

    def member_data(self) -> dict[str, MemberData]:
        """Every store holding data about members, by what a member would call that data."""
        return {
            "your settings (timezone, milestone sharing)": self.members,
            "mood check-ins": self.checkins,
            "reminders and scheduled messages": self.jobs,
            "check-in notices you were shown": self.checkin_servers,
            "crisis reply preferences and cooldowns": self.crisis,
            "anonymous posts linked to you (the posts stay, unlinked)": self.anon,
            "coping strategies you said helped": self.coping,
        }

    async def export_member(self, user_id: int) -> dict[str, Any]:
        """Everything stored about one member, ready for JSON."""
        exported: dict[str, Any] = {"user_id": str(user_id)}
        for store in self.member_data().values():
            exported |= await store.export_member(user_id)
        return exported

    async def delete_member(self, user_id: int) -> dict[str, int]:
        """Delete everything about one member; return the rows removed, by kind of data."""
        return {
            label: await store.delete_member(user_id) for label, store in self.member_data().items()
        }

    async def close(self) -> None:
        await self.database.close()


class MemberData(Protocol):
    """A store that can hand a member their data and forget them."""

    async def export_member(self, user_id: int) -> dict[str, Any]: ...

    async def delete_member(self, user_id: int) -> int: ...
