"""/mydata: a member's copy of everything Lantern holds about them, or all of it erased."""

from __future__ import annotations

import io
import json
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.checkins.csv_export import checkins_csv
from bot.client import Lantern
from bot.ui import LanternView, send_private

CONFIRM_TIMEOUT_SECONDS = 300


class MyData(commands.Cog):
    mydata = app_commands.Group(
        name="mydata", description="Your data in Lantern: a copy, or erase it"
    )

    def __init__(self, bot: Lantern) -> None:
        self.bot = bot

    @mydata.command(
        name="export", description="Get a file with everything Lantern stores about you"
    )
    async def export(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        data = await self.bot.storage.export_member(interaction.user.id)
        data["exported_at"] = self.bot.clock.now().isoformat()
        document = json.dumps(data, indent=2, ensure_ascii=False).encode()
        stamp = self.bot.clock.now().strftime("%Y-%m-%d")
        checkins = await self.bot.storage.checkins.list_since(interaction.user.id)
        files = [
            discord.File(io.BytesIO(document), filename=f"lantern-data-{stamp}.json"),
            # The same check-ins as in the JSON, for a spreadsheet.
            discord.File(
                io.BytesIO(checkins_csv(checkins).encode()),
                filename=f"lantern-checkins-{stamp}.csv",
            ),
        ]
        await interaction.followup.send(
            "Here's everything Lantern keeps about you. Only you can see this.",
            files=files,
            ephemeral=True,
        )

    @mydata.command(name="delete", description="Erase everything Lantern stores about you")
    async def delete(self, interaction: discord.Interaction[Any]) -> None:
        await send_private(
            interaction,
            "This erases everything Lantern keeps about you, in every server, and can't be undone. "
            "Anonymous posts stay up, but nothing links them to you any more.",
            view=ConfirmDelete(self.bot, interaction.user.id),
        )


class ConfirmDelete(LanternView):
    def __init__(self, bot: Lantern, user_id: int) -> None:
        super().__init__(timeout=CONFIRM_TIMEOUT_SECONDS)
        self.bot = bot
        self.user_id = user_id

    @discord.ui.button(label="Delete everything", style=discord.ButtonStyle.danger)
    async def confirm(
        self, interaction: discord.Interaction[Any], _: discord.ui.Button[ConfirmDelete]
    ) -> None:
        removed = await self.bot.storage.delete_member(self.user_id)
        lines = [f"• {label}: {count}" for label, count in removed.items() if count]
        summary = "\n".join(lines) if lines else "There was nothing stored about you."
        self.stop()
        await interaction.response.edit_message(
            content=f"Done. Here's what I deleted:\n{summary}\nTake care of yourself.", view=None
        )

    @discord.ui.button(label="Keep my data", style=discord.ButtonStyle.secondary)
    async def cancel(
        self, interaction: discord.Interaction[Any], _: discord.ui.Button[ConfirmDelete]
    ) -> None:
        self.stop()
        await interaction.response.edit_message(content="Okay, nothing was deleted.", view=None)


async def setup(bot: Lantern) -> None:
    await bot.add_cog(MyData(bot))
