"""When Lantern is removed from a server, that server's data goes after the grace period."""

import asyncio
from datetime import timedelta
from typing import Any

import discord

from bot.client import Lantern
from bot.clock import FakeClock
from bot.loopback import GuildHandle, Person
from bot.storage import GuildConfig


async def removed(lantern: Lantern, guild: GuildHandle) -> None:
    def is_it(left: discord.Guild) -> bool:
        return left.id == guild.id

    waiter = asyncio.ensure_future(lantern.wait_for("guild_remove", check=is_it, timeout=3))
    await asyncio.sleep(0)
    await guild.remove_bot()
    await waiter
    # Lantern's own listener runs beside wait_for; wait (briefly) until it has recorded the removal.
    for _ in range(200):
        row = await lantern.storage.database.fetch_one(
            "SELECT removed_at FROM guilds WHERE guild_id = ?", (guild.id,)
        )
        if row is not None and row["removed_at"] is not None:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("Lantern never recorded that it left the server")


async def test_a_departed_servers_data_is_purged_after_the_grace_period(
    lantern: Lantern, guild: GuildHandle, admin: Person, clock: FakeClock
) -> None:
    await admin.slash("config", "country", country="GB")
    await admin.slash("crisis", "setup", moderator_channel=guild.channel("mods"))
    await removed(lantern, guild)
    assert lantern.get_guild(guild.id) is None
    cog: Any = lantern.get_cog("Guilds")

    clock.advance(timedelta(days=29))
    assert await cog.purge_departed() == []
    assert (await lantern.storage.guilds.get(guild.id)).country == "GB"

    clock.advance(timedelta(days=2))
    assert await cog.purge_departed() == [guild.id]
    assert await lantern.storage.guilds.get(guild.id) == GuildConfig(guild.id)
    assert (await lantern.storage.crisis.settings(guild.id)).mod_channel_id is None
