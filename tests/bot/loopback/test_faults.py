"""discord.py meeting rate limits and server errors, and the faults' own bookkeeping."""

import asyncio
import re

import discord
import pytest
from discord.ext import commands

from bot.loopback import GuildHandle, LoopbackDiscord, Person
from bot.loopback.faults import Faults, QuickRetries

SEND = "POST /channels/{channel_id}/messages"


def statuses(fake: LoopbackDiscord, route: str) -> list[int]:
    return [r.status for r in fake.requests if r.route == route]


async def test_route_rate_limit_is_waited_out_and_retried(
    fake: LoopbackDiscord, bot: commands.Bot, guild: GuildHandle, alice: Person
) -> None:
    fake.faults.rate_limit(SEND, retry_after=0.05)
    await alice.says("ping", guild.channel("general"))
    assert (await fake.next_message(guild.channel("general"))).content == "pong"
    assert statuses(fake, SEND) == [429, 200]


async def test_global_rate_limit_is_waited_out_and_retried(
    fake: LoopbackDiscord, bot: commands.Bot, guild: GuildHandle, alice: Person
) -> None:
    fake.faults.global_rate_limit(retry_after=0.05)
    await alice.says("ping", guild.channel("general"))
    assert (await fake.next_message(guild.channel("general"))).content == "pong"
    assert statuses(fake, SEND) == [429, 200]
    [limited] = [r for r in fake.requests if r.status == 429]
    assert limited.route == SEND


async def test_bad_gateway_is_retried(
    fake: LoopbackDiscord,
    bot: commands.Bot,
    guild: GuildHandle,
    alice: Person,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(discord.http, "asyncio", QuickRetries())
    fake.faults.fail(SEND, status=502, times=2)
    await alice.says("ping", guild.channel("general"))
    assert (await fake.next_message(guild.channel("general"))).content == "pong"
    assert statuses(fake, SEND) == [502, 502, 200]


def test_faults_are_used_up_in_order() -> None:
    faults = Faults({SEND})
    faults.fail(SEND, times=2)
    faults.rate_limit(SEND)
    taken = [faults.take(SEND) for _ in range(4)]
    assert [None if t is None else t.status for t in taken] == [502, 502, 429, None]
    assert faults.pending == 0


def test_a_misspelt_route_is_refused_with_the_known_ones() -> None:
    faults = Faults({SEND})
    with pytest.raises(ValueError, match=re.escape(SEND)):
        faults.fail("POST /channel/{id}/messages")


def test_rate_limit_answers_like_discord() -> None:
    faults = Faults({SEND})
    faults.rate_limit(SEND, retry_after=1.5)
    faults.global_rate_limit(retry_after=2)
    route = faults.take(SEND)
    assert route is not None
    assert route.body == {
        "message": "You are being rate limited.",
        "retry_after": 1.5,
        "global": False,
    }
    assert route.headers["X-RateLimit-Remaining"] == "0"
    assert route.headers["X-RateLimit-Scope"] == "user"
    assert "X-RateLimit-Global" not in route.headers
    everywhere = faults.take("GET /anything")
    assert everywhere is not None
    assert everywhere.body["global"] is True
    assert everywhere.headers["X-RateLimit-Global"] == "true"
    assert everywhere.headers["Retry-After"] == "2"


async def test_slow_route_delays_the_answer(
    fake: LoopbackDiscord, bot: commands.Bot, guild: GuildHandle, alice: Person
) -> None:
    fake.faults.slow(SEND, seconds=0.05)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await alice.says("ping", guild.channel("general"))
    await fake.next_message(guild.channel("general"))
    assert loop.time() - started >= 0.05
