"""Scheduled jobs, their claimed runs (the outbox) and the notices owed to members.

The claim/outbox protocol the scheduler relies on (see bot/scheduling/scheduler.py):
`claim_due` moves a batch of due jobs to their next run and writes one outbox row per run to send,
in one transaction; `mark_sending` stamps a row just before its send; `settle` records outcomes;
`abandon_in_doubt`, run once at start-up, drops rows stamped by a process that died mid-send.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import lru_cache
from typing import Any

import aiosqlite

from bot.scheduling.recurrence import DAY_NAMES, Recurrence, next_run, run_to_catch_up
from bot.storage.database import Database
from bot.storage.timestamps import from_text, to_text

JsonObject = dict[str, Any]

# A one-off job whose run has been claimed has nothing left to do once that run is settled.
_DELETE_FINISHED_ONE_OFF = (
    "DELETE FROM jobs WHERE job_id = ? AND local_time IS NULL AND next_run_at IS NULL"
)
_DROP_WAITING_RUNS = "DELETE FROM job_outbox WHERE job_id = ? AND sending_since IS NULL"


@dataclass(frozen=True, slots=True)
class Job:
    job_id: int
    kind: str
    user_id: int | None
    guild_id: int | None
    payload: JsonObject
    recurrence: Recurrence | None
    next_run_at: datetime | None
    paused: bool
    consecutive_failures: int
    disabled_reason: str | None


@dataclass(frozen=True, slots=True)
class Delivery:
    """One claimed run of a job, handed to the delivery callback."""

    delivery_id: int
    job_id: int
    kind: str
    user_id: int | None
    guild_id: int | None
    payload: JsonObject
    due_at: datetime
    attempts: int


@dataclass(frozen=True, slots=True)
class Claim:
    queued: int
    skipped_as_stale: int


@dataclass(frozen=True, slots=True)
class Settlement:
    """What became of a set of sent runs, written back in one transaction."""

    delivered: Sequence[Delivery] = ()
    retry_at: Sequence[tuple[Delivery, datetime]] = ()
    dropped: Sequence[Delivery] = ()
    refused: Sequence[Delivery] = ()
    target_gone: Sequence[tuple[Delivery, str]] = ()


@dataclass(frozen=True, slots=True)
class PauseNotice:
    kind: str
    paused_at: datetime


@dataclass(slots=True)
class _ClaimBatch:
    moves: list[tuple[str | None, int]] = field(default_factory=list)
    runs: list[tuple[int, str, str]] = field(default_factory=list)
    stale_one_offs: list[tuple[int]] = field(default_factory=list)
    skipped: int = 0


class JobStore:
    def __init__(self, database: Database, changed: asyncio.Event | None = None) -> None:
        self._db = database
        # Set whenever a job may have become due sooner, so a sleeping scheduler wakes up.
        self.changed = changed or asyncio.Event()

    # --- members' and admins' operations -------------------------------------------------

    async def add_recurring(
        self,
        kind: str,
        recurrence: Recurrence,
        now: datetime,
        *,
        user_id: int | None = None,
        guild_id: int | None = None,
        payload: JsonObject | None = None,
    ) -> Job:
        return await self._insert(
            kind,
            recurrence,
            next_run(recurrence, now),
            user_id=user_id,
            guild_id=guild_id,
            payload=payload or {},
        )

    async def add_once(
        self,
        kind: str,
        at: datetime,
        *,
        user_id: int | None = None,
        guild_id: int | None = None,
        payload: JsonObject | None = None,
    ) -> Job:
        return await self._insert(
            kind, None, at, user_id=user_id, guild_id=guild_id, payload=payload or {}
        )

    async def _insert(
        self,
        kind: str,
        recurrence: Recurrence | None,
        first_run: datetime,
        *,
        user_id: int | None,
        guild_id: int | None,
        payload: JsonObject,
    ) -> Job:
        if user_id is None and guild_id is None:
            raise ValueError("a job needs an owner: a user_id, a guild_id or both")
        rows = await self._db.fetch_all(
            "INSERT INTO jobs (kind, user_id, guild_id, payload, local_time, timezone, days,"
            " next_run_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
            (
                kind,
                user_id,
                guild_id,
                json.dumps(payload),
                *_recurrence_columns(recurrence),
                to_text(first_run),
            ),
        )
        self.changed.set()
        return _job(rows[0])

    async def get(self, job_id: int) -> Job | None:
        row = await self._db.fetch_one("SELECT * FROM jobs WHERE job_id = ?", (job_id,))
        return None if row is None else _job(row)

    async def list_for_member(self, user_id: int) -> list[Job]:
        rows = await self._db.fetch_all(
            "SELECT * FROM jobs WHERE user_id = ? ORDER BY job_id", (user_id,)
        )
        return [_job(row) for row in rows]

    async def list_for_guild(self, guild_id: int) -> list[Job]:
        """A server's jobs, with `disabled_reason` set on any that were switched off."""
        rows = await self._db.fetch_all(
            "SELECT * FROM jobs WHERE guild_id = ? ORDER BY job_id", (guild_id,)
        )
        return [_job(row) for row in rows]

    async def set_payload(self, job_id: int, payload: JsonObject) -> bool:
        changed = await self._db.execute(
            "UPDATE jobs SET payload = ? WHERE job_id = ?", (json.dumps(payload), job_id)
        )
        return changed == 1

    async def set_recurrence(self, job_id: int, recurrence: Recurrence, now: datetime) -> bool:
        """Give the job a new repeat; its next run is computed from `now`."""
        changed = await self._db.execute(
            "UPDATE jobs SET local_time = ?, timezone = ?, days = ?, next_run_at = ?"
            " WHERE job_id = ?",
            (*_recurrence_columns(recurrence), to_text(next_run(recurrence, now)), job_id),
        )
        self.changed.set()
        return changed == 1

    async def pause(self, job_id: int) -> bool:
        """Pause the job and drop any run of it claimed but not yet being sent."""
        async with self._db.transaction() as tx:
            cursor = await tx.execute("UPDATE jobs SET paused = 1 WHERE job_id = ?", (job_id,))
            await tx.execute(_DROP_WAITING_RUNS, (job_id,))
        return cursor.rowcount == 1

    async def resume(self, job_id: int, now: datetime) -> bool:
        """Switch the job back on; it next runs at its first time after `now`, never in a burst."""
        async with self._db.transaction() as tx:
            rows = list(await tx.execute_fetchall("SELECT * FROM jobs WHERE job_id = ?", (job_id,)))
            if not rows:
                return False
            job = _job(rows[0])
            if job.recurrence is not None:
                next_at: datetime | None = next_run(job.recurrence, now)
            elif job.next_run_at is not None:
                next_at = max(job.next_run_at, now)
            else:
                # A one-off whose run was claimed: send it now, unless that run is being sent.
                in_flight = await tx.execute_fetchall(
                    "SELECT 1 FROM job_outbox WHERE job_id = ?", (job_id,)
                )
                next_at = None if in_flight else now
            await tx.execute(
                "UPDATE jobs SET paused = 0, disabled_reason = NULL, consecutive_failures = 0,"
                " next_run_at = ? WHERE job_id = ?",
                (None if next_at is None else to_text(next_at), job_id),
            )
        self.changed.set()
        return True

    async def remove(self, job_id: int) -> bool:
        return await self._db.execute("DELETE FROM jobs WHERE job_id = ?", (job_id,)) == 1

    async def snooze(self, job_id: int, now: datetime, delay: timedelta) -> Job | None:
        """A one-off copy of the job due at `now + delay`; the job's own repeat is unchanged."""
        job = await self.get(job_id)
        if job is None:
            return None
        return await self.add_once(
            job.kind, now + delay, user_id=job.user_id, guild_id=job.guild_id, payload=job.payload
        )

    # --- the scheduler's protocol --------------------------------------------------------

    async def claim_due(self, now: datetime, grace: timedelta, limit: int) -> Claim:
        """Move up to `limit` due jobs to their next run and queue the runs still worth sending."""
        async with self._db.transaction() as tx:
            rows = await tx.execute_fetchall(
                "SELECT job_id, local_time, timezone, days, next_run_at FROM jobs"
                " WHERE paused = 0 AND disabled_reason IS NULL AND next_run_at IS NOT NULL"
                " AND next_run_at <= ? ORDER BY next_run_at LIMIT ?",
                (to_text(now), limit),
            )
            batch = _plan_claim(rows, now, grace)
            await tx.executemany("UPDATE jobs SET next_run_at = ? WHERE job_id = ?", batch.moves)
            await tx.executemany(
                "INSERT INTO job_outbox (job_id, due_at, available_at) VALUES (?, ?, ?)", batch.runs
            )
            await tx.executemany("DELETE FROM jobs WHERE job_id = ?", batch.stale_one_offs)
        return Claim(queued=len(batch.runs), skipped_as_stale=batch.skipped)

    async def ready_deliveries(self, now: datetime, limit: int) -> list[Delivery]:
        rows = await self._db.fetch_all(
            "SELECT o.delivery_id, o.job_id, o.due_at, o.attempts,"
            " j.kind, j.user_id, j.guild_id, j.payload"
            " FROM job_outbox AS o JOIN jobs AS j USING (job_id)"
            " WHERE o.sending_since IS NULL AND o.available_at <= ?"
            " ORDER BY o.available_at, o.delivery_id LIMIT ?",
            (to_text(now), limit),
        )
        return [
            Delivery(
                delivery_id=row["delivery_id"],
                job_id=row["job_id"],
                kind=row["kind"],
                user_id=row["user_id"],
                guild_id=row["guild_id"],
                payload=json.loads(row["payload"]),
                due_at=from_text(row["due_at"]),
                attempts=row["attempts"],
            )
            for row in rows
        ]

    async def mark_sending(self, delivery_ids: Sequence[int], now: datetime) -> set[int]:
        """Stamp runs as being sent; returns those stamped, leaving out any withdrawn meanwhile."""
        rows = await self._db.fetch_all(
            "UPDATE job_outbox SET sending_since = ?"
            " WHERE sending_since IS NULL AND delivery_id IN (SELECT value FROM json_each(?))"
            " RETURNING delivery_id",
            (to_text(now), json.dumps(list(delivery_ids))),
        )
        return {row[0] for row in rows}

    async def settle(self, settlement: Settlement, now: datetime, pause_after: int) -> None:
        """Record outcomes. `pause_after` refusals in a row pause the member's jobs of that kind."""
        finished = [
            *settlement.delivered,
            *settlement.dropped,
            *settlement.refused,
            *(delivery for delivery, _ in settlement.target_gone),
        ]
        async with self._db.transaction() as tx:
            await tx.executemany(
                "UPDATE job_outbox SET sending_since = NULL, available_at = ?,"
                " attempts = attempts + 1 WHERE delivery_id = ?",
                [(to_text(at), delivery.delivery_id) for delivery, at in settlement.retry_at],
            )
            await tx.executemany(
                "DELETE FROM job_outbox WHERE delivery_id = ?",
                [(delivery.delivery_id,) for delivery in finished],
            )
            await tx.executemany(
                "UPDATE jobs SET consecutive_failures = 0 WHERE job_id = ?",
                _job_ids(settlement.delivered),
            )
            for delivery in settlement.refused:
                await _count_refusal(tx, delivery, now, pause_after)
            for delivery, reason in settlement.target_gone:
                await tx.execute(
                    "UPDATE jobs SET disabled_reason = ? WHERE job_id = ?",
                    (reason, delivery.job_id),
                )
                await tx.execute(_DROP_WAITING_RUNS, (delivery.job_id,))
            await tx.executemany(_DELETE_FINISHED_ONE_OFF, _job_ids(finished))

    async def abandon_in_doubt(self) -> int:
        """Drop runs a previous process stamped but never settled; it may have sent them.

        Call once at start-up, before any run is stamped by this process.
        """
        async with self._db.transaction() as tx:
            cursor = await tx.execute("DELETE FROM job_outbox WHERE sending_since IS NOT NULL")
            await tx.execute(
                "DELETE FROM jobs WHERE local_time IS NULL AND next_run_at IS NULL AND paused = 0"
                " AND disabled_reason IS NULL"
                " AND job_id NOT IN (SELECT job_id FROM job_outbox)"
            )
        return cursor.rowcount

    async def next_due_at(self) -> datetime | None:
        """The earliest moment anything will be ready: a job's next run or a retry."""
        rows = await self._db.fetch_all(
            "SELECT MIN(next_run_at) FROM jobs"
            " WHERE paused = 0 AND disabled_reason IS NULL AND next_run_at IS NOT NULL"
            " UNION ALL SELECT MIN(available_at) FROM job_outbox WHERE sending_since IS NULL"
        )
        moments = [from_text(found[0]) for found in rows if found[0] is not None]
        return min(moments, default=None)

    # --- notices and member data ---------------------------------------------------------

    async def take_pause_notices(self, user_id: int) -> list[PauseNotice]:
        """The kinds of job paused because the member's DMs refused; cleared once read."""
        rows = await self._db.fetch_all(
            "DELETE FROM job_pause_notices WHERE user_id = ? RETURNING kind, paused_at",
            (user_id,),
        )
        notices = [PauseNotice(row["kind"], from_text(row["paused_at"])) for row in rows]
        return sorted(notices, key=lambda notice: notice.kind)

    async def export_member(self, user_id: int) -> JsonObject:
        jobs = await self.list_for_member(user_id)
        notices = await self._db.fetch_all(
            "SELECT kind, paused_at FROM job_pause_notices WHERE user_id = ? ORDER BY kind",
            (user_id,),
        )
        return {
            "jobs": [_export_job(job) for job in jobs],
            "pause_notices": [
                {"kind": row["kind"], "paused_at": row["paused_at"]} for row in notices
            ],
        }

    async def delete_member(self, user_id: int) -> int:
        async with self._db.transaction() as tx:
            runs = await tx.execute(
                "DELETE FROM job_outbox"
                " WHERE job_id IN (SELECT job_id FROM jobs WHERE user_id = ?)",
                (user_id,),
            )
            jobs = await tx.execute("DELETE FROM jobs WHERE user_id = ?", (user_id,))
            notices = await tx.execute(
                "DELETE FROM job_pause_notices WHERE user_id = ?", (user_id,)
            )
        return runs.rowcount + jobs.rowcount + notices.rowcount


