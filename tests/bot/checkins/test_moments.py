from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from bot.checkins.moments import LocalMoment


def test_the_local_date_is_taken_in_the_members_timezone() -> None:
    instant = datetime(2026, 6, 8, 23, 30, tzinfo=UTC)
    assert LocalMoment.at(instant, "UTC").local_date == date(2026, 6, 8)
    assert LocalMoment.at(instant, "Asia/Tokyo").local_date == date(2026, 6, 9)
    assert LocalMoment.at(instant, "America/Los_Angeles").local_date == date(2026, 6, 8)


def test_the_instant_is_kept_in_utc() -> None:
    plus_two = timezone(timedelta(hours=2))
    moment = LocalMoment.at(datetime(2026, 6, 9, 1, 0, tzinfo=plus_two), "Europe/Berlin")
    assert moment.instant == datetime(2026, 6, 8, 23, 0, tzinfo=UTC)
    assert moment.instant.tzinfo is UTC
    assert moment.local_date == date(2026, 6, 9)
    assert moment.date_in("UTC") == date(2026, 6, 8)


def test_a_naive_instant_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        LocalMoment.at(datetime(2026, 6, 8), "UTC")
