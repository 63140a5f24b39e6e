"""Trouble on demand: rate limits, server errors and slow routes, the way Discord shows them."""

from __future__ import annotations

import asyncio
import hashlib
import math
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from bot.loopback.state import JSON

ROUTE_LIMIT = 50
ROUTE_RESET_AFTER = 1.0
SERVER_ERRORS = frozenset({500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class FaultResponse:
    status: int
    body: JSON
    headers: dict[str, str]


@dataclass(slots=True)
class _Planned:
    route: str | None  # None: every route, as for the global rate limit
    remaining: int
    response: FaultResponse


def bucket_of(route_key: str) -> str:
    return hashlib.sha1(route_key.encode(), usedforsecurity=False).hexdigest()[:16]


def ratelimit_headers(route_key: str, *, remaining: int, reset_after: float) -> dict[str, str]:
    """The headers discord.py's limiter reads on every answer."""
    return {
        "X-RateLimit-Limit": str(ROUTE_LIMIT),
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset-After": f"{reset_after:.3f}",
        "X-RateLimit-Bucket": bucket_of(route_key),
    }


def _too_many_requests(route: str | None, retry_after: float) -> FaultResponse:
    """A 429 for one route's bucket, or (route None) the global limit."""
    is_global = route is None
    headers = {
        "Retry-After": str(math.ceil(retry_after)),
        # discord.py treats a 429 without Via as a Cloudflare ban rather than a rate limit.
        "Via": "1.1 google",
    }
    if route is None:
        headers |= {"X-RateLimit-Global": "true", "X-RateLimit-Scope": "global"}
    else:
        headers |= ratelimit_headers(route, remaining=0, reset_after=retry_after)
        headers["X-RateLimit-Scope"] = "user"
    body: JSON = {
        "message": "You are being rate limited.",
        "retry_after": retry_after,
        "global": is_global,
    }
    if is_global:
        body["code"] = 0
    return FaultResponse(429, body, headers)


class Faults:
    """Planned failures, consumed by the requests they hit. Routes are named `"POST /path"`."""

    def __init__(self, known_routes: Collection[str]) -> None:
        self._known_routes = known_routes
        self._planned: list[_Planned] = []
        self._delays: dict[str, float] = {}

    def rate_limit(self, route: str, *, retry_after: float = 0.05, times: int = 1) -> None:
        """The next `times` calls to `route` answer 429 with the route's bucket headers."""
        self._plan(self._checked(route), times, _too_many_requests(route, retry_after))

    def global_rate_limit(self, *, retry_after: float = 0.05, times: int = 1) -> None:
        """The next `times` requests, whatever the route, hit the global limit."""
        self._plan(None, times, _too_many_requests(None, retry_after))

    def fail(self, route: str, *, status: int = 502, times: int = 1) -> None:
        """The next `times` calls to `route` answer a server error."""
        if status not in SERVER_ERRORS:
            raise ValueError(f"fail() is for server errors {sorted(SERVER_ERRORS)}, not {status}")
        body: JSON = {"message": "Bad Gateway" if status == 502 else "Internal Server Error"}
        self._plan(self._checked(route), times, FaultResponse(status, body, {}))

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

    @property
    def pending(self) -> int:
        return sum(planned.remaining for planned in self._planned)

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
    5xx, and only that wait is shortened (`monkeypatch.setattr("discord.http.asyncio", ...)`)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    @staticmethod
    async def sleep(delay: float) -> None:
        await asyncio.sleep(0)
