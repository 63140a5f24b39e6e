"""Every outcome a crisis message can have, walked end to end: who hears what in each.

The rows are the README's crisis outcome table. With crisis replies on, no row may end with a
member in crisis and nobody told: where moderators can't hear, the member does.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import discord
import pytest

from bot.client import Lantern
from bot.clock import FakeClock
from bot.loopback import ChannelHandle, GuildHandle, LoopbackDiscord, Person
from bot.loopback.state import Message, visible_text

CRISIS = "honestly i want to die, i can't do this anymore"
CRISIS_AGAIN = "i really want to die"
FRIEND = "my friend said she wants to kill herself"
MY_TURN = "honestly me too, i want to kill myself"
STILL_HERE = "Still here for you"
EPHEMERAL = 64


async def scanned(
    lantern: Lantern,
    person: Person,
    text: str,
    channel: ChannelHandle,
    *,
    reply_to: Message | None = None,
) -> str:
    def is_it(message: discord.Message, outcome: str) -> bool:
        return message.author.id == person.id and message.content == text

    waiter = asyncio.ensure_future(lantern.wait_for("message_scanned", check=is_it, timeout=3))
    await asyncio.sleep(0)
    await person.says(text, channel, reply_to=reply_to)
    _, outcome = await waiter
    return str(outcome)


def dms(loopback: LoopbackDiscord, person: Person) -> list[Message]:
    """What Lantern sent the person in DMs by itself (not answers to their button presses)."""
    dm_channel = loopback.world.dm_channel(person.user)
    bot_id = loopback.world.bot_user.id
    return [
        m
        for m in loopback.world.messages.values()
        if m.channel_id == dm_channel.id and m.author.id == bot_id and not m.flags & EPHEMERAL
    ]


def bot_messages(loopback: LoopbackDiscord, channel: ChannelHandle) -> list[Message]:
    return [m for m in channel.messages if m.author.id == loopback.world.bot_user.id]


async def setup_crisis(admin: Person, guild: GuildHandle, **options: Any) -> None:
    answer = await admin.slash("crisis", "setup", **options)
    assert answer.ephemeral


async def with_mods(admin: Person, guild: GuildHandle, **options: Any) -> None:
    await setup_crisis(admin, guild, moderator_channel=guild.channel("mods"), **options)


# --- the rows -----------------------------------------------------------------------------------


async def test_crisis_with_dms_open_gets_the_card_by_dm_and_moderators_an_alert(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, admin: Person, alice: Person
) -> None:
    await with_mods(admin, guild, country="GB")
    assert await scanned(lantern, alice, CRISIS, guild.channel("general")) == "replied"
    assert "Samaritans" in visible_text(await alice.next_dm())
    assert "may be in crisis" in visible_text(await loopback.next_message(guild.channel("mods")))


async def test_crisis_with_dms_closed_gets_a_button_only_they_can_open(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, admin: Person, alice: Person
) -> None:
    await with_mods(admin, guild, country="GB")
    alice.closes_dms()
    general = guild.channel("general")
    assert await scanned(lantern, alice, CRISIS, general) == "replied"
    nudge = await loopback.next_message(general)
    opened = await alice.click(nudge, "Show me support options")
    assert opened.ephemeral
    assert "Samaritans" in visible_text(opened.message)
    alert = visible_text(await loopback.next_message(guild.channel("mods")))
    assert "DMs are closed" in alert


async def test_channel_mode_always_uses_the_button(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, admin: Person, alice: Person
) -> None:
    await with_mods(admin, guild, mode="channel")
    general = guild.channel("general")
    assert await scanned(lantern, alice, CRISIS, general) == "replied"
    assert "support info" in (await loopback.next_message(general)).content
    assert dms(loopback, alice) == []
    assert "may be in crisis" in visible_text(await loopback.next_message(guild.channel("mods")))


async def test_alerts_only_tells_moderators_only(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, admin: Person, alice: Person
) -> None:
    await with_mods(admin, guild, mode="alerts_only")
    assert await scanned(lantern, alice, CRISIS, guild.channel("general")) == "alerts_only"
    assert "may be in crisis" in visible_text(await loopback.next_message(guild.channel("mods")))
    assert dms(loopback, alice) == []


async def test_alerts_only_with_no_moderator_channel_answers_the_member(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, admin: Person, alice: Person
) -> None:
    await setup_crisis(admin, guild, mode="alerts_only")
    assert await scanned(lantern, alice, CRISIS, guild.channel("general")) == "replied"
    assert "You don't have to go through this alone" in visible_text(await alice.next_dm())


async def test_a_worry_for_a_friend_gets_the_friend_card_and_a_concern_alert(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, admin: Person, alice: Person
) -> None:
    await with_mods(admin, guild, country="GB")
    assert await scanned(lantern, alice, FRIEND, guild.channel("general")) == "replied"
    card = visible_text(await alice.next_dm())
    assert "Worried about someone?" in card
    assert "If they're in danger right now" in card
    assert "If you're in danger right now" not in card
    alert = visible_text(await loopback.next_message(guild.channel("mods")))
    assert "worried about someone" in alert


async def test_worried_replies_to_a_flagged_message_add_nothing(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    alice: Person,
    bob: Person,
) -> None:
    await with_mods(admin, guild)
    general = guild.channel("general")
    await scanned(lantern, alice, CRISIS, general)
    flagged = next(m for m in general.messages if m.author.id == alice.id)
    await loopback.next_message(guild.channel("mods"))
    text = "i'm worried she will kill herself, someone help her"
    assert await scanned(lantern, bob, text, general, reply_to=flagged) == "duplicate"
    assert dms(loopback, bob) == []
    assert len(bot_messages(loopback, guild.channel("mods"))) == 1


@pytest.mark.parametrize("moderators", [True, False], ids=["with_mods", "no_mods"])
async def test_a_friend_card_never_silences_the_members_own_crisis(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    alice: Person,
    clock: FakeClock,
    moderators: bool,
) -> None:
    if moderators:
        await with_mods(admin, guild, country="GB")
    else:
        await setup_crisis(admin, guild, country="GB")
    general = guild.channel("general")
    assert await scanned(lantern, alice, FRIEND, general) == "replied"
    assert "Worried about someone?" in visible_text(await alice.next_dm())
    clock.advance(timedelta(minutes=2))
    assert await scanned(lantern, alice, MY_TURN, general) == "replied"
    crisis_card = visible_text(await alice.next_dm())
    assert "You don't have to go through this alone" in crisis_card
    assert "Samaritans" in crisis_card
    if moderators:
        mods = guild.channel("mods")
        await loopback.next_message(mods)  # the concern alert
        second = visible_text(await loopback.next_message(mods))
        assert "may be in crisis" in second
        assert "Repeat" not in second


async def test_a_repeat_with_moderators_goes_to_them_saying_what_the_member_got(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    alice: Person,
    clock: FakeClock,
) -> None:
    await with_mods(admin, guild)
    general, mods = guild.channel("general"), guild.channel("mods")
    await scanned(lantern, alice, FRIEND, general)
    await alice.next_dm()
    await loopback.next_message(mods)
    clock.advance(timedelta(minutes=5))
    assert await scanned(lantern, alice, "my friend says she wants to kill herself", general) == (
        "repeat"
    )
    repeat = visible_text(await loopback.next_message(mods))
    assert "Repeat (1): a member still worried about someone" in repeat
    assert "the card on helping a friend" in repeat  # not "support info" they never got
    assert len(dms(loopback, alice)) == 1


async def test_a_repeat_with_no_moderators_gets_one_still_here_line_a_cooldown(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    alice: Person,
    clock: FakeClock,
) -> None:
    await setup_crisis(admin, guild, country="GB")
    general = guild.channel("general")
    assert await scanned(lantern, alice, CRISIS, general) == "replied"
    await alice.next_dm()

    clock.advance(timedelta(hours=1))
    assert await scanned(lantern, alice, CRISIS_AGAIN, general) == "still_here"
    line = await alice.next_dm()
    assert line.content.startswith(STILL_HERE)
    assert line.embeds == []  # a line, not the whole card again
    opened = await alice.click(line, "Show me support options")
    assert opened.ephemeral
    assert "Samaritans" in visible_text(opened.message)

    # Told twice within the cooldown (the card, then the line): the next is only counted.
    clock.advance(timedelta(hours=1))
    assert await scanned(lantern, alice, "i just want to die", general) == "repeat"
    assert len(dms(loopback, alice)) == 2

    # A new cooldown: the full card again.
    clock.advance(timedelta(hours=5))
    assert await scanned(lantern, alice, CRISIS, general) == "replied"
    assert "You don't have to go through this alone" in visible_text(await alice.next_dm())


async def test_the_still_here_line_reaches_closed_dms_through_the_channel_button(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    alice: Person,
    clock: FakeClock,
) -> None:
    await setup_crisis(admin, guild, country="GB")
    alice.closes_dms()
    general = guild.channel("general")
    await scanned(lantern, alice, CRISIS, general)
    await loopback.next_message(general)
    clock.advance(timedelta(hours=1))
    assert await scanned(lantern, alice, CRISIS_AGAIN, general) == "still_here"
    nudge = await loopback.next_message(general)
    opened = await alice.click(nudge, "Show me support options")
    assert "Samaritans" in visible_text(opened.message)


async def test_an_opted_out_member_with_moderators_is_left_to_them(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, admin: Person, alice: Person
) -> None:
    await with_mods(admin, guild)
    await alice.slash("resources", auto="off")
    assert await scanned(lantern, alice, CRISIS, guild.channel("general")) == "opted_out"
    alert = visible_text(await loopback.next_message(guild.channel("mods")))
    assert "turned off automatic replies" in alert
    assert dms(loopback, alice) == []


async def test_an_opted_out_member_nobody_else_hears_of_gets_the_still_here_line(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, admin: Person, alice: Person
) -> None:
    await setup_crisis(admin, guild, country="GB")
    opted = await alice.slash("resources", auto="off")
    assert "short" in opted.content  # they're told what they'll still get
    assert await scanned(lantern, alice, CRISIS, guild.channel("general")) == "still_here"
    assert (await alice.next_dm()).content.startswith(STILL_HERE)
    assert await scanned(lantern, alice, CRISIS_AGAIN, guild.channel("general")) == "opted_out"
    assert len(dms(loopback, alice)) == 1


async def test_harassment_goes_to_moderators_only(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    alice: Person,
    bob: Person,
) -> None:
    await with_mods(admin, guild)
    assert await scanned(lantern, bob, "just kys already", guild.channel("general")) == (
        "harassment"
    )
    assert "harassment" in visible_text(await loopback.next_message(guild.channel("mods")))
    assert dms(loopback, bob) == []


async def test_an_edit_of_a_message_already_acted_on_adds_nothing(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, admin: Person, alice: Person
) -> None:
    await with_mods(admin, guild)
    general = guild.channel("general")
    await scanned(lantern, alice, CRISIS, general)
    original = next(m for m in general.messages if m.author.id == alice.id)
    waiter = asyncio.ensure_future(lantern.wait_for("message_scanned", timeout=3))
    await asyncio.sleep(0)
    await alice.edits(original, CRISIS + " really")
    _, outcome = await waiter
    assert outcome == "skipped"
    assert len(dms(loopback, alice)) == 1


async def test_excluded_channels_and_mode_off_are_the_servers_choice_to_be_quiet(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, admin: Person, alice: Person
) -> None:
    await with_mods(admin, guild, exclude_channel=guild.channel("checkins"))
    assert await scanned(lantern, alice, CRISIS, guild.channel("checkins")) == "skipped"
    await setup_crisis(admin, guild, mode="off")
    assert await scanned(lantern, alice, CRISIS, guild.channel("general")) == "skipped"
    assert dms(loopback, alice) == []
    assert bot_messages(loopback, guild.channel("mods")) == []


async def test_a_dm_to_lantern_gets_the_card_or_a_short_hello(
    lantern: Lantern, loopback: LoopbackDiscord, alice: Person, clock: FakeClock
) -> None:
    await alice.dms_bot("hello")
    hello = await alice.next_dm()
    assert "I'm Lantern" in hello.content
    assert "/resources" in hello.content
    await alice.dms_bot("what can you do?")
    await alice.dms_bot("ich will nicht mehr leben")
    card = visible_text(await alice.next_dm())
    assert "TelefonSeelsorge" in card  # the language it was written in guesses the country
    assert len(dms(loopback, alice)) == 2  # no second hello within minutes
    clock.advance(timedelta(minutes=11))
    await alice.dms_bot("hi again")
    assert "I'm Lantern" in (await alice.next_dm()).content


async def test_unreachable_members_are_named_to_moderators(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, admin: Person, alice: Person
) -> None:
    await with_mods(admin, guild)
    alice.closes_dms()
    general = guild.channel("general")
    await general.forbid_bot("SEND_MESSAGES")
    assert await scanned(lantern, alice, CRISIS, general) == "replied"
    alert = visible_text(await loopback.next_message(guild.channel("mods")))
    assert "couldn't reach them" in alert


# --- the card itself ----------------------------------------------------------------------------


async def test_out_of_the_box_a_crisis_dm_has_a_number_to_call(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, alice: Person
) -> None:
    """No /crisis setup, no country anywhere: the server's locale (en-US) guesses the lines."""
    assert await scanned(lantern, alice, CRISIS, guild.channel("general")) == "replied"
    dm = await alice.next_dm()
    description = dm.embeds[0]["description"]
    first_screen = description.split("\n\n")[1]
    assert "**988**" in first_screen  # one number to call or text now
    assert "**911**" in first_screen
    assert "my best guess" in first_screen
    assert "/resources country:" in first_screen


