"""discord.py meeting rate limits and server errors, and the faults' own bookkeeping."""

import asyncio
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import aiohttp
import discord
import pytest
from discord.ext import commands

from bot.clock import FakeClock
from bot.loopback import GuildHandle, LoopbackDiscord, Person
from bot.loopback.faults import (
    CHANNEL_MESSAGES,
    Faults,
    QuickRetries,
    RouteLimit,
    RouteWindows,
    bucket_of,
)

SEND = "POST /channels/{channel_id}/messages"
NOON = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


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
    faults = Faults({SEND}, FakeClock(NOON))
    faults.fail(SEND, times=2)
    faults.rate_limit(SEND)
    taken = [faults.take(SEND) for _ in range(4)]
    assert [None if t is None else t.status for t in taken] == [502, 502, 429, None]
    assert faults.pending == 0


def test_a_misspelt_route_is_refused_with_the_known_ones() -> None:
    faults = Faults({SEND}, FakeClock(NOON))
    with pytest.raises(ValueError, match=re.escape(SEND)):
        faults.fail("POST /channel/{id}/messages")


def test_rate_limit_answers_like_discord() -> None:
    faults = Faults({SEND}, FakeClock(NOON))
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


# --- Discord's per-channel message limit ------------------------------------------------------


def test_five_messages_per_channel_fit_in_five_seconds_and_the_sixth_meets_a_429() -> None:
    clock = FakeClock(NOON)
    windows = RouteWindows(clock)
    windows.limit(SEND, CHANNEL_MESSAGES)
    answers = [windows.admit(SEND, "111") for _ in range(5)]
    assert [a.refusal for a in answers] == [None] * 5
    assert [a.headers["X-RateLimit-Remaining"] for a in answers] == ["4", "3", "2", "1", "0"]
    assert {a.headers["X-RateLimit-Limit"] for a in answers} == {"5"}
    clock.advance(timedelta(seconds=1.25))
    refused = windows.admit(SEND, "111").refusal
    assert refused is not None
    assert refused.status == 429
    assert refused.body == {
        "message": "You are being rate limited.",
        "retry_after": 3.75,
        "global": False,
    }
    assert refused.headers == {
        "Retry-After": "4",
        "Via": "1.1 google",
        "X-RateLimit-Limit": "5",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": f"{(NOON + timedelta(seconds=5)).timestamp():.3f}",
        "X-RateLimit-Reset-After": "3.750",
        "X-RateLimit-Bucket": bucket_of(SEND),
        "X-RateLimit-Scope": "user",
    }


def test_each_channel_has_its_own_window_in_one_bucket_and_a_closed_window_opens_anew() -> None:
    clock = FakeClock(NOON)
    windows = RouteWindows(clock)
    windows.limit(SEND, RouteLimit(requests=1, seconds=5.0))
    first, other = windows.admit(SEND, "111"), windows.admit(SEND, "222")
    assert first.refusal is None
    assert other.refusal is None
    assert first.headers["X-RateLimit-Bucket"] == other.headers["X-RateLimit-Bucket"]
    assert windows.admit(SEND, "111").refusal is not None
    clock.advance(timedelta(seconds=5))
    again = windows.admit(SEND, "111")
    assert again.refusal is None
    assert again.headers["X-RateLimit-Reset-After"] == "5.000"


def test_an_unlimited_route_reports_a_roomy_bucket() -> None:
    windows = RouteWindows(FakeClock(NOON))
    answers = [windows.admit(SEND, "111") for _ in range(60)]
    assert {a.refusal for a in answers} == {None}
    assert answers[-1].headers["X-RateLimit-Remaining"] == "49"


async def post_as_bot(
    fake: LoopbackDiscord, channel_id: int, body: object
) -> aiohttp.ClientResponse:
    async with (
        aiohttp.ClientSession(headers={"Authorization": f"Bot {fake.token}"}) as session,
        session.post(f"{fake.api_base}/channels/{channel_id}/messages", json=body) as response,
    ):
        await response.read()
        return response


