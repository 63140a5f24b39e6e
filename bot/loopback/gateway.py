"""The websocket gateway: HELLO, IDENTIFY/READY, RESUME with replay, heartbeats, dispatches."""

from __future__ import annotations

import asyncio
import enum
import json
import secrets
import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from bot.loopback.payloads import guild_create_payload, member_payload, user_payload
from bot.loopback.state import JSON, World

HEARTBEAT_INTERVAL_MS = 41_250
BACKLOG_SIZE = 10_000


class Op(enum.IntEnum):
    DISPATCH = 0
    HEARTBEAT = 1
    IDENTIFY = 2
    PRESENCE_UPDATE = 3
    VOICE_STATE_UPDATE = 4
    RESUME = 6
    RECONNECT = 7
    REQUEST_GUILD_MEMBERS = 8
    INVALID_SESSION = 9
    HELLO = 10
    HEARTBEAT_ACK = 11


class Intent(enum.IntFlag):
    GUILDS = 1 << 0
    GUILD_MEMBERS = 1 << 1
    GUILD_MESSAGES = 1 << 9
    GUILD_MESSAGE_REACTIONS = 1 << 10
    DIRECT_MESSAGES = 1 << 12
    DIRECT_MESSAGE_REACTIONS = 1 << 13
    MESSAGE_CONTENT = 1 << 15


class CloseCode(enum.IntEnum):
    UNKNOWN_ERROR = 4000
    UNKNOWN_OPCODE = 4001
    DECODE_ERROR = 4002
    AUTHENTICATION_FAILED = 4004
    INVALID_API_VERSION = 4012


class Connection:
    """One websocket; frames go out in order, compressed as one zlib stream when asked."""

    def __init__(self, socket: web.WebSocketResponse, *, zlib_stream: bool) -> None:
        self.socket = socket
        self._compressor = zlib.compressobj() if zlib_stream else None
        self._lock = asyncio.Lock()

    async def send(self, frame: JSON) -> None:
        text = json.dumps(frame, separators=(",", ":"))
        async with self._lock:
            # A frame lost with the socket stays in the session backlog for the RESUME.
            if self.socket.closed:
                return
            try:
                if self._compressor is None:
                    await self.socket.send_str(text)
                    return
                data = self._compressor.compress(text.encode())
                await self.socket.send_bytes(data + self._compressor.flush(zlib.Z_SYNC_FLUSH))
            except ConnectionResetError:
                return


@dataclass(slots=True)
class Session:
    id: str
    intents: int
    sequence: int = 0
    backlog: deque[JSON] = field(default_factory=lambda: deque(maxlen=BACKLOG_SIZE))
    connection: Connection | None = None


