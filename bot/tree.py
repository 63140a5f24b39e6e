"""The command tree: one place where every app-command error is answered and logged."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.ui import report_error


class LanternTree(app_commands.CommandTree[Any]):
    async def on_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        command = interaction.command
        where = f"/{command.qualified_name}" if command is not None else "an app command"
        await report_error(interaction, error, where)
