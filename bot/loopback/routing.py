"""Matching a request path against route templates like `/channels/{channel_id}/messages`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

# Discord buckets rate limits by these parameters; the others share a bucket per route.
MAJOR_PARAMETERS = ("channel_id", "guild_id", "webhook_id", "interaction_id", "application_id")

Handler = TypeVar("Handler", bound=Callable[..., Awaitable[object]])


@dataclass(frozen=True, slots=True)
class RouteMatch(Generic[Handler]):
    method: str
    template: str
    params: dict[str, str]
    handler: Handler

    @property
    def key(self) -> str:
        """`"POST /channels/{channel_id}/messages"`: how faults and records name a route."""
        return f"{self.method} {self.template}"

    @property
    def major(self) -> str:
        return ":".join(self.params[name] for name in MAJOR_PARAMETERS if name in self.params)


class Router(Generic[Handler]):
    def __init__(self) -> None:
        self._routes: list[tuple[str, tuple[str, ...], str, Handler]] = []

    def add(self, method: str, template: str, handler: Handler) -> None:
        self._routes.append((method, tuple(template.strip("/").split("/")), template, handler))

    def match(self, method: str, path: str) -> RouteMatch[Handler] | None:
        segments = tuple(path.strip("/").split("/"))
        for route_method, pattern, template, handler in self._routes:
            if route_method != method or len(pattern) != len(segments):
                continue
            params = _bind(pattern, segments)
            if params is not None:
                return RouteMatch(method, template, params, handler)
        return None


def _bind(pattern: tuple[str, ...], segments: tuple[str, ...]) -> dict[str, str] | None:
    params: dict[str, str] = {}
    for expected, actual in zip(pattern, segments, strict=True):
        if expected.startswith("{") and expected.endswith("}"):
            params[expected[1:-1]] = actual
        elif expected != actual:
            return None
    return params
