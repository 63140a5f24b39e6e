from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.storage.checkin_servers import CheckinServerStore
from bot.storage.database import Database
from bot.storage.guilds import GuildStore

AT = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    opened = await Database.open(tmp_path / "lantern.sqlite3")
    await opened.migrate()
    yield opened
    await opened.close()


async def test_a_server_has_no_checkin_channel_until_one_is_set(database: Database) -> None:
    store = CheckinServerStore(database)
    assert await store.channel_id(1) is None
    await store.set_channel(1, 99)
    assert await store.channel_id(1) == 99
    await store.set_channel(1, None)
    assert await store.channel_id(1) is None


async def test_being_told_is_per_server_and_recorded_once(database: Database) -> None:
    store = CheckinServerStore(database)
    assert not await store.was_told_about_alerts(1, 7)
    await store.record_told_about_alerts(1, 7, AT)
    await store.record_told_about_alerts(1, 7, AT.replace(hour=13))
    assert await store.was_told_about_alerts(1, 7)
    assert not await store.was_told_about_alerts(2, 7)
    assert await store.export_member(7) == {
        "checkin_alert_notices_seen": [{"server_id": "1", "told_at": "2026-11-22T12:00:00.000000Z"}]
    }


async def test_deleting_a_member_forgets_only_them(database: Database) -> None:
    store = CheckinServerStore(database)
    await store.record_told_about_alerts(1, 7, AT)
    await store.record_told_about_alerts(2, 7, AT)
    await store.record_told_about_alerts(1, 8, AT)
    assert await store.delete_member(7) == 2
    assert await store.export_member(7) == {"checkin_alert_notices_seen": []}
    assert await store.was_told_about_alerts(1, 8)


async def test_a_purged_server_takes_its_checkin_settings_with_it(database: Database) -> None:
    store = CheckinServerStore(database)
    guilds = GuildStore(database)
    await store.set_channel(1, 99)
    await store.record_told_about_alerts(1, 7, AT)
    await guilds.mark_removed(1, AT)
    assert await guilds.purge_removed_before(AT.replace(hour=13)) == [1]
    assert await store.channel_id(1) is None
    assert not await store.was_told_about_alerts(1, 7)
