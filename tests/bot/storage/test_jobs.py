import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.scheduling.recurrence import WEEKDAYS, Recurrence
from bot.storage.database import Database
from bot.storage.guilds import GuildStore
from bot.storage.jobs import Delivery, JobStore, PauseNotice, Settlement

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)  # a Monday
DAILY_NINE = Recurrence(time(9), "UTC")
DAILY_TEN = Recurrence(time(10), "UTC")
GRACE = timedelta(hours=1)
ALICE, BOB, SERVER = 1001, 1002, 77


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    opened = await Database.open(tmp_path / "jobs.sqlite3")
    await opened.migrate()
    await GuildStore(opened).mark_present(SERVER)
    yield opened
    await opened.close()


@pytest.fixture
def jobs(database: Database) -> JobStore:
    return JobStore(database)


async def claim_and_take(jobs: JobStore, now: datetime) -> list[Delivery]:
    await jobs.claim_due(now, GRACE, limit=100)
    return await jobs.ready_deliveries(now, limit=100)


async def test_a_recurring_job_starts_at_its_next_run(jobs: JobStore) -> None:
    job = await jobs.add_recurring(
        "reminder", DAILY_TEN, NOW, user_id=ALICE, payload={"strategy": "box-breathing"}
    )
    assert job.next_run_at == NOW + timedelta(hours=1)
    assert job.recurrence == DAILY_TEN
    assert job.payload == {"strategy": "box-breathing"}
    assert await jobs.get(job.job_id) == job
    assert await jobs.list_for_member(ALICE) == [job]
    assert await jobs.list_for_member(BOB) == []


async def test_chosen_days_survive_the_round_trip(jobs: JobStore) -> None:
    recurrence = Recurrence(time(7, 45), "Australia/Sydney", WEEKDAYS)
    job = await jobs.add_recurring("checkin_prompt", recurrence, NOW, user_id=ALICE)
    stored = await jobs.get(job.job_id)
    assert stored is not None
    assert stored.recurrence == recurrence


async def test_a_job_needs_an_owner(jobs: JobStore) -> None:
    with pytest.raises(ValueError, match="owner"):
        await jobs.add_once("reminder", NOW)


async def test_adding_or_rescheduling_wakes_the_scheduler(jobs: JobStore) -> None:
    job = await jobs.add_once("reminder", NOW, user_id=ALICE)
    assert jobs.changed.is_set()
    jobs.changed.clear()
    await jobs.set_payload(job.job_id, {"text": "drink water"})
    assert not jobs.changed.is_set(), "a new payload can't make anything due sooner"
    await jobs.resume(job.job_id, NOW)
    assert jobs.changed.is_set()


async def test_claiming_moves_the_job_on_and_queues_exactly_one_run(jobs: JobStore) -> None:
    job = await jobs.add_recurring("reminder", DAILY_NINE, NOW - timedelta(hours=1), user_id=ALICE)
    claim = await jobs.claim_due(NOW, GRACE, limit=100)
    assert (claim.queued, claim.skipped_as_stale) == (1, 0)
    again = await jobs.claim_due(NOW, GRACE, limit=100)
    assert (again.queued, again.skipped_as_stale) == (0, 0)
    moved = await jobs.get(job.job_id)
    assert moved is not None
    assert moved.next_run_at == NOW + timedelta(days=1)
    [delivery] = await jobs.ready_deliveries(NOW, limit=100)
    assert (delivery.job_id, delivery.due_at, delivery.attempts) == (job.job_id, NOW, 0)


async def test_claims_are_limited_to_the_batch_size_in_due_order(jobs: JobStore) -> None:
    for minutes in (30, 10, 20):
        await jobs.add_once("reminder", NOW - timedelta(minutes=minutes), user_id=ALICE)
    claim = await jobs.claim_due(NOW, GRACE, limit=2)
    assert claim.queued == 2
    ready = await jobs.ready_deliveries(NOW, limit=100)
    assert [delivery.due_at for delivery in ready] == [
        NOW - timedelta(minutes=30),
        NOW - timedelta(minutes=20),
    ]


