"""People using the probe bot through the loopback, end to end."""

from collections import Counter

import discord
import pytest
from discord.ext import commands

from bot.loopback import CommandUnavailableError, GuildHandle, LoopbackDiscord, Person
from bot.loopback.command_options import InvocationError


async def test_commands_are_synced_with_ids(fake: LoopbackDiscord, bot: commands.Bot) -> None:
    names = sorted(c.name for c in fake.world.commands.values())
    assert names == sorted(
        [
            "think",
            "admin_only",
            "ramble",
            "checkin",
            "note",
            "menu",
            "later",
            "picture",
            "dm_me",
            "post",
            "wait",
            "timezone",
            "reminders",
            "redraft",
            "unfold",
        ]
    )
    ids = [c.id for c in fake.world.commands.values()]
    assert len(set(ids)) == len(ids)


async def test_slash_round_trip(bot: commands.Bot, alice: Person) -> None:
    reply = await alice.slash("checkin", mood=4)
    assert reply.response_type == 4
    assert reply.ephemeral
    assert reply.content == "Thanks for checking in (4/5)."


async def test_subcommand(bot: commands.Bot, alice: Person) -> None:
    reply = await alice.slash("reminders", "add", time="08:00")
    assert reply.content == "Reminder at 08:00."


async def test_options_are_checked_like_discords_client(bot: commands.Bot, alice: Person) -> None:
    with pytest.raises(InvocationError, match="between 1 and 5"):
        await alice.slash("checkin", mood=9)
    with pytest.raises(InvocationError, match="needs"):
        await alice.slash("checkin")
    with pytest.raises(CommandUnavailableError, match="no synced command /nope"):
        await alice.slash("nope")


async def test_modal_submit(bot: commands.Bot, alice: Person) -> None:
    shown = await alice.slash("note")
    assert shown.modal is not None
    assert shown.modal.title == "A note"
    saved = await alice.submit(shown.modal, {"Note": "slept well"})
    assert saved.content == "Saved: slept well"


async def test_button_click_updates_the_message(bot: commands.Bot, alice: Person) -> None:
    menu = await alice.slash("menu")
    assert menu.content == "Pick one."
    clicked = await alice.click(menu, "Another")
    assert clicked.response_type == 7
    assert menu.content == "Here is another one."
    assert clicked.message is menu.message


async def test_button_opens_modal_from_a_message(bot: commands.Bot, alice: Person) -> None:
    menu = await alice.slash("menu")
    writing = await alice.click(menu, "menu:write")
    saved = await alice.submit(writing.modal, {"Note": "hi"})
    assert saved.content == "Saved: hi"


async def test_select_menu(bot: commands.Bot, alice: Person) -> None:
    menu = await alice.slash("menu")
    picked = await alice.select(menu, "Tags", ["sleep", "work"])
    assert picked.content == "Tags: sleep, work"


async def test_deferred_then_followup(bot: commands.Bot, alice: Person) -> None:
    reply = await alice.slash("later")
    assert reply.response_type == 5
    assert reply.deferred
    followup = await reply.next_followup()
    assert followup.content == "Here it is."


async def test_multipart_file_keeps_the_png(bot: commands.Bot, alice: Person) -> None:
    reply = await alice.slash("picture")
    [attachment] = reply.attachments
    assert attachment.filename == "dot.png"
    assert attachment.data.startswith(b"\x89PNG\r\n\x1a\n")


async def test_autocomplete(bot: commands.Bot, alice: Person) -> None:
    choices = await alice.autocomplete("timezone", "zone", zone="Europe/Be")
    assert [c["value"] for c in choices] == ["Europe/Berlin", "Europe/Belgrade"]


async def test_slash_in_dm(bot: commands.Bot, alice: Person) -> None:
    reply = await alice.slash_in_dm("checkin", mood=2)
    assert reply.content == "Thanks for checking in (2/5)."


async def test_message_in_a_channel_and_a_reply(
    fake: LoopbackDiscord, bot: commands.Bot, guild: GuildHandle, alice: Person
) -> None:
    general = guild.channel("general")
    await alice.says("ping", general)
    pong = await fake.next_message(general)
    assert pong.content == "pong"
    assert pong.author.id == fake.world.bot_user.id


async def test_bot_dm_reaches_the_person(bot: commands.Bot, alice: Person) -> None:
    reply = await alice.slash("dm_me")
    assert reply.content == "Sent you a DM."
    dm = await alice.next_dm()
    assert dm.content == "Hello from the probe."


async def test_closed_dms_answer_50007(bot: commands.Bot, alice: Person) -> None:
    alice.closes_dms()
    reply = await alice.slash("dm_me")
    assert reply.content == "DM failed: 50007"
    alice.opens_dms()
    reply = await alice.slash("dm_me")
    assert reply.content == "Sent you a DM."


