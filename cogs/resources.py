"""/resources: support lines for a member's country, and their choice about automatic replies."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import Lantern
from bot.crisis.reply import resources_card
from bot.embeds import CARE_COLOUR, card_embed
from bot.hotlines import UnlistedCountry
from bot.ui import country_choices, send_private, unknown_country_note
from cogs.crisis import member_country

AUTO_CHOICES = [
    app_commands.Choice(name="on: send me support info if I seem to be struggling", value="on"),
    app_commands.Choice(name="off: don't send me automatic messages", value="off"),
]


class Resources(commands.Cog):
    def __init__(self, bot: Lantern) -> None:
        self.bot = bot

    @app_commands.command(name="resources", description="Support lines for your country")
    @app_commands.describe(
        country="Your country; I'll remember it for next time",
        auto="Whether I message you automatically when something you write sounds really hard",
    )
    @app_commands.choices(auto=AUTO_CHOICES)
    async def resources(
        self,
        interaction: discord.Interaction[Any],
        country: str | None = None,
        auto: app_commands.Choice[str] | None = None,
    ) -> None:
        store = self.bot.storage.crisis
        notes = []
        if country is not None:
            notes.append(await self.remember_country(interaction.user.id, country))
        if auto is not None:
            await store.set_auto_replies(interaction.user.id, auto.value == "on")
            notes.append(await self.auto_reply_notice(auto.value == "on", interaction.guild_id))
        chosen = await member_country(self.bot, interaction.user.id, interaction.guild_id)
        card = resources_card(chosen, self.bot.content.hotlines)
        await send_private(
            interaction, "\n".join(notes) or None, embed=card_embed(card, CARE_COLOUR)
        )

    async def remember_country(self, user_id: int, typed: str) -> str:
        """Save the member's country if `typed` names one; what to tell them either way.

        Whatever happens, the card that follows has the emergency line and the directories.
        """
        directory = self.bot.content.hotlines
        found = directory.resolve(typed)
        if found is None:
            return unknown_country_note(directory, typed)
        # Even a country without lines is saved: nobody should be shown another country's numbers.
        await self.bot.storage.crisis.set_member_country(user_id, found.code)
        if isinstance(found, UnlistedCountry):
            return (
                f"I don't have support lines for {found.name} yet, I'm sorry. The directories "
                "below list free helplines in many more places, and your local emergency number "
                f"is there if you're in danger right now. I'll remember {found.name} for you."
            )
        return f"I'll remember {found.name} for you."

    async def auto_reply_notice(self, enabled: bool, guild_id: int | None) -> str:
        if enabled:
            return "Automatic support messages are on. Thank you for letting me look out for you."
        notice = (
            "Okay, I won't send you automatic support messages any more. "
            "`/resources auto:on` turns them back on, and `/resources` always works."
        )
        if guild_id is None:
            return notice
        settings = await self.bot.storage.crisis.settings(guild_id)
        if settings.mod_channel_id is not None and settings.alert_opted_out:
            return (
                f"{notice} In this server, moderators are still told if something you write "
                "looks like you might be in crisis, so a person can check in."
            )
        return (
            f"{notice} This server has no moderators to alert, so if something you write sounds "
            "really hard, I'll still send one short line saying I'm here, at most once in a while."
        )

    @resources.autocomplete("country")
    async def country_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return country_choices(self.bot.content.hotlines, current)


async def setup(bot: Lantern) -> None:
    await bot.add_cog(Resources(bot))
