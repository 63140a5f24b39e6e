"""/about: what Lantern is, what it keeps, and what it is not."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import Lantern
from bot.embeds import LANTERN_COLOUR
from bot.ui import send_private

ABOUT_TEXT = (
    "Lantern helps this server be a kinder place for peer support: private mood check-ins, "
    "coping ideas, anonymous sharing, and a caring reply with support lines when someone "
    "seems to be in crisis."
)
STORED_TEXT = (
    "Only what you give it: your check-ins, reminders and settings, kept until you delete them. "
    "Anonymous posts are stored without your name or id, and their text is deleted after a while. "
    "Lantern reads messages to notice when someone may be in crisis, but it doesn't keep them. "
    "If the bot leaves a server, that server's data is deleted after {grace} days."
)
YOUR_DATA_TEXT = "`/mydata export` sends you a copy of everything; `/mydata delete` erases it."
NOT_A_SERVICE_TEXT = (
    "Lantern is a bot, not a counsellor. It is not a substitute for professional help or "
    "emergency services. If you are in danger right now, please call your local emergency number. "
    "`/resources` lists support lines for your country."
)


class About(commands.Cog):
    def __init__(self, bot: Lantern) -> None:
        self.bot = bot

    @app_commands.command(
        name="about", description="What Lantern does, what it stores, and what it isn't"
    )
    async def about(self, interaction: discord.Interaction[Any]) -> None:
        embed = discord.Embed(title="About Lantern", description=ABOUT_TEXT, colour=LANTERN_COLOUR)
        grace = self.bot.settings.guild_data_grace_days
        embed.add_field(name="What it stores", value=STORED_TEXT.format(grace=grace), inline=False)
        embed.add_field(name="Your data", value=YOUR_DATA_TEXT, inline=False)
        embed.add_field(name="What it isn't", value=NOT_A_SERVICE_TEXT, inline=False)
        await send_private(interaction, embed=embed)


async def setup(bot: Lantern) -> None:
    await bot.add_cog(About(bot))