async def test_the_loopback_limits_channel_messages_by_default_on_its_clock(
    fake: LoopbackDiscord, guild: GuildHandle, clock: FakeClock
) -> None:
    general, mods = guild.channel("general"), guild.channel("mods")
    statuses = [(await post_as_bot(fake, general.id, {"content": "hi"})).status for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    assert (await post_as_bot(fake, mods.id, {"content": "hi"})).status == 200
    clock.advance(timedelta(seconds=5))
    assert (await post_as_bot(fake, general.id, {"content": "hi"})).status == 200
    assert fake.tally(general).created == 6
    assert fake.tally(general).rate_limited == 1


@pytest.fixture
async def real_time_loopback() -> AsyncIterator[LoopbackDiscord]:
    """On the system clock, so discord.py's waits and the loopback's windows pass together;
    a short window keeps the test quick."""
    short = RouteLimit(requests=CHANNEL_MESSAGES.requests, seconds=0.3)
    async with LoopbackDiscord.running(channel_message_limit=short) as loopback:
        yield loopback
        loopback.assert_clean()


@pytest.fixture
async def http(
    real_time_loopback: LoopbackDiscord, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[discord.http.HTTPClient]:
    """discord.py's own REST client, logged in to the loopback: its rate limiter, no bot."""
    monkeypatch.setattr(discord.http.Route, "BASE", real_time_loopback.api_base)
    client = discord.http.HTTPClient(asyncio.get_running_loop())
    await client.static_login(real_time_loopback.token)
    yield client
    await client.close()


async def send(http: discord.http.HTTPClient, channel_id: int, content: str) -> None:
    with discord.http.handle_message_parameters(content=content) as params:
        await http.send_message(channel_id, params=params)


async def test_discord_py_paces_itself_by_the_headers_and_never_meets_the_limit(
    real_time_loopback: LoopbackDiscord, http: discord.http.HTTPClient
) -> None:
    general = real_time_loopback.create_guild("Support").channel("general")
    loop = asyncio.get_running_loop()
    started = loop.time()
    await asyncio.gather(*(send(http, general.id, f"note {n}") for n in range(12)))
    assert loop.time() - started >= 2 * 0.3  # three windows
    assert sorted(m.content for m in general.messages) == sorted(f"note {n}" for n in range(12))
    assert real_time_loopback.tally(general).rate_limited == 0


async def test_discord_py_waits_out_a_429_from_a_full_window_and_sends_once(
    real_time_loopback: LoopbackDiscord, http: discord.http.HTTPClient
) -> None:
    general = real_time_loopback.create_guild("Support").channel("general")
    for _ in range(5):  # another client (or process) of the same bot fills the window
        await post_as_bot(real_time_loopback, general.id, {"content": "elsewhere"})
    await send(http, general.id, "made it")
    sends = [r.status for r in real_time_loopback.requests if r.route == SEND]
    assert sends == [200] * 5 + [429, 200]
    assert [m.content for m in general.messages][-1] == "made it"
    assert real_time_loopback.tally(general).created == 6


# --- answers lost after the work was done -------------------------------------------------------


async def test_a_lost_502_is_retried_with_the_same_nonce_and_makes_one_message(
    fake: LoopbackDiscord,
    bot: commands.Bot,
    guild: GuildHandle,
    admin: Person,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(discord.http, "asyncio", QuickRetries())
    fake.fail_after_creating(status=502)
    mods = guild.channel("mods")
    reply = await admin.slash("post", channel=mods, text="Heads up.")
    assert reply.content == "Posted."
    assert statuses(fake, SEND) == [502, 200]
    assert [m.content for m in mods.messages] == ["Heads up."]
    tally = fake.tally(mods)
    assert (tally.created, tally.duplicates_avoided) == (1, 1)


async def test_a_lost_503_is_not_retried_so_the_bot_is_told_it_failed_though_it_was_sent(
    fake: LoopbackDiscord, bot: commands.Bot, guild: GuildHandle, admin: Person
) -> None:
    fake.fail_after_creating(status=503)
    mods = guild.channel("mods")
    reply = await admin.slash("post", channel=mods, text="Heads up.")
    assert reply.content == "Post failed: 0"
    assert [m.content for m in mods.messages] == ["Heads up."]
    assert statuses(fake, SEND) == [503]


async def test_without_a_nonce_a_retry_after_a_lost_answer_makes_a_duplicate(
    fake: LoopbackDiscord, guild: GuildHandle
) -> None:
    fake.fail_after_creating(status=504)
    general = guild.channel("general")
    body = {"content": "Are you okay?"}
    assert [(await post_as_bot(fake, general.id, body)).status for _ in range(2)] == [504, 200]
    assert fake.tally(general).created == 2


def test_a_fraction_of_successes_lose_their_answers_the_same_way_each_run() -> None:
    def losses() -> list[bool]:
        faults = Faults({SEND}, FakeClock(NOON))
        faults.fail_after_success(SEND, status=502, fraction=0.3)
        return [faults.take_after_success(SEND) is not None for _ in range(200)]

    first = losses()
    assert first == losses()
    assert 40 <= sum(first) <= 80
    faults = Faults({SEND}, FakeClock(NOON))
    faults.fail_after_success(SEND, times=2)
    assert faults.pending == 2
    faults.clear()
    assert faults.take_after_success(SEND) is None


def test_fail_after_success_refuses_what_is_not_a_server_error_or_a_share() -> None:
    faults = Faults({SEND}, FakeClock(NOON))
    with pytest.raises(ValueError, match="server errors"):
        faults.fail_after_success(SEND, status=404)
    with pytest.raises(ValueError, match="share"):
        faults.fail_after_success(SEND, fraction=1.5)
