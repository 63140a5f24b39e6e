"""The REST rules the loopback enforces, met by the probe bot or by a deliberately wrong client."""

import asyncio
from datetime import timedelta

import aiohttp
import discord
import pytest
from discord.ext import commands

from bot.clock import FakeClock
from bot.loopback import GuildHandle, InteractionRejectedError, LoopbackDiscord, Person


async def post_json(
    fake: LoopbackDiscord, path: str, body: object
) -> tuple[int, dict[str, object]]:
    """A request from a buggy client, outside discord.py's own checks."""
    async with (
        aiohttp.ClientSession() as session,
        session.post(fake.api_base + path, json=body) as response,
    ):
        assert response.headers["Content-Type"] == "application/json"
        return response.status, await response.json()


async def test_second_acknowledgement_is_refused(
    fake: LoopbackDiscord, bot: commands.Bot, alice: Person
) -> None:
    reply = await alice.slash("checkin", mood=3)
    interaction = reply.interaction
    path = f"/interactions/{interaction.id}/{interaction.token}/callback"
    status, body = await post_json(fake, path, {"type": 4, "data": {"content": "again"}})
    assert (status, body["code"]) == (400, 40060)
    assert body["message"] == "Interaction has already been acknowledged."
    assert fake.take_violations() == [f"interaction {interaction.id} acknowledged twice"]


async def test_an_answer_over_the_limits_is_refused_at_once(
    fake: LoopbackDiscord, bot: commands.Bot, alice: Person
) -> None:
    with pytest.raises(InteractionRejectedError, match=r"data\.content"):
        await alice.slash("ramble")
    [violation] = fake.take_violations()
    assert "invalid body" in violation


async def test_late_acknowledgement_is_refused(
    fake: LoopbackDiscord,
    bot: commands.Bot,
    alice: Person,
    arrived: asyncio.Event,
    gate: asyncio.Event,
    clock: FakeClock,
) -> None:
    asking = asyncio.create_task(alice.slash("wait"))
    await arrived.wait()
    clock.advance(timedelta(seconds=3.5))
    gate.set()
    with pytest.raises(InteractionRejectedError, match=r"after 3\.5 s"):
        await asking
    [violation] = fake.take_violations()
    assert "acknowledged after 3.5 s" in violation
    [callback] = [r for r in fake.requests if r.path.endswith("/callback")]
    assert callback.status == 404


async def test_followup_token_expires_after_15_minutes(
    fake: LoopbackDiscord, bot: commands.Bot, alice: Person, clock: FakeClock
) -> None:
    reply = await alice.slash("checkin", mood=3)
    clock.advance(timedelta(minutes=15, seconds=1))
    path = f"/webhooks/{fake.world.application_id}/{reply.interaction.token}"
    status, body = await post_json(fake, path, {"content": "too late"})
    assert (status, body["code"]) == (401, 50027)
    assert fake.take_violations() == ["interaction token used after 15.0 minutes"]


async def test_followup_within_15_minutes_is_fine(
    fake: LoopbackDiscord, bot: commands.Bot, alice: Person, clock: FakeClock
) -> None:
    reply = await alice.slash("checkin", mood=3)
    clock.advance(timedelta(minutes=14))
    path = f"/webhooks/{fake.world.application_id}/{reply.interaction.token}?wait=true"
    status, body = await post_json(fake, path, {"content": "still here"})
    assert (status, body["content"]) == (200, "still here")
    assert (await reply.next_followup()).content == "still here"


async def test_unknown_route_is_recorded(fake: LoopbackDiscord, bot: commands.Bot) -> None:
    with pytest.raises(discord.NotFound):
        await bot.http.request(discord.http.Route("GET", "/nowhere/{guild_id}", guild_id=1))
    assert fake.take_violations() == ["unknown route: GET /nowhere/1"]