def _plan_claim(rows: Iterable[aiosqlite.Row], now: datetime, grace: timedelta) -> _ClaimBatch:
    batch = _ClaimBatch()
    now_text = to_text(now)
    # Many jobs share a schedule; compute each distinct next run once per batch.
    next_runs: dict[Recurrence, str] = {}
    for row in rows:
        job_id = row["job_id"]
        recurrence = _recurrence(row)
        due_text = row["next_run_at"]
        due = from_text(due_text)
        run = run_to_catch_up(recurrence, due, now, grace)
        if run is None:
            batch.skipped += 1
        else:
            batch.runs.append((job_id, due_text if run == due else to_text(run), now_text))
        if recurrence is None:
            if run is None:
                batch.stale_one_offs.append((job_id,))
            else:
                batch.moves.append((None, job_id))
            continue
        if recurrence not in next_runs:
            next_runs[recurrence] = to_text(next_run(recurrence, now))
        batch.moves.append((next_runs[recurrence], job_id))
    return batch


async def _count_refusal(
    tx: aiosqlite.Connection, delivery: Delivery, now: datetime, pause_after: int
) -> None:
    rows = list(
        await tx.execute_fetchall(
            "UPDATE jobs SET consecutive_failures = consecutive_failures + 1 WHERE job_id = ?"
            " RETURNING consecutive_failures",
            (delivery.job_id,),
        )
    )
    if not rows or rows[0][0] < pause_after:
        return
    if delivery.user_id is None:
        await tx.execute("UPDATE jobs SET paused = 1 WHERE job_id = ?", (delivery.job_id,))
        await tx.execute(_DROP_WAITING_RUNS, (delivery.job_id,))
        return
    owned = (delivery.user_id, delivery.kind)
    await tx.execute(
        "DELETE FROM job_outbox WHERE sending_since IS NULL AND job_id IN"
        " (SELECT job_id FROM jobs WHERE user_id = ? AND kind = ?)",
        owned,
    )
    await tx.execute("UPDATE jobs SET paused = 1 WHERE user_id = ? AND kind = ?", owned)
    await tx.execute(
        "INSERT INTO job_pause_notices (user_id, kind, paused_at) VALUES (?, ?, ?)"
        " ON CONFLICT (user_id, kind) DO UPDATE SET paused_at = excluded.paused_at",
        (*owned, to_text(now)),
    )


