"""The SQLite connection: pragmas, numbered migrations, and transactions.

One aiosqlite connection serves the whole bot; aiosqlite runs every call on its own thread in order,
and closing the connection waits for the ones already queued. Coroutines still interleave between
calls, so a lock keeps other statements out of an open transaction (and out of its rollback).
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

log = logging.getLogger(__name__)

MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
BUSY_TIMEOUT_MS = 5000


class StorageError(Exception):
    """The database cannot be opened or migrated; the message says what to check."""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def bundled_migrations() -> list[Migration]:
    """The migrations shipped in bot/storage/migrations, in order."""
    folder = resources.files("bot.storage") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda migration: migration.version)
    versions = [migration.version for migration in found]
    if len(set(versions)) != len(versions):
        raise StorageError(f"two migrations share a number: {sorted(versions)}")
    return found


class Database:
    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path) -> Database:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = await aiosqlite.connect(path, isolation_level=None)
        except (OSError, sqlite3.Error) as error:
            raise StorageError(f"cannot open the database at {path}: {error}") from error
        connection.row_factory = aiosqlite.Row
        database = cls(connection)
        try:
            await database._configure()
        except sqlite3.Error as error:
            await connection.close()
            raise StorageError(
                f"cannot use the database at {path} ({error}); check that the folder is writable "
                "or point DATABASE_URL elsewhere."
            ) from error
        return database

    async def _configure(self) -> None:
        await self._connection.execute("PRAGMA journal_mode = WAL")
        await self._connection.execute("PRAGMA foreign_keys = ON")
        await self._connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        await self._connection.execute("PRAGMA synchronous = NORMAL")
        # Writing once proves the file is writable now rather than at the first member's command.
        await self._connection.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )

    async def migrate(self, migrations: Iterable[Migration] | None = None) -> list[Migration]:
        """Apply the migrations not yet recorded, one transaction each; return those applied."""
        applied_versions = {
            row[0] for row in await self.fetch_all("SELECT version FROM schema_migrations")
        }
        applied = []
        for migration in bundled_migrations() if migrations is None else migrations:
            if migration.version in applied_versions:
                continue
            try:
                await self._apply(migration)
            except sqlite3.Error as error:
                raise StorageError(f"migration {migration.name} failed: {error}") from error
            log.info("applied migration %s", migration.name)
            applied.append(migration)
        return applied

    async def _apply(self, migration: Migration) -> None:
        async with self.transaction() as tx:
            # executescript would commit on its own; run statements one by one inside ours.
            for statement in _statements(migration.sql):
                await tx.execute(statement)
            await tx.execute(
                "INSERT INTO schema_migrations (version, name, applied_at)"
                " VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                (migration.version, migration.name),
            )

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back if the block raises.

        Use only the yielded connection inside the block: the Database's own methods wait for
        the transaction to end.
        """
        async with self._lock:
            await self._connection.execute("BEGIN IMMEDIATE")
            try:
                yield self._connection
            except BaseException:
                await self._connection.execute("ROLLBACK")
                raise
            await self._connection.execute("COMMIT")

    async def execute(self, sql: str, parameters: tuple[Any, ...] = ()) -> int:
        """Run one statement on its own; return the number of rows it changed."""
        async with self._lock:
            cursor = await self._connection.execute(sql, parameters)
            await cursor.close()
        return cursor.rowcount

    async def fetch_all(self, sql: str, parameters: tuple[Any, ...] = ()) -> list[aiosqlite.Row]:
        async with self._lock:
            return list(await self._connection.execute_fetchall(sql, parameters))

    async def fetch_one(self, sql: str, parameters: tuple[Any, ...] = ()) -> aiosqlite.Row | None:
        rows = await self.fetch_all(sql, parameters)
        return rows[0] if rows else None

    async def close(self) -> None:
        await self._connection.close()


def _statements(script: str) -> list[str]:
    """Split a migration into statements, using SQLite's own notion of a complete statement."""
    statements: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip():
                statements.append(pending.strip())
            pending = ""
    if pending.strip() and not _only_comments(pending):
        raise StorageError(f"migration ends in an incomplete statement: {pending.strip()[:80]!r}")
    return statements


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.strip().startswith("--") for line in text.splitlines())
