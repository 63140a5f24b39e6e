import asyncio
import logging
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import aiohttp
import discord
import pytest

from bot.clock import FakeClock
from bot.loops import Backoff, LoopHealth, ResilientLoop, describe_error, health_line, time_ago

NOW = datetime(2026, 11, 23, 14, 2, tzinfo=UTC)
EVERY = timedelta(seconds=30)
LOCKED = sqlite3.OperationalError("database is locked")


class FlakyStep:
    """A step that raises the errors it is given, one per call, then succeeds."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.calls = 0
        self.successes = 0
        self.succeeded = asyncio.Event()

    async def __call__(self) -> None:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        self.successes += 1
        self.succeeded.set()


def loop_of(step: FlakyStep, clock: FakeClock) -> ResilientLoop:
    return ResilientLoop("Re-pings", step, every=EVERY, clock=clock)


def test_backoff_doubles_from_one_second_up_to_a_minute() -> None:
    waits = [Backoff().delay(failures).total_seconds() for failures in range(1, 10)]
    assert waits == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert Backoff().delay(10_000) == timedelta(seconds=60)


async def test_failures_back_off_and_a_success_resets_the_pace_and_the_health() -> None:
    clock = FakeClock(NOW)
    loop = loop_of(FlakyStep(LOCKED, LOCKED, LOCKED), clock)
    waits = []
    for _ in range(3):
        waits.append(await loop.run_once())
        clock.advance(timedelta(minutes=1))
    assert waits == [timedelta(seconds=1), timedelta(seconds=2), timedelta(seconds=4)]
    failing = loop.health()
    assert failing.failing_since == NOW
    assert failing.failures == 3
    assert failing.last_error == "the database is locked"
    assert failing.last_success is None

    assert await loop.run_once() == EVERY
    recovered = loop.health()
    assert (recovered.failing_since, recovered.failures, recovered.last_error) == (None, 0, None)
    assert recovered.last_success == NOW + timedelta(minutes=3)


async def test_a_step_may_choose_its_next_wait() -> None:
    async def soon() -> timedelta:
        return timedelta(seconds=5)

    loop = ResilientLoop("Scheduled messages", soon, every=EVERY, clock=FakeClock(NOW))
    assert await loop.run_once() == timedelta(seconds=5)


async def test_each_failure_is_one_error_line_with_a_traceback_once_per_kind_of_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    step = FlakyStep(LOCKED, LOCKED, LOCKED, ValueError("bad row"), LOCKED)
    loop = loop_of(step, FakeClock(NOW))
    with caplog.at_level(logging.WARNING, logger="bot.loops"):
        for _ in range(6):
            await loop.run_once()
    errors = [record for record in caplog.records if record.levelno == logging.ERROR]
    assert len(errors) == 5
    assert all(record.getMessage().count("\n") == 0 for record in errors)
    assert "Re-pings failed (OperationalError: database is locked)" in errors[0].getMessage()
    with_traceback = [record.exc_info is not None for record in errors]
    assert with_traceback == [True, False, False, True, False]
    recovered = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert ["working again after 5 failed attempts" in r.getMessage() for r in recovered] == [True]


async def test_the_running_loop_outlives_errors_and_keeps_working() -> None:
    step = FlakyStep(LOCKED, RuntimeError("surprise"), LOCKED)
    quick = Backoff(first=timedelta(milliseconds=1), longest=timedelta(milliseconds=5))
    loop = ResilientLoop("Re-pings", step, every=EVERY, clock=FakeClock(NOW), backoff=quick)
    loop.start()
    try:
        await asyncio.wait_for(step.succeeded.wait(), 5)
        assert loop.running
        assert step.calls == 4
        await asyncio.wait_for(loop.run_now(), 5)
        assert step.successes == 2
        assert loop.health().failing_since is None
    finally:
        await loop.stop()
    assert not loop.running


async def test_run_now_waits_for_a_step_that_starts_after_it_is_asked() -> None:
    started, release = asyncio.Event(), asyncio.Event()
    steps = 0

    async def slow() -> None:
        nonlocal steps
        steps += 1
        started.set()
        await release.wait()

    loop = ResilientLoop("Re-pings", slow, every=EVERY, clock=FakeClock(NOW))
    loop.start()
    try:
        await asyncio.wait_for(started.wait(), 5)
        asked = asyncio.create_task(loop.run_now())
        await asyncio.sleep(0.01)
        release.set()
        await asyncio.wait_for(asked, 5)
        assert steps == 2, "the step already under way doesn't count"
    finally:
        await loop.stop()


async def test_stop_lets_the_step_under_way_finish() -> None:
    started, release = asyncio.Event(), asyncio.Event()
    finished = False

    async def slow() -> None:
        nonlocal finished
        started.set()
        await release.wait()
        finished = True

    loop = ResilientLoop("Re-pings", slow, every=EVERY, clock=FakeClock(NOW))
    loop.start()
    with pytest.raises(RuntimeError, match="already running"):
        loop.start()
    await asyncio.wait_for(started.wait(), 5)
    stopping = asyncio.create_task(loop.stop())
    await asyncio.sleep(0.01)
    assert not stopping.done()
    release.set()
    await asyncio.wait_for(stopping, 5)
    assert finished
    assert not loop.running
    await loop.stop()  # stopping twice is harmless


async def test_a_step_that_outlasts_the_stop_is_cancelled() -> None:
    async def stuck() -> None:
        await asyncio.Event().wait()

    loop = ResilientLoop(
        "Re-pings", stuck, every=EVERY, clock=FakeClock(NOW), stop_within=timedelta(seconds=0.01)
    )
    loop.start()
    await asyncio.sleep(0.01)
    await asyncio.wait_for(loop.stop(), 5)
    assert not loop.running


HEALTHY = LoopHealth(
    label="Re-pings",
    every=EVERY,
    running=True,
    last_success=NOW - timedelta(minutes=2),
    failing_since=None,
    failures=0,
    last_error=None,
)


def test_health_lines_say_when_it_last_worked_or_since_when_it_fails_and_why() -> None:
    assert health_line(HEALTHY, NOW) == ("Re-pings: last ran 2 min ago", False)
    assert health_line(replace(HEALTHY, last_success=None), NOW) == ("Re-pings: starting", False)
    failing = replace(HEALTHY, failing_since=NOW, failures=3, last_error="the database is locked")
    stamp = int(NOW.timestamp())
    assert health_line(failing, NOW) == (
        f"Re-pings: failing since <t:{stamp}:t> — the database is locked; retrying",
        True,
    )
    stuck = replace(HEALTHY, last_success=NOW - timedelta(hours=3))
    assert health_line(stuck, NOW) == ("Re-pings: last ran 3 h ago; it may be stuck", True)
    line, trouble = health_line(replace(HEALTHY, running=False), NOW)
    assert trouble
    assert "not running" in line


def test_time_ago_reads_naturally() -> None:
    assert time_ago(timedelta(seconds=20)) == "just now"
    assert time_ago(timedelta(minutes=59)) == "59 min ago"
    assert time_ago(timedelta(hours=5)) == "5 h ago"
    assert time_ago(timedelta(days=3)) == "3 days ago"


def test_errors_are_described_in_plain_words() -> None:
    assert describe_error(LOCKED) == "the database is locked"
    assert describe_error(sqlite3.OperationalError("database or disk is full")) == (
        "the disk is full"
    )
    assert describe_error(sqlite3.DatabaseError("file is not a database")) == (
        "the database had a problem"
    )
    response = type("Response", (), {"status": 503, "reason": "Service Unavailable"})()
    outage = discord.DiscordServerError(response, "upstream connect error")
    assert describe_error(outage) == "Discord is having trouble (error 503)"
    assert describe_error(aiohttp.ClientConnectionError()) == "Lantern can't reach Discord"
    assert describe_error(TimeoutError()) == "Lantern can't reach Discord"
    assert describe_error(KeyError("secret member text")) == (
        "something unexpected went wrong (KeyError)"
    )
