import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.scheduling.pacer import Pacer
from bot.scheduling.recurrence import Recurrence
from bot.scheduling.scheduler import (
    Deliver,
    Delivered,
    DeliveryOutcome,
    PassReport,
    RecipientRefused,
    RetryLater,
    Scheduler,
    SchedulerSettings,
    TargetGone,
    seconds_to_wait,
)
from bot.storage.database import Database
from bot.storage.faults import WriteLockHeld
from bot.storage.guilds import GuildStore
from bot.storage.jobs import Delivery, JobStore

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
DAILY_NINE = Recurrence(time(9), "UTC")
ALICE, SERVER = 1001, 77
DELIVERED = Delivered()


class Recorder:
    """A delivery callback that records each call and answers from a script."""

    def __init__(
        self, clock: FakeClock, answer: Callable[[Delivery], DeliveryOutcome] | None = None
    ) -> None:
        self.clock = clock
        self.answer = answer or (lambda _: DELIVERED)
        self.sent: list[tuple[int, datetime]] = []

    async def __call__(self, delivery: Delivery) -> DeliveryOutcome:
        self.sent.append((delivery.job_id, self.clock.now()))
        return self.answer(delivery)

    @property
    def job_ids(self) -> list[int]:
        return [job_id for job_id, _ in self.sent]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    opened = await Database.open(tmp_path / "scheduler.sqlite3")
    await opened.migrate()
    await GuildStore(opened).mark_present(SERVER)
    yield opened
    await opened.close()


@pytest.fixture
def jobs(database: Database) -> JobStore:
    return JobStore(database)


def make_scheduler(
    jobs: JobStore, deliver: Deliver, clock: FakeClock, chosen: SchedulerSettings | None = None
) -> Scheduler:
    """A scheduler whose pacer waits by moving the fake clock on, never by sleeping."""
    chosen = chosen or SchedulerSettings()

    async def sleep(seconds: float) -> None:
        # A bare yield first, so the sends already granted start at the time they were granted.
        await asyncio.sleep(0)
        clock.advance(timedelta(seconds=seconds))

    pacer = Pacer(chosen.messages_per_second, clock, sleep=sleep)
    return Scheduler(jobs, deliver, clock, settings=chosen, pacer=pacer)


async def add_daily(jobs: JobStore, count: int, user_id: int = ALICE) -> list[int]:
    added = []
    for _ in range(count):
        job = await jobs.add_recurring(
            "reminder", DAILY_NINE, NOW - timedelta(hours=1), user_id=user_id
        )
        added.append(job.job_id)
    return added


async def test_due_jobs_are_delivered_once_and_moved_to_their_next_run(
    jobs: JobStore, clock: FakeClock
) -> None:
    ids = await add_daily(jobs, 3)
    recorder = Recorder(clock)
    scheduler = make_scheduler(jobs, recorder, clock)
    assert await scheduler.run_due() == PassReport(delivered=3)
    assert await scheduler.run_due() == PassReport()
    assert sorted(recorder.job_ids) == ids
    assert await scheduler.next_due_at() == NOW + timedelta(days=1)
    clock.advance(timedelta(days=1))
    assert await scheduler.run_due() == PassReport(delivered=3)
    assert sorted(recorder.job_ids) == sorted(ids * 2)


async def test_a_job_is_claimed_and_moved_on_before_it_is_sent(
    jobs: JobStore, clock: FakeClock
) -> None:
    [job_id] = await add_daily(jobs, 1)
    seen_during_send: list[object] = []

    async def look_while_sending(delivery: Delivery) -> DeliveryOutcome:
        stored = await jobs.get(job_id)
        assert stored is not None
        seen_during_send.append(stored.next_run_at)
        # Already stamped as being sent: no one else can take this run.
        seen_during_send.append(await jobs.mark_sending([delivery.delivery_id], clock.now()))
        return DELIVERED

    scheduler = Scheduler(jobs, look_while_sending, clock, pacer=Pacer(1000, clock))
    assert await scheduler.run_due() == PassReport(delivered=1)
    assert seen_during_send == [NOW + timedelta(days=1), set()]


