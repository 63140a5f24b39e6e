"""/coping-post: one coping strategy a day in a channel admins choose, at their local time.

The post is a job of kind "coping_post" owned by the server. Its payload holds the channel and the
ids already posted this cycle, so the rotation (every strategy once before any repeats) survives
restarts. On an awareness day the post leans towards the day's theme and opens with its intro.
"""

from __future__ import annotations

import logging
import random
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.admin import AdminGroup, ConfigSection, ensure_bot_can_post
from bot.client import Lantern
from bot.coping import next_daily, strategy_card, themed_card
from bot.scheduling.parsing import parse_time_of_day
from bot.scheduling.recurrence import Recurrence
from bot.storage.jobs import Delivery, Job
from bot.timezones import canonical_timezone
from bot.ui import send_private, timezone_choices
from cogs.coping import coping_embed
from cogs.reminders import first_run_note
from cogs.scheduling import scheduling

log = logging.getLogger(__name__)

COPING_POST = "coping_post"


class DailyPost(commands.Cog):
    post = AdminGroup(name="coping-post", description="A daily coping strategy in a channel")

    def __init__(self, bot: Lantern) -> None:
        self.bot = bot
        # Variety, not secrecy: which strategy comes next needs no cryptographic randomness.
        self.rng = random.Random()  # noqa: S311

    async def cog_load(self) -> None:
        scheduling(self.bot).handle(COPING_POST, self.deliver_post)

    async def server_post(self, guild_id: int) -> Job | None:
        jobs = await self.bot.storage.jobs.list_for_guild(guild_id)
        return next((job for job in jobs if job.kind == COPING_POST), None)

    # --- delivery ------------------------------------------------------------------------

    async def deliver_post(self, delivery: Delivery) -> None:
        """Post the next strategy of the rotation; Discord's errors go to the Scheduling cog."""
        payload = delivery.payload
        job = await self.bot.storage.jobs.get(delivery.job_id)
        if job is None or job.recurrence is None:
            log.info("daily post %s was turned off before it went out", delivery.job_id)
            return
        local_day = delivery.due_at.astimezone(job.recurrence.zone).date()
        awareness_day = self.bot.content.awareness.awareness_day_for(local_day)
        chosen = next_daily(
            self.bot.content.coping.strategies,
            payload.get("cycle", []),
            rng=self.rng,
            prefer=awareness_day.categories if awareness_day else frozenset(),
        )
        card = (
            themed_card(chosen.strategy, awareness_day)
            if awareness_day
            else strategy_card(chosen.strategy)
        )
        channel = self.bot.get_partial_messageable(
            int(payload["channel_id"]), guild_id=delivery.guild_id
        )
        await channel.send(embed=coping_embed(card))
        await self.bot.storage.jobs.set_payload(
            delivery.job_id, payload | {"cycle": list(chosen.cycle)}
        )

    # --- admin commands ------------------------------------------------------------------

    @post.command(name="setup", description="Post one coping strategy a day in a channel")
    @app_commands.describe(
        channel="Where the daily strategy goes",
        time="The local time to post, like 09:00 or 6pm",
        timezone="The timezone that time is in; start typing a city",
    )
    async def setup(
        self,
        interaction: discord.Interaction[Any],
        channel: discord.TextChannel,
        time: str,
        timezone: str,
    ) -> None:
        guild = interaction.guild
        assert guild is not None  # AdminGroup is guild-only
        ensure_bot_can_post(channel)
        recurrence = Recurrence(parse_time_of_day(time), canonical_timezone(timezone))
        jobs = self.bot.storage.jobs
        current = await self.server_post(guild.id)
        # Moving the post keeps the rotation, so nothing repeats early.
        cycle = current.payload.get("cycle", []) if current else []
        if current is not None:
            await jobs.remove(current.job_id)
        await self.bot.storage.guilds.mark_present(guild.id)
        now = self.bot.clock.now()
        await jobs.add_recurring(
            COPING_POST,
            recurrence,
            now,
            guild_id=guild.id,
            payload={"channel_id": channel.id, "cycle": cycle},
        )
        log.info("daily coping post set up in server %s", guild.id)
        await send_private(
            interaction,
            f"Done: I'll post a coping strategy in {channel.mention} every day at "
            f"{recurrence.at:%H:%M} ({recurrence.timezone}). {first_run_note(recurrence, now)}",
        )

    @setup.autocomplete("timezone")
    async def setup_timezone_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return timezone_choices(self.bot.clock.now(), current)

    @post.command(name="disable", description="Stop the daily coping post")
    async def disable(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild is not None
        current = await self.server_post(interaction.guild.id)
        if current is None:
            await send_private(interaction, "The daily post is already off.")
            return
        await self.bot.storage.jobs.remove(current.job_id)
        log.info("daily coping post disabled in server %s", interaction.guild.id)
        await send_private(
            interaction, "Done: no more daily posts. `/coping-post setup` starts them again."
        )

    async def describe_config(self, guild: discord.Guild) -> ConfigSection:
        section = ConfigSection("Daily coping post")
        job = await self.server_post(guild.id)
        if job is None or job.recurrence is None:
            section.add("Daily post", None, unset="off (`/coping-post setup`)")
            return section
        channel = guild.get_channel(int(job.payload["channel_id"]))
        where = channel.mention if channel else "a deleted channel"
        section.add(
            "Daily post", f"{where} at {job.recurrence.at:%H:%M} ({job.recurrence.timezone})"
        )
        if job.disabled_reason is not None:
            section.problems.append(
                f"The daily post has stopped: {job.disabled_reason}. "
                "Run `/coping-post setup` to choose a channel again."
            )
        elif channel is None:
            section.problems.append("The daily post's channel was deleted; please pick another.")
        section.check_channel("Daily post channel", channel)
        return section


async def setup(bot: Lantern) -> None:
    await bot.add_cog(DailyPost(bot))
