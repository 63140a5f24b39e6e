from __future__ import annotations

import logging
from typing import Any

import discord
import pytest
from discord import app_commands

from bot.client import Lantern
from bot.errors import UserFacingError
from bot.loopback.people import Person
from bot.ui import SOMETHING_WENT_WRONG, LanternView


async def add_command(lantern: Lantern, command: app_commands.Command[Any, Any, Any]) -> None:
    lantern.tree.add_command(command)
    await lantern.tree.sync()


@app_commands.command(name="explode", description="Fails on purpose")
async def explode(interaction: discord.Interaction[Any]) -> None:
    raise RuntimeError("kaboom")


@app_commands.command(name="explode-later", description="Defers, then fails")
async def explode_later(interaction: discord.Interaction[Any]) -> None:
    await interaction.response.defer(ephemeral=True, thinking=True)
    raise RuntimeError("kaboom after defer")


@app_commands.command(name="refuse", description="Refuses kindly")
async def refuse(interaction: discord.Interaction[Any]) -> None:
    raise UserFacingError("That can't be done right now, sorry.")


class ExplodingView(LanternView):
    @discord.ui.button(label="Press", custom_id="test:explode")
    async def press(
        self, interaction: discord.Interaction[Any], _: discord.ui.Button[ExplodingView]
    ) -> None:
        raise RuntimeError("button kaboom")


@app_commands.command(name="exploding-button", description="Shows a button that fails")
async def exploding_button(interaction: discord.Interaction[Any]) -> None:
    await interaction.response.send_message("Press it.", view=ExplodingView(), ephemeral=True)


async def test_an_exploding_command_gets_one_ephemeral_apology_and_a_logged_traceback(
    lantern: Lantern, alice: Person, caplog: pytest.LogCaptureFixture
) -> None:
    await add_command(lantern, explode)
    with caplog.at_level(logging.ERROR, logger="bot.ui"):
        answer = await alice.slash("explode")
    assert answer.ephemeral
    assert answer.content == SOMETHING_WENT_WRONG
    (record,) = [r for r in caplog.records if r.name == "bot.ui"]
    assert record.getMessage() == "unexpected error in /explode"
    assert record.exc_info is not None
    assert "kaboom" in str(record.exc_info[1])


async def test_an_error_after_deferring_is_sent_as_an_ephemeral_followup(
    lantern: Lantern, alice: Person
) -> None:
    await add_command(lantern, explode_later)
    answer = await alice.slash("explode-later")
    assert answer.deferred
    followup = await answer.next_followup()
    assert followup.content == SOMETHING_WENT_WRONG
    assert followup.flags & 64


async def test_a_user_facing_error_is_shown_as_it_is(lantern: Lantern, alice: Person) -> None:
    await add_command(lantern, refuse)
    answer = await alice.slash("refuse")
    assert answer.ephemeral
    assert answer.content == "That can't be done right now, sorry."


async def test_an_exploding_button_is_answered_the_same_way(
    lantern: Lantern, alice: Person
) -> None:
    await add_command(lantern, exploding_button)
    shown = await alice.slash("exploding-button")
    pressed = await alice.click(shown, "Press")
    assert pressed.ephemeral
    assert pressed.content == SOMETHING_WENT_WRONG
