"""Streaks of days with a check-in, counted in the member's own calendar.

How days are counted, and why DST and timezone changes never break or double a streak:

- A check-in's day is its stored `local_date`: the calendar date in the member's timezone at that
  moment. A streak counts distinct dates, so any number of check-ins on one date count once — also
  when a DST change repeats an hour, or a move west makes a date come round again.
- Dates are calendar dates, never 24-hour periods, so the 23- and 25-hour days of a DST change are
  one day each like any other.
- Two days are consecutive when their dates are at most one day apart. A move east can skip a
  date even for someone who checked in every day (23:00 Monday in New York, then 08:00 Wednesday
  in Tokyo is 18:00 Tuesday in New York), so after a timezone change the later check-in is also
  re-dated in the earlier check-in's zone and the earlier one in the later's: if the two are
  consecutive as lived in either zone, the streak holds. Within one timezone this changes nothing.
- The current streak is alive while its last day is today or yesterday by the same rule; after a
  move west "today" can even be before the last stored date, and that keeps it alive too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bot.checkins.moments import LocalMoment

MILESTONES = (3, 7, 30, 100)


@dataclass(frozen=True, slots=True)
class Streaks:
    current: int
    best: int


@dataclass(frozen=True, slots=True)
class _Day:
    local_date: date
    earliest: LocalMoment
    latest: LocalMoment


def follows(earlier: LocalMoment, later: LocalMoment) -> bool:
    """Whether `later` is on the same day as `earlier` or the next, as lived in either's zone."""
    if _days_between(earlier.local_date, later.local_date) <= 1:
        return True
    if earlier.timezone == later.timezone:
        return False
    return (
        _days_between(earlier.local_date, later.date_in(earlier.timezone)) <= 1
        or _days_between(earlier.date_in(later.timezone), later.local_date) <= 1
    )


def count_streaks(checkins: Iterable[LocalMoment], now: LocalMoment) -> Streaks:
    """The current streak (0 unless alive at `now`) and the best streak ever."""
    days = _days(checkins)
    best = run = 0
    previous: _Day | None = None
    for day in days:
        run = run + 1 if previous is not None and follows(previous.latest, day.earliest) else 1
        best = max(best, run)
        previous = day
    current = run if days and follows(days[-1].latest, now) else 0
    return Streaks(current=current, best=best)


def milestone_reached(streak_before: int, streak_after: int) -> int | None:
    """The milestone a check-in just reached, given the current streak before and after it.

    A second check-in on the same day leaves the streak as it was, so it never congratulates twice.
    """
    reached = [milestone for milestone in MILESTONES if streak_before < milestone <= streak_after]
    return reached[-1] if reached else None


def _days(checkins: Iterable[LocalMoment]) -> list[_Day]:
    by_date: dict[date, _Day] = {}
    for checkin in checkins:
        day = by_date.get(checkin.local_date)
        if day is None:
            by_date[checkin.local_date] = _Day(checkin.local_date, checkin, checkin)
        elif checkin.instant < day.earliest.instant:
            by_date[checkin.local_date] = _Day(day.local_date, checkin, day.latest)
        elif checkin.instant > day.latest.instant:
            by_date[checkin.local_date] = _Day(day.local_date, day.earliest, checkin)
    return [by_date[local_date] for local_date in sorted(by_date)]


def _days_between(first: date, second: date) -> int:
    return (second - first).days
