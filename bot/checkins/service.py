"""Check-ins end to end, without Discord: what the cog calls for /checkin and its history."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from bot.checkins.chart import render_mood_chart
from bot.checkins.entries import Checkin
from bot.checkins.history import DEFAULT_PERIOD_DAYS, History, summarise_history
from bot.checkins.moments import LocalMoment
from bot.checkins.moods import clean_note, mood_for
from bot.checkins.streaks import Streaks, count_streaks, milestone_reached
from bot.checkins.tags import TagCatalogue
from bot.checkins.texts import confirmation, describe_history
from bot.clock import Clock
from bot.storage.checkins import CheckinStore
from bot.storage.members import MemberStore


@dataclass(frozen=True, slots=True)
class CheckinReceipt:
    checkin: Checkin
    streaks: Streaks
    milestone: int | None
    # Post milestone_announcement in the server: a milestone was reached and the member opted in.
    announce_milestone: bool
    message: str


@dataclass(frozen=True, slots=True)
class HistoryAnswer:
    history: History
    lines: tuple[str, ...]
    # None when there is nothing to draw.
    chart_png: bytes | None


class CheckinService:
    def __init__(
        self, checkins: CheckinStore, members: MemberStore, tags: TagCatalogue, clock: Clock
    ) -> None:
        self._checkins = checkins
        self._members = members
        self._tags = tags
        self._clock = clock
        # matplotlib is not thread-safe: render one chart at a time, off the event loop.
        self._chart_lock = asyncio.Lock()

    async def check_in(
        self,
        user_id: int,
        guild_id: int | None,
        mood: int,
        note: str | None = None,
        tags: Sequence[str] = (),
    ) -> CheckinReceipt:
        """Validate and store a check-in; InvalidCheckinError or UnknownTagError if it can't be."""
        mood_for(mood)  # raises for a mood outside 1-5
        cleaned_note = clean_note(note)
        tag_ids = self._tags.validate(tags)
        settings = await self._members.get(user_id)
        now = LocalMoment.at(self._clock.now(), settings.timezone)
        earlier = [checkin.moment for checkin in await self._checkins.list_since(user_id)]
        checkin = await self._checkins.add(
            user_id=user_id,
            guild_id=guild_id,
            moment=now,
            mood=mood,
            note=cleaned_note,
            tags=tag_ids,
        )
        before = count_streaks(earlier, now)
        after = count_streaks([*earlier, now], now)
        milestone = milestone_reached(before.current, after.current)
        return CheckinReceipt(
            checkin=checkin,
            streaks=after,
            milestone=milestone,
            announce_milestone=milestone is not None and settings.checkin_share_milestones,
            message=confirmation(mood, before, after, milestone),
        )

    async def history(self, user_id: int, period_days: int = DEFAULT_PERIOD_DAYS) -> HistoryAnswer:
        settings = await self._members.get(user_id)
        now = LocalMoment.at(self._clock.now(), settings.timezone)
        history = summarise_history(await self._checkins.list_since(user_id), now, period_days)
        chart = None
        if history.days:
            async with self._chart_lock:
                chart = await asyncio.to_thread(render_mood_chart, history.days)
        return HistoryAnswer(history, tuple(describe_history(history, self._tags)), chart)
