"""Trouble on demand, and Discord's own rate limits: 429s, server errors and slow routes, the way
Discord shows them."""

from __future__ import annotations

import asyncio
import hashlib
import math
import random
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from http import HTTPStatus
from typing import Any

from bot.clock import Clock
from bot.loopback.state import JSON

ROUTE_LIMIT = 50
ROUTE_RESET_AFTER = 1.0
SERVER_ERRORS = frozenset({500, 502, 503, 504})
MESSAGE_CREATE = "POST /channels/{channel_id}/messages"


@dataclass(frozen=True, slots=True)
class RouteLimit:
    """`requests` per window of `seconds`, counted apart for each channel, guild or webhook in
    the path (Discord's "top-level resources"). A window opens with the first request after the
    last one closed, which is what Discord's X-RateLimit-Reset-After counts down."""

    requests: int
    seconds: float


# Discord publishes no per-route numbers (its headers carry them, and may change): a bot's
# messages to one channel get X-RateLimit-Limit 5 and windows of 5 s.
CHANNEL_MESSAGES = RouteLimit(requests=5, seconds=5.0)


@dataclass(frozen=True, slots=True)
class FaultResponse:
    status: int
    body: JSON
    headers: dict[str, str]


@dataclass(frozen=True, slots=True)
class Admission:
    """What a route's limiter made of a request: the 429 it meets, or the headers it carries."""

    refusal: FaultResponse | None
    headers: dict[str, str]


@dataclass(slots=True)
class _Planned:
    route: str | None  # None: every route, as for the global rate limit
    remaining: int
    response: FaultResponse


@dataclass(slots=True)
class _LostAnswers:
    """Successes on `route` whose answers become `response`: the next `remaining` of them, or
    each with probability `fraction` (remaining is then unused)."""

    route: str
    remaining: int
    fraction: float | None
    response: FaultResponse


@dataclass(slots=True)
class _Window:
    closes: datetime
    used: int = 0


def bucket_of(route_key: str) -> str:
    """Discord's X-RateLimit-Bucket: one per route, the same for every channel or guild in it."""
    return hashlib.sha1(route_key.encode(), usedforsecurity=False).hexdigest()[:16]


def ratelimit_headers(
    route_key: str, *, limit: int, remaining: int, closes: datetime, now: datetime
) -> dict[str, str]:
    """The headers discord.py's limiter reads on every answer."""
    return {
        "X-RateLimit-Limit": str(limit),
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset": f"{closes.timestamp():.3f}",
        "X-RateLimit-Reset-After": f"{(closes - now).total_seconds():.3f}",
        "X-RateLimit-Bucket": bucket_of(route_key),
    }


def _too_many_requests(
    retry_after: float, bucket_headers: dict[str, str] | None = None
) -> FaultResponse:
    """A 429 for one route's bucket (with its headers), or without them the global limit."""
    is_global = bucket_headers is None
    headers = {
        "Retry-After": str(math.ceil(retry_after)),
        # discord.py treats a 429 without Via as a Cloudflare ban rather than a rate limit.
        "Via": "1.1 google",
    }
    if bucket_headers is None:
        headers |= {"X-RateLimit-Global": "true", "X-RateLimit-Scope": "global"}
    else:
        headers |= bucket_headers | {"X-RateLimit-Scope": "user"}
    body: JSON = {
        "message": "You are being rate limited.",
        "retry_after": retry_after,
        "global": is_global,
    }
    if is_global:
        body["code"] = 0
    return FaultResponse(429, body, headers)


def _server_error(status: int) -> FaultResponse:
    if status not in SERVER_ERRORS:
        raise ValueError(f"server errors are {sorted(SERVER_ERRORS)}, not {status}")
    return FaultResponse(status, {"message": HTTPStatus(status).phrase}, {})


