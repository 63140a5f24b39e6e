from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.scheduling.recurrence import (
    EVERY_DAY,
    FRIDAY,
    MONDAY,
    SATURDAY,
    WEDNESDAY,
    WEEKDAYS,
    Fit,
    Recurrence,
    explain,
    next_adjustment,
    next_run,
    resolve,
    run_to_catch_up,
)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# (zone, local time, gap day, UTC instant it runs, local wall time it runs at)
GAPS = [
    ("Europe/London", time(1, 30), date(2026, 3, 29), utc(2026, 3, 29, 1, 30), time(2, 30)),
    ("America/New_York", time(2, 30), date(2026, 3, 8), utc(2026, 3, 8, 7, 30), time(3, 30)),
    ("Australia/Sydney", time(2, 30), date(2026, 10, 4), utc(2026, 10, 3, 16, 30), time(3, 30)),
    ("Australia/Lord_Howe", time(2, 15), date(2026, 10, 4), utc(2026, 10, 3, 15, 45), time(2, 45)),
]

# (zone, local time, overlap day, UTC instant of its first occurrence, of its second)
OVERLAPS = [
    (
        "Europe/London",
        time(1, 30),
        date(2026, 10, 25),
        utc(2026, 10, 25, 0, 30),
        utc(2026, 10, 25, 1, 30),
    ),
    (
        "America/New_York",
        time(1, 30),
        date(2026, 11, 1),
        utc(2026, 11, 1, 5, 30),
        utc(2026, 11, 1, 6, 30),
    ),
    (
        "Australia/Sydney",
        time(2, 30),
        date(2026, 4, 5),
        utc(2026, 4, 4, 15, 30),
        utc(2026, 4, 4, 16, 30),
    ),
    (
        "Australia/Lord_Howe",
        time(1, 45),
        date(2026, 4, 5),
        utc(2026, 4, 4, 14, 45),
        utc(2026, 4, 4, 15, 15),
    ),
]


@pytest.mark.parametrize(("zone", "at", "day", "runs_at", "local"), GAPS)
def test_a_time_in_a_spring_forward_gap_runs_shifted_forward(
    zone: str, at: time, day: date, runs_at: datetime, local: time
) -> None:
    day_before = datetime.combine(day - timedelta(days=1), time(12), ZoneInfo(zone))
    assert next_run(Recurrence(at, zone), day_before) == runs_at
    resolution = resolve(at, zone, day)
    assert resolution.fit is Fit.SHIFTED_FORWARD
    assert resolution.actual == local
    assert resolution.at_utc == runs_at


@pytest.mark.parametrize(("zone", "at", "day", "first", "second"), OVERLAPS)
def test_a_time_in_a_fall_back_overlap_runs_once_at_its_first_occurrence(
    zone: str, at: time, day: date, first: datetime, second: datetime
) -> None:
    recurrence = Recurrence(at, zone)
    day_before = datetime.combine(day - timedelta(days=1), time(12), ZoneInfo(zone))
    assert next_run(recurrence, day_before) == first
    after_first = next_run(recurrence, first)
    assert after_first > second
    assert after_first.astimezone(ZoneInfo(zone)).date() == day + timedelta(days=1)
    assert resolve(at, zone, day).fit is Fit.FIRST_OF_TWO


def test_an_ordinary_day_resolves_exactly_and_needs_no_explanation() -> None:
    resolution = resolve(time(8, 30), "Europe/London", date(2026, 11, 23))
    assert resolution.fit is Fit.EXACT
    assert resolution.actual == time(8, 30)
    assert resolution.at_utc == utc(2026, 11, 23, 8, 30)
    assert explain(resolution, "Europe/London") is None


def test_explanations_name_the_day_the_time_and_what_happens() -> None:
    gap = resolve(time(1, 30), "Europe/London", date(2026, 3, 29))
    overlap = resolve(time(1, 30), "Europe/London", date(2026, 10, 25))
    assert explain(gap, "Europe/London") == (
        "On 29 March, 01:30 doesn't exist in Europe/London; that day it comes at 02:30."
    )
    assert explain(overlap, "Europe/London") == (
        "On 25 October, 01:30 happens twice in Europe/London; "
        "that day it comes once, at the first 01:30."
    )


