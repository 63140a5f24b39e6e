"""The terminal sandbox: a person types, Lantern answers, all against the loopback Discord."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import discord
import pytest
from discord import app_commands
from hypothesis import given
from hypothesis import strategies as st

from bot.client import Lantern
from bot.loopback import GuildHandle, LoopbackDiscord, Person
from bot.sandbox import Sandbox, SandboxInputError, SlashRequest, parse_slash, run_sandbox


class Script:
    """Lines a person types, and everything printed back."""

    def __init__(self, *lines: str) -> None:
        self._lines: Iterator[str] = iter(lines)
        self.prompts: list[str] = []
        self.printed: list[str] = []

    async def read_line(self, prompt: str) -> str | None:
        self.prompts.append(prompt)
        return next(self._lines, None)

    def write(self, text: str) -> None:
        self.printed.append(text)

    @property
    def screen(self) -> str:
        return "\n".join(self.printed)


def test_parse_slash_reads_subcommands_and_quoted_options() -> None:
    assert parse_slash('/crisis phrases add phrase:"the bridge tonight" kind:crisis') == (
        SlashRequest(
            "crisis", ("phrases", "add"), {"phrase": "the bridge tonight", "kind": "crisis"}
        )
    )
    assert parse_slash("/about") == SlashRequest("about", (), {})


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("/", "type a command name"),
        ("/mood:4", "type a command name"),
        ("/config country:DE show", "subcommands go first"),
        ("/config :DE", "no option name"),
        ('/about text:"unclosed', "couldn't read that"),
    ],
)
def test_parse_slash_explains_mistakes(line: str, message: str) -> None:
    with pytest.raises(SandboxInputError, match=message):
        parse_slash(line)


@given(st.text(max_size=60))
def test_parse_slash_only_ever_raises_its_own_explanations(text: str) -> None:
    try:
        request = parse_slash("/" + text)
    except SandboxInputError:
        return
    assert request.name
    assert ":" not in request.name


@pytest.fixture
def people(admin: Person, alice: Person, bob: Person) -> dict[str, Person]:
    return {"sam": admin, "alice": alice, "bob": bob}


async def test_a_member_runs_commands_and_sees_private_answers(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, people: dict[str, Person]
) -> None:
    script = Script()
    sandbox = Sandbox(loopback, guild, people, script.write, quiet_seconds=0.02)
    assert sandbox.prompt == "alice in #general> "
    await sandbox.handle("/about", script.read_line)
    assert "[#general, only you] Lantern:" in script.screen
    assert "**About Lantern**" in script.screen
    await sandbox.handle("/config show", script.read_line)
    assert "  ! " in script.printed[-1]  # Discord hides admin commands from members


async def test_crisis_replies_in_the_sandbox_respect_who_may_see_what(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, people: dict[str, Person]
) -> None:
    script = Script()
    sandbox = Sandbox(loopback, guild, people, script.write, quiet_seconds=0.02)
    for line in (":as sam", "/crisis setup moderator_channel:#mods country:GB", ":as alice"):
        assert await sandbox.handle(line, script.read_line)
    await sandbox.handle("i want to die", script.read_line)
    alice_saw = script.screen
    assert "[DM] Lantern:" in alice_saw
    assert "Samaritans" in alice_saw
    assert "[#mods]" not in alice_saw  # members can't see the moderator channel
    await sandbox.handle(":as sam", script.read_line)
    await sandbox.handle(":in #mods", script.read_line)
    await sandbox.handle("/about", script.read_line)
    assert "**A member may be in crisis**" in script.screen
    assert "Member: @alice" in script.screen
    claim = next(line for line in script.printed if "I'm reaching out" in line)
    number = claim.split("[")[-1].split(":")[0]
    await sandbox.handle(f":click {number}", script.read_line)
    assert "(updated)" in script.screen
    assert "is reaching out" in script.screen


async def test_modals_are_asked_field_by_field(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, people: dict[str, Person]
) -> None:
    class Note(discord.ui.Modal, title="A note"):
        text: discord.ui.TextInput[Note] = discord.ui.TextInput(label="Your note", max_length=50)

        async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
            await interaction.response.send_message(f"Noted: {self.text.value}", ephemeral=True)

    @app_commands.command(name="note", description="Write a note")
    async def note(interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_modal(Note())

    lantern.tree.add_command(note)
    await lantern.tree.sync()
    script = Script("a calm evening")
    sandbox = Sandbox(loopback, guild, people, script.write, quiet_seconds=0.02)
    await sandbox.handle("/note", script.read_line)
    assert script.prompts == ["  Your note (up to 50): "]
    assert "[form] A note" in script.screen
    assert "Noted: a calm evening" in script.screen


async def test_sandbox_commands_explain_mistakes(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, people: dict[str, Person]
) -> None:
    script = Script()
    sandbox = Sandbox(loopback, guild, people, script.write, quiet_seconds=0.02)
    for line in (":as nobody", ":click 9", ":frobnicate", "/nosuchcommand", "/about nope:1"):
        assert await sandbox.handle(line, script.read_line)
    assert [line for line in script.printed if line.startswith("  ! ")] == [
        "  ! pick one of: sam, alice, bob",
        "  ! press a button by its number, e.g. :click 1",
        "  ! unknown sandbox command :frobnicate; try :help",
        "  ! Lantern has no /nosuchcommand; try /about",
        "  ! no option 'nope' here; options: none",
    ]
    assert not await sandbox.handle(":quit", script.read_line)


async def test_the_whole_sandbox_starts_answers_and_cleans_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket,
        "DEFAULT_GATEWAY",
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY,
    )
    script = Script("/about")
    assert await run_sandbox(script.read_line, script.write) == 0
    assert script.printed[0].startswith("Lantern sandbox:")
    assert "**About Lantern**" in script.screen
    assert script.printed[-1] == "Bye! Nothing from the sandbox was kept."
