"""A member's check-in history in numbers: averages, change, streaks, tags and daily points."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import fmean

from bot.checkins.entries import Checkin
from bot.checkins.moments import LocalMoment
from bot.checkins.streaks import Streaks, count_streaks

DEFAULT_PERIOD_DAYS = 30
ROLLING_DAYS = 7
TOP_TAG_COUNT = 3


@dataclass(frozen=True, slots=True)
class DayAverage:
    local_date: date
    average: float
    checkins: int
    # The mean of the daily averages over the ROLLING_DAYS dates ending on this one.
    rolling_average: float


@dataclass(frozen=True, slots=True)
class TagCount:
    tag_id: str
    count: int


@dataclass(frozen=True, slots=True)
class History:
    """The last `period_days` days up to `today`, and the same length of time before them."""

    period_days: int
    today: date
    total_checkins: int
    period_checkins: int
    average_mood: float | None
    previous_average_mood: float | None
    streaks: Streaks
    top_tags: tuple[TagCount, ...]
    days: tuple[DayAverage, ...]

    @property
    def is_empty(self) -> bool:
        """The member has never checked in: the "no history yet" state."""
        return self.total_checkins == 0

    @property
    def mood_change(self) -> float | None:
        """This period's average minus the previous period's, when both have check-ins."""
        if self.average_mood is None or self.previous_average_mood is None:
            return None
        return self.average_mood - self.previous_average_mood


def summarise_history(
    checkins: Sequence[Checkin], now: LocalMoment, period_days: int = DEFAULT_PERIOD_DAYS
) -> History:
    """Stats over every check-in given (the whole history, for streaks) as seen at `now`.

    Every check-in counts with the same weight in averages, so three on one day weigh three times.
    """
    if period_days < 1:
        raise ValueError("the period must be at least one day")
    period_start = now.local_date - timedelta(days=period_days - 1)
    previous_start = period_start - timedelta(days=period_days)
    # After a move west a stored date can be later than today; it still belongs to this period.
    in_period = [c for c in checkins if c.moment.local_date >= period_start]
    # The rolling average on the period's first day also looks at the days just before it.
    lead_in_start = period_start - timedelta(days=ROLLING_DAYS - 1)
    with_lead_in = [c for c in checkins if c.moment.local_date >= lead_in_start]
    in_previous = [c for c in checkins if previous_start <= c.moment.local_date < period_start]
    return History(
        period_days=period_days,
        today=now.local_date,
        total_checkins=len(checkins),
        period_checkins=len(in_period),
        average_mood=_average_mood(in_period),
        previous_average_mood=_average_mood(in_previous),
        streaks=count_streaks((checkin.moment for checkin in checkins), now),
        top_tags=_top_tags(in_period),
        days=tuple(day for day in daily_averages(with_lead_in) if day.local_date >= period_start),
    )


def daily_averages(
    checkins: Sequence[Checkin], window_days: int = ROLLING_DAYS
) -> tuple[DayAverage, ...]:
    """Each local date with a check-in, in order, with its average mood and rolling average.

    Every check-in of a date counts in its average. The rolling average is the mean of the daily
    averages within `window_days` dates; dates without a check-in are left out, not counted as 0.
    """
    moods_by_date: dict[date, list[int]] = defaultdict(list)
    for checkin in checkins:
        moods_by_date[checkin.moment.local_date].append(checkin.mood)
    dated_averages = [(day, fmean(moods)) for day, moods in sorted(moods_by_date.items())]
    days = []
    window_start = 0
    for index, (local_date, average) in enumerate(dated_averages):
        oldest_allowed = local_date - timedelta(days=window_days - 1)
        while dated_averages[window_start][0] < oldest_allowed:
            window_start += 1
        window = dated_averages[window_start : index + 1]
        rolling = fmean(day_average for _, day_average in window)
        days.append(DayAverage(local_date, average, len(moods_by_date[local_date]), rolling))
    return tuple(days)


def _average_mood(checkins: Sequence[Checkin]) -> float | None:
    return fmean(checkin.mood for checkin in checkins) if checkins else None


def _top_tags(checkins: Sequence[Checkin]) -> tuple[TagCount, ...]:
    counts = Counter(tag for checkin in checkins for tag in checkin.tags)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return tuple(TagCount(tag_id, count) for tag_id, count in ranked[:TOP_TAG_COUNT])
