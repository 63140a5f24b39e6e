"""/settings: a member's own choices, the same in every server and in DMs."""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import Lantern
from bot.scheduling.parsing import parse_time_of_day
from bot.timezones import DEFAULT_TIMEZONE
from bot.ui import send_private, timezone_choices
from cogs.checkins import checkins_cog

log = logging.getLogger(__name__)

ON_OFF = [app_commands.Choice(name="on", value="on"), app_commands.Choice(name="off", value="off")]


class MemberSettings(commands.Cog):
    settings = app_commands.Group(name="settings", description="Your own Lantern settings")

    def __init__(self, bot: Lantern) -> None:
        self.bot = bot

    @settings.command(name="timezone", description="Your timezone, so your days count right")
    @app_commands.describe(timezone="Start typing a city, e.g. Berlin or New York")
    async def timezone(self, interaction: discord.Interaction[Any], timezone: str) -> None:
        name = await self.bot.storage.members.set_timezone(interaction.user.id, timezone)
        local = self.bot.clock.now().astimezone(ZoneInfo(name))
        log.info("member set a timezone")
        reply = (
            f"Done: I'll count your days in {name} (it's {local:%H:%M} there now). "
            "Your streak carries over."
        )
        if await checkins_cog(self.bot).follow_timezone(interaction.user.id, name):
            reply += " Your daily check-in prompt moves with you, same local time."
        await send_private(interaction, reply)

    @timezone.autocomplete("timezone")
    async def timezone_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return timezone_choices(self.bot.clock.now(), current)

    @settings.command(
        name="milestones", description="Also share your check-in streak milestones in the server"
    )
    @app_commands.describe(share="on: milestones also go to the server's check-in channel")
    @app_commands.choices(share=ON_OFF)
    async def milestones(
        self, interaction: discord.Interaction[Any], share: app_commands.Choice[str]
    ) -> None:
        sharing = share.value == "on"
        await self.bot.storage.members.set_checkin_share_milestones(interaction.user.id, sharing)
        await send_private(
            interaction,
            "Done: when you reach a streak milestone (3, 7, 30 or 100 days), I'll also say so in "
            "the check-in channel of the server you checked in from. Nothing else is shared."
            if sharing
            else "Done: milestones stay between us.",
        )

    @settings.command(
        name="checkin-prompt", description="A daily DM asking how you feel, at a time you choose"
    )
    @app_commands.describe(time="Your local time, like 20:00 or 8pm; or off")
    async def checkin_prompt(self, interaction: discord.Interaction[Any], time: str) -> None:
        user_id = interaction.user.id
        checkins = checkins_cog(self.bot)
        if time.strip().lower() in {"off", "stop", "no", "none"}:
            await checkins.set_prompt(user_id, None)
            await send_private(interaction, "Done: no more daily check-in prompts.")
            return
        at = parse_time_of_day(time)
        await checkins.set_prompt(user_id, at)
        timezone = (await self.bot.storage.members.get(user_id)).timezone
        reply = (
            f"Done: I'll DM you every day at {at:%H:%M} ({timezone}) with the mood buttons. "
            "If your DMs are closed to server members, I can't reach you."
        )
        if timezone == DEFAULT_TIMEZONE:
            reply += " That's UTC until you set `/settings timezone`; the prompt then follows."
        await send_private(interaction, reply)


async def setup(bot: Lantern) -> None:
    await bot.add_cog(MemberSettings(bot))
