"""Draining a crowd of reminders due at once: pace, completeness, CPU, and a restart mid-drain.

The real Lantern bot runs in this process against the loopback Discord (schema checks off, for
speed: the bodies are the ones the end-to-end tests check) with a throwaway database. Every
reminder belongs to a different member and is due at the same instant. The Scheduling cog's own
loop is stopped, then a fresh scheduler (the same class, same database, same delivery path through
the cog and the reminders handler) drains them at the configured pace. When half are delivered it
is stopped gracefully and another one is started on the same database, as a restart would.

Figures:
- delivered / lost / sent twice, counted per member's DM channel in the loopback;
- the steady-state drain rate (median of per-second counts, leaving out each scheduler's first
  seconds, where the pacer's one-second burst goes out, and the last partial second) against the
  configured pace;
- CPU time per delivered reminder (time.process_time over the drain, every thread of the process:
  bot, loopback and SQLite) against a baseline measured in the same run: the same DMs sent straight
  through discord.py to the loopback, no scheduler, as many at once as the scheduler allows.

The bot and the loopback share one process and so one core: the baseline's throughput is the
ceiling any pace can reach here. Above it the drain is CPU-bound and the rate line says so.

    .venv/bin/python bench/reminder_drain.py [--jobs 100000] [--rate 2000]
    .venv/bin/python bench/reminder_drain.py --jobs 10000 --rate 200   # a pace one core holds
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import discord
import yarl

from bot.client import Lantern
from bot.clock import SystemClock
from bot.content import Content
from bot.coping import strategy_card
from bot.loopback import LoopbackDiscord
from bot.loopback.state import Channel, ChannelType, Message, User
from bot.scheduling.recurrence import Recurrence
from bot.scheduling.scheduler import Scheduler, SchedulerSettings
from bot.settings import Settings
from bot.storage import Storage
from cogs.coping import coping_embed
from cogs.reminders import REMINDER, REMINDER_GREETING, reminder_view

# The pacer lets a second's worth through at once; the rate settles after that.
BURST_SECONDS = 2.0
BASELINE_REPEATS = 3
STALL_SECONDS = 30.0


@dataclass
class Deliveries:
    """Every message the loopback received from the bot, by DM channel, with arrival times."""

    times: list[float] = field(default_factory=list)
    per_channel: Counter[int] = field(default_factory=Counter)

    def clear(self) -> None:
        self.times.clear()
        self.per_channel.clear()


def count_deliveries(loopback: LoopbackDiscord) -> Deliveries:
    deliveries = Deliveries()
    received = loopback.hub.bot_posted

    async def counting(message: Message) -> None:
        deliveries.times.append(time.perf_counter())
        deliveries.per_channel[message.channel_id] += 1
        await received(message)

    loopback.hub.bot_posted = counting  # type: ignore[method-assign]
    return deliveries


def add_members(loopback: LoopbackDiscord, count: int) -> list[tuple[int, int]]:
    """(user id, DM channel id) for `count` people. Written straight into the loopback's world:
    its people API looks people and DM channels up by scanning, fine for tests, slow for 100,000."""
    world = loopback.world
    members = []
    for number in range(count):
        user = User(world.next_id(), f"member{number}")
        world.users[user.id] = user
        dm = Channel(world.next_id(), ChannelType.DM, "", None, world.now())
        dm.recipient_ids = (user.id,)
        world.channels[dm.id] = dm
        members.append((user.id, dm.id))
    return members


async def add_reminders(storage: Storage, members: list[tuple[int, int]], due: datetime) -> None:
    recurrence = Recurrence(due.time(), "UTC")
    just_before = due - timedelta(microseconds=1)
    for user_id, dm_channel_id in members:
        await storage.jobs.add_recurring(
            REMINDER,
            recurrence,
            just_before,
            user_id=user_id,
            payload={"category": None, "dm_channel_id": dm_channel_id},
        )


@dataclass(frozen=True)
class Baseline:
    cpu_per_dm: float
    per_second: float


async def send_straight(bot: Lantern, members: list[tuple[int, int]], in_flight: int) -> Baseline:
    """CPU seconds per DM, and DMs per second, sending the reminder DM straight, no scheduler."""
    strategy = bot.content.coping.strategies[0]
    embed = coping_embed(strategy_card(strategy))
    waiting = asyncio.Semaphore(in_flight)

    async def send(dm_channel_id: int) -> None:
        async with waiting:
            channel = bot.get_partial_messageable(dm_channel_id, type=discord.ChannelType.private)
            await channel.send(REMINDER_GREETING, embed=embed, view=reminder_view(1, strategy.id))

    cpu_started, wall_started = time.process_time(), time.perf_counter()
    await asyncio.gather(*(send(dm_channel_id) for _, dm_channel_id in members))
    cpu, wall = time.process_time() - cpu_started, time.perf_counter() - wall_started
    return Baseline(cpu / len(members), len(members) / wall)


@dataclass
class Drain:
    cpu_seconds: float
    wall_seconds: float
    restarted_after: int
    restart_pause_seconds: float
    phase_starts: tuple[float, float]


async def drain_with_restart(
    new_scheduler: Callable[[], Scheduler], deliveries: Deliveries, jobs: int
) -> Drain:
    """Start a scheduler, replace it gracefully at half way, and wait until all are in."""
    cpu_started, wall_started = time.process_time(), time.perf_counter()
    scheduler = new_scheduler()
    scheduler.start()
    await wait_for(lambda: len(deliveries.times) >= jobs // 2, deliveries)
    stopping = time.perf_counter()
    await scheduler.stop()
    restarted_after = len(deliveries.times)
    replacement = new_scheduler()
    replacement.start()
    second_start = time.perf_counter()
    await wait_for(lambda: len(deliveries.times) >= jobs, deliveries)
    cpu, wall = time.process_time() - cpu_started, time.perf_counter() - wall_started
    await replacement.stop()
    return Drain(cpu, wall, restarted_after, second_start - stopping, (wall_started, second_start))


async def wait_for(done: Callable[[], bool], deliveries: Deliveries) -> None:
    """Poll until `done`; give up when nothing arrives for a while (something was lost)."""
    last_count, last_change = -1, time.perf_counter()
    while not done():
        await asyncio.sleep(0.05)
        if len(deliveries.times) != last_count:
            last_count, last_change = len(deliveries.times), time.perf_counter()
        elif time.perf_counter() - last_change > STALL_SECONDS:
            return


def steady_rate(times: list[float], start: float) -> float:
    """Median deliveries per whole second from `start` + the burst to the last whole second."""
    settled = start + BURST_SECONDS
    seconds = int(times[-1] - settled) if times else 0
    per_second = Counter(int(t - settled) for t in times if settled <= t < settled + seconds)
    return statistics.median(per_second[s] for s in range(seconds)) if seconds > 0 else 0.0


async def run_bench(jobs: int, rate: int) -> list[str]:
    logging.basicConfig(level=logging.WARNING)
    content = Content.load()
    with tempfile.TemporaryDirectory(prefix="lantern-drain-") as folder:
        async with LoopbackDiscord.running(check_schema=False) as loopback:
            members = add_members(loopback, jobs)
            deliveries = count_deliveries(loopback)
            path = Path(folder) / "drain.sqlite3"
            discord.http.Route.BASE = loopback.api_base
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(loopback.gateway_url)
            settings = Settings(
                token=loopback.token,
                database_path=path,
                api_base=loopback.api_base,
                gateway_url=loopback.gateway_url,
                deliveries_per_second=rate,
            )
            storage = await Storage.open(path)
            clock = SystemClock()
            bot = Lantern(
                settings=settings,
                storage=storage,
                content=content,
                clock=clock,
                guild_ready_timeout=0.1,
            )
            runner = asyncio.create_task(bot.start(loopback.token))
            try:
                await loopback.wait_until_connected()
                await bot.wait_until_ready()
                return await measure(bot, storage, clock, members, deliveries, jobs, rate)
            finally:
                await bot.close()
                await runner
                await storage.close()


async def measure(
    bot: Lantern,
    storage: Storage,
    clock: SystemClock,
    members: list[tuple[int, int]],
    deliveries: Deliveries,
    jobs: int,
    rate: int,
) -> list[str]:
    cog: Any = bot.get_cog("Scheduling")
    await cog.scheduler.stop()  # this run's schedulers are started by hand
    settings = SchedulerSettings(messages_per_second=rate)
    in_flight = settings.max_in_flight

    baseline_sample = members[: min(jobs, 5000)]
    runs = [await send_straight(bot, baseline_sample, in_flight) for _ in range(BASELINE_REPEATS)]
    baseline = Baseline(
        statistics.median(run.cpu_per_dm for run in runs),
        statistics.median(run.per_second for run in runs),
    )
    deliveries.clear()

    seeding_started = time.perf_counter()
    await add_reminders(storage, members, clock.now().replace(second=0, microsecond=0))
    seeding = time.perf_counter() - seeding_started

    def new_scheduler() -> Scheduler:
        return Scheduler(storage.jobs, cog.deliver, clock, settings=settings)

    drain = await drain_with_restart(new_scheduler, deliveries, jobs)
    delivered = len(deliveries.times)
    channels = {dm_channel_id for _, dm_channel_id in members}
    twice = sum(1 for count in deliveries.per_channel.values() if count > 1)
    lost = len(channels - set(deliveries.per_channel))
    waiting = await storage.database.fetch_one("SELECT COUNT(*) FROM job_outbox")
    first_start, second_start = drain.phase_starts
    times = deliveries.times
    phase_rates = (
        steady_rate(times[: drain.restarted_after], first_start),
        steady_rate(times[drain.restarted_after :], second_start),
    )
    cpu_per_job = drain.cpu_seconds / max(delivered, 1)
    held = all(abs(phase_rate - rate) <= rate / 10 for phase_rate in phase_rates)
    return [
        f"reminders: {jobs:,} due at the same instant, pace {rate:,}/s, "
        f"{in_flight} sends in flight, loopback schema checks off",
        f"seeding (JobStore.add_recurring, one by one): {seeding:.1f} s",
        f"delivered: {delivered:,}  lost: {lost:,}  sent twice: {twice:,}  "
        f"left in the outbox: {waiting[0] if waiting else '?'}",
        f"restart: after {drain.restarted_after:,} deliveries; stop + new start took "
        f"{drain.restart_pause_seconds * 1000:.0f} ms",
        f"drain: {drain.wall_seconds:.1f} s wall, {delivered / drain.wall_seconds:,.0f}/s overall",
        f"steady-state rate (median per second): {phase_rates[0]:,.0f}/s before the restart, "
        f"{phase_rates[1]:,.0f}/s after; {phase_rates[0] / rate:.2f}x and "
        f"{phase_rates[1] / rate:.2f}x the pace: {'within' if held else 'NOT within'} 10%",
        f"ceiling of this process (baseline throughput): {baseline.per_second:,.0f} DMs/s",
        f"CPU per delivered reminder: {cpu_per_job * 1e6:,.0f} µs; baseline (same DM sent "
        f"straight, median of {BASELINE_REPEATS} x {len(baseline_sample):,}): "
        f"{baseline.cpu_per_dm * 1e6:,.0f} µs; ratio {cpu_per_job / baseline.cpu_per_dm:.2f}x",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--rate", type=int, default=2_000, help="deliveries per second")
    arguments = parser.parse_args()
    run: Coroutine[Any, Any, list[str]] = run_bench(arguments.jobs, arguments.rate)
    for line in asyncio.run(run):
        print(line)


if __name__ == "__main__":
    main()