async def test_missing_permission_answers_403(
    fake: LoopbackDiscord, bot: commands.Bot, guild: GuildHandle, admin: Person
) -> None:
    checkins = guild.channel("checkins")
    await checkins.forbid_bot("send_messages")
    reply = await admin.slash("post", channel=checkins, text="hello")
    assert reply.content == "Post failed: 50013"
    assert checkins.messages == []


async def test_posting_to_a_channel_through_an_option(
    fake: LoopbackDiscord, bot: commands.Bot, guild: GuildHandle, admin: Person
) -> None:
    mods = guild.channel("mods")
    reply = await admin.slash("post", channel=mods, text="heads up")
    assert reply.content == "Posted."
    posted = await fake.next_message(mods)
    assert posted.content == "heads up"


async def test_a_deleted_channel_cannot_be_picked(
    bot: commands.Bot, guild: GuildHandle, admin: Person
) -> None:
    checkins = guild.channel("checkins")
    await checkins.delete()
    with pytest.raises(LookupError, match="deleted"):
        await admin.slash("post", channel=checkins, text="hello")


async def test_deferred_then_edited(bot: commands.Bot, alice: Person) -> None:
    reply = await alice.slash("think")
    assert (reply.deferred, reply.ephemeral, reply.content) == (True, True, "")
    edited = await reply.next_edit()
    assert edited.content == "Done thinking."
    assert reply.content == "Done thinking."


async def test_default_member_permissions_hide_a_command(
    bot: commands.Bot, alice: Person, admin: Person
) -> None:
    with pytest.raises(CommandUnavailableError, match="lacks the permissions"):
        await alice.slash("admin_only")
    reply = await admin.slash("admin_only")
    assert reply.content == "Manage guild: True"


async def test_the_owner_can_open_a_command_to_everyone(
    fake: LoopbackDiscord, bot: commands.Bot, guild: GuildHandle, alice: Person
) -> None:
    with pytest.raises(LookupError, match="no synced command /admin-only"):
        fake.allow_everyone_to_use(guild, "admin-only")
    fake.allow_everyone_to_use(guild, "admin_only")
    reply = await alice.slash("admin_only")
    assert reply.content == "Manage guild: False"


async def test_bot_reads_back_its_attachment(
    fake: LoopbackDiscord, bot: commands.Bot, alice: Person
) -> None:
    reply = await alice.slash("picture")
    assert reply.message is not None
    general = bot.get_channel(reply.message.channel_id)
    assert isinstance(general, discord.TextChannel)
    fetched = await general.fetch_message(reply.message.id)
    uploaded = reply.attachments[0].data
    assert uploaded.startswith(b"\x89PNG")
    assert await fetched.attachments[0].read() == uploaded


async def test_a_member_joining_later_reaches_the_bot(
    fake: LoopbackDiscord, bot: commands.Bot, guild: GuildHandle
) -> None:
    with pytest.raises(RuntimeError, match="member_joins"):
        fake.create_member(guild, "bob")
    bob = await fake.member_joins(guild, "bob", display_name="Bob")
    reply = await bob.slash("checkin", mood=5)
    assert reply.content == "Thanks for checking in (5/5)."
    found = bot.get_guild(guild.id)
    assert found is not None
    member = found.get_member(bob.id)
    assert member is not None
    assert member.display_name == "Bob"


async def test_reactions_and_leaving_reach_the_bot(
    fake: LoopbackDiscord,
    bot: commands.Bot,
    guild: GuildHandle,
    alice: Person,
    admin: Person,
    bot_events: Counter[str],
) -> None:
    said = await alice.says("hello", guild.channel("general"))
    await alice.reacts(said, "💛")
    await alice.leaves()
    # The bot handles gateway events in order, so an answer means it has seen the rest.
    await admin.slash("checkin", mood=3)
    found = bot.get_guild(guild.id)
    assert found is not None
    assert found.get_member(alice.id) is None
    assert bot_events == Counter({f"reaction 💛 by {alice.id}": 1, "alice left": 1})


async def test_a_modal_submits_its_prefilled_values_unless_changed(
    bot: commands.Bot, alice: Person
) -> None:
    shown = await alice.slash("redraft")
    untouched = await alice.submit(shown.modal, {})
    assert untouched.content == "Note: Slept badly. | Else: Tea helped. | Mood: low"
    shown = await alice.slash("redraft")
    changed = await alice.submit(shown.modal, {"Note": "Slept well.", "Anything else?": ""})
    assert changed.content == "Note: Slept well. | Else:  | Mood: low"
