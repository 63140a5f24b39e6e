from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.checkins.moments import LocalMoment
from bot.checkins.streaks import Streaks, count_streaks, follows, milestone_reached
from bot.clock import FakeClock

BERLIN = "Europe/Berlin"
NEW_YORK = "America/New_York"
TOKYO = "Asia/Tokyo"


def wall(timezone: str, year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in `timezone`, as the aware datetime a clock would report."""
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(timezone))


class Member:
    """A member checking in on a FakeClock, in whatever timezone they have set."""

    def __init__(self, start: datetime, timezone: str) -> None:
        self.clock = FakeClock(start)
        self.timezone = timezone
        self.checkins: list[LocalMoment] = []

    def move_to(self, moment: datetime) -> timedelta:
        step = moment - self.clock.now()
        assert step >= timedelta(0)
        self.clock.advance(step)
        return step

    def now(self) -> LocalMoment:
        return LocalMoment.at(self.clock.now(), self.timezone)

    def check_in(self) -> Streaks:
        self.checkins.append(self.now())
        return self.streaks()

    def streaks(self) -> Streaks:
        return count_streaks(self.checkins, self.now())


def test_no_checkins_means_no_streak() -> None:
    now = LocalMoment.at(datetime(2026, 5, 1, tzinfo=UTC), "UTC")
    assert count_streaks([], now) == Streaks(current=0, best=0)


def test_several_checkins_a_day_count_as_one_day() -> None:
    member = Member(wall("UTC", 2026, 5, 4, 8), "UTC")
    member.check_in()
    member.move_to(wall("UTC", 2026, 5, 4, 13))
    member.check_in()
    member.move_to(wall("UTC", 2026, 5, 4, 23, 59))
    assert member.check_in() == Streaks(current=1, best=1)
    member.move_to(wall("UTC", 2026, 5, 5, 0, 1))
    assert member.check_in() == Streaks(current=2, best=2)


def test_the_streak_is_alive_today_and_yesterday_then_ends_but_best_remains() -> None:
    member = Member(wall("UTC", 2026, 5, 4, 20), "UTC")
    for _ in range(3):
        member.check_in()
        member.move_to(member.clock.now() + timedelta(days=1))
    # Now the day after the last check-in: still alive.
    assert member.streaks() == Streaks(current=3, best=3)
    member.move_to(wall("UTC", 2026, 5, 7, 23, 59))
    assert member.streaks() == Streaks(current=3, best=3)
    member.move_to(wall("UTC", 2026, 5, 8, 0, 0))
    assert member.streaks() == Streaks(current=0, best=3)


def test_best_and_current_are_separate_runs() -> None:
    member = Member(wall("UTC", 2026, 5, 1, 9), "UTC")
    for _ in range(5):
        member.check_in()
        member.move_to(member.clock.now() + timedelta(days=1))
    member.move_to(member.clock.now() + timedelta(days=3))
    assert member.check_in() == Streaks(current=1, best=5)
    member.move_to(member.clock.now() + timedelta(days=1))
    assert member.check_in() == Streaks(current=2, best=5)


def nightly(member: Member, first: date, nights: int, hour: int, minute: int) -> list[timedelta]:
    """Check in every night at the same wall-clock time; return the real time between them."""
    steps = []
    for offset in range(nights):
        day = first + timedelta(days=offset)
        steps.append(
            member.move_to(wall(member.timezone, day.year, day.month, day.day, hour, minute))
        )
        member.check_in()
    return steps[1:]


@pytest.mark.parametrize(
    ("timezone", "first", "short_or_long_day"),
    [
        (BERLIN, date(2026, 3, 25), timedelta(hours=23)),  # clocks go forward 29 March
        (BERLIN, date(2026, 10, 21), timedelta(hours=25)),  # clocks go back 25 October
        (NEW_YORK, date(2026, 3, 4), timedelta(hours=23)),  # forward 8 March
        (NEW_YORK, date(2026, 10, 28), timedelta(hours=25)),  # back 1 November
    ],
)
@pytest.mark.parametrize(("hour", "minute"), [(23, 30), (0, 30), (12, 0)])
def test_a_dst_change_neither_breaks_nor_doubles_a_streak(
    timezone: str, first: date, short_or_long_day: timedelta, hour: int, minute: int
) -> None:
    member = Member(datetime(2026, 1, 1, tzinfo=UTC), timezone)
    steps = nightly(member, first, nights=9, hour=hour, minute=minute)
    assert short_or_long_day in steps  # the run really crosses the change
    assert member.streaks() == Streaks(current=9, best=9)


def test_the_repeated_hour_when_clocks_go_back_is_one_day() -> None:
    # 02:30 happens twice in Berlin on 25 October 2026: at 00:30 and 01:30 UTC.
    member = Member(datetime(2026, 10, 24, 10, tzinfo=UTC), BERLIN)
    member.check_in()
    member.move_to(datetime(2026, 10, 25, 0, 30, tzinfo=UTC))
    first = member.check_in()
    member.move_to(datetime(2026, 10, 25, 1, 30, tzinfo=UTC))
    second = member.check_in()
    assert [moment.local_date for moment in member.checkins[1:]] == [date(2026, 10, 25)] * 2
    assert first == second == Streaks(current=2, best=2)


def test_moving_east_skips_a_date_without_breaking_the_streak() -> None:
    # Monday and Tuesday evenings in New York, then a flight to Tokyo.
    member = Member(wall(NEW_YORK, 2026, 6, 8, 22), NEW_YORK)
    member.check_in()
    member.move_to(wall(NEW_YORK, 2026, 6, 9, 23))
    member.check_in()
    member.timezone = TOKYO
    # Thursday 08:00 in Tokyo is Wednesday 19:00 in New York: Wednesday never existed locally.
    member.move_to(wall(TOKYO, 2026, 6, 11, 8))
    assert member.now().local_date - member.checkins[-1].local_date == timedelta(days=2)
    assert member.streaks() == Streaks(current=2, best=2)
    assert member.check_in() == Streaks(current=3, best=3)
    member.move_to(wall(TOKYO, 2026, 6, 12, 8))
    assert member.check_in() == Streaks(current=4, best=4)


def test_a_real_gap_in_one_timezone_still_ends_the_streak() -> None:
    # Only one day of real time apart, but no check-in on Tuesday's date at all.
    member = Member(wall(NEW_YORK, 2026, 6, 8, 23, 59), NEW_YORK)
    member.check_in()
    member.move_to(wall(NEW_YORK, 2026, 6, 10, 0, 1))
    assert member.streaks() == Streaks(current=0, best=1)
    assert member.check_in() == Streaks(current=1, best=1)


def test_moving_west_makes_today_earlier_yet_keeps_the_streak_and_never_doubles_it() -> None:
    member = Member(wall(TOKYO, 2026, 6, 6, 0, 30), TOKYO)
    for day in (6, 7, 8, 9):
        member.move_to(wall(TOKYO, 2026, 6, day, 0, 30))
        member.check_in()
    member.timezone = NEW_YORK
    # Tuesday 9 June 01:00 in Tokyo is still Monday 8 June in New York.
    member.move_to(wall(TOKYO, 2026, 6, 9, 1))
    assert member.now().local_date == date(2026, 6, 8) < member.checkins[-1].local_date
    assert member.streaks() == Streaks(current=4, best=4)
    # Half an hour after the last check-in: the same day, whichever calendar it is read in.
    assert member.check_in() == Streaks(current=4, best=4)
    # A day later, in New York: a new day lived, so the streak grows, once a day.
    member.move_to(wall(NEW_YORK, 2026, 6, 9, 12))
    assert member.check_in() == Streaks(current=5, best=5)
    member.move_to(wall(NEW_YORK, 2026, 6, 9, 20))
    assert member.check_in() == Streaks(current=5, best=5)
    member.move_to(wall(NEW_YORK, 2026, 6, 10, 12))
    assert member.check_in() == Streaks(current=6, best=6)


def test_a_timezone_set_by_mistake_and_corrected_an_hour_later_is_one_day() -> None:
    member = Member(wall(NEW_YORK, 2026, 11, 23, 20), TOKYO)  # Tuesday already, in Tokyo
    assert member.check_in() == Streaks(current=1, best=1)
    member.timezone = NEW_YORK
    member.move_to(wall(NEW_YORK, 2026, 11, 23, 21))  # still Monday where they are
    assert member.check_in() == Streaks(current=1, best=1)
    member.move_to(wall(NEW_YORK, 2026, 11, 24, 21))
    assert member.check_in() == Streaks(current=2, best=2)


def test_follows_uses_either_timezone_only_after_a_change() -> None:
    monday_night = LocalMoment.at(wall(NEW_YORK, 2026, 6, 8, 23), NEW_YORK)
    wednesday_morning_tokyo = LocalMoment.at(wall(TOKYO, 2026, 6, 10, 8), TOKYO)
    wednesday_morning_new_york = LocalMoment.at(wall(NEW_YORK, 2026, 6, 10, 8), NEW_YORK)
    assert follows(monday_night, wednesday_morning_tokyo)
    assert not follows(monday_night, wednesday_morning_new_york)


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (0, 1, None),
        (2, 3, 3),
        (3, 3, None),
        (6, 7, 7),
        (7, 8, None),
        (29, 30, 30),
        (99, 100, 100),
        (100, 101, None),
        (0, 3, 3),
        (2, 8, 7),
    ],
)
def test_milestone_reached(before: int, after: int, expected: int | None) -> None:
    assert milestone_reached(before, after) == expected


def test_milestones_over_a_week_of_checkins_fire_once_each() -> None:
    member = Member(wall(BERLIN, 2026, 3, 26, 21), BERLIN)
    reached = []
    for _ in range(8):
        for _ in range(2):  # twice a day: the second check-in must not congratulate again
            before = member.streaks().current
            reached.append(milestone_reached(before, member.check_in().current))
            member.move_to(member.clock.now() + timedelta(hours=1))
        member.move_to(member.clock.now() + timedelta(hours=22))
    assert [milestone for milestone in reached if milestone] == [3, 7]


moments_in_one_zone = st.lists(
    st.datetimes(
        # Hypothesis takes naive bounds and attaches the timezone itself.
        min_value=datetime(2025, 1, 1),
        max_value=datetime(2025, 3, 1),
        timezones=st.just(UTC),
    ),
    max_size=60,
)


@given(moments_in_one_zone, st.sampled_from([BERLIN, NEW_YORK, TOKYO, "UTC"]))
def test_streaks_count_distinct_dates(instants: list[datetime], timezone: str) -> None:
    checkins = [LocalMoment.at(instant, timezone) for instant in instants]
    now = LocalMoment.at(datetime(2025, 3, 1, 12, tzinfo=UTC), timezone)
    streaks = count_streaks(checkins, now)
    assert streaks.current <= streaks.best <= len({moment.local_date for moment in checkins})
    # Repeating every check-in changes nothing: a day counts once however often it appears.
    assert count_streaks(checkins + checkins[::-1], now) == streaks
    if checkins:
        assert streaks.best >= 1
