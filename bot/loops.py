"""Background loops that outlive any error: log it once, back off, try again, and say how it went.

Every timed chore (re-pings, the scheduler, retention purges) runs in a `ResilientLoop`. A step that
raises never ends the loop: the error is logged (its traceback once per kind of error), the loop
waits 1 s, 2 s, 4 s … up to a minute and tries again, and goes back to its usual pace once a step
succeeds. Each loop keeps its health — last success, failing since when, why — for `/config show`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, runtime_checkable

import aiohttp
import discord

from bot.clock import Clock

log = logging.getLogger(__name__)

# A step returns how long to wait before the next one, or None for the loop's usual interval.
Step = Callable[[], Awaitable[timedelta | None]]
# Tracebacks already logged are remembered by kind; a bound keeps a pathological mix from growing.
REMEMBERED_ERROR_KINDS = 64


@dataclass(frozen=True, slots=True)
class Backoff:
    """Exponential waits between failed steps: `first`, doubling, never more than `longest`."""

    first: timedelta = timedelta(seconds=1)
    longest: timedelta = timedelta(seconds=60)

    def delay(self, failures: int) -> timedelta:
        """The wait after the `failures`-th failure in a row (1 for the first)."""
        doublings = min(max(failures - 1, 0), 32)  # 2**32 seconds is past any sensible cap
        return min(self.first * (1 << doublings), self.longest)


@dataclass(frozen=True, slots=True)
class LoopHealth:
    """How a loop is doing, as `/config show` reports it."""

    label: str
    every: timedelta
    running: bool
    last_success: datetime | None
    failing_since: datetime | None
    failures: int
    last_error: str | None


class ResilientLoop:
    """Run `step` every `every` until stopped; an exception is logged and backed off from.

    `before_first` runs once before the first step (e.g. waiting until the bot is ready). `wake`,
    if given, is an event that ends the wait between steps early when set (the scheduler's
    "a job changed" event); `wake()` does the same.
    """

    def __init__(
        self,
        label: str,
        step: Step,
        *,
        every: timedelta,
        clock: Clock,
        before_first: Callable[[], Awaitable[object]] | None = None,
        wake: asyncio.Event | None = None,
        backoff: Backoff = Backoff(),
        stop_within: timedelta = timedelta(seconds=10),
    ) -> None:
        self.label = label
        self.every = every
        self._step = step
        self._clock = clock
        self._before_first = before_first
        self._woken = wake or asyncio.Event()
        self._backoff = backoff
        self._stop_within = stop_within
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._last_success: datetime | None = None
        self._failing_since: datetime | None = None
        self._failures = 0
        self._last_error: str | None = None
        self._traced: dict[tuple[str, str], None] = {}
        self._steps_started = 0
        self._step_ended = asyncio.Event()
        self._steps_ended = 0

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def health(self) -> LoopHealth:
        return LoopHealth(
            label=self.label,
            every=self.every,
            running=self.running,
            last_success=self._last_success,
            failing_since=self._failing_since,
            failures=self._failures,
            last_error=self._last_error,
        )

    def start(self) -> None:
        if self.running:
            raise RuntimeError(f"{self.label} is already running")
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name=f"lantern-loop: {self.label}")

    def wake(self) -> None:
        """Run the next step now instead of at the end of the current wait."""
        self._woken.set()

    async def run_now(self) -> None:
        """Wake the running loop and wait until a step that started after this call has ended."""
        if not self.running:
            raise RuntimeError(f"{self.label} is not running")
        wanted = self._steps_started + 1
        self.wake()
        while self._steps_ended < wanted:
            await self._step_ended.wait()

    async def stop(self) -> None:
        """Let the step in progress finish (within `stop_within`), then end the loop."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping = True
        self._woken.set()
        try:
            await asyncio.wait_for(asyncio.shield(task), self._stop_within.total_seconds())
        except TimeoutError:
            log.warning("%s did not stop in time; cancelling its step in progress", self.label)
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def run_once(self) -> timedelta:
        """One step, with its outcome recorded; returns how long to wait before the next."""
        self._steps_started += 1
        try:
            wanted = await self._step()
        except Exception as error:  # surviving any error is the point
            wait = self._failed(error)
        else:
            self._succeeded()
            wait = self.every if wanted is None else wanted
        self._steps_ended += 1
        ended, self._step_ended = self._step_ended, asyncio.Event()
        ended.set()
        return wait

    async def _run(self) -> None:
        if self._before_first is not None:
            try:
                await self._before_first()
            except Exception as error:
                self._failed(error)
        while not self._stopping:
            # Cleared before the step, so a wake-up that arrives during it still counts.
            self._woken.clear()
            wait = await self.run_once()
            # `stop()` sets the event too, so a stopping loop doesn't wait here.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._woken.wait(), max(wait.total_seconds(), 0.0))

    def _succeeded(self) -> None:
        if self._failing_since is not None:
            log.warning("%s is working again after %d failed attempts", self.label, self._failures)
        self._last_success = self._clock.now()
        self._failing_since = None
        self._failures = 0
        self._last_error = None

    def _failed(self, error: Exception) -> timedelta:
        self._failures += 1
        if self._failing_since is None:
            self._failing_since = self._clock.now()
        self._last_error = describe_error(error)
        delay = self._backoff.delay(self._failures)
        kind = (type(error).__qualname__, self._last_error)
        first_of_its_kind = kind not in self._traced
        if first_of_its_kind:
            if len(self._traced) >= REMEMBERED_ERROR_KINDS:
                del self._traced[next(iter(self._traced))]
            self._traced[kind] = None
        log.error(
            "%s failed (%s: %s); trying again in %.0f s",
            self.label,
            type(error).__name__,
            error,
            delay.total_seconds(),
            exc_info=error if first_of_its_kind else None,
        )
        return delay


