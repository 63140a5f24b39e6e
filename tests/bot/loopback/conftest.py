"""A tiny discord.py bot wired to the loopback Discord, for testing the loopback itself."""

from __future__ import annotations

import asyncio
import contextlib
import io
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import discord
import pytest
import yarl
from discord import app_commands
from discord.ext import commands

from bot.clock import FakeClock
from bot.loopback import LoopbackDiscord
from bot.loopback.people import GuildHandle, Person

# The smallest valid PNG: one transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


class NoteModal(discord.ui.Modal, title="A note"):
    note: discord.ui.TextInput[NoteModal] = discord.ui.TextInput(label="Note", max_length=200)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"Saved: {self.note.value}", ephemeral=True)


class DraftModal(discord.ui.Modal, title="Edit your note"):
    """Every field pre-filled, as when a bot hands someone's words back to them."""

    note: discord.ui.TextInput[DraftModal] = discord.ui.TextInput(
        label="Note", default="Slept badly.", max_length=200
    )
    extra: discord.ui.TextInput[DraftModal] = discord.ui.TextInput(
        label="Anything else?", default="Tea helped.", required=False, max_length=200
    )
    mood: discord.ui.Label[DraftModal] = discord.ui.Label(
        text="Mood",
        component=discord.ui.Select(
            custom_id="draft:mood",
            options=[
                discord.SelectOption(label="Low", value="low", default=True),
                discord.SelectOption(label="Okay", value="okay"),
            ],
        ),
    )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        assert isinstance(self.mood.component, discord.ui.Select)
        moods = ", ".join(self.mood.component.values)
        summary = f"Note: {self.note.value} | Else: {self.extra.value} | Mood: {moods}"
        await interaction.response.send_message(summary, ephemeral=True)


class MenuView(discord.ui.View):
    @discord.ui.button(label="Another", custom_id="menu:another")
    async def another(
        self, interaction: discord.Interaction, _: discord.ui.Button[MenuView]
    ) -> None:
        await interaction.response.edit_message(content="Here is another one.")

    @discord.ui.button(label="Write", custom_id="menu:write")
    async def write(self, interaction: discord.Interaction, _: discord.ui.Button[MenuView]) -> None:
        await interaction.response.send_modal(NoteModal())

    @discord.ui.select(
        placeholder="Tags",
        custom_id="menu:tags",
        max_values=2,
        options=[discord.SelectOption(label=t, value=t) for t in ("sleep", "food", "work")],
    )
    async def tags(
        self, interaction: discord.Interaction, select: discord.ui.Select[MenuView]
    ) -> None:
        await interaction.response.send_message(f"Tags: {', '.join(select.values)}", ephemeral=True)


@dataclass(frozen=True, slots=True)
class ProbeLog:
    """What the probe bot saw, for tests to check; `gate` holds back the /wait command."""

    seen: list[discord.Message]
    arrived: asyncio.Event
    gate: asyncio.Event
    events: Counter[str]


class ProbeBot(commands.Bot):
    def __init__(self, log: ProbeLog) -> None:
        intents = discord.Intents.default()
        intents.members = True
        intents.message_content = True
        super().__init__(command_prefix="!", intents=intents, guild_ready_timeout=0.05)
        self.log = log
        probe_commands: list[app_commands.Command[Any, Any, None] | app_commands.Group] = [
            reminders,
            checkin,
            note,
            menu,
            later,
            picture,
            dm_me,
            post,
            wait,
            timezone,
            think,
            admin_only,
            ramble,
            redraft,
            unfold,
        ]
        for command in probe_commands:
            self.tree.add_command(command)

    async def setup_hook(self) -> None:
        self.add_view(MenuView(timeout=None))
        await self.tree.sync()

    async def on_message(self, message: discord.Message) -> None:
        if message.author == self.user:
            return
        self.log.seen.append(message)
        if message.content == "ping":
            await message.channel.send("pong")

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """discord.py waits 5 s before identifying again; the loopback has no limit to respect."""

    async def on_resumed(self) -> None:
        self.log.events["resumed"] += 1

    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        self.log.events[f"reaction {payload.emoji} by {payload.user_id}"] += 1

    async def on_member_remove(self, member: discord.Member) -> None:
        self.log.events[f"{member.name} left"] += 1


def probe(interaction: discord.Interaction) -> ProbeBot:
    assert isinstance(interaction.client, ProbeBot)
    return interaction.client


@app_commands.command(description="How are you?")
@app_commands.describe(mood="1 to 5")
async def checkin(interaction: discord.Interaction, mood: app_commands.Range[int, 1, 5]) -> None:
    await interaction.response.send_message(f"Thanks for checking in ({mood}/5).", ephemeral=True)


@app_commands.command(description="Write a note")
async def note(interaction: discord.Interaction) -> None:
    await interaction.response.send_modal(NoteModal())


@app_commands.command(description="Show the menu")
async def menu(interaction: discord.Interaction) -> None:
    await interaction.response.send_message(
        "Pick one.", view=MenuView(timeout=None), ephemeral=True
    )


@app_commands.command(description="Answer a bit later")
async def later(interaction: discord.Interaction) -> None:
    await interaction.response.defer(thinking=True)
    await interaction.followup.send("Here it is.")


@app_commands.command(description="Edit a note written before")
async def redraft(interaction: discord.Interaction) -> None:
    await interaction.response.send_modal(DraftModal())