class Gateway:
    """Discord's gateway for the one bot that connects to the loopback."""

    def __init__(self, world: World, token: str, report: Callable[[str], None]) -> None:
        self._world = world
        self._token = token
        self._report = report
        self.url = ""
        self.session: Session | None = None
        self.connected = asyncio.Event()
        self.identifies = 0
        self.resumes = 0
        self.replayed = 0
        self._connections: set[Connection] = set()

    @property
    def intents(self) -> int:
        return 0 if self.session is None else self.session.intents

    # -- the websocket ---------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        compress = request.query.get("compress")
        if request.query.get("v") != "10" or request.query.get("encoding", "json") != "json":
            self._report(f"gateway opened with an unsupported query: {request.query_string}")
            await socket.close(code=CloseCode.INVALID_API_VERSION)
            return socket
        if compress not in {None, "zlib-stream"}:
            self._report(f"gateway asked for compression the loopback lacks: {compress}")
            await socket.close(code=CloseCode.DECODE_ERROR)
            return socket
        connection = Connection(socket, zlib_stream=compress == "zlib-stream")
        self._connections.add(connection)
        hello = {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}
        await connection.send({"op": Op.HELLO, "d": hello, "s": None, "t": None})
        try:
            async for message in socket:
                if message.type is not WSMsgType.TEXT:
                    continue
                await self._on_frame(connection, json.loads(message.data))
        finally:
            self._connections.discard(connection)
            if self.session is not None and self.session.connection is connection:
                self.session.connection = None
        return socket

    async def _on_frame(self, connection: Connection, frame: JSON) -> None:
        op = frame.get("op")
        data: Any = frame.get("d")
        if op == Op.HEARTBEAT:
            await connection.send({"op": Op.HEARTBEAT_ACK, "d": None, "s": None, "t": None})
        elif op == Op.IDENTIFY:
            await self._identify(connection, data)
        elif op == Op.RESUME:
            await self._resume(connection, data)
        elif op == Op.REQUEST_GUILD_MEMBERS:
            await self._send_member_chunk(data)
        elif op not in {Op.PRESENCE_UPDATE, Op.VOICE_STATE_UPDATE}:
            self._report(f"gateway received unknown op {op}")
            await connection.socket.close(code=CloseCode.UNKNOWN_OPCODE)

    async def _identify(self, connection: Connection, data: JSON) -> None:
        if data.get("token") != self._token:
            self._report("IDENTIFY with a wrong token")
            await connection.socket.close(code=CloseCode.AUTHENTICATION_FAILED)
            return
        self.identifies += 1
        session = Session(secrets.token_hex(16), int(data.get("intents", 0)))
        session.connection = connection
        self.session = session
        world = self._world
        ready = {
            "v": 10,
            "user": user_payload(world.bot_user) | {"verified": True, "mfa_enabled": False},
            "guilds": [{"id": str(guild.id), "unavailable": True} for guild in world.bot_guilds()],
            "session_id": session.id,
            "resume_gateway_url": self.url,
            "application": {"id": str(world.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
        }
        await self.dispatch("READY", ready)
        all_members = bool(session.intents & Intent.GUILD_MEMBERS)
        for guild in world.bot_guilds():
            payload = guild_create_payload(world, guild, all_members=all_members)
            await self.dispatch("GUILD_CREATE", payload)
        self.connected.set()

    async def _resume(self, connection: Connection, data: JSON) -> None:
        session = self.session
        if session is None or data.get("session_id") != session.id:
            await connection.send({"op": Op.INVALID_SESSION, "d": False, "s": None, "t": None})
            return
        if data.get("token") != self._token:
            self._report("RESUME with a wrong token")
            await connection.socket.close(code=CloseCode.AUTHENTICATION_FAILED)
            return
        self.resumes += 1
        last_seen = int(data.get("seq") or 0)
        # Keep replaying until nothing is left, then attach without yielding in between,
        # so a dispatch made during the replay is neither lost nor sent twice.
        while pending := [f for f in session.backlog if f["s"] > last_seen]:
            for frame in pending:
                await connection.send(frame)
                last_seen = frame["s"]
                self.replayed += 1
        session.connection = connection
        await self.dispatch("RESUMED", {})

    async def _send_member_chunk(self, data: JSON) -> None:
        guild = self._world.guilds.get(int(data.get("guild_id", 0)))
        if guild is None:
            return
        wanted = {int(uid) for uid in data.get("user_ids") or []}
        query = str(data.get("query") or "").lower()
        members = [
            m
            for m in guild.members.values()
            if (not wanted or m.user.id in wanted) and m.user.username.lower().startswith(query)
        ]
        limit = int(data.get("limit") or 0)
        if limit:
            members = members[:limit]
        chunk: JSON = {
            "guild_id": str(guild.id),
            "members": [member_payload(m) for m in members],
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [str(uid) for uid in wanted - set(guild.members)],
        }
        if data.get("nonce") is not None:
            chunk["nonce"] = data["nonce"]
        await self.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    # -- what the server and the people do ---------------------------------------------

    async def dispatch(self, event: str, data: JSON) -> None:
        """Send an event to the bot; while it is disconnected, keep it for the RESUME."""
        session = self.session
        if session is None:
            return
        session.sequence += 1
        frame = {"op": Op.DISPATCH, "t": event, "s": session.sequence, "d": data}
        session.backlog.append(frame)
        if session.connection is not None:
            await session.connection.send(frame)

    async def drop_connection(self) -> None:
        """The network fails: the socket closes and the bot has to RESUME."""
        connection = self._current_connection()
        await connection.socket.close(code=CloseCode.UNKNOWN_ERROR)

    async def ask_to_reconnect(self) -> None:
        connection = self._current_connection()
        await connection.send({"op": Op.RECONNECT, "d": None, "s": None, "t": None})

    async def invalidate_session(self, *, resumable: bool) -> None:
        connection = self._current_connection()
        if not resumable:
            self.session = None
            self.connected.clear()
        await connection.send({"op": Op.INVALID_SESSION, "d": resumable, "s": None, "t": None})

    def _current_connection(self) -> Connection:
        if self.session is None or self.session.connection is None:
            raise RuntimeError("the bot is not connected to the gateway")
        return self.session.connection

    async def close(self) -> None:
        for connection in list(self._connections):
            await connection.socket.close(code=1001)
