from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.storage import GuildConfig, Storage

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    opened = await Storage.open(tmp_path / "lantern.sqlite3")
    yield opened
    await opened.close()


async def test_an_unknown_server_has_nothing_configured(storage: Storage) -> None:
    assert await storage.guilds.get(1) == GuildConfig(1)


async def test_settings_are_saved_independently(storage: Storage) -> None:
    await storage.guilds.set_country(1, "GB")
    await storage.guilds.set_support_channel(1, 55)
    await storage.guilds.set_country(2, "DE")
    assert await storage.guilds.get(1) == GuildConfig(1, country="GB", support_channel_id=55)
    assert await storage.guilds.get(2) == GuildConfig(2, country="DE")


async def test_departed_servers_are_purged_only_after_the_grace_period(storage: Storage) -> None:
    await storage.guilds.set_country(1, "GB")
    await storage.guilds.set_country(2, "FR")
    await storage.guilds.mark_removed(1, NOW - timedelta(days=31))
    await storage.guilds.mark_removed(2, NOW - timedelta(days=29))
    assert await storage.guilds.purge_removed_before(NOW - timedelta(days=30)) == [1]
    assert await storage.guilds.get(1) == GuildConfig(1)
    assert await storage.guilds.get(2) == GuildConfig(2, country="FR")


async def test_rejoining_cancels_the_purge(storage: Storage) -> None:
    await storage.guilds.set_country(1, "GB")
    await storage.guilds.mark_removed(1, NOW - timedelta(days=40))
    await storage.guilds.mark_present(1)
    assert await storage.guilds.purge_removed_before(NOW) == []
    assert (await storage.guilds.get(1)).country == "GB"


async def test_command_sync_hash_round_trip(storage: Storage) -> None:
    assert await storage.command_sync.last_hash("global") is None
    await storage.command_sync.record("global", "abc", NOW)
    await storage.command_sync.record("global", "def", NOW)
    assert await storage.command_sync.last_hash("global") == "def"
