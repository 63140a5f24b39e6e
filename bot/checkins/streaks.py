"""Streaks of days with a check-in, counted in the member's own calendar.

How days are counted, and why DST and timezone changes never break or double a streak:

- Check-ins are taken in the order they happened. Each starts a new day unless it falls on the
  previous check-in's date, so any number of check-ins on one date count once, including when a
  DST change repeats an hour.
- Dates are calendar dates, never 24-hour periods, so the 23- and 25-hour days of a DST change are
  one day each like any other.
- After a timezone change, dates are compared as lived in either zone. Two check-ins are one day
  when re-dating either in the other's zone gives the same date: a member who sets Tokyo by
  mistake while in New York and sets New York back an hour later has check-ins stored as Tuesday
  and Monday, and they count once. Two days are consecutive when they are at most one date apart
  in either zone: a move east can skip a date even for someone who checks in every day (23:00
  Monday in New York, then 08:00 Wednesday in Tokyo is 18:00 Tuesday in New York).
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


def same_day(earlier: LocalMoment, later: LocalMoment) -> bool:
    """Whether two check-ins fall on one date, as lived in either's zone."""
    if earlier.timezone == later.timezone:
        return earlier.local_date == later.local_date
    return (
        later.date_in(earlier.timezone) == earlier.local_date
        or earlier.date_in(later.timezone) == later.local_date
    )


def count_streaks(checkins: Iterable[LocalMoment], now: LocalMoment) -> Streaks:
    """The current streak (0 unless alive at `now`) and the best streak ever."""
    best = run = 0
    previous: LocalMoment | None = None
    for checkin in sorted(checkins, key=lambda moment: moment.instant):
        if previous is None or not follows(previous, checkin):
            run = 1
        elif not same_day(previous, checkin):
            run += 1
        best = max(best, run)
        previous = checkin
    current = run if previous is not None and follows(previous, now) else 0
    return Streaks(current=current, best=best)


def milestone_reached(streak_before: int, streak_after: int) -> int | None:
    """The milestone a check-in just reached, given the current streak before and after it.

    A second check-in on the same day leaves the streak as it was, so it never congratulates twice.
    """
    reached = [milestone for milestone in MILESTONES if streak_before < milestone <= streak_after]
    return reached[-1] if reached else None


def _days_between(first: date, second: date) -> int:
    return (second - first).days
