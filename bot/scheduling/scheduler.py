"""The one scheduler for everything timed: reminders, check-in prompts and daily server posts.

Delivery guarantee — at most once, and exactly once across a graceful restart:

1. Claim. In one transaction per batch, each due job is moved to its next run and the run to send
   is written to an outbox. Once that commits the job can never be claimed for the same run again.
2. Stamp. Just before runs are handed to the delivery callback their outbox rows are stamped
   `sending_since` (committed on its own, for the few runs the pacer lets go at that moment).
   Only unstamped rows are ever sent.
3. Settle. Outcomes are written back per batch: delivered rows are removed, retries unstamped with a
   later `available_at`, refusals counted, vanished targets switch the job off. If the database
   won't take them (locked, say), they are kept and written first thing in the next pass; their
   runs stay stamped meanwhile, so none is sent twice.

A database error mid-pass never ends the loop: the sends under way finish and are settled, and the
pass is tried again after a backoff (bot.loops).

A graceful stop (`stop()`) finishes the send in progress and leaves claimed-but-unsent runs
unstamped in the outbox, so the next process sends each of them exactly once. If the process dies
instead, any run stamped but not yet settled is dropped at the next start (`abandon_in_doubt`): the
deliveries in flight may be lost, but nothing is ever sent twice. A crash between claim and stamp
loses nothing either. Run one scheduler per database.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.loops import ResilientLoop
from bot.scheduling.pacer import Pacer
from bot.storage.jobs import Delivery, JobStore, Settlement

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Delivered:
    """The message went out."""


@dataclass(frozen=True, slots=True)
class RetryLater:
    """A passing failure (rate limit, Discord 5xx): send again after `after`, or a backoff."""

    after: timedelta | None = None


@dataclass(frozen=True, slots=True)
class RecipientRefused:
    """The member can't be reached (DMs closed, error 50007)."""


@dataclass(frozen=True, slots=True)
class TargetGone:
    """The channel was deleted or Lantern may no longer post there; `reason` is shown to admins."""

    reason: str


DeliveryOutcome = Delivered | RetryLater | RecipientRefused | TargetGone
Deliver = Callable[[Delivery], Awaitable[DeliveryOutcome]]


@dataclass(frozen=True, slots=True)
class SchedulerSettings:
    grace: timedelta = timedelta(hours=1)
    messages_per_second: float = 40.0
    batch_size: int = 500
    # Sends overlap, so a slow response doesn't hold the queue below the paced rate.
    max_in_flight: int = 50
    refusals_before_pause: int = 3
    max_attempts: int = 5
    first_retry_delay: timedelta = timedelta(seconds=30)
    longest_retry_delay: timedelta = timedelta(minutes=15)
    # The loop re-reads the database at least this often, whatever it expects.
    longest_sleep: timedelta = timedelta(hours=1)
    stop_timeout_seconds: float = 10.0


@dataclass(frozen=True, slots=True)
class PassReport:
    delivered: int = 0
    retried: int = 0
    dropped: int = 0
    refused: int = 0
    target_gone: int = 0
    skipped_as_stale: int = 0


@dataclass(slots=True)
class _Outcomes:
    delivered: list[Delivery] = field(default_factory=list)
    retry_at: list[tuple[Delivery, datetime]] = field(default_factory=list)
    dropped: list[Delivery] = field(default_factory=list)
    refused: list[Delivery] = field(default_factory=list)
    target_gone: list[tuple[Delivery, str]] = field(default_factory=list)

    def settlement(self) -> Settlement:
        return Settlement(
            delivered=tuple(self.delivered),
            retry_at=tuple(self.retry_at),
            dropped=tuple(self.dropped),
            refused=tuple(self.refused),
            target_gone=tuple(self.target_gone),
        )

    def counts(self) -> dict[str, int]:
        return {
            "delivered": len(self.delivered),
            "retried": len(self.retry_at),
            "dropped": len(self.dropped),
            "refused": len(self.refused),
            "target_gone": len(self.target_gone),
        }