async def test_a_german_message_in_an_english_server_gets_german_lines(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, alice: Person
) -> None:
    text = "ich will nicht mehr leben"
    assert await scanned(lantern, alice, text, guild.channel("general")) == "replied"
    assert "TelefonSeelsorge" in visible_text(await alice.next_dm())


async def test_the_crisis_dm_puts_first_things_first_and_the_opt_out_behind_a_button(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, admin: Person, alice: Person
) -> None:
    await with_mods(admin, guild, country="GB")
    await scanned(lantern, alice, CRISIS, guild.channel("general"))
    dm = await alice.next_dm()
    text = visible_text(dm)
    assert "auto:off" not in text
    assert not dm.embeds[0]["footer"]["text"].startswith("To stop")
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) <= 16
    assert text.index("116 123") < text.index("I'm Lantern")
    answer = await alice.click(dm, "Not what I meant")
    assert "/resources auto:off" in answer.content


async def test_a_claimed_alert_thanks_the_moderator_once(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    moderator: Person,
    alice: Person,
) -> None:
    await with_mods(admin, guild)
    await scanned(lantern, alice, CRISIS, guild.channel("general"))
    alert = await loopback.next_message(guild.channel("mods"))
    claimed = await moderator.click(alert, "I'm reaching out")
    thanks = (await claimed.next_followup()).content
    assert thanks.lower().count("thank") <= 1
    assert "look after yourself" in thanks.lower()


@pytest.fixture
def british(loopback: LoopbackDiscord, guild: GuildHandle) -> GuildHandle:
    """Server Settings > Community: the server's primary language is English (UK)."""
    loopback.world.guilds[guild.id].preferred_locale = "en-GB"
    return guild


async def test_the_servers_language_guesses_the_country(
    british: GuildHandle, lantern: Lantern, loopback: LoopbackDiscord, alice: Person
) -> None:
    assert await scanned(lantern, alice, CRISIS, british.channel("general")) == "replied"
    first_screen = (await alice.next_dm()).embeds[0]["description"].split("\n\n")[1]
    assert "Samaritans" in first_screen
    assert "United Kingdom, my best guess" in first_screen
