"""/config: one place for admins to see everything, plus the server-wide settings."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.admin import (
    AdminGroup,
    ConfigSection,
    DescribesConfig,
    ensure_bot_can_post,
    ensure_members_can_view,
)
from bot.client import Lantern
from bot.embeds import LANTERN_COLOUR
from bot.loops import RunsLoops, health_line
from bot.ui import can_view, country_choices, country_from_option, send_private

PROBLEM_MARK = "⚠️"


class Config(commands.Cog):
    config = AdminGroup(
        name="config", description="See and change how Lantern works in this server"
    )

    def __init__(self, bot: Lantern) -> None:
        self.bot = bot

    async def describe_config(self, guild: discord.Guild) -> ConfigSection:
        settings = await self.bot.storage.guilds.get(guild.id)
        section = ConfigSection("General")
        country = self.bot.content.hotlines.country(settings.country) if settings.country else None
        section.add(
            "Country for support lines",
            f"{country.name} ({country.code})" if country else None,
            unset="not set: members see international directories (`/config country`)",
        )
        channel = (
            guild.get_channel(settings.support_channel_id) if settings.support_channel_id else None
        )
        section.add(
            "Support channel",
            channel.mention if channel else None,
            unset="not set (`/config support-channel`)",
        )
        if settings.support_channel_id and channel is None:
            section.problems.append("The support channel was deleted; please pick another.")
        section.check_channel("Support channel", channel)
        if channel is not None and not can_view(channel, guild.default_role):
            section.problems.append(
                f"Members can't open the support channel {channel.mention}, so crisis replies "
                "leave it out; please pick one everyone can see."
            )
        checkin_id = await self.bot.storage.checkin_servers.channel_id(guild.id)
        checkin_channel = guild.get_channel(checkin_id) if checkin_id else None
        section.add(
            "Check-in sharing channel",
            checkin_channel.mention if checkin_channel else None,
            unset="not set: members can't share check-ins (`/config checkin-channel`)",
        )
        if checkin_id and checkin_channel is None:
            section.problems.append("The check-in channel was deleted; please pick another.")
        section.check_channel("Check-in channel", checkin_channel)
        return section

    @config.command(
        name="show", description="Everything Lantern is set to here, and what needs fixing"
    )
    async def show(self, interaction: discord.Interaction[Any]) -> None:
        guild = interaction.guild
        assert guild is not None  # AdminGroup is guild-only
        reporters = [cog for cog in self.bot.cogs.values() if isinstance(cog, DescribesConfig)]
        sections = [await reporter.describe_config(guild) for reporter in reporters]
        embed = discord.Embed(title=f"Lantern in {guild.name}", colour=LANTERN_COLOUR)
        for section in sections:
            lines = section.lines + [f"{PROBLEM_MARK} {problem}" for problem in section.problems]
            embed.add_field(name=section.title, value="\n".join(lines) or "-", inline=False)
        liveness, stalled = self.describe_loops()
        embed.add_field(name="Lantern's background work", value=liveness, inline=False)
        if stalled or any(section.problems for section in sections):
            embed.set_footer(text=f"Items marked {PROBLEM_MARK} stop part of Lantern from working.")
        await send_private(interaction, embed=embed)

    def describe_loops(self) -> tuple[str, bool]:
        """A line per background loop (shared by every server), and whether any is in trouble."""
        now = self.bot.clock.now()
        lines, stalled = [], False
        for cog in self.bot.cogs.values():
            if not isinstance(cog, RunsLoops):
                continue
            for loop in cog.background_loops():
                line, trouble = health_line(loop.health(), now)
                lines.append(f"{PROBLEM_MARK} {line}" if trouble else line)
                stalled = stalled or trouble
        return "\n".join(lines) or "-", stalled

    @config.command(
        name="country", description="The country whose support lines Lantern shows by default"
    )
    @app_commands.describe(country="Start typing a country's name or code")
    async def country(self, interaction: discord.Interaction[Any], country: str) -> None:
        assert interaction.guild is not None
        found = country_from_option(self.bot.content.hotlines, country)
        await self.bot.storage.guilds.set_country(interaction.guild.id, found.code)
        await send_private(interaction, f"Done: support lines now default to {found.name}.")

    @country.autocomplete("country")
    async def country_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return country_choices(self.bot.content.hotlines, current)

    @config.command(
        name="support-channel", description="Where members can reach a person in this server"
    )
    @app_commands.describe(channel="A channel where members can ask for help")
    async def support_channel(
        self, interaction: discord.Interaction[Any], channel: discord.TextChannel
    ) -> None:
        assert interaction.guild is not None
        ensure_bot_can_post(channel)
        ensure_members_can_view(channel)
        await self.bot.storage.guilds.set_support_channel(interaction.guild.id, channel.id)
        await send_private(
            interaction, f"Done: I'll point people to {channel.mention} when they need a person."
        )

    @config.command(
        name="checkin-channel", description="Where members may share their check-ins, if they want"
    )
    @app_commands.describe(
        channel="A channel for shared check-ins; leave it out to turn sharing off"
    )
    async def checkin_channel(
        self, interaction: discord.Interaction[Any], channel: discord.TextChannel | None = None
    ) -> None:
        assert interaction.guild is not None
        if channel is not None:
            ensure_bot_can_post(channel)
        store = self.bot.storage.checkin_servers
        await store.set_channel(interaction.guild.id, None if channel is None else channel.id)
        await send_private(
            interaction,
            f"Done: members can now share a check-in to {channel.mention} if they choose. "
            "Nothing is ever shared unless they tap Share."
            if channel is not None
            else "Done: check-in sharing is off. Check-ins stay private to each member.",
        )


async def setup(bot: Lantern) -> None:
    await bot.add_cog(Config(bot))
