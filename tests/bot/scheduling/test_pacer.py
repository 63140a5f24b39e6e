import itertools
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.clock import FakeClock
from bot.scheduling.pacer import Pacer

START = datetime(2026, 11, 22, 12, tzinfo=UTC)


def paced(rate: float, burst: float | None = None) -> tuple[Pacer, FakeClock]:
    clock = FakeClock(START)

    async def sleep(seconds: float) -> None:
        clock.advance(timedelta(seconds=seconds))

    return Pacer(rate, clock, burst=burst, sleep=sleep), clock


async def grant_times(pacer: Pacer, clock: FakeClock, count: int) -> list[datetime]:
    granted = []
    for _ in range(count):
        await pacer.acquire()
        granted.append(clock.now())
    return granted


async def test_a_full_bucket_lets_a_burst_through_at_once() -> None:
    pacer, clock = paced(40)
    granted = await grant_times(pacer, clock, 40)
    assert granted == [START] * 40


async def test_after_the_burst_sends_are_spread_at_the_rate() -> None:
    pacer, clock = paced(40)
    granted = await grant_times(pacer, clock, 400)
    elapsed = granted[-1] - START
    assert timedelta(seconds=9) <= elapsed <= timedelta(seconds=9, milliseconds=1)
    steady = granted[40:]
    for first, later in itertools.pairwise(steady):
        assert later - first >= timedelta(milliseconds=25)


async def test_no_second_ever_carries_more_than_the_rate_once_the_burst_is_spent() -> None:
    pacer, clock = paced(40)
    granted = await grant_times(pacer, clock, 300)
    for index, start in enumerate(granted[40:], start=40):
        window = [moment for moment in granted[index:] if moment < start + timedelta(seconds=1)]
        assert len(window) <= 40


async def test_idle_time_refills_the_bucket_only_up_to_the_burst() -> None:
    pacer, clock = paced(10, burst=5)
    await grant_times(pacer, clock, 5)
    clock.advance(timedelta(hours=1))
    resumed = clock.now()
    granted = await grant_times(pacer, clock, 6)
    assert granted[:5] == [resumed] * 5
    assert granted[5] == resumed + timedelta(milliseconds=100)


async def test_asking_how_long_to_wait_takes_nothing() -> None:
    pacer, clock = paced(2, burst=1)
    await pacer.acquire()
    assert pacer.seconds_until_ready() == 0.5
    clock.advance(timedelta(seconds=0.5))
    assert pacer.seconds_until_ready() == 0
    assert pacer.seconds_until_ready() == 0
    await pacer.acquire()
    assert clock.now() == START + timedelta(seconds=0.5)


@given(rate=st.floats(0.5, 5000), count=st.integers(1, 300))
async def test_any_rate_is_kept_on_average(rate: float, count: int) -> None:
    pacer, clock = paced(rate, burst=1)
    granted = await grant_times(pacer, clock, count)
    # One at once, then one every 1/rate seconds, give or take the clock's microsecond.
    expected = (count - 1) / rate
    assert expected <= (granted[-1] - START).total_seconds() <= expected + count * 1e-6


def test_nonsense_rates_are_refused() -> None:
    clock = FakeClock(START)
    with pytest.raises(ValueError, match="positive"):
        Pacer(0, clock)
    with pytest.raises(ValueError, match="at least one"):
        Pacer(10, clock, burst=0.5)


async def test_a_group_takes_what_the_bucket_holds_and_no_more() -> None:
    pacer, clock = paced(10)
    assert await pacer.acquire(25) == 10
    assert clock.now() == START
    assert await pacer.acquire(25) == 1
    assert clock.now() == START + timedelta(milliseconds=100)
    clock.advance(timedelta(milliseconds=350))
    assert await pacer.acquire(25) == 3
    with pytest.raises(ValueError, match="at least one"):
        await pacer.acquire(0)
