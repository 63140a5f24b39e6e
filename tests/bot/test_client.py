"""The Bot subclass: explicit extensions, and app commands synced only when they change."""

from typing import Any

import discord
from discord import app_commands

from bot.client import EXTENSIONS, Lantern
from bot.loopback import LoopbackDiscord


def command_syncs(loopback: LoopbackDiscord) -> int:
    return sum(
        1
        for r in loopback.requests
        if r.method == "PUT" and r.path.endswith("/commands") and r.status == 200
    )


async def test_commands_are_synced_once_and_again_only_after_a_change(
    lantern: Lantern, loopback: LoopbackDiscord
) -> None:
    assert command_syncs(loopback) == 1
    assert await lantern.sync_commands() is False
    assert command_syncs(loopback) == 1

    @app_commands.command(name="ping", description="A new command")
    async def ping(interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message("pong", ephemeral=True)

    lantern.tree.add_command(ping)
    assert await lantern.sync_commands() is True
    assert command_syncs(loopback) == 2
    assert "ping" in {c.name for c in loopback.world.commands_for(None)}


async def test_every_listed_extension_is_loaded(lantern: Lantern) -> None:
    assert set(lantern.extensions) == set(EXTENSIONS)
