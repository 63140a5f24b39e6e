"""Remembers what application-command payload was last synced, per scope."""

from __future__ import annotations

from datetime import datetime

from bot.storage.database import Database
from bot.storage.timestamps import to_text


class CommandSyncStore:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def last_hash(self, scope: str) -> str | None:
        row = await self._db.fetch_one(
            "SELECT payload_hash FROM command_sync WHERE scope = ?", (scope,)
        )
        return None if row is None else str(row["payload_hash"])

    async def record(self, scope: str, payload_hash: str, at: datetime) -> None:
        await self._db.execute(
            "INSERT INTO command_sync (scope, payload_hash, synced_at) VALUES (?, ?, ?)"
            " ON CONFLICT (scope) DO UPDATE SET payload_hash = excluded.payload_hash,"
            " synced_at = excluded.synced_at",
            (scope, payload_hash, to_text(at)),
        )
