import json
import random
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.content_errors import ContentError
from bot.coping import (
    AwarenessCalendar,
    Category,
    Strategy,
    strategy_card,
    themed_card,
    themed_pick,
)

MakeStrategy = Callable[..., Strategy]

FILE_NAME = "awareness_days.toml"


def day_entry(day_id: str, rule: str, **extra: object) -> dict[str, Any]:
    return {
        "id": day_id,
        "name": day_id.replace("-", " ").title(),
        "rule": rule,
        "intro": "A warm hello for the day.",
        "source_url": "https://example.org/day",
        **extra,
    }


def write_days(directory: Path, entries: list[dict[str, Any]]) -> Path:
    lines: list[str] = []
    for entry in entries:
        lines.append("[[day]]")
        for key, value in entry.items():
            # TOML dates are bare, which JSON can't say; every other value here is valid JSON too.
            rendered = (
                "[" + ", ".join(d.isoformat() for d in value) + "]"
                if key == "announced_starts"
                else json.dumps(value)
            )
            lines.append(f"{key} = {rendered}")
    path = directory / FILE_NAME
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def load(directory: Path, *entries: dict[str, Any]) -> AwarenessCalendar:
    return AwarenessCalendar.load(write_days(directory, list(entries)))


def test_finds_a_single_day_and_nothing_either_side(tmp_path: Path) -> None:
    calendar = load(tmp_path, day_entry("talk-day", "first Thursday of February"))

    assert calendar.awareness_day_for(date(2026, 2, 5)) == calendar.days[0]
    assert calendar.awareness_day_for(date(2027, 2, 4)) == calendar.days[0]
    assert calendar.awareness_day_for(date(2026, 2, 4)) is None
    assert calendar.awareness_day_for(date(2026, 2, 6)) is None


def test_a_week_covers_seven_days_and_a_single_day_inside_it_wins(tmp_path: Path) -> None:
    calendar = load(
        tmp_path,
        day_entry("awareness-week", "second Monday of May", days=7),
        day_entry("kindness-day", "13 May"),
    )
    week, single = calendar.days

    assert calendar.awareness_day_for(date(2026, 5, 11)) == week
    assert calendar.awareness_day_for(date(2026, 5, 13)) == single
    assert calendar.awareness_day_for(date(2026, 5, 17)) == week
    assert calendar.awareness_day_for(date(2026, 5, 18)) is None


def test_a_stretch_running_over_new_year_is_found_in_january(tmp_path: Path) -> None:
    calendar = load(tmp_path, day_entry("winter-week", "30 December", days=5))

    assert calendar.awareness_day_for(date(2027, 1, 2)) == calendar.days[0]
    assert calendar.awareness_day_for(date(2027, 1, 4)) is None


def test_an_announced_start_replaces_the_rule_for_that_year_only(tmp_path: Path) -> None:
    calendar = load(
        tmp_path,
        day_entry("week", "second Monday of May", days=7, announced_starts=[date(2023, 5, 15)]),
    )
    week = calendar.days[0]

    assert week.start_in(2023) == date(2023, 5, 15)
    assert week.start_in(2024) == date(2024, 5, 13)
    assert calendar.awareness_day_for(date(2023, 5, 8)) is None
    assert calendar.awareness_day_for(date(2023, 5, 21)) == week


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"rule": "fifth Sunday of June"}, "can't read the date rule"),
        ({"categories": ["napping"]}, "unknown categories napping"),
        ({"source_url": "http://example.org/day"}, "https://"),
        ({"days": 0}, "days must be between"),
        ({"intro": "x" * 400}, "keep it under"),
        ({"intro": "  "}, "intro must be non-empty"),
        (
            {"announced_starts": [date(2026, 5, 11), date(2026, 5, 18)]},
            "two dates in the same year",
        ),
        ({"colour": "green"}, "unknown keys colour"),
    ],
)
def test_bad_day_names_file_and_entry(
    tmp_path: Path, extra: dict[str, object], expected: str
) -> None:
    entry = day_entry("broken-day", "10 October") | extra

    with pytest.raises(ContentError, match=r'awareness_days\.toml: day "broken-day"') as raised:
        load(tmp_path, day_entry("fine-day", "1 March"), entry)

    assert expected in str(raised.value)


def test_announced_starts_must_be_dates(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    path.write_text(
        '[[day]]\nid = "d"\nname = "D"\nrule = "1 May"\nintro = "Hi."\n'
        'source_url = "https://example.org"\nannounced_starts = ["2026-05-01"]\n',
        encoding="utf-8",
    )

    with pytest.raises(ContentError, match="announced_starts must be a list of dates"):
        AwarenessCalendar.load(path)


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    first = day_entry("same", "1 March")
    second = day_entry("same", "2 March") | {"name": "Other name"}

    with pytest.raises(ContentError, match=r'day "same" repeats the id of day "same"'):
        load(tmp_path, first, second)


@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_themed_pick_stays_within_the_days_categories(
    make_strategy: MakeStrategy, seed: int
) -> None:
    calendar = AwarenessCalendar.load()
    sleep_day = next(day for day in calendar.days if day.id == "world-sleep-day")
    strategies = [
        make_strategy("breath", Category.BREATHING),
        make_strategy("wind-down", Category.SLEEP),
        make_strategy("dark-room", Category.SLEEP),
    ]

    chosen = themed_pick(strategies, sleep_day, rng=random.Random(seed), exclude_id="wind-down")

    assert chosen is not None
    assert chosen.id == "dark-room"


def test_themed_pick_uses_everything_when_the_day_names_no_category(
    tmp_path: Path, make_strategy: MakeStrategy
) -> None:
    day = load(tmp_path, day_entry("plain-day", "1 June")).days[0]
    strategies = [make_strategy("breath", Category.BREATHING)]

    assert themed_pick(strategies, day, rng=random.Random(5)) == strategies[0]


def test_themed_card_opens_with_the_days_intro_and_still_fits(make_strategy: MakeStrategy) -> None:
    calendar = AwarenessCalendar.load()
    day = next(day for day in calendar.days if day.id == "world-mental-health-day")
    strategy = make_strategy("breath")

    card = themed_card(strategy, day)

    assert card.description == f"{day.intro}\n\n{strategy.summary}"
    assert card.fields == strategy_card(strategy).fields
    assert card.limit_problems() == []