@app_commands.command(description="Think until the test says so, then answer in followups")
@app_commands.describe(
    private_thinking="defer ephemerally",
    private_followups="ask for ephemeral followups",
    followups="how many followups to send",
    edit_first="edit the original response before any followup",
    revise="edit the first followup through the message Discord returned",
)
async def unfold(
    interaction: discord.Interaction,
    private_thinking: bool = False,
    private_followups: bool = False,
    followups: app_commands.Range[int, 1, 3] = 1,
    edit_first: bool = False,
    revise: bool = False,
) -> None:
    await interaction.response.defer(ephemeral=private_thinking, thinking=True)
    await probe(interaction).log.gate.wait()
    if edit_first:
        await interaction.edit_original_response(content="Still thinking.")
    sent = [
        await interaction.followup.send(f"Part {n}.", ephemeral=private_followups, wait=True)
        for n in range(1, followups + 1)
    ]
    if revise:
        await sent[0].edit(content="Part 1, revised.")


@app_commands.command(description="Think, then edit the answer")
async def think(interaction: discord.Interaction) -> None:
    await interaction.response.defer(ephemeral=True, thinking=True)
    await interaction.edit_original_response(content="Done thinking.")


@app_commands.command(description="Only for people who manage the server")
@app_commands.default_permissions(manage_guild=True)
async def admin_only(interaction: discord.Interaction) -> None:
    allowed = interaction.permissions.manage_guild
    await interaction.response.send_message(f"Manage guild: {allowed}", ephemeral=True)


@app_commands.command(description="Answers with more than Discord allows")
async def ramble(interaction: discord.Interaction) -> None:
    with contextlib.suppress(discord.HTTPException):
        await interaction.response.send_message("la " * 700)


@app_commands.command(description="Send a picture")
async def picture(interaction: discord.Interaction) -> None:
    await interaction.response.send_message(file=discord.File(io.BytesIO(PNG), "dot.png"))


@app_commands.command(description="DM me")
async def dm_me(interaction: discord.Interaction) -> None:
    try:
        await interaction.user.send("Hello from the probe.")
    except discord.Forbidden as error:
        await interaction.response.send_message(f"DM failed: {error.code}", ephemeral=True)
        return
    await interaction.response.send_message("Sent you a DM.", ephemeral=True)


@app_commands.command(description="Post in a channel")
async def post(interaction: discord.Interaction, channel: discord.TextChannel, text: str) -> None:
    try:
        await channel.send(text)
    except discord.HTTPException as error:
        await interaction.response.send_message(f"Post failed: {error.code}", ephemeral=True)
        return
    await interaction.response.send_message("Posted.", ephemeral=True)


@app_commands.command(description="Waits for the test before answering")
async def wait(interaction: discord.Interaction) -> None:
    log = probe(interaction).log
    log.arrived.set()
    await log.gate.wait()
    try:
        await interaction.response.send_message("Finally.")
    except discord.NotFound:
        return


@app_commands.command(description="Pick a timezone")
async def timezone(interaction: discord.Interaction, zone: str) -> None:
    await interaction.response.send_message(f"Zone: {zone}", ephemeral=True)


@timezone.autocomplete("zone")
async def zone_choices(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    zones = ("Europe/Berlin", "Europe/Belgrade", "Asia/Tokyo")
    return [app_commands.Choice(name=z, value=z) for z in zones if z.startswith(current)]


reminders = app_commands.Group(name="reminders", description="Reminders")


@reminders.command(name="add", description="Add a reminder")
async def reminders_add(interaction: discord.Interaction, time: str) -> None:
    await interaction.response.send_message(f"Reminder at {time}.", ephemeral=True)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))


@pytest.fixture
async def fake(clock: FakeClock) -> AsyncIterator[LoopbackDiscord]:
    """The loopback; any violation left untaken fails the test at teardown."""
    async with LoopbackDiscord.running(bot_name="Probe", clock=clock) as loopback:
        yield loopback
        loopback.assert_clean()


@pytest.fixture
def guild(fake: LoopbackDiscord) -> GuildHandle:
    return fake.create_guild("Support Server")


@pytest.fixture
def admin(fake: LoopbackDiscord, guild: GuildHandle) -> Person:
    return fake.create_member(guild, "admin", admin=True)


@pytest.fixture
def alice(fake: LoopbackDiscord, guild: GuildHandle) -> Person:
    return fake.create_member(guild, "alice", display_name="Alice")


@pytest.fixture
def seen() -> list[discord.Message]:
    """Every message the probe bot received from someone else, in order."""
    return []


@pytest.fixture
def arrived() -> asyncio.Event:
    """Set when the probe's /wait command has started."""
    return asyncio.Event()


@pytest.fixture
def gate() -> asyncio.Event:
    """Holds the probe's /wait command back until the test sets it."""
    return asyncio.Event()


@pytest.fixture
def bot_events() -> Counter[str]:
    """How often the probe bot heard lifecycle events such as "resumed"."""
    return Counter()


@pytest.fixture
async def bot(
    fake: LoopbackDiscord,
    admin: Person,
    alice: Person,
    seen: list[discord.Message],
    arrived: asyncio.Event,
    gate: asyncio.Event,
    bot_events: Counter[str],
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[commands.Bot]:
    """The probe bot, logged in and ready, with admin and alice already in the guild."""
    monkeypatch.setattr(discord.http.Route, "BASE", fake.api_base)
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(fake.gateway_url)
    )
    probe_bot = ProbeBot(ProbeLog(seen, arrived, gate, bot_events))
    runner = asyncio.create_task(probe_bot.start(fake.token))
    try:
        await fake.wait_until_connected()
        await asyncio.wait_for(probe_bot.wait_until_ready(), 2)
        yield probe_bot
    finally:
        await probe_bot.close()
        await runner
