import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot.storage.database import Database, Migration, StorageError, bundled_migrations


async def test_migrates_an_empty_database_and_records_every_migration(tmp_path: Path) -> None:
    database = await Database.open(tmp_path / "new.sqlite3")
    applied = await database.migrate()
    rows = await database.fetch_all("SELECT version, name FROM schema_migrations ORDER BY version")
    await database.close()
    expected = [(m.version, m.name) for m in bundled_migrations()]
    assert [(m.version, m.name) for m in applied] == expected
    assert [(row["version"], row["name"]) for row in rows] == expected


async def test_rerunning_migrations_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "again.sqlite3"
    first = await Database.open(path)
    await first.migrate()
    schema_before = await first.fetch_all("SELECT sql FROM sqlite_master ORDER BY name")
    await first.close()
    second = await Database.open(path)
    assert await second.migrate() == []
    schema_after = await second.fetch_all("SELECT sql FROM sqlite_master ORDER BY name")
    await second.close()
    assert [tuple(row) for row in schema_after] == [tuple(row) for row in schema_before]


async def test_a_failing_migration_leaves_nothing_behind(tmp_path: Path) -> None:
    database = await Database.open(tmp_path / "broken.sqlite3")
    broken = Migration(1, "0001_broken.sql", "CREATE TABLE half (x INTEGER);\nNOT SQL AT ALL;\n")
    with pytest.raises(StorageError, match=r"migration 0001_broken\.sql failed"):
        await database.migrate([broken])
    tables = await database.fetch_all("SELECT name FROM sqlite_master WHERE name = 'half'")
    recorded = await database.fetch_all("SELECT version FROM schema_migrations")
    await database.close()
    assert tables == []
    assert recorded == []


async def test_pragmas_are_set(tmp_path: Path) -> None:
    database = await Database.open(tmp_path / "p.sqlite3")
    journal = await database.fetch_one("PRAGMA journal_mode")
    foreign_keys = await database.fetch_one("PRAGMA foreign_keys")
    busy = await database.fetch_one("PRAGMA busy_timeout")
    await database.close()
    assert journal is not None
    assert journal[0] == "wal"
    assert foreign_keys is not None
    assert foreign_keys[0] == 1
    assert busy is not None
    assert busy[0] == 5000


async def test_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    database = await Database.open(tmp_path / "t.sqlite3")
    await database.execute("CREATE TABLE t (x INTEGER)")

    async def insert_then_fail() -> None:
        async with database.transaction() as tx:
            await tx.execute("INSERT INTO t VALUES (1)")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        await insert_then_fail()
    rows = await database.fetch_all("SELECT x FROM t")
    await database.close()
    assert rows == []


async def test_unwritable_path_is_a_storage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StorageError, match="cannot open the database"):
        await Database.open(blocker / "lantern.sqlite3")


async def test_a_file_that_is_not_a_database_is_a_storage_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StorageError, match="cannot use the database"):
        await Database.open(path)


def test_migration_files_are_numbered_without_gaps() -> None:
    versions = [migration.version for migration in bundled_migrations()]
    assert versions == list(range(1, len(versions) + 1))
    for migration in bundled_migrations():
        assert sqlite3.complete_statement(migration.sql)


async def test_concurrent_transactions_and_statements_do_not_interleave(tmp_path: Path) -> None:
    database = await Database.open(tmp_path / "c.sqlite3")
    await database.execute("CREATE TABLE t (x INTEGER)")

    async def failing_transaction() -> None:
        async with database.transaction() as tx:
            await tx.execute("INSERT INTO t VALUES (1)")
            await asyncio.sleep(0)
            raise RuntimeError("rolled back")

    async def transaction(value: int) -> None:
        async with database.transaction() as tx:
            await tx.execute("INSERT INTO t VALUES (?)", (value,))

    results = await asyncio.gather(
        failing_transaction(),
        transaction(2),
        database.execute("INSERT INTO t VALUES (3)"),
        transaction(4),
        return_exceptions=True,
    )
    rows = await database.fetch_all("SELECT x FROM t ORDER BY x")
    await database.close()
    assert isinstance(results[0], RuntimeError)
    assert list(results[1:]) == [None, 1, None]
    assert [row[0] for row in rows] == [2, 3, 4]
