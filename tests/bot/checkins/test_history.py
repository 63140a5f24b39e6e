from datetime import UTC, date, datetime

import pytest

from bot.checkins.entries import Checkin
from bot.checkins.history import (
    DayAverage,
    TagCount,
    daily_averages,
    summarise_history,
)
from bot.checkins.moments import LocalMoment
from bot.checkins.streaks import Streaks

NOW = LocalMoment.at(datetime(2026, 11, 22, 12, tzinfo=UTC), "UTC")


def checkin(day: date, mood: int, *tags: str, hour: int = 9) -> Checkin:
    instant = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
    return Checkin(
        checkin_id=hash((day, hour)),
        user_id=1,
        guild_id=None,
        moment=LocalMoment.at(instant, "UTC"),
        mood=mood,
        note=None,
        tags=tags,
        shared_message_id=None,
    )


def nov(day: int) -> date:
    return date(2026, 11, day)


HISTORY = [
    checkin(nov(1), 5),  # before both periods: only streaks and totals see it
    checkin(nov(10), 2),  # previous week
    checkin(nov(15), 1, "stress"),  # previous week
    checkin(nov(16), 3, "sleep"),  # first day of this week
    checkin(nov(21), 5, "grateful"),
    checkin(nov(22), 4, "sleep", "stress", hour=8),
    checkin(nov(22), 2, "stress", hour=11),
]


def test_a_week_of_history_in_exact_numbers() -> None:
    history = summarise_history(HISTORY, NOW, period_days=7)
    assert history.total_checkins == 7
    assert history.period_checkins == 4
    assert history.average_mood == pytest.approx(3.5)  # (3 + 5 + 4 + 2) / 4
    assert history.previous_average_mood == pytest.approx(1.5)  # (2 + 1) / 2
    assert history.mood_change == pytest.approx(2.0)
    assert history.streaks == Streaks(current=2, best=2)  # 15-16 and 21-22 November
    assert history.top_tags == (
        TagCount("sleep", 2),
        TagCount("stress", 2),
        TagCount("grateful", 1),
    )
    # Rolling averages over 7 dates: 16 November also sees 10 and 15 November, before the period.
    assert [(day.local_date, day.average, day.checkins) for day in history.days] == [
        (nov(16), 3.0, 1),
        (nov(21), 5.0, 1),
        (nov(22), 3.0, 2),
    ]
    rolling = [day.rolling_average for day in history.days]
    assert rolling == pytest.approx([(2 + 1 + 3) / 3, (1 + 3 + 5) / 3, (3 + 5 + 3) / 3])
    assert not history.is_empty


def test_the_default_period_is_thirty_days() -> None:
    history = summarise_history(HISTORY, NOW)
    assert history.period_days == 30
    # 24 October to 22 November: everything; nothing in the 30 days before.
    assert history.period_checkins == 7
    assert history.average_mood == pytest.approx(22 / 7)
    assert history.previous_average_mood is None
    assert history.mood_change is None
    assert history.top_tags == (
        TagCount("stress", 3),
        TagCount("sleep", 2),
        TagCount("grateful", 1),
    )


def test_no_history_yet() -> None:
    history = summarise_history([], NOW)
    assert history.is_empty
    assert history.average_mood is None
    assert history.mood_change is None
    assert history.streaks == Streaks(0, 0)
    assert history.top_tags == ()
    assert history.days == ()


def test_history_long_ago_but_nothing_recent() -> None:
    history = summarise_history([checkin(date(2026, 1, 5), 4)], NOW)
    assert not history.is_empty
    assert history.period_checkins == 0
    assert history.average_mood is None
    assert history.streaks == Streaks(current=0, best=1)


def test_a_date_after_today_from_a_move_west_still_counts_in_this_period() -> None:
    tomorrow = checkin(nov(23), 4)
    history = summarise_history([tomorrow], NOW, period_days=7)
    assert history.period_checkins == 1
    assert history.days == (DayAverage(nov(23), 4.0, 1, 4.0),)


def test_a_period_must_be_at_least_a_day() -> None:
    with pytest.raises(ValueError, match="at least one day"):
        summarise_history(HISTORY, NOW, period_days=0)


def test_daily_averages_count_every_checkin_of_the_day() -> None:
    (day,) = daily_averages([checkin(nov(2), 1, hour=8), checkin(nov(2), 2), checkin(nov(2), 5)])
    assert (day.local_date, day.checkins) == (nov(2), 3)
    assert day.average == pytest.approx(8 / 3)
    assert day.rolling_average == pytest.approx(8 / 3)


def test_rolling_average_covers_seven_dates_and_skips_empty_ones() -> None:
    checkins = [
        checkin(nov(1), 1),
        checkin(nov(2), 2, hour=8),
        checkin(nov(2), 4),  # 2 November averages 3
        checkin(nov(9), 5),  # its 7 dates start on 3 November
        checkin(nov(10), 2),
    ]
    week = [day.rolling_average for day in daily_averages(checkins)]
    assert week == pytest.approx([1.0, 2.0, 5.0, 3.5])
    ten_days = [day.rolling_average for day in daily_averages(checkins, window_days=10)]
    assert ten_days == pytest.approx([1.0, 2.0, 3.0, 2.75])
    assert daily_averages([]) == ()
