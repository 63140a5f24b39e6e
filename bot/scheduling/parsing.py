"""Reading the times and days members type, with kind errors when they can't be read.

Time zones are read by bot.timezones.canonical_timezone, shared with check-ins.
"""

from __future__ import annotations

import re
from datetime import time

from bot.errors import UserFacingError
from bot.scheduling.recurrence import DAY_NAMES, EVERY_DAY, WEEKDAYS, WEEKENDS

_TIME = re.compile(
    r"(?P<hour>\d{1,2})(?:\s*[:.h]\s*(?P<minute>\d{2}))?\s*(?:(?P<meridiem>[ap])\.?\s*m\.?)?",
    re.ASCII,
)
_NAMED_TIMES = {"noon": time(12), "midday": time(12), "midnight": time(0)}
_TIME_EXAMPLES = "Try something like 08:30, 8am or 8:30 pm."
# Long enough to recognise what was typed, short enough to keep the reply small.
_QUOTE_LIMIT = 40

_DAY_GROUPS = {
    "every day": EVERY_DAY,
    "everyday": EVERY_DAY,
    "daily": EVERY_DAY,
    "weekdays": WEEKDAYS,
    "weekends": WEEKENDS,
}
_DAY_SEPARATORS = re.compile(r"\s*(?:,|&|\band\b|\s)\s*")
_DAY_EXAMPLES = "Try “every day”, “weekdays” or a few days like “mon, wed, fri”."


def parse_time_of_day(text: str) -> time:
    """Read "08:30", "8:30", "8am", "8:30 pm", "noon" and the like."""
    cleaned = text.strip().lower()
    if cleaned in _NAMED_TIMES:
        return _NAMED_TIMES[cleaned]
    match = _TIME.fullmatch(cleaned)
    if match is None:
        raise UserFacingError(f"I couldn't read “{_quoted(text)}” as a time. {_TIME_EXAMPLES}")
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    if minute > 59:
        raise UserFacingError(
            f"Minutes go up to 59, so “{_quoted(text)}” won't work. {_TIME_EXAMPLES}"
        )
    if match["meridiem"] is None:
        if match["minute"] is None:
            raise UserFacingError(
                f"Did you mean {hour}am or {hour}pm? Adding am/pm or minutes (like {hour:02d}:00) "
                "makes it clear."
            )
        if hour > 23:
            raise UserFacingError(f"Hours go up to 23 on a 24-hour clock. {_TIME_EXAMPLES}")
        return time(hour, minute)
    if not 1 <= hour <= 12:
        raise UserFacingError(f"With am/pm, hours go from 1 to 12. {_TIME_EXAMPLES}")
    return time(hour % 12 + (12 if match["meridiem"] == "p" else 0), minute)


def parse_days(text: str) -> frozenset[int]:
    """Read "every day", "weekdays", "weekends" or day names like "mon, wed and fri"."""
    cleaned = " ".join(text.strip().lower().split())
    if cleaned in _DAY_GROUPS:
        return _DAY_GROUPS[cleaned]
    words = [word for word in _DAY_SEPARATORS.split(cleaned) if word]
    if not words:
        raise UserFacingError(f"Which days would you like? {_DAY_EXAMPLES}")
    return frozenset(_weekday(word) for word in words)


def _weekday(word: str) -> int:
    stem = word.rstrip(".").removesuffix("s") if len(word) > 3 else word.rstrip(".")
    for number, name in enumerate(DAY_NAMES):
        if len(stem) >= 2 and name.startswith(stem):
            return number
    raise UserFacingError(
        f"I couldn't read “{_quoted(word)}” as a day of the week. {_DAY_EXAMPLES}"
    )


def describe_days(days: frozenset[int]) -> str:
    """Plain words for a set of weekdays, for replies and listings."""
    for phrase in ("every day", "weekdays", "weekends"):
        if days == _DAY_GROUPS[phrase]:
            return phrase
    return ", ".join(DAY_NAMES[day][:3].capitalize() for day in sorted(days))


def _quoted(text: str) -> str:
    cleaned = text.strip()
    return cleaned if len(cleaned) <= _QUOTE_LIMIT else cleaned[: _QUOTE_LIMIT - 1] + "…"
