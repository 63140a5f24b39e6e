"""Claim + next-run throughput of the job store, batched against one transaction per job.

Every job is due in the same minute, spread over a few time zones and weekday sets, as when a
large server's members all set their reminder for 09:00. Both ways run in the same process on
fresh databases, alternating, and the medians of the repeats are compared.

    .venv/bin/python bench/scheduler_claim.py [jobs] [repeats]
"""

import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.clock import FakeClock
from bot.scheduling.recurrence import EVERY_DAY, WEEKDAYS, Recurrence
from bot.scheduling.scheduler import Delivered, DeliveryOutcome, Scheduler, SchedulerSettings
from bot.storage.database import Database
from bot.storage.jobs import Delivery, JobStore

DUE = datetime(2026, 11, 23, 9, tzinfo=UTC)  # a Monday, so weekday jobs are due too
ZONES = ("UTC", "Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata")
BATCH = 500
GRACE = timedelta(hours=1)


async def filled_store(folder: Path, count: int) -> tuple[Database, JobStore]:
    database = await Database.open(folder / "bench.sqlite3")
    await database.migrate()
    store = JobStore(database)
    for number in range(count):
        zone = ZONES[number % len(ZONES)]
        local_time = DUE.astimezone(Recurrence(DUE.time(), zone).zone).time()
        days = WEEKDAYS if number % 2 else EVERY_DAY
        recurrence = Recurrence(local_time, zone, days)
        await store.add_recurring(
            "reminder", recurrence, DUE - timedelta(minutes=1), user_id=number + 1
        )
    return database, store


async def claim_all(store: JobStore, batch: int) -> int:
    now = DUE + timedelta(seconds=30)
    claimed = 0
    while queued := (await store.claim_due(now, GRACE, batch)).queued:
        claimed += queued
    return claimed


async def claims_per_second(count: int, batch: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        database, store = await filled_store(Path(folder), count)
        started = time.perf_counter()
        claimed = await claim_all(store, batch)
        elapsed = time.perf_counter() - started
        await database.close()
    if claimed != count:
        raise RuntimeError(f"claimed {claimed} of {count} jobs")
    return count / elapsed


async def drain_per_second(count: int) -> float:
    """Claim, stamp, deliver (a no-op) and settle: the whole pass, unpaced."""
    with tempfile.TemporaryDirectory() as folder:
        database, store = await filled_store(Path(folder), count)
        delivered = 0

        async def deliver(_: Delivery) -> DeliveryOutcome:
            nonlocal delivered
            delivered += 1
            return Delivered()

        clock = FakeClock(DUE + timedelta(seconds=30))
        settings = SchedulerSettings(messages_per_second=1e9, batch_size=BATCH)
        scheduler = Scheduler(store, deliver, clock, settings=settings)
        started = time.perf_counter()
        await scheduler.run_due()
        elapsed = time.perf_counter() - started
        await database.close()
    if delivered != count:
        raise RuntimeError(f"delivered {delivered} of {count} jobs")
    return count / elapsed


async def main(count: int, repeats: int) -> None:
    batched, per_job, drained = [], [], []
    for _ in range(repeats):
        batched.append(await claims_per_second(count, BATCH))
        per_job.append(await claims_per_second(count, 1))
        drained.append(await drain_per_second(count))
    batched_median = statistics.median(batched)
    per_job_median = statistics.median(per_job)
    print(f"jobs: {count}, repeats: {repeats}, batch: {BATCH}")
    print(f"claim + next run, batched:       {batched_median:10,.0f} jobs/s (median)")
    print(f"claim + next run, one tx per job: {per_job_median:9,.0f} jobs/s (median, baseline)")
    print(f"ratio: {batched_median / per_job_median:.1f}x")
    print(
        f"whole pass (claim, stamp, no-op send, settle): {statistics.median(drained):,.0f} jobs/s"
    )


if __name__ == "__main__":
    arguments = [int(argument) for argument in sys.argv[1:3]]
    asyncio.run(main(*(arguments + [5000, 5][len(arguments) :])))
