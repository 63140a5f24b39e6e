"""When a yearly day falls, written the way people say it.

Three forms, case-insensitive:
    "10 October"                        a fixed date
    "first Thursday of February"        first, second, third, fourth or last weekday of a month
    "Friday on or before 19 March"      the weekday on or before a fixed date
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

WEEKDAYS = tuple(name.lower() for name in calendar.day_name)  # monday first, as date.weekday()
MONTHS = tuple(name.lower() for name in calendar.month_name)  # MONTHS[1] == "january"
ORDINALS = ("first", "second", "third", "fourth")
LAST = "last"
# 29 February would silently vanish in three years out of four.
LEAP_YEAR_FOR_CHECKS = 2000

_WEEKDAY = "(" + "|".join(WEEKDAYS) + ")"
_MONTH = "(" + "|".join(MONTHS[1:]) + ")"
_FIXED = re.compile(rf"(\d{{1,2}}) {_MONTH}")
_NTH = re.compile(rf"({'|'.join((*ORDINALS, LAST))}) {_WEEKDAY} of {_MONTH}")
_ON_OR_BEFORE = re.compile(rf"{_WEEKDAY} on or before (\d{{1,2}}) {_MONTH}")


@dataclass(frozen=True, slots=True)
class FixedDate:
    month: int
    day: int

    def in_year(self, year: int) -> date:
        return date(year, self.month, self.day)

    def __str__(self) -> str:
        return f"{self.day} {calendar.month_name[self.month]}"


@dataclass(frozen=True, slots=True)
class NthWeekday:
    ordinal: int  # 1 to 4, or -1 for the last
    weekday: int  # 0 is Monday
    month: int

    def in_year(self, year: int) -> date:
        if self.ordinal == -1:
            last_day = date(year, self.month, calendar.monthrange(year, self.month)[1])
            return last_day - timedelta(days=(last_day.weekday() - self.weekday) % 7)
        first_day = date(year, self.month, 1)
        first_match = first_day + timedelta(days=(self.weekday - first_day.weekday()) % 7)
        return first_match + timedelta(weeks=self.ordinal - 1)

    def __str__(self) -> str:
        ordinal = LAST if self.ordinal == -1 else ORDINALS[self.ordinal - 1]
        weekday = calendar.day_name[self.weekday]
        return f"{ordinal} {weekday} of {calendar.month_name[self.month]}"


@dataclass(frozen=True, slots=True)
class WeekdayOnOrBefore:
    weekday: int
    anchor: FixedDate

    def in_year(self, year: int) -> date:
        anchor = self.anchor.in_year(year)
        return anchor - timedelta(days=(anchor.weekday() - self.weekday) % 7)

    def __str__(self) -> str:
        return f"{calendar.day_name[self.weekday]} on or before {self.anchor}"


DateRule = FixedDate | NthWeekday | WeekdayOnOrBefore


def parse_rule(text: str) -> DateRule:
    """The rule `text` describes; ValueError, saying what is accepted, if it describes none."""
    spoken = " ".join(text.lower().split())
    if match := _FIXED.fullmatch(spoken):
        return _fixed(int(match[1]), MONTHS.index(match[2]))
    if match := _NTH.fullmatch(spoken):
        ordinal = -1 if match[1] == LAST else ORDINALS.index(match[1]) + 1
        return NthWeekday(ordinal, WEEKDAYS.index(match[2]), MONTHS.index(match[3]))
    if match := _ON_OR_BEFORE.fullmatch(spoken):
        anchor = _fixed(int(match[2]), MONTHS.index(match[3]))
        return WeekdayOnOrBefore(WEEKDAYS.index(match[1]), anchor)
    raise ValueError(
        f"can't read the date rule {text!r}; write it like '10 October', "
        "'first Thursday of February' or 'Friday on or before 19 March'"
    )


def _fixed(day: int, month: int) -> FixedDate:
    days_in_month = calendar.monthrange(LEAP_YEAR_FOR_CHECKS, month)[1]
    if (month, day) == (2, 29) or not 1 <= day <= days_in_month:
        raise ValueError(f"{day} {calendar.month_name[month]} doesn't happen every year")
    return FixedDate(month, day)