async def test_runs_missed_during_downtime_are_caught_up_once_within_the_grace_period(
    jobs: JobStore, clock: FakeClock
) -> None:
    recent = await jobs.add_once("reminder", NOW - timedelta(minutes=20), user_id=ALICE)
    await jobs.add_once("reminder", NOW - timedelta(hours=3), user_id=ALICE)
    daily = await jobs.add_recurring("reminder", DAILY_NINE, NOW - timedelta(days=5), user_id=ALICE)
    clock.advance(timedelta(minutes=30))
    recorder = Recorder(clock)
    report = await make_scheduler(jobs, recorder, clock).run_due()
    assert report == PassReport(delivered=2, skipped_as_stale=1)
    assert sorted(recorder.job_ids) == [recent.job_id, daily.job_id]


async def test_a_shorter_grace_period_skips_more(jobs: JobStore, clock: FakeClock) -> None:
    await jobs.add_once("reminder", NOW - timedelta(minutes=40), user_id=ALICE)
    recorder = Recorder(clock)
    scheduler = make_scheduler(
        jobs, recorder, clock, SchedulerSettings(grace=timedelta(minutes=15))
    )
    assert await scheduler.run_due() == PassReport(skipped_as_stale=1)
    assert recorder.sent == []


async def test_three_refusals_in_a_row_pause_the_members_reminders(
    jobs: JobStore, clock: FakeClock
) -> None:
    [job_id] = await add_daily(jobs, 1)
    prompt = await jobs.add_recurring(
        "checkin_prompt", DAILY_NINE, NOW - timedelta(hours=1), user_id=ALICE
    )

    def refuse_reminders(delivery: Delivery) -> DeliveryOutcome:
        return RecipientRefused() if delivery.kind == "reminder" else DELIVERED

    refusing = Recorder(clock, refuse_reminders)
    scheduler = make_scheduler(jobs, refusing, clock)
    for _ in range(3):
        await scheduler.run_due()
        clock.advance(timedelta(days=1))
    await scheduler.run_due()
    assert refusing.job_ids.count(job_id) == 3
    assert refusing.job_ids.count(prompt.job_id) == 4
    paused = await jobs.get(job_id)
    assert paused is not None
    assert paused.paused
    [notice] = await jobs.take_pause_notices(ALICE)
    assert notice.kind == "reminder"


async def test_retry_later_keeps_the_run_and_sends_it_after_the_delay(
    jobs: JobStore, clock: FakeClock
) -> None:
    [job_id] = await add_daily(jobs, 1)
    answers: Iterator[DeliveryOutcome] = iter(
        [RetryLater(timedelta(seconds=20)), RetryLater(), DELIVERED]
    )
    recorder = Recorder(clock, lambda _: next(answers))
    scheduler = make_scheduler(jobs, recorder, clock)
    assert await scheduler.run_due() == PassReport(retried=1)
    assert await scheduler.next_due_at() == NOW + timedelta(seconds=20)
    clock.advance(timedelta(seconds=20))
    assert await scheduler.run_due() == PassReport(retried=1)
    # No hint this time: the backoff doubles from the first retry delay, 30 s.
    assert await scheduler.next_due_at() == NOW + timedelta(seconds=80)
    clock.advance(timedelta(seconds=60))
    assert await scheduler.run_due() == PassReport(delivered=1)
    assert recorder.job_ids == [job_id] * 3
    assert await scheduler.next_due_at() == NOW + timedelta(days=1)


async def test_retries_stop_after_the_last_attempt(jobs: JobStore, clock: FakeClock) -> None:
    await add_daily(jobs, 1)
    recorder = Recorder(clock, lambda _: RetryLater(timedelta(seconds=1)))
    scheduler = make_scheduler(jobs, recorder, clock, SchedulerSettings(max_attempts=3))
    reports = []
    for _ in range(4):
        reports.append(await scheduler.run_due())
        clock.advance(timedelta(seconds=1))
    assert reports == [
        PassReport(retried=1),
        PassReport(retried=1),
        PassReport(dropped=1),
        PassReport(),
    ]
    assert len(recorder.sent) == 3


async def test_a_retry_that_would_arrive_stale_is_dropped(jobs: JobStore, clock: FakeClock) -> None:
    await add_daily(jobs, 1)
    recorder = Recorder(clock, lambda _: RetryLater(timedelta(hours=2)))
    assert await make_scheduler(jobs, recorder, clock).run_due() == PassReport(dropped=1)


async def test_a_failing_callback_is_retried_not_lost(jobs: JobStore, clock: FakeClock) -> None:
    await add_daily(jobs, 1)

    def explode(_: Delivery) -> DeliveryOutcome:
        raise RuntimeError("network hiccup")

    assert await make_scheduler(jobs, Recorder(clock, explode), clock).run_due() == PassReport(
        retried=1
    )