async def test_runs_missed_by_more_than_the_grace_period_are_skipped(jobs: JobStore) -> None:
    recent = await jobs.add_once("reminder", NOW - timedelta(minutes=20), user_id=ALICE)
    stale_once = await jobs.add_once("reminder", NOW - timedelta(hours=2), user_id=ALICE)
    daily_eight = Recurrence(time(8), "UTC")
    stale_daily = await jobs.add_recurring(
        "reminder", daily_eight, NOW - timedelta(days=3), user_id=BOB
    )
    now = NOW + timedelta(minutes=30)  # today's 08:00 was missed by 90 minutes
    claim = await jobs.claim_due(now, GRACE, limit=100)
    assert (claim.queued, claim.skipped_as_stale) == (1, 2)
    assert await jobs.get(stale_once.job_id) is None
    daily = await jobs.get(stale_daily.job_id)
    assert daily is not None
    assert daily.next_run_at == NOW + timedelta(days=1, hours=-1)
    ready = await jobs.ready_deliveries(now, limit=100)
    assert [delivery.job_id for delivery in ready] == [recent.job_id]


async def test_a_long_outage_sends_the_latest_recent_run_once(jobs: JobStore) -> None:
    daily = await jobs.add_recurring("reminder", DAILY_NINE, NOW - timedelta(days=3), user_id=BOB)
    ready = await claim_and_take(jobs, NOW + timedelta(minutes=20))
    assert [(delivery.job_id, delivery.due_at) for delivery in ready] == [(daily.job_id, NOW)]


async def test_a_claimed_one_off_waits_for_its_outcome_then_goes(jobs: JobStore) -> None:
    once = await jobs.add_once("reminder", NOW, user_id=ALICE)
    [delivery] = await claim_and_take(jobs, NOW)
    claimed = await jobs.get(once.job_id)
    assert claimed is not None
    assert claimed.next_run_at is None
    assert await jobs.mark_sending([delivery.delivery_id], NOW) == {delivery.delivery_id}
    await jobs.settle(Settlement(delivered=[delivery]), NOW, pause_after=3)
    assert await jobs.get(once.job_id) is None


async def test_a_run_is_stamped_only_once(jobs: JobStore) -> None:
    await jobs.add_once("reminder", NOW, user_id=ALICE)
    [delivery] = await claim_and_take(jobs, NOW)
    assert await jobs.mark_sending([delivery.delivery_id], NOW) == {delivery.delivery_id}
    assert await jobs.mark_sending([delivery.delivery_id], NOW) == set()
    assert await jobs.ready_deliveries(NOW, limit=100) == []


async def test_pausing_withdraws_a_claimed_run_and_resuming_never_bursts(jobs: JobStore) -> None:
    job = await jobs.add_recurring("reminder", DAILY_NINE, NOW - timedelta(hours=1), user_id=ALICE)
    [delivery] = await claim_and_take(jobs, NOW)
    assert await jobs.pause(job.job_id)
    assert await jobs.mark_sending([delivery.delivery_id], NOW) == set()
    three_days_later = NOW + timedelta(days=3, hours=2)
    assert await claim_and_take(jobs, three_days_later) == []
    assert await jobs.resume(job.job_id, three_days_later)
    resumed = await jobs.get(job.job_id)
    assert resumed is not None
    assert not resumed.paused
    assert resumed.next_run_at == NOW + timedelta(days=4)
    assert await claim_and_take(jobs, three_days_later) == []


async def test_resuming_a_paused_one_off_whose_time_passed_sends_it_once_now(
    jobs: JobStore,
) -> None:
    once = await jobs.add_once("reminder", NOW, user_id=ALICE)
    await jobs.pause(once.job_id)
    later = NOW + timedelta(hours=5)
    await jobs.resume(once.job_id, later)
    ready = await claim_and_take(jobs, later)
    assert [(delivery.job_id, delivery.due_at) for delivery in ready] == [(once.job_id, later)]


async def test_pausing_and_resuming_a_one_off_mid_send_never_sends_it_twice(
    jobs: JobStore,
) -> None:
    once = await jobs.add_once("reminder", NOW, user_id=ALICE)
    [delivery] = await claim_and_take(jobs, NOW)
    await jobs.mark_sending([delivery.delivery_id], NOW)
    await jobs.pause(once.job_id)
    await jobs.resume(once.job_id, NOW)
    assert await claim_and_take(jobs, NOW) == []
    await jobs.settle(Settlement(delivered=[delivery]), NOW, pause_after=3)
    assert await jobs.get(once.job_id) is None


async def test_unknown_jobs_are_reported_as_such(jobs: JobStore) -> None:
    assert not await jobs.pause(404)
    assert not await jobs.resume(404, NOW)
    assert not await jobs.remove(404)
    assert not await jobs.set_payload(404, {})
    assert not await jobs.set_recurrence(404, DAILY_NINE, NOW)
    assert await jobs.snooze(404, NOW, timedelta(hours=1)) is None


