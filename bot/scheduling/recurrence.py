"""When a repeating job runs: a local wall-clock time, a time zone and a set of weekdays.

Daylight-saving rules, decided once here so every feature agrees:
- a time that doesn't exist on a spring-forward day runs at the same offset shifted forward
  (01:30 in Europe/London on its gap day comes at 02:30), so it is late by the size of the gap;
- a time that happens twice on a fall-back day runs once, at its first occurrence.
Both fall out of `fold=0` in zoneinfo (PEP 495); `resolve` says which case a date is in so a
command's reply can tell the member.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)
EVERY_DAY = frozenset(range(7))
WEEKDAYS = frozenset(range(MONDAY, SATURDAY))
WEEKENDS = frozenset({SATURDAY, SUNDAY})

# A single chosen weekday recurs after 7 days; one more covers a shift across midnight.
_DAYS_TO_SEARCH = range(-1, 9)


@dataclass(frozen=True, slots=True)
class Recurrence:
    at: time
    timezone: str
    days: frozenset[int] = EVERY_DAY

    def __post_init__(self) -> None:
        if self.at.tzinfo is not None:
            raise ValueError("a recurrence's time is local wall-clock time, without a tzinfo")
        if not self.days or not self.days <= EVERY_DAY:
            raise ValueError(f"days must be a non-empty set of weekdays 0-6, got {self.days!r}")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {self.timezone!r}") from error

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class Fit(Enum):
    EXACT = "exact"
    SHIFTED_FORWARD = "shifted_forward"
    FIRST_OF_TWO = "first_of_two"


@dataclass(frozen=True, slots=True)
class Resolution:
    """How a local time works out on one date in one zone."""

    day: date
    requested: time
    actual: time
    fit: Fit
    at_utc: datetime


def resolve(at: time, timezone: str, day: date) -> Resolution:
    zone = ZoneInfo(timezone)
    wall = datetime.combine(day, at)
    first = wall.replace(tzinfo=zone, fold=0)
    at_utc = first.astimezone(UTC)
    actual = at_utc.astimezone(zone).replace(tzinfo=None)
    if actual != wall:
        fit = Fit.SHIFTED_FORWARD
    elif first.utcoffset() != wall.replace(tzinfo=zone, fold=1).utcoffset():
        fit = Fit.FIRST_OF_TWO
    else:
        fit = Fit.EXACT
    return Resolution(day, at, actual.time(), fit, at_utc)


def explain(resolution: Resolution, timezone: str) -> str | None:
    """A sentence for the member when the date is a daylight-saving day, else None."""
    day = f"{resolution.day.day} {resolution.day:%B}"
    requested = f"{resolution.requested:%H:%M}"
    if resolution.fit is Fit.SHIFTED_FORWARD:
        return (
            f"On {day}, {requested} doesn't exist in {timezone}; "
            f"that day it comes at {resolution.actual:%H:%M}."
        )
    if resolution.fit is Fit.FIRST_OF_TWO:
        return (
            f"On {day}, {requested} happens twice in {timezone}; "
            f"that day it comes once, at the first {requested}."
        )
    return None


def next_adjustment(
    recurrence: Recurrence, after: datetime, within: timedelta = timedelta(days=366)
) -> Resolution | None:
    """The first run day after `after` on which daylight saving moves or merges the time, if any
    within `within`: what a reply should warn about."""
    start = after.astimezone(recurrence.zone).date()
    for offset in range(within.days + 1):
        day = start + timedelta(days=offset)
        if day.weekday() in recurrence.days:
            resolution = resolve(recurrence.at, recurrence.timezone, day)
            if resolution.fit is not Fit.EXACT and resolution.at_utc > after:
                return resolution
    return None


def next_run(recurrence: Recurrence, after: datetime) -> datetime:
    """The first run strictly after `after`, in UTC."""
    if after.tzinfo is None:
        raise ValueError("next_run needs a timezone-aware instant")
    start = after.astimezone(recurrence.zone).date()
    for offset in _DAYS_TO_SEARCH:
        day = start + timedelta(days=offset)
        if day.weekday() in recurrence.days:
            run = resolve(recurrence.at, recurrence.timezone, day).at_utc
            if run > after:
                return run
    raise AssertionError("every non-empty set of weekdays recurs within a week")


def run_to_catch_up(
    recurrence: Recurrence | None, due: datetime, now: datetime, grace: timedelta
) -> datetime | None:
    """The one missed run still worth sending at `now`, if any.

    A run missed by less than `grace` is sent once; anything older is skipped, so a bot that was
    down all night sends at most one reminder per job, never a burst of stale ones.
    """
    cutoff = now - grace
    if due > cutoff:
        return due
    if recurrence is None:
        return None
    latest = next_run(recurrence, cutoff)
    return latest if latest <= now else None