async def test_outcomes_a_locked_database_refuses_are_written_later_and_nothing_is_lost(
    jobs: JobStore, database: Database, clock: FakeClock
) -> None:
    first, second = await add_daily(jobs, 2)
    lock = WriteLockHeld(database)
    sent: list[int] = []

    async def deliver(delivery: Delivery) -> DeliveryOutcome:
        sent.append(delivery.job_id)
        if len(sent) == 2:
            await lock.take()  # the database locks up while the batch is out
        return RetryLater() if sent == [first, second] else DELIVERED

    scheduler = make_scheduler(jobs, deliver, clock)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        await scheduler.run_due()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        await scheduler.run_due()
    assert sent == [first, second], "nothing is sent again while its outcome is unwritten"
    await lock.release()
    assert await scheduler.run_due() == PassReport()
    clock.advance(timedelta(seconds=30))
    assert await scheduler.run_due() == PassReport(delivered=1)
    assert sent == [first, second, second], "the retry survived the lock"
    assert await jobs.abandon_in_doubt() == 0, "nothing was left stamped and forgotten"


async def test_a_lock_while_stamping_lets_the_sends_under_way_finish_and_be_settled(
    jobs: JobStore, database: Database, clock: FakeClock
) -> None:
    ids = await add_daily(jobs, 3)
    lock = WriteLockHeld(database)
    locked = asyncio.Event()
    sent: list[int] = []

    async def deliver(delivery: Delivery) -> DeliveryOutcome:
        sent.append(delivery.job_id)
        if len(sent) == 1:
            await lock.take()
            locked.set()
            await asyncio.sleep(0.05)  # still sending when the next stamp fails
        return DELIVERED

    async def sleep_once_locked(seconds: float) -> None:
        await locked.wait()
        clock.advance(timedelta(seconds=seconds))

    one_by_one = Pacer(40, clock, burst=1, sleep=sleep_once_locked)
    scheduler = Scheduler(jobs, deliver, clock, pacer=one_by_one)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        await scheduler.run_due()
    assert sent == ids[:1]
    await lock.release()
    assert await scheduler.run_due() == PassReport(delivered=2)
    assert sent == ids, "each sent once"
    assert await jobs.abandon_in_doubt() == 0, "the first send was settled, not left in doubt"


async def test_the_loop_outlives_a_locked_database_and_reports_its_health(
    jobs: JobStore, database: Database, clock: FakeClock
) -> None:
    [job_id] = await add_daily(jobs, 1)
    recorder = Recorder(clock)
    scheduler = make_scheduler(jobs, recorder, clock)
    async with WriteLockHeld(database) as lock:
        scheduler.start()
        try:
            await asyncio.wait_for(scheduler.loop.run_now(), 5)
            failing = scheduler.loop.health()
            assert (failing.failing_since, failing.last_error) == (NOW, "the database is locked")
            assert recorder.sent == []
            await lock.release()
            await asyncio.wait_for(scheduler.loop.run_now(), 5)
        finally:
            await scheduler.stop()
    assert recorder.job_ids == [job_id]
    assert scheduler.loop.health().failing_since is None


async def test_a_vanished_channel_switches_the_server_post_off(
    jobs: JobStore, clock: FakeClock
) -> None:
    await jobs.add_recurring(
        "server_post", DAILY_NINE, NOW - timedelta(hours=1), guild_id=SERVER, payload={"c": 1}
    )
    recorder = Recorder(clock, lambda _: TargetGone("the channel was deleted"))
    scheduler = make_scheduler(jobs, recorder, clock)
    assert await scheduler.run_due() == PassReport(target_gone=1)
    [post] = await jobs.list_for_guild(SERVER)
    assert post.disabled_reason == "the channel was deleted"
    clock.advance(timedelta(days=1))
    assert await scheduler.run_due() == PassReport()


async def test_many_due_at_once_drain_in_batches_at_the_paced_rate(
    jobs: JobStore, clock: FakeClock
) -> None:
    ids = await add_daily(jobs, 60)
    recorder = Recorder(clock)
    scheduler = make_scheduler(
        jobs, recorder, clock, SchedulerSettings(messages_per_second=10, batch_size=7)
    )
    assert await scheduler.run_due() == PassReport(delivered=60)
    assert sorted(recorder.job_ids) == ids
    times = [moment for _, moment in recorder.sent]
    assert times[:10] == [NOW] * 10
    assert times[-1] - NOW == timedelta(seconds=5)


