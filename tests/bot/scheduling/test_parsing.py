from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.errors import UserFacingError
from bot.scheduling.parsing import describe_days, parse_days, parse_time_of_day
from bot.scheduling.recurrence import (
    DAY_NAMES,
    EVERY_DAY,
    FRIDAY,
    MONDAY,
    SATURDAY,
    SUNDAY,
    TUESDAY,
    WEDNESDAY,
    WEEKDAYS,
    WEEKENDS,
)

HOURS = st.integers(0, 23)
MINUTES = st.integers(0, 59)
SPACES = st.sampled_from(["", " ", "  ", "\t"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08:30", time(8, 30)),
        ("8:30", time(8, 30)),
        ("23:59", time(23, 59)),
        ("0:00", time(0, 0)),
        ("8am", time(8)),
        ("8 AM", time(8)),
        ("8:30 pm", time(20, 30)),
        ("8.30pm", time(20, 30)),
        ("12am", time(0)),
        ("12:15 a.m.", time(0, 15)),
        ("12pm", time(12)),
        ("noon", time(12)),
        ("Midnight", time(0)),
        ("  21:05  ", time(21, 5)),
    ],
)
def test_reads_common_ways_of_writing_a_time(text: str, expected: time) -> None:
    assert parse_time_of_day(text) == expected


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("", "couldn't read"),
        ("soon", "couldn't read"),
        ("8:3", "couldn't read"),
        ("24:00", "Hours go up to 23"),
        ("8:75", "Minutes go up to 59"),
        ("13pm", "from 1 to 12"),
        ("0am", "from 1 to 12"),
        ("8", "8am or 8pm"),
        (
            "half past seven in the evening, more or less",
            "“half past seven in the evening, more or…”",
        ),
        ("٨:٣٠", "couldn't read"),  # digits are read in ASCII only
    ],
)
def test_unreadable_times_get_a_kind_specific_message(text: str, hint: str) -> None:
    with pytest.raises(UserFacingError, match=hint):
        parse_time_of_day(text)


@given(hour=HOURS, minute=MINUTES, before=SPACES, after=SPACES, pad=st.booleans())
def test_any_24_hour_time_reads_back(
    hour: int, minute: int, before: str, after: str, pad: bool
) -> None:
    hours = f"{hour:02d}" if pad else str(hour)
    assert parse_time_of_day(f"{before}{hours}:{minute:02d}{after}") == time(hour, minute)


@given(
    hour=HOURS,
    minute=MINUTES,
    gap=SPACES,
    style=st.sampled_from(["am", "AM", "a.m.", "A.M.", "a.m"]),
    with_minutes=st.booleans(),
)
def test_any_12_hour_time_reads_as_the_same_moment(
    hour: int, minute: int, gap: str, style: str, with_minutes: bool
) -> None:
    minute = minute if with_minutes else 0
    twelve_hour = hour % 12 or 12
    meridiem = style if hour < 12 else style.replace("a", "p").replace("A", "P")
    clock = f"{twelve_hour}:{minute:02d}" if with_minutes else str(twelve_hour)
    assert parse_time_of_day(f"{clock}{gap}{meridiem}") == time(hour, minute)


@given(st.text(max_size=20))
def test_any_text_is_a_time_or_a_kind_error(text: str) -> None:
    try:
        parsed = parse_time_of_day(text)
    except UserFacingError:
        return
    assert isinstance(parsed, time)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("every day", EVERY_DAY),
        ("Every  Day", EVERY_DAY),
        ("daily", EVERY_DAY),
        ("weekdays", WEEKDAYS),
        ("weekends", WEEKENDS),
        ("mon, wed and fri", frozenset({MONDAY, WEDNESDAY, FRIDAY})),
        ("Tuesday", frozenset({TUESDAY})),
        ("tues & sat.", frozenset({TUESDAY, SATURDAY})),
        ("sundays", frozenset({SUNDAY})),
    ],
)
def test_reads_day_choices(text: str, expected: frozenset[int]) -> None:
    assert parse_days(text) == expected


@pytest.mark.parametrize(
    ("text", "hint"), [("", "Which days"), ("mon, funday", "funday"), ("t", "“t”")]
)
def test_unreadable_days_say_which_word_was_not_understood(text: str, hint: str) -> None:
    with pytest.raises(UserFacingError, match=hint):
        parse_days(text)


@given(
    days=st.frozensets(st.integers(0, 6), min_size=1),
    short=st.booleans(),
    separator=st.sampled_from([", ", " ", " and ", ",", " & "]),
)
def test_any_set_of_day_names_reads_back(days: frozenset[int], short: bool, separator: str) -> None:
    names = [DAY_NAMES[day][:3] if short else DAY_NAMES[day] for day in sorted(days)]
    assert parse_days(separator.join(names)) == days


@given(st.text(max_size=30))
def test_any_text_is_some_days_or_a_kind_error(text: str) -> None:
    try:
        parsed = parse_days(text)
    except UserFacingError:
        return
    assert parsed
    assert parsed <= EVERY_DAY


def test_days_are_described_plainly() -> None:
    assert describe_days(EVERY_DAY) == "every day"
    assert describe_days(WEEKDAYS) == "weekdays"
    assert describe_days(frozenset({FRIDAY, MONDAY})) == "Mon, Fri"


@given(st.frozensets(st.integers(0, 6), min_size=1))
def test_descriptions_read_back(days: frozenset[int]) -> None:
    assert parse_days(describe_days(days)) == days
