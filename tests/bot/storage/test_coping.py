from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.storage.coping import CopingStore
from bot.storage.database import Database

SAVED_AT = datetime(2026, 11, 22, 12, tzinfo=UTC)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[CopingStore]:
    database = await Database.open(tmp_path / "lantern.sqlite3")
    await database.migrate()
    yield CopingStore(database)
    await database.close()


async def test_a_favourite_is_saved_once_per_member(store: CopingStore) -> None:
    assert await store.add_favourite(1, "box-breathing", SAVED_AT)
    assert not await store.add_favourite(1, "box-breathing", SAVED_AT)
    await store.add_favourite(1, "five-senses", SAVED_AT)
    await store.add_favourite(2, "box-breathing", SAVED_AT)
    assert await store.favourites(1) == {"box-breathing", "five-senses"}
    assert await store.favourites(3) == frozenset()


async def test_a_member_can_export_and_delete_their_favourites(store: CopingStore) -> None:
    await store.add_favourite(1, "box-breathing", SAVED_AT)
    await store.add_favourite(2, "five-senses", SAVED_AT)
    assert await store.export_member(1) == {
        "coping_favourites": [
            {"strategy": "box-breathing", "saved_at": "2026-11-22T12:00:00.000000Z"}
        ]
    }
    assert await store.delete_member(1) == 1
    assert await store.favourites(1) == frozenset()
    assert await store.favourites(2) == {"five-senses"}


async def test_a_new_store_on_the_same_database_knows_earlier_favourites(
    store: CopingStore, tmp_path: Path
) -> None:
    await store.add_favourite(1, "box-breathing", SAVED_AT)
    reopened = await Database.open(tmp_path / "lantern.sqlite3")
    try:
        assert await CopingStore(reopened).favourites(1) == {"box-breathing"}
    finally:
        await reopened.close()