def test_next_run_is_strictly_after_even_at_the_exact_moment() -> None:
    recurrence = Recurrence(time(9), "UTC")
    assert next_run(recurrence, utc(2026, 11, 23, 9)) == utc(2026, 11, 24, 9)
    assert next_run(recurrence, utc(2026, 11, 23, 9) - timedelta(microseconds=1)) == utc(
        2026, 11, 23, 9
    )


def test_weekdays_skip_the_weekend() -> None:
    friday_after_nine = utc(2026, 11, 20, 10)
    recurrence = Recurrence(time(9), "UTC", WEEKDAYS)
    assert next_run(recurrence, friday_after_nine) == utc(2026, 11, 23, 9)


def test_chosen_days_recur_weekly_in_local_time() -> None:
    recurrence = Recurrence(time(7), "America/New_York", frozenset({WEDNESDAY, SATURDAY}))
    wednesday_run = utc(2026, 11, 25, 12)
    assert next_run(recurrence, wednesday_run - timedelta(seconds=1)) == wednesday_run
    saturday_run = next_run(recurrence, wednesday_run)
    assert saturday_run == utc(2026, 11, 28, 12)
    assert next_run(recurrence, saturday_run) == utc(2026, 12, 2, 12)


def test_the_local_date_decides_the_weekday_not_the_utc_date() -> None:
    # 08:00 on Monday in Sydney is still Sunday in UTC.
    recurrence = Recurrence(time(8), "Australia/Sydney", frozenset({MONDAY}))
    run = next_run(recurrence, utc(2026, 11, 20))
    assert run == utc(2026, 11, 22, 21)
    assert run.astimezone(ZoneInfo("Australia/Sydney")).weekday() == MONDAY


def test_invalid_recurrences_are_refused() -> None:
    with pytest.raises(ValueError, match="non-empty"):
        Recurrence(time(9), "UTC", frozenset())
    with pytest.raises(ValueError, match="non-empty"):
        Recurrence(time(9), "UTC", frozenset({7}))
    with pytest.raises(ValueError, match="without a tzinfo"):
        Recurrence(time(9, tzinfo=UTC), "UTC")
    with pytest.raises(ValueError, match="unknown time zone"):
        Recurrence(time(9), "Mars/Olympus_Mons")
    with pytest.raises(ValueError, match="timezone-aware"):
        next_run(Recurrence(time(9), "UTC"), datetime(2026, 1, 1))


GRACE = timedelta(hours=1)
DAILY_NINE = Recurrence(time(9), "UTC")


def test_a_run_missed_by_less_than_the_grace_period_is_still_sent() -> None:
    due = utc(2026, 11, 23, 9)
    assert run_to_catch_up(DAILY_NINE, due, due + timedelta(minutes=59), GRACE) == due
    assert run_to_catch_up(None, due, due + timedelta(minutes=59), GRACE) == due


def test_a_run_missed_by_more_than_the_grace_period_is_skipped() -> None:
    due = utc(2026, 11, 23, 9)
    assert run_to_catch_up(DAILY_NINE, due, due + timedelta(hours=2), GRACE) is None
    assert run_to_catch_up(None, due, due + timedelta(hours=2), GRACE) is None


def test_after_a_long_outage_only_the_latest_recent_run_is_sent() -> None:
    stored_due = utc(2026, 11, 20, 9)  # down for three days
    now = utc(2026, 11, 23, 9, 20)
    assert run_to_catch_up(DAILY_NINE, stored_due, now, GRACE) == utc(2026, 11, 23, 9)


ZONES = st.sampled_from(
    [
        "UTC",
        "Europe/London",
        "Europe/Berlin",
        "America/New_York",
        "America/Sao_Paulo",
        "Australia/Sydney",
        "Australia/Lord_Howe",
        "Pacific/Chatham",
        "Asia/Kolkata",
    ]
)
TIMES = st.builds(time, st.integers(0, 23), st.integers(0, 59))
DAYS = st.frozensets(st.integers(0, 6), min_size=1)
INSTANTS = st.datetimes(
    min_value=datetime(1995, 1, 1),
    max_value=datetime(2045, 1, 1),
    timezones=st.just(UTC),
)


def offset_changes(zone: str, year: int) -> list[datetime]:
    """The first whole UTC hour after each of the zone's offset changes in `year`."""
    tz = ZoneInfo(zone)
    start = datetime(year, 1, 1, tzinfo=UTC)
    changes = []
    for hour in range(1, 365 * 24):
        moment = start + timedelta(hours=hour)
        if (
            moment.astimezone(tz).utcoffset()
            != (moment - timedelta(hours=1)).astimezone(tz).utcoffset()
        ):
            changes.append(moment)
    return changes