def describe_error(error: BaseException) -> str:
    """What went wrong, in plain words for a server admin (details stay in the log)."""
    if isinstance(error, sqlite3.Error):
        message = str(error).lower()
        if "locked" in message or "busy" in message:
            return "the database is locked"
        if "full" in message:
            return "the disk is full"
        if "readonly" in message or "read-only" in message:
            return "the database can't be written to"
        if "i/o" in message:
            return "the disk can't be read or written"
        return "the database had a problem"
    if isinstance(error, discord.HTTPException):
        if error.status >= 500:
            return f"Discord is having trouble (error {error.status})"
        if error.status == 429:
            return "Discord asked Lantern to slow down"
        return f"Discord refused a message (error {error.status})"
    if isinstance(error, aiohttp.ClientError | TimeoutError | ConnectionError):
        return "Lantern can't reach Discord"
    return f"something unexpected went wrong ({type(error).__name__})"


@runtime_checkable
class RunsLoops(Protocol):
    """A cog whose background loops appear in `/config show`."""

    def background_loops(self) -> Sequence[ResilientLoop]: ...


def health_line(health: LoopHealth, now: datetime) -> tuple[str, bool]:
    """One line for `/config show`, and whether it is a problem to flag."""
    if health.failing_since is not None:
        since = discord.utils.format_dt(health.failing_since, "t")
        return (
            f"{health.label}: failing since {since} — {health.last_error}; retrying",
            True,
        )
    if not health.running:
        return f"{health.label}: not running; restarting Lantern starts it again", True
    if health.last_success is None:
        return f"{health.label}: starting", False
    elapsed = now - health.last_success
    # A step that never returns fails nothing; it only stops succeeding.
    if elapsed > health.every * 2 + Backoff().longest:
        return f"{health.label}: last ran {time_ago(elapsed)}; it may be stuck", True
    return f"{health.label}: last ran {time_ago(elapsed)}", False


def time_ago(elapsed: timedelta) -> str:
    minutes = int(elapsed.total_seconds() // 60)
    if minutes < 1:
        return "just now"
    if minutes < 60:
        return f"{minutes} min ago"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} h ago"
    return f"{hours // 24} days ago"
