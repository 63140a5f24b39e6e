"""Crisis replies end to end: members write, Lantern answers privately and alerts moderators."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import TYPE_CHECKING, Any, cast

import discord
import pytest

from bot.client import Lantern
from bot.clock import FakeClock
from bot.loopback import ChannelHandle, GuildHandle, LoopbackDiscord, Person
from bot.loopback.faults import QuickRetries
from bot.loopback.state import Message, visible_text
from bot.storage.faults import WriteLockHeld

if TYPE_CHECKING:
    from cogs.crisis import Crisis

CRISIS_TEXT = "honestly i want to die, i can't do this anymore"


async def scanned(lantern: Lantern, person: Person, text: str, channel: ChannelHandle) -> str:
    """Post `text` as `person` and wait until Lantern has finished with it; return the outcome."""

    def is_it(message: discord.Message, outcome: str) -> bool:
        return message.author.id == person.id and message.content == text

    waiter = asyncio.ensure_future(lantern.wait_for("message_scanned", check=is_it, timeout=3))
    await asyncio.sleep(0)  # let the waiter register before the message exists
    await person.says(text, channel)
    _, outcome = await waiter
    return str(outcome)


def bot_posts(loopback: LoopbackDiscord) -> list[str]:
    """Every message-creating request the bot made, as 'METHOD path'."""
    return [
        f"{r.method} {r.path}"
        for r in loopback.requests
        if r.method == "POST" and ("/messages" in r.path or r.path.startswith("/webhooks/"))
    ]


def dms_to(loopback: LoopbackDiscord, person: Person) -> list[Message]:
    dm_channel = loopback.world.dm_channel(person.user)
    return [m for m in loopback.world.messages.values() if m.channel_id == dm_channel.id]


async def set_up(admin: Person, guild: GuildHandle, *, country: str = "GB", **options: Any) -> None:
    answer = await admin.slash(
        "crisis", "setup", moderator_channel=guild.channel("mods"), country=country, **options
    )
    assert answer.ephemeral


async def test_a_crisis_message_gets_a_dm_with_the_countrys_lines_and_a_claimable_alert(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    moderator: Person,
    alice: Person,
) -> None:
    await set_up(admin, guild)
    general = guild.channel("general")
    assert await scanned(lantern, alice, CRISIS_TEXT, general) == "replied"

    dm = await alice.next_dm()
    reply = visible_text(dm)
    assert "Samaritans" in reply
    assert "116 123" in reply
    assert "999" in reply  # the UK emergency number
    assert "automated" in reply.lower()
    assert "moderators" in reply.lower()
    assert CRISIS_TEXT not in reply
    assert any(b["label"] == "Not what I meant" for row in dm.components for b in row["components"])

    alert = await loopback.next_message(guild.channel("mods"))
    alert_text = visible_text(alert)
    assert "may be in crisis" in alert_text
    assert f"/channels/{guild.id}/{general.id}/" in alert_text
    assert "en.crisis.want_to_die" in alert_text
    assert "i want to die" not in alert_text.lower()
    assert "Sent them a private message" in alert_text
    assert alert.allowed_mentions == {"parse": []}

    # Two moderators tap at once: one gets it, the other is told.
    first, second = await asyncio.gather(
        moderator.click(alert, "I'm reaching out"), admin.click(alert, "I'm reaching out")
    )
    claimed, told = (first, second) if first.response_type == 7 else (second, first)
    assert claimed.response_type == 7  # the alert itself is updated for everyone
    assert "is reaching out" in visible_text(alert)
    assert "Someone is reaching out" in str(alert.components)
    thanks = await claimed.next_followup()
    assert thanks.flags & 64
    assert "look after yourself" in thanks.content.lower()
    assert told.ephemeral
    assert "already reaching out" in told.content

    # Nobody is told in the channel itself.
    assert [m for m in general.messages if m.author.id != alice.id] == []


async def test_closed_dms_get_a_discreet_button_whose_answer_only_that_member_sees(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    alice: Person,
    bob: Person,
) -> None:
    await set_up(admin, guild, country="DE")
    alice.closes_dms()
    general = guild.channel("general")
    await scanned(lantern, alice, CRISIS_TEXT, general)

    nudge = await loopback.next_message(general)
    assert (
        nudge.content
        == "I have some support info for you. Tap the button below; only you will see it."
    )
    assert nudge.embeds == []
    assert nudge.allowed_mentions is not None
    assert nudge.allowed_mentions.get("replied_user") is False

    support = await alice.click(nudge, "Show me support options")
    assert support.ephemeral
    assert "TelefonSeelsorge" in visible_text(support.message)

    # Someone else tapping it gets support for themselves, privately, not Alice's.
    other = await bob.click(nudge, "Show me support options")
    assert other.ephemeral
    assert "Not what I meant" not in str(other.components)

    alert = await loopback.next_message(guild.channel("mods"))
    assert "DMs are closed" in visible_text(alert)


async def test_hyperbole_gaming_and_quotes_get_nothing(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, admin: Person, alice: Person
) -> None:
    await set_up(admin, guild)
    before = bot_posts(loopback)
    general = guild.channel("general")
    for text in (
        "this homework is killing me lol",
        "i died to that boss five times, the killstreak was gone",
        "> i want to die\nthat line from the song hits hard",
        "kill the process and restart the server",
    ):
        assert await scanned(lantern, alice, text, general) == "none", text
    assert bot_posts(loopback) == before


async def test_inside_the_cooldown_only_moderators_hear_and_count_repeats(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    alice: Person,
    clock: FakeClock,
) -> None:
    await set_up(admin, guild)
    general, mods = guild.channel("general"), guild.channel("mods")
    assert await scanned(lantern, alice, CRISIS_TEXT, general) == "replied"
    await alice.next_dm()
    await loopback.next_message(mods)

    clock.advance(timedelta(hours=1))
    assert await scanned(lantern, alice, "i really want to die", general) == "repeat"
    repeat = visible_text(await loopback.next_message(mods))
    assert "Repeat (1): a member who may still be in crisis" in repeat
    assert "they got the support lines" in repeat  # what they really got, and when

    assert await scanned(lantern, alice, "i just want to die", general) == "repeat"
    assert "Repeat (2)" in visible_text(await loopback.next_message(mods))
    assert len(dms_to(loopback, alice)) == 1  # moderators have it: no second card

    clock.advance(timedelta(hours=6))
    assert await scanned(lantern, alice, CRISIS_TEXT + " again", general) == "replied"
    await alice.next_dm()
    dms = dms_to(loopback, alice)
    assert len(dms) == 2


async def test_an_opted_out_member_gets_no_reply_and_is_told_about_moderators(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, admin: Person, alice: Person
) -> None:
    await set_up(admin, guild)
    opted = await alice.slash("resources", auto="off")
    assert opted.ephemeral
    assert "won't send you automatic support messages" in opted.content
    assert "moderators are still told" in opted.content

    assert await scanned(lantern, alice, CRISIS_TEXT, guild.channel("general")) == "opted_out"
    alert = await loopback.next_message(guild.channel("mods"))
    assert "turned off automatic replies" in visible_text(alert)
    assert dms_to(loopback, alice) == []


async def test_harassment_goes_to_moderators_only(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, admin: Person, bob: Person
) -> None:
    await set_up(admin, guild)
    general = guild.channel("general")
    assert await scanned(lantern, bob, "go kill yourself", general) == "harassment"
    alert = await loopback.next_message(guild.channel("mods"))
    assert "harassment" in visible_text(alert).lower()
    assert dms_to(loopback, bob) == []
    assert [m for m in general.messages if m.author.id != bob.id] == []


async def test_worry_about_a_friend_gets_the_how_to_help_card(
    lantern: Lantern, guild: GuildHandle, admin: Person, bob: Person
) -> None:
    await set_up(admin, guild)
    text = "my friend says she's going to kill herself, what do i do"
    assert await scanned(lantern, bob, text, guild.channel("general")) == "replied"
    card = visible_text(await bob.next_dm())
    assert "ask" in card.lower()
    assert "secret" in card.lower()


async def test_replies_to_a_flagged_message_get_no_second_reply(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    alice: Person,
    bob: Person,
) -> None:
    await set_up(admin, guild)
    general = guild.channel("general")
    await scanned(lantern, alice, CRISIS_TEXT, general)
    await alice.next_dm()
    flagged = next(m for m in general.messages if m.author.id == alice.id)

    def is_bobs(message: discord.Message, outcome: str) -> bool:
        return message.author.id == bob.id

    waiter = asyncio.ensure_future(lantern.wait_for("message_scanned", check=is_bobs, timeout=3))
    await asyncio.sleep(0)
    await bob.says("i'm worried she will kill herself, someone help her", general, reply_to=flagged)
    _, outcome = await waiter
    assert outcome == "duplicate"
    assert dms_to(loopback, bob) == []


async def test_not_what_i_meant_is_counted_for_admins_without_any_text(
    lantern: Lantern, guild: GuildHandle, admin: Person, alice: Person
) -> None:
    await set_up(admin, guild)
    await scanned(lantern, alice, CRISIS_TEXT, guild.channel("general"))
    dm = await alice.next_dm()
    thanks = await alice.click(dm, "Not what I meant")
    assert "sorry for the worry" in thanks.content

    stats = await admin.slash("crisis", "stats")
    text = visible_text(stats.message)
    assert "en.crisis.want_to_die: 1" in text
    assert "crisis: 1" in text
    assert "want to die" not in text.replace("en.crisis.want_to_die", "")


async def test_crisis_test_answers_privately_and_sends_nothing_else(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, admin: Person
) -> None:
    before = bot_posts(loopback)
    answer = await admin.slash("crisis", "test", text="I want to kill myself tonight")
    assert answer.ephemeral
    assert "**crisis**" in answer.content
    assert "en.crisis.kill_myself" in answer.content
    callbacks = [p for p in bot_posts(loopback) if p not in before]
    assert callbacks == []
    stats = await lantern.storage.crisis.stats(guild.id, lantern.clock.now() - timedelta(days=1))
    assert stats.total == 0


async def test_server_phrases_are_added_used_listed_and_removed(
    lantern: Lantern, guild: GuildHandle, admin: Person, alice: Person
) -> None:
    added = await admin.slash(
        "crisis", "phrases", "add", phrase="going to the bridge tonight", kind="crisis"
    )
    assert "Added" in added.content
    listed = await admin.slash("crisis", "phrases", "list")
    assert "going to the bridge tonight (crisis)" in visible_text(listed.message)
    test = await admin.slash("crisis", "test", text="i think i'm going to the bridge tonight")
    assert "**crisis**" in test.content
    choices = await admin.autocomplete(
        "crisis", "phrases", "remove", focused="phrase", phrase="bridge"
    )
    assert [c["value"] for c in choices] == ["going to the bridge tonight"]
    removed = await admin.slash("crisis", "phrases", "remove", phrase="going to the bridge tonight")
    assert "Removed" in removed.content
    after = await admin.slash("crisis", "test", text="i think i'm going to the bridge tonight")
    assert "**none**" in after.content


async def test_excluded_channels_are_not_scanned(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, admin: Person, alice: Person
) -> None:
    fiction = guild.channel("checkins")
    await set_up(admin, guild, exclude_channel=fiction)
    assert await scanned(lantern, alice, CRISIS_TEXT, fiction) == "skipped"
    shown = await admin.slash("config", "show")
    assert fiction.mention in visible_text(shown.message)


async def test_unclaimed_alerts_are_repinged(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    alice: Person,
    clock: FakeClock,
) -> None:
    await set_up(admin, guild, reping_minutes=10)
    await scanned(lantern, alice, CRISIS_TEXT, guild.channel("general"))
    alert = await loopback.next_message(guild.channel("mods"))
    cog = lantern.get_cog("Crisis")
    clock.advance(timedelta(minutes=9))
    assert await cog.send_due_repings() == 0  # type: ignore[union-attr]
    clock.advance(timedelta(minutes=1))
    assert await cog.send_due_repings() == 1  # type: ignore[union-attr]
    reping = await loopback.next_message(guild.channel("mods"))
    assert "Nobody has said they're reaching out" in reping.content
    assert reping.message_reference is not None
    assert int(reping.message_reference["message_id"]) == alert.id
    assert await cog.send_due_repings() == 0  # type: ignore[union-attr]


def crisis_cog(lantern: Lantern) -> Crisis:
    # discord.py imports extensions afresh, so the loaded class isn't this module's Crisis.
    return cast("Crisis", lantern.get_cog("Crisis"))


def repings_in(loopback: LoopbackDiscord, channel: ChannelHandle) -> list[Message]:
    return [
        message
        for message in loopback.world.messages.values()
        if message.channel_id == channel.id and "Nobody has said" in message.content
    ]


async def an_alert_due_for_its_reping(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    alice: Person,
    clock: FakeClock,
) -> Message:
    await set_up(admin, guild, reping_minutes=10)
    await scanned(lantern, alice, CRISIS_TEXT, guild.channel("general"))
    alert = await loopback.next_message(guild.channel("mods"))
    clock.advance(timedelta(minutes=10))
    return alert


async def test_a_database_lock_delays_no_reping_and_the_loop_carries_on_after_it(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    alice: Person,
    clock: FakeClock,
) -> None:
    alert = await an_alert_due_for_its_reping(lantern, loopback, guild, admin, alice, clock)
    loop = crisis_cog(lantern).reping_loop
    mods = guild.channel("mods")
    async with WriteLockHeld(lantern.storage.database) as lock:
        await asyncio.wait_for(loop.run_now(), 5)
        assert loop.running
        assert loop.health().last_error == "the database is locked"
        # The re-ping went out; only noting it down failed, so it must not go out again.
        clock.advance(timedelta(seconds=20))
        await asyncio.wait_for(loop.run_now(), 5)
        assert loop.health().failing_since == clock.now() - timedelta(seconds=20)
        await lock.release()
        clock.advance(timedelta(seconds=20))
        await asyncio.wait_for(loop.run_now(), 5)
    assert loop.health().failing_since is None
    assert loop.health().last_success == clock.now()
    (reping,) = repings_in(loopback, mods)
    assert reping.message_reference is not None
    assert int(reping.message_reference["message_id"]) == alert.id
    assert await lantern.storage.crisis.alerts_to_reping(clock.now() + timedelta(days=1)) == []


async def test_a_reping_discord_turns_away_is_sent_on_a_later_round_exactly_once(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    alice: Person,
    clock: FakeClock,
) -> None:
    await an_alert_due_for_its_reping(lantern, loopback, guild, admin, alice, clock)
    cog, mods = crisis_cog(lantern), guild.channel("mods")
    loopback.faults.fail("POST /channels/{channel_id}/messages", status=503)
    with pytest.raises(discord.DiscordServerError):
        await cog.send_due_repings()
    assert repings_in(loopback, mods) == []
    assert await cog.send_due_repings() == 1
    assert len(repings_in(loopback, mods)) == 1
    assert await cog.send_due_repings() == 0
    assert len(repings_in(loopback, mods)) == 1


async def test_a_reping_the_channel_refuses_is_tried_again_later(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    alice: Person,
    clock: FakeClock,
) -> None:
    await an_alert_due_for_its_reping(lantern, loopback, guild, admin, alice, clock)
    cog, mods = crisis_cog(lantern), guild.channel("mods")
    await mods.forbid_bot("SEND_MESSAGES")
    assert await cog.send_due_repings() == 0
    await mods.allow_bot("SEND_MESSAGES")
    assert await cog.send_due_repings() == 0, "not hammered every round"
    clock.advance(timedelta(minutes=10))
    assert await cog.send_due_repings() == 1
    assert len(repings_in(loopback, mods)) == 1


async def test_resources_remembers_the_members_country(lantern: Lantern, alice: Person) -> None:
    choices = await alice.autocomplete("resources", country="fran")
    assert {"name": "France (FR)", "value": "FR"} in choices
    answer = await alice.slash("resources", country="FR")
    assert answer.ephemeral
    assert "I'll remember France for you." in answer.content
    assert "3114" in visible_text(answer.message)
    again = await alice.slash_in_dm("resources")
    assert "3114" in visible_text(again.message)


async def test_a_dm_to_lantern_is_answered_in_the_dm(
    lantern: Lantern, loopback: LoopbackDiscord, alice: Person
) -> None:
    await alice.dms_bot("i want to die")
    reply = await alice.next_dm()
    assert "You don't have to go through this alone" in visible_text(reply)


async def test_an_edit_into_a_crisis_message_is_answered_once(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, admin: Person, alice: Person
) -> None:
    await set_up(admin, guild)
    general = guild.channel("general")
    await scanned(lantern, alice, "long day today", general)
    original = next(m for m in general.messages if m.author.id == alice.id)

    async def edit_and_wait(text: str) -> str:
        def is_it(message: discord.Message, outcome: str) -> bool:
            return message.id == original.id and message.content == text

        waiter = asyncio.ensure_future(lantern.wait_for("message_scanned", check=is_it, timeout=3))
        await asyncio.sleep(0)
        await alice.edits(original, text)
        _, outcome = await waiter
        return str(outcome)

    assert await edit_and_wait(CRISIS_TEXT) == "replied"
    await alice.next_dm()
    assert await edit_and_wait(CRISIS_TEXT + " really") == "skipped"
    assert len(dms_to(loopback, alice)) == 1


async def test_rate_limits_and_server_errors_delay_but_never_lose_a_reply(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    alice: Person,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await set_up(admin, guild)
    monkeypatch.setattr("discord.http.asyncio", QuickRetries())
    send = "POST /channels/{channel_id}/messages"
    # The DM meets a 429, then a 502 on its retry, then goes through.
    loopback.faults.rate_limit(send, retry_after=0.05)
    loopback.faults.fail(send, status=502)
    assert await scanned(lantern, alice, CRISIS_TEXT, guild.channel("general")) == "replied"
    assert "Samaritans" in visible_text(await alice.next_dm())
    assert "may be in crisis" in visible_text(await loopback.next_message(guild.channel("mods")))
    statuses = [r.status for r in loopback.requests if r.route == send]
    assert statuses == [429, 502, 200, 200]
