import zoneinfo
from datetime import UTC, datetime

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.timezones import (
    COMMON_TIMEZONES,
    MAX_SUGGESTIONS,
    UnknownTimezoneError,
    canonical_timezone,
    label_with_local_time,
    search_timezones,
)


def test_every_common_timezone_is_a_real_zone() -> None:
    for name in COMMON_TIMEZONES:
        assert canonical_timezone(name) == name
        zoneinfo.ZoneInfo(name)
    assert len(set(COMMON_TIMEZONES)) == len(COMMON_TIMEZONES)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("europe/berlin", "Europe/Berlin"),
        ("  America/New York ", "America/New_York"),
        ("utc", "UTC"),
        ("ASIA/KOLKATA", "Asia/Kolkata"),
    ],
)
def test_canonical_timezone_ignores_case_and_spaces(typed: str, expected: str) -> None:
    assert canonical_timezone(typed) == expected


@pytest.mark.parametrize("typed", ["", "Berlin", "Mars/Olympus", "../etc/passwd", "localtime"])
def test_unknown_timezones_are_refused_kindly(typed: str) -> None:
    with pytest.raises(UnknownTimezoneError, match="Europe/Berlin"):
        canonical_timezone(typed)


def test_an_empty_query_suggests_the_common_zones_in_order() -> None:
    assert search_timezones("") == list(COMMON_TIMEZONES[:MAX_SUGGESTIONS])
    assert search_timezones("  ", limit=3) == ["UTC", "America/New_York", "America/Chicago"]


def test_common_zones_come_first_then_city_prefixes_then_the_rest() -> None:
    assert search_timezones("lon") == [
        "Europe/London",  # common
        "Arctic/Longyearbyen",  # the city starts with the query
        "America/Blanc-Sablon",  # elsewhere in the name, alphabetical
        "America/Miquelon",
    ]


def test_search_matches_city_names_with_spaces_and_any_case() -> None:
    assert search_timezones("LOS ANGELES") == ["America/Los_Angeles"]
    assert search_timezones("new york") == ["America/New_York"]
    assert search_timezones("no such place") == []


def test_search_stops_at_the_limit() -> None:
    assert len(search_timezones("a")) == MAX_SUGGESTIONS
    assert search_timezones("an", limit=2) == ["America/Los_Angeles", "America/Anchorage"]


ZONES = sorted(zoneinfo.available_timezones())
pieces_of_zone_names = st.sampled_from(ZONES).flatmap(
    lambda name: st.tuples(st.integers(0, len(name)), st.integers(0, len(name))).map(
        lambda bounds: name[min(bounds) : max(bounds)]
    )
)
queries = st.one_of(st.text(max_size=40), pieces_of_zone_names, pieces_of_zone_names.map(str.upper))


@given(queries, st.integers(min_value=1, max_value=MAX_SUGGESTIONS))
def test_search_never_raises_and_returns_only_valid_zones(query: str, limit: int) -> None:
    results = search_timezones(query, limit)
    assert len(results) <= limit
    assert len(set(results)) == len(results)
    for name in results:
        assert canonical_timezone(name) == name
        zoneinfo.ZoneInfo(name)


@given(st.sampled_from([name for name in ZONES if "/" in name]), st.data())
def test_any_piece_of_a_zone_name_in_any_case_finds_that_zone(
    name: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(name) - 1))
    piece = name[start : data.draw(st.integers(start + 1, len(name)))]
    assume(piece.strip("_"))
    assert name in search_timezones(piece.swapcase(), limit=len(ZONES))


def test_the_label_shows_the_local_time_now() -> None:
    now = datetime(2026, 1, 15, 20, 30, tzinfo=UTC)
    assert label_with_local_time("Europe/Berlin", now) == "Europe/Berlin (now 21:30)"
    assert label_with_local_time("Asia/Kolkata", now) == "Asia/Kolkata (now 02:00)"
