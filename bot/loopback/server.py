"""The loopback Discord: an aiohttp server on 127.0.0.1 that discord.py logs in to unchanged."""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Self

from aiohttp import web

from bot.clock import Clock, SystemClock
from bot.loopback.bodies import RequestBody, UnreadableBodyError, read_body
from bot.loopback.calls import ApiError, Call, RestHandler, invalid_body
from bot.loopback.faults import CHANNEL_MESSAGES, MESSAGE_CREATE, FaultResponse, Faults, RouteLimit
from bot.loopback.gateway import Intent
from bot.loopback.hub import Hub, RecordedRequest
from bot.loopback.inbox import LoopbackTimeoutError
from bot.loopback.openapi import SpecValidator
from bot.loopback.payloads import member_payload
from bot.loopback.people import ChannelHandle, GuildHandle, Person
from bot.loopback.rest import Rest
from bot.loopback.routing import RouteMatch
from bot.loopback.state import DEFAULT_CHANNELS, Message, World

API_PREFIX = "/api/v10"
HOST = "127.0.0.1"


@dataclass(frozen=True, slots=True)
class Outcome:
    """How a request is answered, whichever part of the loopback decided it."""

    status: int
    body: object
    headers: dict[str, str]

    @classmethod
    def of(cls, fault: FaultResponse) -> Outcome:
        return cls(fault.status, fault.body, fault.headers)


@dataclass(frozen=True, slots=True)
class ChannelTally:
    """The bot's messages in one channel: `created` counts every one people saw (deleted ones
    too, ephemeral ones not); `duplicates_avoided` the creates Discord answered with an earlier
    message of the same nonce; `rate_limited` the creates refused by the channel's limit."""

    created: int
    duplicates_avoided: int
    rate_limited: int


def _json_response(status: int, body: object, headers: dict[str, str]) -> web.Response:
    if status == 204:
        return web.Response(status=204, headers=headers)
    # Exactly "application/json": discord.py compares the header, so no charset suffix.
    headers = headers | {"Content-Type": "application/json"}
    return web.Response(status=status, body=json.dumps(body).encode(), headers=headers)