class Scheduler:
    def __init__(
        self,
        jobs: JobStore,
        deliver: Deliver,
        clock: Clock,
        *,
        settings: SchedulerSettings | None = None,
        pacer: Pacer | None = None,
    ) -> None:
        self._jobs = jobs
        self._deliver = deliver
        self._clock = clock
        self._settings = settings or SchedulerSettings()
        self._pacer = pacer or Pacer(self._settings.messages_per_second, clock)
        self._recovered = False
        self._stopping = False
        # Outcomes the database didn't take yet (it was locked, say): written before anything else.
        self._unsettled: deque[Settlement] = deque()
        self.loop = ResilientLoop(
            "Scheduled messages (reminders, check-ins, daily posts)",
            self._pass,
            every=self._settings.longest_sleep,
            clock=clock,
            wake=jobs.changed,
            stop_within=timedelta(seconds=self._settings.stop_timeout_seconds),
        )

    # --- one pass ------------------------------------------------------------------------

    async def run_due(self) -> PassReport:
        """Claim and send everything due now, in batches; stop early if asked to stop.

        The first pass of a scheduler first drops runs a crashed process left in doubt. Outcomes an
        earlier pass couldn't write down are written first.
        """
        await self._settle_outstanding()
        if not self._recovered:
            abandoned = await self._jobs.abandon_in_doubt()
            if abandoned:
                log.warning("dropped %d deliveries in doubt after an unclean stop", abandoned)
            self._recovered = True
        tally: Counter[str] = Counter()
        batch_size = self._settings.batch_size
        while not self._stopping:
            ready = await self._jobs.ready_deliveries(self._clock.now(), batch_size)
            if ready:
                tally.update(await self._send(ready))
                continue
            claim = await self._jobs.claim_due(self._clock.now(), self._settings.grace, batch_size)
            tally["skipped_as_stale"] += claim.skipped_as_stale
            if claim.queued == 0 and claim.skipped_as_stale == 0:
                break
        return PassReport(**tally)

    async def next_due_at(self) -> datetime | None:
        return await self._jobs.next_due_at()

    def wake(self) -> None:
        """Make a sleeping loop look again now (the job store does this on every change)."""
        self._jobs.changed.set()

    async def _send(self, ready: list[Delivery]) -> dict[str, int]:
        """Send a batch, paced, up to `max_in_flight` at a time; settle whatever finished."""
        outcomes = _Outcomes()
        waiting = deque(ready)
        sending: set[asyncio.Task[tuple[Delivery, DeliveryOutcome]]] = set()
        limit = self._settings.max_in_flight
        try:
            while waiting and not self._stopping:
                if len(sending) >= limit:
                    sending = await self._collect_some(sending, outcomes)
                    continue
                granted = await self._pacer.acquire(min(len(waiting), limit - len(sending)))
                group = [waiting.popleft() for _ in range(granted)]
                stamped = await self._jobs.mark_sending(
                    [delivery.delivery_id for delivery in group], self._clock.now()
                )
                sending.update(
                    asyncio.create_task(self._attempt(delivery))
                    for delivery in group
                    if delivery.delivery_id in stamped
                )
            while sending:
                sending = await self._collect_some(sending, outcomes)
        except Exception:
            # The database failed mid-batch (stamping, say): the sends already under way finish
            # and are settled; the rest stay claimed and unstamped for the next pass.
            while sending:
                sending = await self._collect_some(sending, outcomes)
            raise
        finally:
            # Only a cancelled pass gets here with sends unfinished: those stay stamped, in doubt.
            for task in sending:
                if task.done() and not task.cancelled() and task.exception() is None:
                    self._sort(*task.result(), outcomes)
                else:
                    task.cancel()
            self._unsettled.append(outcomes.settlement())
            await self._settle_outstanding()
        return outcomes.counts()

    async def _settle_outstanding(self) -> None:
        """Write down outcomes in order; one the database refuses stays queued for the next try.

        Until then its runs stay stamped, so none of them is sent again meanwhile.
        """
        while self._unsettled:
            await self._jobs.settle(
                self._unsettled[0], self._clock.now(), self._settings.refusals_before_pause
            )
            self._unsettled.popleft()

    async def _collect_some(
        self, sending: set[asyncio.Task[tuple[Delivery, DeliveryOutcome]]], outcomes: _Outcomes
    ) -> set[asyncio.Task[tuple[Delivery, DeliveryOutcome]]]:
        done, still_sending = await asyncio.wait(sending, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            self._sort(*task.result(), outcomes)
        return still_sending

    async def _attempt(self, delivery: Delivery) -> tuple[Delivery, DeliveryOutcome]:
        try:
            return delivery, await self._deliver(delivery)
        except Exception:
            log.exception("delivery of job %d failed unexpectedly", delivery.job_id)
            return delivery, RetryLater()

    def _sort(self, delivery: Delivery, outcome: DeliveryOutcome, outcomes: _Outcomes) -> None:
        match outcome:
            case Delivered():
                outcomes.delivered.append(delivery)
            case RecipientRefused():
                outcomes.refused.append(delivery)
            case TargetGone(reason):
                outcomes.target_gone.append((delivery, reason))
            case RetryLater(after):
                retry_at = self._retry_at(delivery, after)
                if retry_at is None:
                    log.warning(
                        "giving up on job %d after %d attempts",
                        delivery.job_id,
                        delivery.attempts + 1,
                    )
                    outcomes.dropped.append(delivery)
                else:
                    outcomes.retry_at.append((delivery, retry_at))

    def _retry_at(self, delivery: Delivery, after: timedelta | None) -> datetime | None:
        """When to try again, or None when the run has had its chances or would arrive stale."""
        settings = self._settings
        if delivery.attempts + 1 >= settings.max_attempts:
            return None
        backoff = settings.first_retry_delay * 2**delivery.attempts
        retry_at = self._clock.now() + (after or min(backoff, settings.longest_retry_delay))
        return retry_at if retry_at - delivery.due_at <= settings.grace else None

    # --- the loop ------------------------------------------------------------------------

    def start(self) -> None:
        """Run passes in the background until `stop()`; call from cog_load."""
        if self.loop.running:
            raise RuntimeError("the scheduler is already running")
        self._stopping = False
        # A run this object stamped before an earlier stop timed out is in doubt too.
        self._recovered = False
        self.loop.start()

    async def stop(self) -> None:
        """Finish the sends in progress, leave the rest claimed for the next start; cog_unload."""
        if not self.loop.running:
            return
        self._stopping = True
        await self.loop.stop()

    async def _pass(self) -> timedelta:
        """One pass of the loop; returns how long to sleep unless a job change wakes it sooner."""
        await self.run_due()
        next_due = await self.next_due_at()
        return timedelta(
            seconds=seconds_to_wait(next_due, self._clock.now(), self._settings.longest_sleep)
        )


def seconds_to_wait(next_due: datetime | None, now: datetime, longest: timedelta) -> float:
    """How long the loop may sleep: until the next due moment, within [0, longest]."""
    if next_due is None:
        return longest.total_seconds()
    return min(max(0.0, (next_due - now).total_seconds()), longest.total_seconds())