class RouteWindows:
    """Discord's per-route limits, counted per route and top-level resource on the loopback's
    clock. Routes without a limit report a roomy one, as most of Discord's do."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._limits: dict[str, RouteLimit] = {}
        self._windows: dict[tuple[str, str], _Window] = {}
        self._prune_at = 1024

    def limit(self, route: str, limit: RouteLimit | None) -> None:
        if limit is None:
            self._limits.pop(route, None)
        else:
            self._limits[route] = limit
        self._windows = {key: w for key, w in self._windows.items() if key[0] != route}

    def admit(self, route: str, major: str) -> Admission:
        """Counts one request to `route` for the resource `major` (e.g. its channel id)."""
        now = self._clock.now()
        limit = self._limits.get(route)
        if limit is None:
            closes = now + timedelta(seconds=ROUTE_RESET_AFTER)
            headers = ratelimit_headers(
                route, limit=ROUTE_LIMIT, remaining=ROUTE_LIMIT - 1, closes=closes, now=now
            )
            return Admission(None, headers)
        window = self._window(route, major, limit, now)
        if window.used >= limit.requests:
            headers = ratelimit_headers(
                route, limit=limit.requests, remaining=0, closes=window.closes, now=now
            )
            retry_after = round((window.closes - now).total_seconds(), 3)
            return Admission(_too_many_requests(retry_after, headers), headers)
        window.used += 1
        remaining = limit.requests - window.used
        headers = ratelimit_headers(
            route, limit=limit.requests, remaining=remaining, closes=window.closes, now=now
        )
        return Admission(None, headers)

    def _window(self, route: str, major: str, limit: RouteLimit, now: datetime) -> _Window:
        window = self._windows.get((route, major))
        if window is None or window.closes <= now:
            window = _Window(now + timedelta(seconds=limit.seconds))
            self._windows[(route, major)] = window
            self._forget_closed(now)
        return window

    def _forget_closed(self, now: datetime) -> None:
        """Drops closed windows once their number has doubled, so a drain of many DMs (one
        channel each) keeps a bounded count at a constant cost per window."""
        if len(self._windows) < self._prune_at:
            return
        self._windows = {key: w for key, w in self._windows.items() if w.closes > now}
        self._prune_at = max(1024, 2 * len(self._windows))


class Faults:
    """Planned failures, consumed by the requests they hit, and the routes' own rate limits.
    Routes are named `"POST /path"`."""

    def __init__(self, known_routes: Collection[str], clock: Clock) -> None:
        self._known_routes = known_routes
        self._clock = clock
        self._planned: list[_Planned] = []
        self._lost: list[_LostAnswers] = []
        self._delays: dict[str, float] = {}
        # Seeded: a fraction of failures hits the same calls on every run.
        self._random = random.Random(0)  # noqa: S311 - not for secrets
        self.windows = RouteWindows(clock)

    def rate_limit(self, route: str, *, retry_after: float = 0.05, times: int = 1) -> None:
        """The next `times` calls to `route` answer 429 with the route's bucket headers."""
        checked = self._checked(route)
        now = self._clock.now()
        closes = now + timedelta(seconds=retry_after)
        headers = ratelimit_headers(checked, limit=ROUTE_LIMIT, remaining=0, closes=closes, now=now)
        self._plan(checked, times, _too_many_requests(retry_after, headers))

    def global_rate_limit(self, *, retry_after: float = 0.05, times: int = 1) -> None:
        """The next `times` requests, whatever the route, hit the global limit."""
        self._plan(None, times, _too_many_requests(retry_after))

    def fail(self, route: str, *, status: int = 502, times: int = 1) -> None:
        """The next `times` calls to `route` answer a server error, having done nothing."""
        response = _server_error(status)
        self._plan(self._checked(route), times, response)

    def fail_after_success(
        self, route: str, *, status: int = 502, times: int = 1, fraction: float | None = None
    ) -> None:
        """Calls to `route` do their work (a message is created) and then answer a server
        error, so the client cannot tell they succeeded: the next `times` successful calls, or
        with `fraction` that share of them (chosen by a seeded draw) until `clear()`."""
        response = _server_error(status)
        if fraction is not None and not 0 < fraction <= 1:
            raise ValueError(f"fraction is a share of calls in (0, 1], not {fraction}")
        if fraction is None and times < 1:
            raise ValueError("a fault needs to happen at least once")
        self._lost.append(_LostAnswers(self._checked(route), times, fraction, response))

    def limit(self, route: str, limit: RouteLimit | None) -> None:
        """Give `route` a per-resource rate limit (None: only the roomy default headers)."""
        self.windows.limit(self._checked(route), limit)

    def slow(self, route: str, *, seconds: float) -> None:
        """Every call to `route` takes `seconds` longer before it is answered."""
        self._delays[self._checked(route)] = seconds

    def delay_for(self, route: str) -> float:
        return self._delays.get(route, 0.0)

    def take(self, route: str) -> FaultResponse | None:
        """The fault this request meets, if any; each planned fault is used up once per hit."""
        for planned in self._planned:
            if planned.route in {None, route} and planned.remaining > 0:
                planned.remaining -= 1
                return planned.response
        return None

    def take_after_success(self, route: str) -> FaultResponse | None:
        """The server error that replaces a successful answer on `route`, if any."""
        for lost in self._lost:
            if lost.route != route:
                continue
            if lost.fraction is not None:
                if self._random.random() < lost.fraction:
                    return lost.response
            elif lost.remaining > 0:
                lost.remaining -= 1
                return lost.response
        return None

    def clear(self) -> None:
        """Forget every planned fault and delay (route limits stay)."""
        self._planned.clear()
        self._lost.clear()
        self._delays.clear()

    @property
    def pending(self) -> int:
        """Planned faults not met yet (an open-ended fraction does not count)."""
        counted = [lost.remaining for lost in self._lost if lost.fraction is None]
        return sum(planned.remaining for planned in self._planned) + sum(counted)

    def _plan(self, route: str | None, times: int, response: FaultResponse) -> None:
        if times < 1:
            raise ValueError("a fault needs to happen at least once")
        self._planned.append(_Planned(route, times, response))

    def _checked(self, route: str) -> str:
        if route not in self._known_routes:
            known = "\n  ".join(sorted(self._known_routes))
            raise ValueError(f"no route {route!r}; the loopback knows:\n  {known}")
        return route


class QuickRetries:
    """Stands in for `discord.http.asyncio` in tests: discord.py sleeps 1 s before retrying a
    5xx, and that wait is cut to nothing (`monkeypatch.setattr("discord.http.asyncio", ...)`).

    So are its rate-limit waits, which share the module: past a route's limit discord.py would
    spend its five tries at once and raise the 429. Tests with QuickRetries stay under the
    limit; tests that must cross it quickly give the loopback a shorter window instead.
    """

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    @staticmethod
    async def sleep(delay: float) -> None:
        await asyncio.sleep(0)