async def test_a_graceful_stop_mid_drain_loses_and_duplicates_nothing(
    jobs: JobStore, clock: FakeClock
) -> None:
    ids = await add_daily(jobs, 5)
    first_send_started = asyncio.Event()
    release_first_send = asyncio.Event()
    sent: list[int] = []

    async def slow_first(delivery: Delivery) -> DeliveryOutcome:
        sent.append(delivery.job_id)
        first_send_started.set()
        await release_first_send.wait()
        return DELIVERED

    one_at_a_time = SchedulerSettings(max_in_flight=1)
    before = Scheduler(jobs, slow_first, clock, settings=one_at_a_time)
    before.start()
    await asyncio.wait_for(first_send_started.wait(), 5)
    stopping = asyncio.create_task(before.stop())
    release_first_send.set()
    await stopping
    assert len(sent) == 1, "the stop should land while the first send is in progress"

    after = Recorder(clock)
    restarted = make_scheduler(jobs, after, clock)
    assert await restarted.run_due() == PassReport(delivered=4)
    assert sorted(sent + after.job_ids) == ids
    for job_id in ids:
        stored = await jobs.get(job_id)
        assert stored is not None
        assert stored.next_run_at == NOW + timedelta(days=1)


async def test_a_pass_killed_during_a_send_never_sends_it_twice(
    jobs: JobStore, clock: FakeClock
) -> None:
    ids = await add_daily(jobs, 3)
    second_send_started = asyncio.Event()
    sent: list[int] = []

    async def hang_on_second(delivery: Delivery) -> DeliveryOutcome:
        sent.append(delivery.job_id)
        if delivery.job_id == ids[1]:
            second_send_started.set()
            await asyncio.Event().wait()  # the process dies before this send returns
        return DELIVERED

    one_at_a_time = SchedulerSettings(max_in_flight=1)
    before = Scheduler(jobs, hang_on_second, clock, settings=one_at_a_time)
    dying = asyncio.create_task(before.run_due())
    await asyncio.wait_for(second_send_started.wait(), 5)
    dying.cancel()
    with pytest.raises(asyncio.CancelledError):
        await dying
    assert sent == ids[:2]

    after = Recorder(clock)
    assert await make_scheduler(jobs, after, clock).run_due() == PassReport(delivered=1)
    assert after.job_ids == [ids[2]], "the run in doubt is dropped, the unsent one is sent"


async def test_sends_overlap_up_to_the_in_flight_limit(jobs: JobStore, clock: FakeClock) -> None:
    ids = await add_daily(jobs, 6)
    three_started = asyncio.Event()
    release = asyncio.Event()
    started: list[int] = []

    async def slow(delivery: Delivery) -> DeliveryOutcome:
        started.append(delivery.job_id)
        if len(started) == 3:
            three_started.set()
        await release.wait()
        return DELIVERED

    settings = SchedulerSettings(max_in_flight=3)
    passing = asyncio.create_task(Scheduler(jobs, slow, clock, settings=settings).run_due())
    await asyncio.wait_for(three_started.wait(), 5)
    assert len(started) == 3, "no more than three sends at once"
    release.set()
    assert await passing == PassReport(delivered=6)
    assert sorted(started) == ids


async def test_the_loop_sleeps_until_woken_by_a_new_job(jobs: JobStore, clock: FakeClock) -> None:
    delivered = asyncio.Event()

    async def deliver(_: Delivery) -> DeliveryOutcome:
        delivered.set()
        return DELIVERED

    scheduler = Scheduler(jobs, deliver, clock, pacer=Pacer(1000, clock))
    scheduler.start()
    try:
        with pytest.raises(RuntimeError, match="already running"):
            scheduler.start()
        await jobs.add_once("reminder", clock.now(), user_id=ALICE)
        await asyncio.wait_for(delivered.wait(), 5)
    finally:
        await scheduler.stop()
    await scheduler.stop()


def test_the_wait_is_until_the_next_due_moment_within_bounds() -> None:
    longest = timedelta(hours=1)
    assert seconds_to_wait(NOW + timedelta(seconds=90), NOW, longest) == 90
    assert seconds_to_wait(NOW - timedelta(seconds=5), NOW, longest) == 0
    assert seconds_to_wait(NOW + timedelta(days=1), NOW, longest) == 3600
    assert seconds_to_wait(None, NOW, longest) == 3600
