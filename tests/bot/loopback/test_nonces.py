"""Discord's nonce de-duplication on message create: the book itself, then on the wire and
through discord.py, which sends every message with a nonce and `enforce_nonce: true`."""

from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import discord
import pytest
from discord.ext import commands

from bot.clock import FakeClock
from bot.loopback import GuildHandle, LoopbackDiscord, Person
from bot.loopback.nonces import NONCE_REMEMBERED_FOR, NonceBook
from bot.loopback.state import Message, User

NOON = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
BOT = User(1, "Lantern", bot=True)


def sent(channel_id: int, message_id: int) -> Message:
    return Message(message_id, channel_id, None, BOT, "hi", NOON)


def test_a_nonce_is_remembered_per_author_for_a_few_minutes() -> None:
    clock = FakeClock(NOON)
    book = NonceBook(clock)
    first = sent(channel_id=10, message_id=100)
    book.remember(first, "alert-7")
    assert book.earlier(BOT.id, "alert-7") is first
    assert book.earlier(2, "alert-7") is None
    clock.advance(NONCE_REMEMBERED_FOR - timedelta(seconds=1))
    assert book.earlier(BOT.id, "alert-7") is first
    clock.advance(timedelta(seconds=1))
    assert book.earlier(BOT.id, "alert-7") is None


def test_an_integer_nonce_and_its_digits_are_the_same_nonce() -> None:
    book = NonceBook(FakeClock(NOON))
    first = sent(channel_id=10, message_id=100)
    book.remember(first, 42)
    assert book.earlier(BOT.id, "42") is first


async def as_bot(
    fake: LoopbackDiscord, method: str, path: str, body: object = None
) -> tuple[int, Any]:
    async with (
        aiohttp.ClientSession(headers={"Authorization": f"Bot {fake.token}"}) as session,
        session.request(method, fake.api_base + path, json=body) as response,
    ):
        return response.status, None if response.status == 204 else await response.json()


async def create(fake: LoopbackDiscord, channel_id: int, body: object) -> tuple[int, Any]:
    return await as_bot(fake, "POST", f"/channels/{channel_id}/messages", body)


ENFORCED = {"content": "Someone may need you.", "nonce": "alert-7", "enforce_nonce": True}


async def test_a_repeated_enforced_nonce_returns_the_first_message_and_makes_none(
    fake: LoopbackDiscord, guild: GuildHandle
) -> None:
    mods = guild.channel("mods")
    first_status, first = await create(fake, mods.id, ENFORCED)
    again_status, again = await create(fake, mods.id, ENFORCED | {"content": "changed"})
    assert (first_status, again_status) == (200, 200)
    assert again == first
    assert first["nonce"] == "alert-7"
    assert [m.content for m in mods.messages] == ["Someone may need you."]
    assert (fake.tally(mods).created, fake.tally(mods).duplicates_avoided) == (1, 1)


async def test_without_enforce_nonce_a_repeated_nonce_makes_new_messages(
    fake: LoopbackDiscord, guild: GuildHandle
) -> None:
    mods = guild.channel("mods")
    loose = {"content": "hello", "nonce": "n1"}
    await create(fake, mods.id, loose)
    await create(fake, mods.id, loose)
    assert fake.tally(mods).created == 2


async def test_a_nonce_reused_in_another_channel_returns_the_first_message_and_sends_nothing(
    fake: LoopbackDiscord, guild: GuildHandle, alice: Person
) -> None:
    mods = guild.channel("mods")
    dm = fake.world.dm_channel(alice.user)
    _, alert = await create(fake, mods.id, ENFORCED)
    _, to_alice = await create(fake, dm.id, ENFORCED | {"content": "You're not alone."})
    assert to_alice == alert
    assert fake.tally(alice).created == 0
    assert fake.tally(alice).duplicates_avoided == 1


async def test_after_the_window_the_same_nonce_makes_a_new_message(
    fake: LoopbackDiscord, guild: GuildHandle, clock: FakeClock
) -> None:
    mods = guild.channel("mods")
    _, first = await create(fake, mods.id, ENFORCED)
    clock.advance(NONCE_REMEMBERED_FOR)
    _, later = await create(fake, mods.id, ENFORCED)
    assert later["id"] != first["id"]
    assert fake.tally(mods).created == 2


async def test_a_retry_after_the_first_message_was_deleted_is_unknown_message(
    fake: LoopbackDiscord, guild: GuildHandle
) -> None:
    mods = guild.channel("mods")
    _, first = await create(fake, mods.id, ENFORCED)
    assert (await as_bot(fake, "DELETE", f"/channels/{mods.id}/messages/{first['id']}"))[0] == 204
    status, body = await create(fake, mods.id, ENFORCED)
    assert (status, body["code"]) == (404, 10008)
    assert fake.tally(mods).created == 1


async def test_a_nonce_over_25_characters_is_refused_by_discords_schema(
    fake: LoopbackDiscord, guild: GuildHandle
) -> None:
    status, body = await create(fake, guild.channel("mods").id, ENFORCED | {"nonce": "n" * 26})
    assert (status, body["code"]) == (400, 50035)
    assert "nonce" in body["errors"]
    [violation] = fake.take_violations()
    assert "(OpenAPI schema)" in violation


async def test_discord_py_sends_nonce_with_enforce_nonce_so_a_resend_returns_the_same_message(
    fake: LoopbackDiscord, bot: commands.Bot, guild: GuildHandle
) -> None:
    mods = bot.get_channel(guild.channel("mods").id)
    assert isinstance(mods, discord.TextChannel)
    first = await mods.send("Someone may need you.", nonce="alert-7")
    again = await mods.send("Someone may need you.", nonce="alert-7")
    plain = await mods.send("Someone may need you.")
    assert again.id == first.id != plain.id
    assert first.nonce == "alert-7"
    [body, *_] = [
        r.json for r in fake.requests if r.method == "POST" and r.path.endswith("/messages")
    ]
    assert isinstance(body, dict)
    assert (body["nonce"], body["enforce_nonce"]) == ("alert-7", True)
    assert fake.tally(guild.channel("mods")).created == 2


@pytest.mark.parametrize("nonce", ["x" * 25, 2**63 - 1])
async def test_the_largest_nonces_pass(
    fake: LoopbackDiscord, guild: GuildHandle, nonce: object
) -> None:
    status, _ = await create(fake, guild.channel("mods").id, ENFORCED | {"nonce": nonce})
    assert status == 200
