"""Answers made with an interaction token: a "thinking" deferral and the followups after it."""

import asyncio

import pytest
from discord.ext import commands

from bot.loopback import GuildHandle, LoopbackDiscord, LoopbackTimeoutError, Person
from bot.loopback.state import visible_text


async def test_the_first_followup_fills_the_thinking_placeholder(
    fake: LoopbackDiscord,
    bot: commands.Bot,
    guild: GuildHandle,
    alice: Person,
    gate: asyncio.Event,
) -> None:
    general = guild.channel("general")
    reply = await alice.slash("unfold")
    placeholder = await fake.next_message(general)
    assert placeholder is reply.message
    assert visible_text(placeholder) == "Probe is thinking…"

    gate.set()
    followup = await reply.next_followup()
    assert followup is reply.message
    assert visible_text(followup) == "Part 1."
    assert general.messages == [followup]
    assert followup.edited_timestamp is None  # replaced, not edited


@pytest.mark.parametrize(
    ("private_thinking", "private_followups"),
    [(False, False), (False, True), (True, False), (True, True)],
)
async def test_the_filled_placeholder_is_as_private_as_the_deferral(
    bot: commands.Bot,
    guild: GuildHandle,
    alice: Person,
    gate: asyncio.Event,
    *,
    private_thinking: bool,
    private_followups: bool,
) -> None:
    reply = await alice.slash(
        "unfold", private_thinking=private_thinking, private_followups=private_followups
    )
    gate.set()
    followup = await reply.next_followup()
    assert followup.ephemeral is private_thinking
    shown_to_everyone = guild.channel("general").messages
    assert shown_to_everyone == ([] if private_thinking else [followup])


async def test_later_followups_are_new_messages_with_their_own_privacy(
    bot: commands.Bot, guild: GuildHandle, alice: Person, gate: asyncio.Event
) -> None:
    reply = await alice.slash("unfold", private_followups=True, followups=3)
    gate.set()
    first, second, third = [await reply.next_followup() for _ in range(3)]
    assert first is reply.message
    assert not first.ephemeral
    assert [visible_text(m) for m in (second, third)] == ["Part 2.", "Part 3."]
    assert second.ephemeral
    assert third.ephemeral
    assert len({first.id, second.id, third.id}) == 3
    assert guild.channel("general").messages == [first]


async def test_after_an_edit_of_the_original_a_followup_is_a_new_message(
    bot: commands.Bot, guild: GuildHandle, alice: Person, gate: asyncio.Event
) -> None:
    reply = await alice.slash("unfold", edit_first=True)
    gate.set()
    edited = await reply.next_edit()
    followup = await reply.next_followup()
    assert visible_text(edited) == "Still thinking."
    assert followup is not edited
    assert visible_text(followup) == "Part 1."
    assert guild.channel("general").messages == [edited, followup]


async def test_the_bot_can_edit_the_filled_placeholder_by_the_id_it_was_given(
    bot: commands.Bot, alice: Person, gate: asyncio.Event
) -> None:
    reply = await alice.slash("unfold", revise=True)
    gate.set()
    followup = await reply.next_followup()
    revised = await reply.next_edit()
    assert revised is followup
    assert visible_text(revised) == "Part 1, revised."


async def test_a_timeout_shows_an_answer_still_thinking(
    bot: commands.Bot, alice: Person, gate: asyncio.Event
) -> None:
    reply = await alice.slash("unfold")
    with pytest.raises(LoopbackTimeoutError, match=r"#general \(still thinking\): ''"):
        await reply.next_followup(timeout=0.01)
    gate.set()
    assert visible_text(await reply.next_followup()) == "Part 1."