async def test_wrong_token_is_refused(
    fake: LoopbackDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(discord.http.Route, "BASE", fake.api_base)
    client = discord.Client(intents=discord.Intents.none())
    with pytest.raises(discord.LoginFailure):
        await client.login("not-the-token")
    await client.close()
    assert [r.status for r in fake.requests] == [401]


async def test_deleted_channel_answers_10003(
    fake: LoopbackDiscord, bot: commands.Bot, guild: GuildHandle
) -> None:
    checkins = guild.channel("checkins")
    await checkins.delete()
    with pytest.raises(discord.NotFound) as raised:
        await bot.get_partial_messageable(checkins.id).send("anyone?")
    assert raised.value.code == 10003


async def test_missing_view_answers_missing_access(
    fake: LoopbackDiscord, bot: commands.Bot, guild: GuildHandle
) -> None:
    mods = guild.channel("mods")
    await mods.forbid_bot("view_channel")
    with pytest.raises(discord.Forbidden) as raised:
        await bot.get_partial_messageable(mods.id).send("hello")
    assert raised.value.code == 50001


async def test_embeds_need_embed_links(
    fake: LoopbackDiscord, bot: commands.Bot, guild: GuildHandle
) -> None:
    general = guild.channel("general")
    await general.forbid_bot("embed_links")
    channel = bot.get_partial_messageable(general.id)
    with pytest.raises(discord.Forbidden) as raised:
        await channel.send(embed=discord.Embed(title="A tip"))
    assert raised.value.code == 50013
    await channel.send("plain text still works")
    assert [m.content for m in general.messages] == ["plain text still works"]


async def test_too_long_message_is_an_invalid_form_body(
    fake: LoopbackDiscord, bot: commands.Bot, guild: GuildHandle
) -> None:
    with pytest.raises(discord.HTTPException) as raised:
        await bot.get_partial_messageable(guild.channel("general").id).send("x" * 2001)
    assert (raised.value.status, raised.value.code) == (400, 50035)
    [violation] = fake.take_violations()
    assert "content" in violation


async def test_threads_messages_and_reactions(
    fake: LoopbackDiscord, bot: commands.Bot, guild: GuildHandle, alice: Person
) -> None:
    general = bot.get_channel(guild.channel("general").id)
    assert isinstance(general, discord.TextChannel)
    message = await general.send("Thread starter")
    thread = await message.create_thread(name="Talk it through")
    await thread.join()
    await thread.send("In the thread")
    assert (await fake.next_message(guild.channel("Talk it through"))).content == "In the thread"
    private = await general.create_thread(name="Quiet room")
    assert private.type is discord.ChannelType.private_thread
    await message.add_reaction("💛")
    stored = fake.world.messages[message.id]
    assert stored.reactions == {"💛": {fake.world.bot_user.id}}
    await message.remove_reaction("💛", bot.user)  # type: ignore[arg-type]
    assert stored.reactions == {"💛": set()}
    edited = await message.edit(content="Thread starter (edited)")
    assert edited.edited_at is not None
    await message.delete()
    assert fake.world.messages[message.id].deleted
    fetched = [m.content async for m in general.history(limit=10)]
    assert fetched == []


async def test_deleting_a_thread_needs_manage_threads_and_tells_the_bot(
    fake: LoopbackDiscord, bot: commands.Bot, guild: GuildHandle
) -> None:
    general = bot.get_channel(guild.channel("general").id)
    assert isinstance(general, discord.TextChannel)
    message = await general.send("Thread starter")
    kept = await message.create_thread(name="Kept")
    doomed = await (await general.send("Another")).create_thread(name="Doomed")
    await doomed.delete()
    assert fake.world.channels[doomed.id].deleted
    assert [t.name for t in guild.threads] == ["Kept"]
    with pytest.raises(discord.NotFound):
        await doomed.delete()
    await guild.channel("general").forbid_bot("manage_threads")
    with pytest.raises(discord.Forbidden):
        await kept.delete()
    with pytest.raises(discord.Forbidden):
        await general.delete()


async def test_people_messages_reach_the_bot_and_edits_follow(
    fake: LoopbackDiscord,
    bot: commands.Bot,
    guild: GuildHandle,
    alice: Person,
    seen: list[discord.Message],
) -> None:
    said = await alice.says("first draft", guild.channel("general"))
    await alice.edits(said, "second draft")
    general = bot.get_channel(guild.channel("general").id)
    assert isinstance(general, discord.TextChannel)
    fetched = await general.fetch_message(said.id)
    assert fetched.content == "second draft"
    assert fetched.author.id == alice.id
    # discord.py updates its cached copy from MESSAGE_UPDATE.
    [cached] = seen
    assert (cached.content, cached.edited_at is not None) == ("second draft", True)


async def test_dm_channel_and_member_lookups(
    fake: LoopbackDiscord, bot: commands.Bot, guild: GuildHandle, alice: Person
) -> None:
    user = await bot.fetch_user(alice.id)
    await user.send("hi there")
    assert (await alice.next_dm()).content == "hi there"
    found = await bot.fetch_guild(guild.id)
    member = await found.fetch_member(alice.id)
    assert member.display_name == "Alice"
    roles = await found.fetch_roles()
    assert {r.name for r in roles} >= {"@everyone", "Moderator", "Admin", "Probe"}
    channel = await bot.fetch_channel(guild.channel("general").id)
    assert isinstance(channel, discord.TextChannel)


async def test_a_timeout_lists_what_happened(
    fake: LoopbackDiscord, bot: commands.Bot, guild: GuildHandle
) -> None:
    await bot.get_partial_messageable(guild.channel("general").id).send("hello")
    with pytest.raises(AssertionError, match=r"(?s)#mods.*#general: 'hello'"):
        await fake.next_message(guild.channel("mods"), timeout=0.01)


async def test_editing_a_thread_follows_discords_rules_and_tells_the_bot(
    fake: LoopbackDiscord, bot: commands.Bot, guild: GuildHandle, alice: Person
) -> None:
    general = bot.get_channel(guild.channel("general").id)
    assert isinstance(general, discord.TextChannel)
    thread = await (await general.send("Thread starter")).create_thread(name="Talk it through")
    stored = fake.world.channels[thread.id]
    assert (await thread.edit(name="Kind words")).name == "Kind words"
    assert stored.name == "Kind words"

    await guild.channel("general").forbid_bot("manage_threads")
    with pytest.raises(discord.Forbidden):
        await thread.edit(archived=True, locked=True)
    assert (stored.archived, stored.locked) == (False, False)
    heard = asyncio.ensure_future(bot.wait_for("raw_thread_update", timeout=2))
    closed = await thread.edit(archived=True)  # the bot made the thread, so it may close it
    assert (closed.archived, closed.locked) == (True, False)
    assert (await heard).data["thread_metadata"]["archived"] is True
    with pytest.raises(discord.HTTPException) as raised:
        await closed.edit(name="Renamed while closed")
    assert raised.value.code == 50083

    # Someone writing in it opens it again; a locked one takes nobody's messages.
    reopened = asyncio.ensure_future(bot.wait_for("raw_thread_update", timeout=2))
    await alice.says("still here", guild.channel("Kind words"))
    assert (await reopened).data["thread_metadata"]["archived"] is False
    assert not stored.archived
    await guild.channel("general").allow_bot("manage_threads")
    await closed.edit(archived=True, locked=True)
    assert (stored.archived, stored.locked) == (True, True)
    with pytest.raises(LookupError, match="locked"):
        await alice.says("hello?", guild.channel("Kind words"))


async def test_a_locked_thread_refuses_the_bot_without_manage_threads(
    fake: LoopbackDiscord, bot: commands.Bot, guild: GuildHandle
) -> None:
    general = bot.get_channel(guild.channel("general").id)
    assert isinstance(general, discord.TextChannel)
    thread = await (await general.send("Thread starter")).create_thread(name="Quiet now")
    await thread.edit(locked=True)
    await guild.channel("general").forbid_bot("manage_threads")
    with pytest.raises(discord.HTTPException) as raised:
        await thread.send("one more thing")
    assert (raised.value.status, raised.value.code) == (400, 160005)


async def test_renaming_a_channel_needs_manage_channels(
    fake: LoopbackDiscord, bot: commands.Bot, guild: GuildHandle
) -> None:
    general = bot.get_channel(guild.channel("general").id)
    assert isinstance(general, discord.TextChannel)
    with pytest.raises(discord.Forbidden):
        await general.edit(name="lounge")
    await guild.channel("general").allow_bot("manage_channels")
    renamed = await general.edit(name="lounge")
    assert renamed is not None
    assert renamed.name == "lounge"
    assert guild.channel("lounge").id == general.id


async def test_channel_edits_are_checked_and_unmodelled_fields_are_loud(
    fake: LoopbackDiscord, bot: commands.Bot, guild: GuildHandle
) -> None:
    general = bot.get_channel(guild.channel("general").id)
    assert isinstance(general, discord.TextChannel)
    thread = await (await general.send("Thread starter")).create_thread(name="Talk")
    with pytest.raises(discord.HTTPException) as raised:
        await thread.edit(name="x" * 101)
    assert (raised.value.status, raised.value.code) == (400, 50035)
    with pytest.raises(discord.HTTPException):
        await thread.edit(slowmode_delay=30)
    too_long, unmodelled = fake.take_violations()
    assert "name" in too_long
    assert "rate_limit_per_user" in unmodelled
    assert fake.world.channels[thread.id].name == "Talk"