async def test_snoozing_adds_a_one_off_copy_and_leaves_the_repeat_alone(jobs: JobStore) -> None:
    job = await jobs.add_recurring(
        "reminder", DAILY_NINE, NOW - timedelta(hours=1), user_id=ALICE, payload={"n": 1}
    )
    snoozed = await jobs.snooze(job.job_id, NOW, timedelta(hours=1))
    assert snoozed is not None
    assert (snoozed.kind, snoozed.user_id, snoozed.payload) == ("reminder", ALICE, {"n": 1})
    assert snoozed.recurrence is None
    assert snoozed.next_run_at == NOW + timedelta(hours=1)
    assert await jobs.get(job.job_id) == job


async def test_updating_a_job(jobs: JobStore) -> None:
    job = await jobs.add_recurring("reminder", DAILY_NINE, NOW, user_id=ALICE)
    assert await jobs.set_payload(job.job_id, {"text": "stretch"})
    assert await jobs.set_recurrence(job.job_id, DAILY_TEN, NOW)
    updated = await jobs.get(job.job_id)
    assert updated is not None
    assert (updated.payload, updated.recurrence) == ({"text": "stretch"}, DAILY_TEN)
    assert updated.next_run_at == NOW + timedelta(hours=1)
    assert await jobs.remove(job.job_id)
    assert await jobs.get(job.job_id) is None


async def refuse(jobs: JobStore, now: datetime, times: int) -> None:
    for day in range(times):
        moment = now + timedelta(days=day)
        ready = await claim_and_take(jobs, moment)
        for delivery in ready:
            assert await jobs.mark_sending([delivery.delivery_id], moment) == {delivery.delivery_id}
        await jobs.settle(Settlement(refused=ready), moment, pause_after=3)


async def test_three_refusals_in_a_row_pause_that_kind_and_leave_a_notice(jobs: JobStore) -> None:
    reminder = await jobs.add_recurring(
        "reminder", DAILY_NINE, NOW - timedelta(hours=1), user_id=ALICE
    )
    other_reminder = await jobs.add_recurring("reminder", DAILY_TEN, NOW, user_id=ALICE)
    prompt = await jobs.add_recurring("checkin_prompt", DAILY_TEN, NOW, user_id=ALICE)
    await refuse(jobs, NOW, times=2)
    still_on = await jobs.get(reminder.job_id)
    assert still_on is not None
    assert (still_on.paused, still_on.consecutive_failures) == (False, 2)
    assert await jobs.take_pause_notices(ALICE) == []
    await refuse(jobs, NOW + timedelta(days=2), times=1)
    assert [(job.job_id, job.paused) for job in await jobs.list_for_member(ALICE)] == [
        (reminder.job_id, True),
        (other_reminder.job_id, True),
        (prompt.job_id, False),
    ]
    third_day = NOW + timedelta(days=2)
    assert await jobs.take_pause_notices(ALICE) == [PauseNotice("reminder", third_day)]
    assert await jobs.take_pause_notices(ALICE) == []


async def test_a_success_resets_the_refusal_count(jobs: JobStore) -> None:
    job = await jobs.add_recurring("reminder", DAILY_NINE, NOW - timedelta(hours=1), user_id=ALICE)
    await refuse(jobs, NOW, times=2)
    [delivery] = await claim_and_take(jobs, NOW + timedelta(days=2))
    await jobs.mark_sending([delivery.delivery_id], NOW + timedelta(days=2))
    await jobs.settle(Settlement(delivered=[delivery]), NOW + timedelta(days=2), pause_after=3)
    await refuse(jobs, NOW + timedelta(days=3), times=2)
    stored = await jobs.get(job.job_id)
    assert stored is not None
    assert (stored.paused, stored.consecutive_failures) == (False, 2)


async def test_a_gone_target_switches_the_server_job_off_with_its_reason(jobs: JobStore) -> None:
    post = await jobs.add_recurring(
        "server_post", DAILY_NINE, NOW - timedelta(hours=1), guild_id=SERVER, payload={"c": 5}
    )
    [delivery] = await claim_and_take(jobs, NOW)
    await jobs.mark_sending([delivery.delivery_id], NOW)
    await jobs.settle(
        Settlement(target_gone=[(delivery, "the channel was deleted")]), NOW, pause_after=3
    )
    [listed] = await jobs.list_for_guild(SERVER)
    assert listed.disabled_reason == "the channel was deleted"
    assert await claim_and_take(jobs, NOW + timedelta(days=1)) == []
    assert await jobs.next_due_at() is None
    await jobs.resume(post.job_id, NOW)
    [fixed] = await jobs.list_for_guild(SERVER)
    assert fixed.disabled_reason is None
    assert fixed.next_run_at == NOW + timedelta(days=1)