class LoopbackDiscord:
    """Discord on this machine. Start it, point discord.py at it, and act as people."""

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        bot_name: str = "Lantern",
        check_schema: bool = True,
        channel_message_limit: RouteLimit | None = CHANNEL_MESSAGES,
    ) -> None:
        self.token = f"loopback.{secrets.token_urlsafe(24)}"
        self.hub = Hub(World(clock or SystemClock(), bot_name), self.token)
        self.world = self.hub.world
        self.rest = Rest(self.hub, lambda: self.gateway_url)
        self.faults = Faults(self.rest.route_keys, self.world.clock)
        self.limit_channel_messages(channel_message_limit)
        self._spec = SpecValidator.load() if check_schema else None
        self._runner: web.AppRunner | None = None
        self.origin = ""

    # -- lifecycle -----------------------------------------------------------------------

    @classmethod
    async def start(
        cls,
        *,
        clock: Clock | None = None,
        bot_name: str = "Lantern",
        check_schema: bool = True,
        channel_message_limit: RouteLimit | None = CHANNEL_MESSAGES,
    ) -> Self:
        """Listen on a port the OS picks; `check_schema` also checks bodies against the spec;
        `channel_message_limit` is Discord's limit on the bot's messages per channel."""
        fake = cls(
            clock=clock,
            bot_name=bot_name,
            check_schema=check_schema,
            channel_message_limit=channel_message_limit,
        )
        await fake._serve()
        return fake

    @classmethod
    @asynccontextmanager
    async def running(
        cls,
        *,
        clock: Clock | None = None,
        bot_name: str = "Lantern",
        check_schema: bool = True,
        channel_message_limit: RouteLimit | None = CHANNEL_MESSAGES,
    ) -> AsyncIterator[Self]:
        """`async with LoopbackDiscord.running() as fake:`; stopped however the block ends."""
        fake = await cls.start(
            clock=clock,
            bot_name=bot_name,
            check_schema=check_schema,
            channel_message_limit=channel_message_limit,
        )
        try:
            yield fake
        finally:
            await fake.stop()

    async def _serve(self) -> None:
        app = web.Application()
        app.router.add_get("/", self.hub.gateway.handle)
        app.router.add_get("/attachments/{channel_id}/{attachment_id}/{name}", self._attachment)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._api)
        self._runner = web.AppRunner(
            app, handle_signals=False, access_log=None, shutdown_timeout=0.5
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, HOST, 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.origin = f"http://{HOST}:{port}"
        self.hub.cdn_base = self.origin
        self.hub.gateway.url = f"ws://{HOST}:{port}/"

    async def stop(self) -> None:
        await self.hub.gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def api_base(self) -> str:
        """Set `discord.http.Route.BASE` to this."""
        return self.origin + API_PREFIX

    @property
    def gateway_url(self) -> str:
        """Set `discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY` to `yarl.URL(this)`."""
        return self.hub.gateway.url

    # -- HTTP ----------------------------------------------------------------------------

    async def _attachment(self, request: web.Request) -> web.Response:
        for message in self.world.messages.values():
            for attachment in message.attachments:
                if str(attachment.id) == request.match_info["attachment_id"]:
                    return web.Response(body=attachment.data, content_type=attachment.content_type)
        return web.Response(status=404)

    async def _api(self, request: web.Request) -> web.Response:
        path = request.path.removeprefix(API_PREFIX)
        match = self.rest.router.match(request.method, path)
        try:
            body = await read_body(request)
        except UnreadableBodyError:
            body = RequestBody(None)
            answer = Outcome(400, {"message": "Invalid JSON body.", "code": 50109}, {})
        else:
            answer = await self._answer(request, path, match, body)
        route = None if match is None else match.key
        self.hub.requests.append(
            RecordedRequest(request.method, path, route, body.json, body.files, answer.status)
        )
        return _json_response(answer.status, answer.body, answer.headers)

    async def _answer(
        self,
        request: web.Request,
        path: str,
        match: RouteMatch[RestHandler] | None,
        body: RequestBody,
    ) -> Outcome:
        if match is None:
            self.hub.record_violation(f"unknown route: {request.method} {path}")
            return Outcome(404, {"message": "404: Not Found", "code": 0}, {})
        bot_auth = request.headers.get("Authorization") == f"Bot {self.token}"
        if match.key not in self.rest.token_routes and not bot_auth:
            return Outcome(401, {"message": "401: Unauthorized", "code": 0}, {})
        delay = self.faults.delay_for(match.key)
        if delay:
            await asyncio.sleep(delay)
        fault = self.faults.take(match.key)
        if fault is not None:
            return Outcome.of(fault)
        admission = self.faults.windows.admit(match.key, match.major)
        if admission.refusal is not None:
            if "channel_id" in match.params:
                self.hub.rate_limited[int(match.params["channel_id"])] += 1
            return Outcome.of(admission.refusal)
        call = Call(match.key, match.params, request.query, body)
        try:
            self._check_schema(request.method, path, call)
            reply = await match.handler(call)
        except ApiError as error:
            if error.violation is not None:
                interaction_id = match.params.get("interaction_id")
                self.hub.record_refusal(error.violation, interaction_id)
            return Outcome(error.status, error.body(), error.headers | admission.headers)
        lost = self.faults.take_after_success(match.key) if 200 <= reply.status < 300 else None
        if lost is not None:
            return Outcome.of(lost)
        return Outcome(reply.status, reply.body, admission.headers)

    def _check_schema(self, method: str, path: str, call: Call) -> None:
        if self._spec is None or call.body.json is None:
            return
        problems = self._spec.problems(method, path, call.body.json)
        if problems:
            raise invalid_body(problems, f"{call.route} (OpenAPI schema)")

    # -- people and places -----------------------------------------------------------------

    def create_guild(self, name: str, channels: tuple[str, ...] = DEFAULT_CHANNELS) -> GuildHandle:
        """A server with @everyone, Moderator and Admin roles, the bot, and `channels`.

        Create guilds before the bot connects; they arrive in its GUILD_CREATEs.
        """
        self._check_not_connected("create_guild")
        return GuildHandle(self.hub, self.world.add_guild(name, channels))

    def create_member(
        self,
        guild: GuildHandle,
        username: str,
        *,
        display_name: str | None = None,
        admin: bool = False,
        moderator: bool = False,
    ) -> Person:
        """Someone already in the guild when the bot connects."""
        self._check_not_connected("create_member", "await fake.member_joins(...)")
        return self._add_member(guild, username, display_name, admin=admin, moderator=moderator)

    async def member_joins(
        self,
        guild: GuildHandle,
        username: str,
        *,
        display_name: str | None = None,
        admin: bool = False,
        moderator: bool = False,
    ) -> Person:
        """Someone joins while the bot is connected: GUILD_MEMBER_ADD, with the members intent."""
        person = self._add_member(guild, username, display_name, admin=admin, moderator=moderator)
        if self.hub.gateway.intents & Intent.GUILD_MEMBERS:
            payload = member_payload(person.member) | {"guild_id": str(guild.id)}
            await self.hub.gateway.dispatch("GUILD_MEMBER_ADD", payload)
        return person

    def _add_member(
        self,
        guild: GuildHandle,
        username: str,
        display_name: str | None,
        *,
        admin: bool,
        moderator: bool,
    ) -> Person:
        roles = (("Admin",) if admin else ()) + (("Moderator",) if moderator else ())
        member = self.world.add_member(
            guild.guild, username, display_name=display_name, role_names=roles
        )
        return Person(self.hub, member)

    def _check_not_connected(self, what: str, instead: str = "") -> None:
        if self.hub.gateway.session is not None:
            hint = f"; use {instead}" if instead else ""
            raise RuntimeError(f"{what} is for before the bot connects{hint}")

    def allow_everyone_to_use(self, guild: GuildHandle, command_name: str) -> None:
        """The owner overrides a command's default permissions in Server Settings > Integrations.

        Every member is then offered it; the bot must check permissions itself.
        """
        synced = {c.name for c in self.world.commands_for(guild.id)}
        if command_name not in synced:
            raise LookupError(f"no synced command /{command_name}; synced: {sorted(synced)}")
        guild.guild.commands_open_to_everyone.add(command_name)

    # -- waiting for the bot ---------------------------------------------------------------

    async def wait_until_connected(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Until the bot has identified and been sent its guilds."""
        try:
            await asyncio.wait_for(self.hub.gateway.connected.wait(), timeout)
        except TimeoutError:
            raise LoopbackTimeoutError(
                f"the bot did not connect within {timeout:g} s.\n{self.hub.recent_activity()}"
            ) from None

    async def next_message(self, channel: ChannelHandle, timeout: float = 2.0) -> Message:  # noqa: ASYNC109
        """The next message the bot posts in `channel` (interaction answers included)."""
        return await self.hub.channel_mail(channel.id).next(timeout, self.hub.recent_activity)

    # -- the network misbehaving -----------------------------------------------------------

    async def drop_gateway(self) -> None:
        """Cut the bot's websocket; it should RESUME and miss nothing."""
        await self.hub.gateway.drop_connection()

    async def ask_bot_to_reconnect(self) -> None:
        """Send op 7 RECONNECT, as Discord does before moving a session."""
        await self.hub.gateway.ask_to_reconnect()

    async def invalidate_session(self, *, resumable: bool = False) -> None:
        """Send op 9 INVALID_SESSION; without `resumable` the bot must IDENTIFY afresh."""
        await self.hub.gateway.invalidate_session(resumable=resumable)

    def limit_channel_messages(self, limit: RouteLimit | None = CHANNEL_MESSAGES) -> None:
        """Discord's limit on the bot's messages per channel (5 per 5 s), or another, or none.

        The windows run on the loopback's clock: with a FakeClock, advance it to open the next.
        """
        self.faults.limit(MESSAGE_CREATE, limit)

    def fail_after_creating(
        self, *, status: int = 502, times: int = 1, fraction: float | None = None
    ) -> None:
        """Message creates succeed but answer `status`, so the bot cannot know they did: the
        next `times` of them, or that `fraction` of them from now on (until `faults.clear()`).
        discord.py retries 500, 502 and 504 with the same body, and raises on 503."""
        self.faults.fail_after_success(
            MESSAGE_CREATE, status=status, times=times, fraction=fraction
        )

    # -- what happened -----------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        return self.hub.requests

    @property
    def violations(self) -> list[str]:
        return list(self.hub.violations)

    def tally(self, where: ChannelHandle | Person) -> ChannelTally:
        """What the bot's message creates came to in a channel, or in a person's DMs."""
        channel = (
            where.channel if isinstance(where, ChannelHandle) else self.world.dm_channel(where.user)
        )
        bot_id = self.world.bot_user.id
        created = sum(
            1
            for m in self.world.messages.values()
            if m.channel_id == channel.id and m.author.id == bot_id and not m.ephemeral
        )
        return ChannelTally(
            created=created,
            duplicates_avoided=self.hub.duplicates_avoided[channel.id],
            rate_limited=self.hub.rate_limited[channel.id],
        )

    def take_violations(self) -> list[str]:
        """The violations so far, forgotten afterwards: for tests that provoke one on purpose."""
        taken = list(self.hub.violations)
        self.hub.violations.clear()
        return taken

    def assert_clean(self) -> None:
        """Fail listing unknown routes, refused bodies, late or double acknowledgements."""
        if self.hub.violations:
            listed = "\n  ".join(self.hub.violations)
            raise AssertionError(f"the bot broke Discord's rules:\n  {listed}")