DST_CHANGES = [
    (zone, change)
    for zone in ("Europe/London", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe")
    for year in (2026, 2031)
    for change in offset_changes(zone, year)
]


@st.composite
def near_a_dst_change(draw: st.DrawFn) -> tuple[str, time, datetime]:
    """A zone, a local time and an instant chosen so the next run falls on or by a DST change."""
    zone, change = draw(st.sampled_from(DST_CHANGES))
    local_change = change.astimezone(ZoneInfo(zone))
    at = (local_change + timedelta(minutes=draw(st.integers(-150, 90)))).time()
    after = change + timedelta(minutes=draw(st.integers(-36 * 60, 6 * 60)))
    return zone, at.replace(second=0, microsecond=0), after


def assert_is_the_right_next_run(recurrence: Recurrence, after: datetime) -> None:
    zone, at, days = ZoneInfo(recurrence.timezone), recurrence.at, recurrence.days
    run = next_run(recurrence, after)
    local = run.astimezone(zone)
    assert after < run <= after + timedelta(days=8)
    assert local.weekday() in days
    if local.time() == at:
        assert local.fold == 0, "an overlapping time must run at its first occurrence"
    else:
        # In a gap: late by exactly the size of the jump, never early.
        shift = local.replace(tzinfo=None) - datetime.combine(local.date(), at)
        offset_before = (run - timedelta(hours=2)).astimezone(zone).utcoffset()
        offset_after = local.utcoffset()
        assert offset_before is not None
        assert offset_after is not None
        assert shift == offset_after - offset_before > timedelta(0)
    # Nothing earlier was skipped: no allowed day in between had a run after `after`.
    day = after.astimezone(zone).date() - timedelta(days=1)
    while day < local.date():
        if day.weekday() in days:
            assert resolve(at, recurrence.timezone, day).at_utc <= after
        day += timedelta(days=1)


@given(zone=ZONES, at=TIMES, days=DAYS, after=INSTANTS)
def test_next_run_lands_on_an_allowed_day_at_the_requested_time(
    zone: str, at: time, days: frozenset[int], after: datetime
) -> None:
    assert_is_the_right_next_run(Recurrence(at, zone, days), after)


@given(case=near_a_dst_change(), days=DAYS)
def test_next_run_is_right_around_daylight_saving_changes(
    case: tuple[str, time, datetime], days: frozenset[int]
) -> None:
    zone, at, after = case
    assert_is_the_right_next_run(Recurrence(at, zone, days), after)


@given(zone=ZONES, at=TIMES, after=INSTANTS)
def test_every_day_runs_within_a_day_and_a_bit(zone: str, at: time, after: datetime) -> None:
    run = next_run(Recurrence(at, zone, EVERY_DAY), after)
    # A day, plus the longest daylight-saving shift among these zones.
    assert run - after <= timedelta(days=1, hours=1)


def test_fridays_only_wait_up_to_a_week() -> None:
    recurrence = Recurrence(time(18), "Europe/Berlin", frozenset({FRIDAY}))
    friday_run = utc(2026, 11, 27, 17)
    assert next_run(recurrence, friday_run) == friday_run + timedelta(days=7)


def test_the_next_daylight_saving_quirk_is_found_for_the_reply() -> None:
    recurrence = Recurrence(time(1, 30), "Europe/London")
    spring = next_adjustment(recurrence, utc(2026, 1, 10))
    assert spring is not None
    assert explain(spring, "Europe/London") == (
        "On 29 March, 01:30 doesn't exist in Europe/London; that day it comes at 02:30."
    )
    autumn = next_adjustment(recurrence, spring.at_utc)
    assert autumn is not None
    assert (autumn.day, autumn.fit) == (date(2026, 10, 25), Fit.FIRST_OF_TWO)


def test_times_and_days_that_daylight_saving_never_touches_have_no_quirk() -> None:
    assert next_adjustment(Recurrence(time(9), "Europe/London"), utc(2026, 1, 10)) is None
    assert next_adjustment(Recurrence(time(1, 30), "Asia/Kolkata"), utc(2026, 1, 10)) is None
    # UK clocks change on Sundays, so a weekdays-only 01:30 never meets either change.
    weekdays = Recurrence(time(1, 30), "Europe/London", WEEKDAYS)
    assert next_adjustment(weekdays, utc(2026, 1, 10)) is None
