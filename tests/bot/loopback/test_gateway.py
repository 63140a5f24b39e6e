"""The gateway as discord.py meets it: zlib-stream, READY, RESUME after a drop, op 7 and op 9."""

from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import discord
import pytest
from discord.ext import commands

from bot.loopback import GuildHandle, LoopbackDiscord, Person


async def test_resume_after_a_dropped_socket_misses_nothing_and_repeats_nothing(
    fake: LoopbackDiscord,
    bot: commands.Bot,
    guild: GuildHandle,
    alice: Person,
    seen: list[discord.Message],
    bot_events: Counter[str],
) -> None:
    general = guild.channel("general")
    await alice.says("before", general)
    await fake.drop_gateway()
    await alice.says("ping", general)
    pong = await fake.next_message(general)
    assert pong.content == "pong"
    assert [m.content for m in seen] == ["before", "ping"]
    assert (fake.hub.gateway.identifies, fake.hub.gateway.resumes, bot_events["resumed"]) == (
        1,
        1,
        1,
    )
    reply = await alice.slash("checkin", mood=3)
    assert reply.content == "Thanks for checking in (3/5)."
    assert fake.hub.gateway.replayed >= 1


async def test_reconnect_request_resumes(
    fake: LoopbackDiscord,
    bot: commands.Bot,
    guild: GuildHandle,
    alice: Person,
    bot_events: Counter[str],
) -> None:
    await fake.ask_bot_to_reconnect()
    await alice.says("ping", guild.channel("general"))
    assert (await fake.next_message(guild.channel("general"))).content == "pong"
    assert bot_events["resumed"] == 1


async def test_invalid_session_makes_the_bot_identify_again(
    fake: LoopbackDiscord, bot: commands.Bot, guild: GuildHandle, alice: Person
) -> None:
    await fake.invalidate_session()
    await fake.wait_until_connected()
    await alice.says("ping", guild.channel("general"))
    assert (await fake.next_message(guild.channel("general"))).content == "pong"
    assert fake.hub.gateway.identifies == 2


class RawClient:
    """A bare gateway client without compression, to see frames exactly as sent."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket

    async def send(self, op: int, data: object) -> None:
        await self.socket.send_json({"op": op, "d": data})

    async def receive(self) -> dict[str, Any]:
        frame: dict[str, Any] = await self.socket.receive_json(timeout=1)
        return frame

    async def dispatch(self, event: str) -> dict[str, Any]:
        while (frame := await self.receive())["t"] != event:
            pass
        return frame


@pytest.fixture
async def raw(fake: LoopbackDiscord) -> AsyncIterator[RawClient]:
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(fake.gateway_url + "?v=10&encoding=json") as socket,
    ):
        yield RawClient(socket)


GUILDS_AND_MESSAGES = 1 | 1 << 9


async def test_plain_gateway_without_message_content_intent(
    fake: LoopbackDiscord, guild: GuildHandle, alice: Person, raw: RawClient
) -> None:
    hello = await raw.receive()
    assert hello["op"] == 10
    assert hello["d"]["heartbeat_interval"] > 0
    await raw.send(1, None)
    assert (await raw.receive())["op"] == 11
    await raw.send(2, {"token": fake.token, "intents": GUILDS_AND_MESSAGES, "properties": {}})
    ready = await raw.dispatch("READY")
    assert ready["s"] == 1
    assert ready["d"]["guilds"] == [{"id": str(guild.id), "unavailable": True}]
    created = await raw.dispatch("GUILD_CREATE")
    members = [m["user"]["id"] for m in created["d"]["members"]]
    assert members == [str(fake.world.bot_user.id)]
    assert created["d"]["member_count"] == 2  # the bot and alice
    await alice.says("private words", guild.channel("general"))
    message = await raw.dispatch("MESSAGE_CREATE")
    assert message["s"] == 3
    assert message["d"]["content"] == ""


async def test_member_chunks_answer_requests(
    fake: LoopbackDiscord, guild: GuildHandle, alice: Person, raw: RawClient
) -> None:
    await raw.receive()
    await raw.send(2, {"token": fake.token, "intents": 1 | 1 << 1, "properties": {}})
    await raw.dispatch("GUILD_CREATE")
    await raw.send(8, {"guild_id": str(guild.id), "query": "al", "limit": 0, "nonce": "n1"})
    chunk = (await raw.dispatch("GUILD_MEMBERS_CHUNK"))["d"]
    assert [m["user"]["username"] for m in chunk["members"]] == ["alice"]
    assert chunk["nonce"] == "n1"


async def test_wrong_token_closes_with_4004(fake: LoopbackDiscord, raw: RawClient) -> None:
    await raw.receive()
    await raw.send(2, {"token": "wrong", "intents": 1, "properties": {}})
    closing = await raw.socket.receive(timeout=1)
    assert closing.type is aiohttp.WSMsgType.CLOSE
    assert closing.data == 4004
    assert fake.take_violations() == ["IDENTIFY with a wrong token"]


async def test_resume_of_an_unknown_session_is_invalid(
    fake: LoopbackDiscord, raw: RawClient
) -> None:
    await raw.receive()
    await raw.send(6, {"token": fake.token, "session_id": "nope", "seq": 3})
    assert await raw.receive() == {"op": 9, "d": False, "s": None, "t": None}
