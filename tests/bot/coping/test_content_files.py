"""The real data files: they load, and they keep the promises the issue makes about them."""

import re
from datetime import date
from urllib.parse import urlsplit

import pytest

from bot.coping import (
    AwarenessCalendar,
    AwarenessDay,
    Category,
    CopingLibrary,
    Strategy,
    strategy_card,
    themed_card,
)
from bot.coping.cards import TOTAL_LIMIT

LIBRARY = CopingLibrary.load()
CALENDAR = AwarenessCalendar.load()
# Sources must be health bodies, universities or charities, never a meditation app.
APP_HOSTS = ("headspace.com", "calm.com", "insighttimer.com")


def test_there_are_at_least_sixty_strategies() -> None:
    assert len(LIBRARY.strategies) >= 60


@pytest.mark.parametrize("category", list(Category))
def test_every_category_has_at_least_four(category: Category) -> None:
    assert len(LIBRARY.in_category(category)) >= 4


@pytest.mark.parametrize("strategy", LIBRARY.strategies, ids=lambda s: s.id)
def test_every_strategy_cites_an_https_page_and_fits_a_card(strategy: Strategy) -> None:
    parts = urlsplit(strategy.source_url)
    card = strategy_card(strategy)

    assert parts.scheme == "https"
    assert parts.hostname is not None
    assert not parts.hostname.endswith(APP_HOSTS)
    assert card.limit_problems() == []
    assert card.total_length() <= TOTAL_LIMIT


@pytest.mark.parametrize("strategy", LIBRARY.strategies, ids=lambda s: s.id)
def test_steps_read_as_finished_sentences(strategy: Strategy) -> None:
    assert all(re.search(r"[.!?'\"…)]$", step) for step in strategy.steps), strategy.steps


@pytest.mark.parametrize("day", CALENDAR.days, ids=lambda d: d.id)
def test_every_strategy_fits_with_every_days_intro(day: AwarenessDay) -> None:
    assert all(themed_card(s, day).limit_problems() == [] for s in LIBRARY.strategies)


def test_awareness_days_load_with_sources_and_themes() -> None:
    assert len(CALENDAR.days) >= 8
    for day in CALENDAR.days:
        assert urlsplit(day.source_url).scheme == "https"
        assert day.intro


@pytest.mark.parametrize(
    ("day", "expected_id"),
    [
        ("2026-02-05", "time-to-talk-day"),
        ("2027-02-04", "time-to-talk-day"),
        ("2026-03-12", "university-mental-health-day"),
        ("2026-03-13", "world-sleep-day"),
        ("2026-03-20", "international-day-of-happiness"),
        ("2026-05-14", "mental-health-awareness-week"),
        ("2023-05-21", "mental-health-awareness-week"),
        ("2026-09-10", "world-suicide-prevention-day"),
        ("2026-10-10", "world-mental-health-day"),
        ("2026-11-13", "world-kindness-day"),
    ],
)
def test_real_awareness_days_fall_where_expected(day: str, expected_id: str) -> None:
    found = CALENDAR.awareness_day_for(date.fromisoformat(day))

    assert found is not None
    assert found.id == expected_id


def test_an_ordinary_day_has_no_awareness_day() -> None:
    assert CALENDAR.awareness_day_for(date(2026, 6, 2)) is None
