"""Trouble on demand for the database: another connection holding its write lock.

That is what a backup tool, a sqlite3 shell left in a transaction or a second Lantern pointed at
the same file do in production; tests use it to check that background work survives and resumes.
Reads still work meanwhile (the database is in WAL mode); every write fails with "database is
locked" once Lantern's busy timeout, shortened here so tests don't wait, runs out.
"""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import timedelta
from pathlib import Path
from types import TracebackType

from bot.storage.database import BUSY_TIMEOUT_MS, Database


class WriteLockHeld:
    """`async with WriteLockHeld(database):` every write Lantern tries inside the block fails."""

    def __init__(
        self, database: Database, *, busy_timeout: timedelta = timedelta(milliseconds=20)
    ) -> None:
        self._database = database
        self._busy_timeout_ms = int(busy_timeout.total_seconds() * 1000)
        self._holder: sqlite3.Connection | None = None

    async def __aenter__(self) -> WriteLockHeld:
        await self.take()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.release()

    async def take(self) -> None:
        """Take the lock (also done on entering the block)."""
        rows = await self._database.fetch_all("PRAGMA database_list")
        path = Path(next(row["file"] for row in rows if row["name"] == "main"))
        await self._database.execute(f"PRAGMA busy_timeout = {self._busy_timeout_ms}")
        # On a thread: taking the lock waits for any write of Lantern's in progress.
        self._holder = await asyncio.to_thread(_take_write_lock, path)

    async def release(self) -> None:
        """Let go of the lock (also done on leaving the block)."""
        holder, self._holder = self._holder, None
        if holder is None:
            return
        await asyncio.to_thread(_let_go, holder)
        await self._database.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _take_write_lock(path: Path) -> sqlite3.Connection:
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    return holder


def _let_go(holder: sqlite3.Connection) -> None:
    holder.execute("ROLLBACK")
    holder.close()
