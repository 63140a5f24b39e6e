"""A token bucket that spreads deliveries under a global rate, on an injected clock."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable
from datetime import datetime

from bot.clock import Clock

Sleep = Callable[[float], Awaitable[None]]


class Pacer:
    """Lets through at most `burst` at once and `rate_per_second` on average after that."""

    def __init__(
        self,
        rate_per_second: float,
        clock: Clock,
        *,
        burst: float | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if rate_per_second <= 0:
            raise ValueError("the rate must be positive")
        self._rate = rate_per_second
        self._capacity = rate_per_second if burst is None else burst
        if self._capacity < 1:
            raise ValueError("the burst must allow at least one message")
        self._clock = clock
        self._sleep = sleep
        self._tokens = self._capacity
        self._refilled_at: datetime = clock.now()

    def seconds_until_ready(self) -> float:
        """How long until one message may go; 0 when it may go now."""
        self._refill()
        if self._tokens >= 1:
            return 0.0
        # Whole microseconds, the clock's resolution, so every wait moves the clock on.
        return math.ceil((1 - self._tokens) / self._rate * 1_000_000) / 1_000_000

    async def acquire(self, most: int = 1) -> int:
        """Wait until one message may go, then take the budget for up to `most`; return how many."""
        if most < 1:
            raise ValueError("ask for at least one message")
        while (wait := self.seconds_until_ready()) > 0:
            await self._sleep(wait)
        granted = min(most, math.floor(self._tokens))
        self._tokens -= granted
        return granted

    def _refill(self) -> None:
        now = self._clock.now()
        elapsed = max(0.0, (now - self._refilled_at).total_seconds())
        self._tokens = min(self._capacity, self._tokens + elapsed * self._rate)
        self._refilled_at = now
