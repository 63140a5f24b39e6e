"""Server lifecycle: note when the bot leaves; purge that server's data after a grace period."""

from __future__ import annotations

import logging
from datetime import timedelta

import discord
from discord.ext import commands

from bot.client import Lantern
from bot.loops import ResilientLoop

log = logging.getLogger(__name__)

PURGE_INTERVAL = timedelta(hours=1)


class Guilds(commands.Cog):
    def __init__(self, bot: Lantern) -> None:
        self.bot = bot
        self.purge_loop = ResilientLoop(
            "Deleting data of servers Lantern left",
            self.purge_round,
            every=PURGE_INTERVAL,
            clock=bot.clock,
            before_first=bot.wait_until_ready,
        )

    async def cog_load(self) -> None:
        self.purge_loop.start()

    async def cog_unload(self) -> None:
        await self.purge_loop.stop()

    def background_loops(self) -> list[ResilientLoop]:
        return [self.purge_loop]

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self.bot.storage.guilds.mark_present(guild.id)

    @commands.Cog.listener()
    async def on_guild_available(self, guild: discord.Guild) -> None:
        await self.bot.storage.guilds.mark_present(guild.id)

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        await self.bot.storage.guilds.mark_removed(guild.id, self.bot.clock.now())
        log.info("removed from server %s; its data will be purged after the grace period", guild.id)

    async def purge_departed(self) -> list[int]:
        grace = timedelta(days=self.bot.settings.guild_data_grace_days)
        purged = await self.bot.storage.guilds.purge_removed_before(self.bot.clock.now() - grace)
        if purged:
            log.info("purged the data of %d servers Lantern left", len(purged))
        return purged

    async def purge_round(self) -> None:
        await self.purge_departed()


async def setup(bot: Lantern) -> None:
    await bot.add_cog(Guilds(bot))
