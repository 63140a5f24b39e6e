"""A REST call as the loopback's handlers see it, and the answers and errors they give."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from bot.loopback.bodies import RequestBody
from bot.loopback.limits import Problem
from bot.loopback.state import JSON, Channel, Guild, World


@dataclass(frozen=True, slots=True)
class Call:
    route: str
    params: dict[str, str]
    query: Mapping[str, str]
    body: RequestBody

    def snowflake(self, name: str) -> int:
        value = self.params[name]
        if not value.isdigit():
            raise ApiError(404, 0, "404: Not Found")
        return int(value)

    @property
    def json(self) -> JSON:
        if not isinstance(self.body.json, dict):
            raise invalid_body([Problem("", "Must be an object.")], self.route)
        return self.body.json


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    body: object = None


@dataclass(slots=True)
class ApiError(Exception):
    status: int
    code: int
    message: str
    errors: JSON | None = None
    violation: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def body(self) -> JSON:
        body: JSON = {"message": self.message, "code": self.code}
        if self.errors is not None:
            body["errors"] = self.errors
        return body


def invalid_body(problems: list[Problem], route: str) -> ApiError:
    """400 Invalid Form Body with Discord's nested `errors`, recorded as a violation."""
    errors: JSON = {}
    for problem in problems:
        node = errors
        for part in problem.path.split(".") if problem.path else []:
            node = node.setdefault(part, {})
        node.setdefault("_errors", []).append(
            {"code": "BASE_TYPE_INVALID", "message": problem.message}
        )
    listed = "; ".join(f"{p.path or '(body)'}: {p.message}" for p in problems)
    return ApiError(400, 50035, "Invalid Form Body", errors, f"{route}: invalid body: {listed}")


def checked(problems: list[Problem], route: str) -> None:
    if problems:
        raise invalid_body(problems, route)


def unknown(what: str, code: int) -> ApiError:
    return ApiError(404, code, f"Unknown {what}")


RestHandler = Callable[[Call], Awaitable[Reply]]
Route = tuple[str, str, RestHandler]


def channel_of(world: World, call: Call) -> Channel:
    channel = world.channel(call.snowflake("channel_id"))
    if channel is None:
        raise unknown("Channel", 10003)
    return channel


def guild_of(world: World, call: Call) -> Guild:
    guild = world.guilds.get(call.snowflake("guild_id"))
    if guild is None:
        raise unknown("Guild", 10004)
    return guild