async def test_a_retry_waits_in_the_outbox_and_counts_as_an_attempt(jobs: JobStore) -> None:
    await jobs.add_recurring("reminder", DAILY_NINE, NOW - timedelta(hours=1), user_id=ALICE)
    [delivery] = await claim_and_take(jobs, NOW)
    await jobs.mark_sending([delivery.delivery_id], NOW)
    retry_at = NOW + timedelta(seconds=30)
    await jobs.settle(Settlement(retry_at=[(delivery, retry_at)]), NOW, pause_after=3)
    assert await jobs.ready_deliveries(NOW, limit=10) == []
    assert await jobs.next_due_at() == retry_at
    [again] = await jobs.ready_deliveries(retry_at, limit=10)
    assert (again.delivery_id, again.attempts) == (delivery.delivery_id, 1)


async def test_runs_stamped_by_a_dead_process_are_dropped_not_resent(jobs: JobStore) -> None:
    once = await jobs.add_once("reminder", NOW, user_id=ALICE)
    daily = await jobs.add_recurring("reminder", DAILY_NINE, NOW - timedelta(hours=1), user_id=BOB)
    ready = await claim_and_take(jobs, NOW)
    stamped = await jobs.mark_sending([delivery.delivery_id for delivery in ready], NOW)
    assert len(stamped) == 2
    assert await jobs.abandon_in_doubt() == 2
    assert await jobs.ready_deliveries(NOW, limit=10) == []
    assert await jobs.get(once.job_id) is None
    assert await jobs.get(daily.job_id) is not None


async def test_next_due_is_the_earliest_active_job(jobs: JobStore) -> None:
    assert await jobs.next_due_at() is None
    later = await jobs.add_once("reminder", NOW + timedelta(hours=2), user_id=ALICE)
    sooner = await jobs.add_once("reminder", NOW + timedelta(hours=1), user_id=ALICE)
    assert await jobs.next_due_at() == NOW + timedelta(hours=1)
    await jobs.pause(sooner.job_id)
    assert await jobs.next_due_at() == later.next_run_at


async def test_server_jobs_go_when_the_server_is_purged(jobs: JobStore, database: Database) -> None:
    await jobs.add_recurring("server_post", DAILY_NINE, NOW, guild_id=SERVER)
    guilds = GuildStore(database)
    await guilds.mark_removed(SERVER, NOW - timedelta(days=40))
    assert await guilds.purge_removed_before(NOW) == [SERVER]
    assert await jobs.list_for_guild(SERVER) == []


async def test_member_data_is_exported_as_json_and_deleted_completely(jobs: JobStore) -> None:
    await jobs.add_recurring(
        "reminder", Recurrence(time(8), "Europe/London", WEEKDAYS), NOW, user_id=ALICE,
        payload={"strategy": "grounding"},
    )  # fmt: skip
    await jobs.add_once("reminder", NOW - timedelta(minutes=1), user_id=ALICE)
    await jobs.add_recurring("reminder", DAILY_NINE, NOW, user_id=BOB)
    await claim_and_take(jobs, NOW)
    exported = await jobs.export_member(ALICE)
    assert json.loads(json.dumps(exported)) == exported
    first = exported["jobs"][0]
    assert first["repeat"] == {
        "time": "08:00",
        "timezone": "Europe/London",
        "days": ["monday", "tuesday", "wednesday", "thursday", "friday"],
    }
    assert first["payload"] == {"strategy": "grounding"}
    assert len(exported["jobs"]) == 2
    # Two jobs and the one-off's claimed run.
    assert await jobs.delete_member(ALICE) == 3
    assert await jobs.export_member(ALICE) == {"jobs": [], "pause_notices": []}
    assert len(await jobs.list_for_member(BOB)) == 1


async def test_pause_notices_are_part_of_the_member_data(jobs: JobStore) -> None:
    await jobs.add_recurring("reminder", DAILY_NINE, NOW - timedelta(hours=1), user_id=ALICE)
    await refuse(jobs, NOW, times=3)
    exported = await jobs.export_member(ALICE)
    assert exported["pause_notices"] == [
        {"kind": "reminder", "paused_at": "2026-11-25T09:00:00.000000Z"}
    ]
    assert await jobs.delete_member(ALICE) == 2
    assert await jobs.take_pause_notices(ALICE) == []
