"""Lantern end to end: the real bot, logged in to the loopback Discord, with a fresh database."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import discord
import pytest
import yarl
from hypothesis import settings as hypothesis_settings

from bot.client import Lantern
from bot.clock import FakeClock
from bot.content import Content
from bot.loopback import LoopbackDiscord
from bot.loopback.faults import CHANNEL_MESSAGES, RouteLimit
from bot.loopback.people import GuildHandle, Person
from bot.scheduling.scheduler import Scheduler
from bot.settings import Settings
from bot.storage import Storage

# CI machines are shared and noisy: no per-example deadline, and more examples than locally.
hypothesis_settings.register_profile("ci", deadline=None, max_examples=200)
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")

START = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
# Discord's 5 messages per channel, in windows of half a second rather than 5 s: the loopback runs
# on the real clock here, so discord.py still paces every burst, a tenth as long.
QUICK_CHANNEL_MESSAGES = RouteLimit(requests=CHANNEL_MESSAGES.requests, seconds=0.5)


@pytest.fixture(scope="session")
def content() -> Content:
    """Loaded once: compiling the phrase sets is the slow part of start-up."""
    return Content.load()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
async def loopback() -> AsyncIterator[LoopbackDiscord]:
    async with LoopbackDiscord.running(channel_message_limit=QUICK_CHANNEL_MESSAGES) as fake:
        yield fake
        fake.assert_clean()


@pytest.fixture
def guild(loopback: LoopbackDiscord) -> GuildHandle:
    return loopback.create_guild("Support Server")


@pytest.fixture
def admin(loopback: LoopbackDiscord, guild: GuildHandle) -> Person:
    return loopback.create_member(guild, "sam_admin", display_name="Sam", admin=True)


@pytest.fixture
def moderator(loopback: LoopbackDiscord, guild: GuildHandle) -> Person:
    return loopback.create_member(guild, "mo_mod", display_name="Mo", moderator=True)


@pytest.fixture
def alice(loopback: LoopbackDiscord, guild: GuildHandle) -> Person:
    return loopback.create_member(guild, "alice", display_name="Alice")


@pytest.fixture
def bob(loopback: LoopbackDiscord, guild: GuildHandle) -> Person:
    return loopback.create_member(guild, "bob", display_name="Bob")


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    opened = await Storage.open(tmp_path / "lantern.sqlite3")
    yield opened
    await opened.close()


@pytest.fixture
async def lantern(
    loopback: LoopbackDiscord,
    admin: Person,
    moderator: Person,
    alice: Person,
    bob: Person,
    storage: Storage,
    content: Content,
    clock: FakeClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[Lantern]:
    """Lantern logged in and ready, with an admin, a moderator, Alice and Bob in the server."""
    monkeypatch.setattr(discord.http.Route, "BASE", loopback.api_base)
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(loopback.gateway_url)
    )
    settings = Settings(
        token=loopback.token,
        database_path=tmp_path / "lantern.sqlite3",
        api_base=loopback.api_base,
        gateway_url=loopback.gateway_url,
    )
    bot = Lantern(
        settings=settings, storage=storage, content=content, clock=clock, guild_ready_timeout=0.05
    )
    runner = asyncio.create_task(bot.start(loopback.token))
    try:
        await loopback.wait_until_connected()
        await asyncio.wait_for(bot.wait_until_ready(), 5)
        yield bot
    finally:
        await bot.close()
        await runner


@pytest.fixture
async def scheduler(lantern: Lantern, clock: FakeClock) -> Scheduler:
    """A scheduler only the test drives, delivering through the Scheduling cog.

    The cog's own loop is stopped first: it wakes whenever a job is added and would race the
    test for runs made due by `clock.advance`.
    """
    cog: Any = lantern.get_cog("Scheduling")
    await cog.scheduler.stop()
    return Scheduler(lantern.storage.jobs, cog.deliver, clock)
