import json
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.checkins.entries import Checkin
from bot.checkins.moments import LocalMoment
from bot.clock import FakeClock
from bot.storage.checkins import CheckinStore
from bot.storage.database import Database
from bot.storage.guilds import GuildStore

START = datetime(2026, 11, 20, 22, 30, tzinfo=UTC)
SERVER = 500


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    opened = await Database.open(tmp_path / "lantern.sqlite3")
    await opened.migrate()
    await GuildStore(opened).mark_present(SERVER)
    yield opened
    await opened.close()


async def add(
    store: CheckinStore,
    clock: FakeClock,
    user_id: int,
    mood: int = 3,
    *,
    timezone: str = "UTC",
    guild_id: int | None = SERVER,
    note: str | None = None,
    tags: tuple[str, ...] = (),
) -> Checkin:
    return await store.add(
        user_id=user_id,
        guild_id=guild_id,
        moment=LocalMoment.at(clock.now(), timezone),
        mood=mood,
        note=note,
        tags=tags,
    )


async def test_a_checkin_round_trips_with_its_local_date(database: Database) -> None:
    store = CheckinStore(database)
    clock = FakeClock(START)
    added = await add(
        store, clock, 1, 4, timezone="Asia/Tokyo", note="a calm walk", tags=("sleep", "grateful")
    )
    (listed,) = await store.list_since(1)
    assert listed == added
    assert listed.moment.local_date == date(2026, 11, 21)  # already Saturday in Tokyo
    assert listed.moment.instant == START
    assert listed.tags == ("sleep", "grateful")
    assert listed.shared_message_id is None


async def test_list_since_filters_by_local_date_oldest_first(database: Database) -> None:
    store = CheckinStore(database)
    clock = FakeClock(START)
    for mood in (1, 2, 3, 4):
        await add(store, clock, 1, mood)
        clock.advance(timedelta(days=1))
    await add(store, clock, 2, 5)
    assert [c.mood for c in await store.list_since(1)] == [1, 2, 3, 4]
    assert [c.mood for c in await store.list_since(1, date(2026, 11, 22))] == [3, 4]
    assert await store.list_since(1, date(2026, 12, 1)) == []
    assert await store.count(1) == 4
    assert await store.count(2) == 1
    assert await store.count(3) == 0


async def test_a_later_timezone_change_never_rewrites_stored_dates(database: Database) -> None:
    store = CheckinStore(database)
    clock = FakeClock(START)
    await add(store, clock, 1, timezone="America/New_York")
    await add(store, clock, 1, timezone="Asia/Tokyo")
    dates = [c.moment.local_date for c in await store.list_since(1)]
    assert dates == [date(2026, 11, 20), date(2026, 11, 21)]


async def test_only_the_owner_can_attach_a_shared_message(database: Database) -> None:
    store = CheckinStore(database)
    added = await add(store, FakeClock(START), 1)
    assert not await store.set_shared_message(2, added.checkin_id, 999)
    assert await store.set_shared_message(1, added.checkin_id, 999)
    (listed,) = await store.list_since(1)
    assert listed.shared_message_id == 999


async def test_a_dm_checkin_has_no_server(database: Database) -> None:
    store = CheckinStore(database)
    await add(store, FakeClock(START), 1, guild_id=None)
    (listed,) = await store.list_since(1)
    assert listed.guild_id is None


async def test_export_and_delete_touch_only_that_member(database: Database) -> None:
    store = CheckinStore(database)
    clock = FakeClock(START)
    mine = await add(store, clock, 1, 2, note="tired", tags=("sleep",))
    await store.set_shared_message(1, mine.checkin_id, 1234567890123456789)
    await add(store, clock, 2, 5)
    exported = await store.export_member(1)
    assert json.loads(json.dumps(exported)) == exported  # JSON-ready as it is
    assert exported == {
        "checkins": [
            {
                "created_at": "2026-11-20T22:30:00.000000Z",
                "local_date": "2026-11-20",
                "timezone": "UTC",
                "server_id": str(SERVER),
                "mood": 2,
                "note": "tired",
                "tags": ["sleep"],
                "shared_message_id": "1234567890123456789",
            }
        ]
    }
    assert await store.delete_member(1) == 1
    assert await store.delete_member(1) == 0
    assert await store.export_member(1) == {"checkins": []}
    assert await store.count(2) == 1


async def test_purging_a_server_keeps_the_members_own_history(database: Database) -> None:
    store = CheckinStore(database)
    await add(store, FakeClock(START), 1)
    guilds = GuildStore(database)
    await guilds.mark_removed(SERVER, START)
    assert await guilds.purge_removed_before(START + timedelta(days=31)) == [SERVER]
    (listed,) = await store.list_since(1)
    assert listed.guild_id is None


@pytest.mark.parametrize(
    ("mood", "note"),
    [(0, None), (6, None), (3, "x" * 501)],
)
async def test_the_database_refuses_what_validation_should_have_caught(
    database: Database, mood: int, note: str | None
) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        await add(CheckinStore(database), FakeClock(START), 1, mood, note=note)


async def test_only_the_owner_can_read_or_change_a_check_in(database: Database) -> None:
    store = CheckinStore(database)
    mine = await add(store, FakeClock(START), 7, note="first", tags=("sleep",))
    assert await store.get(8, mine.checkin_id) is None
    assert not await store.set_note(8, mine.checkin_id, "not yours")
    assert not await store.set_tags(8, mine.checkin_id, ("work",))

    assert await store.set_note(7, mine.checkin_id, "second")
    assert await store.set_tags(7, mine.checkin_id, ("work", "family"))
    changed = await store.get(7, mine.checkin_id)
    assert changed is not None
    assert (changed.note, changed.tags) == ("second", ("work", "family"))
    assert changed.moment == mine.moment
    assert await store.set_note(7, mine.checkin_id, None)
    cleared = await store.get(7, mine.checkin_id)
    assert cleared is not None
    assert cleared.note is None