def _job_ids(deliveries: Iterable[Delivery]) -> list[tuple[int]]:
    return [(delivery.job_id,) for delivery in deliveries]


def _recurrence_columns(recurrence: Recurrence | None) -> tuple[str | None, str | None, int | None]:
    if recurrence is None:
        return (None, None, None)
    mask = sum(1 << day for day in recurrence.days)
    return (recurrence.at.isoformat(), recurrence.timezone, mask)


def _recurrence(row: aiosqlite.Row) -> Recurrence | None:
    if row["local_time"] is None:
        return None
    return _stored_recurrence(row["local_time"], row["timezone"], row["days"])


@lru_cache(maxsize=4096)
def _stored_recurrence(local_time: str, timezone: str, day_bits: int) -> Recurrence:
    """Remembered: members share a few common schedules, and each one is validated on creation."""
    days = frozenset(day for day in range(7) if day_bits & (1 << day))
    return Recurrence(time.fromisoformat(local_time), timezone, days)


def _job(row: aiosqlite.Row) -> Job:
    next_run_at = row["next_run_at"]
    return Job(
        job_id=row["job_id"],
        kind=row["kind"],
        user_id=row["user_id"],
        guild_id=row["guild_id"],
        payload=json.loads(row["payload"]),
        recurrence=_recurrence(row),
        next_run_at=None if next_run_at is None else from_text(next_run_at),
        paused=bool(row["paused"]),
        consecutive_failures=row["consecutive_failures"],
        disabled_reason=row["disabled_reason"],
    )


def _export_job(job: Job) -> JsonObject:
    recurrence = job.recurrence
    return {
        "id": job.job_id,
        "kind": job.kind,
        "guild_id": job.guild_id,
        "payload": job.payload,
        "repeat": None
        if recurrence is None
        else {
            "time": recurrence.at.isoformat(timespec="minutes"),
            "timezone": recurrence.timezone,
            "days": [DAY_NAMES[day] for day in sorted(recurrence.days)],
        },
        "next_run_at": None if job.next_run_at is None else to_text(job.next_run_at),
        "paused": job.paused,
        "consecutive_failures": job.consecutive_failures,
        "disabled_reason": job.disabled_reason,
    }
