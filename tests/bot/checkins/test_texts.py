from datetime import date

import pytest

from bot.checkins.history import DayAverage, History, TagCount
from bot.checkins.streaks import MILESTONES, Streaks
from bot.checkins.tags import TagCatalogue
from bot.checkins.texts import (
    FIRST_CHECKIN,
    HARD_DAY,
    MILESTONE_CONGRATULATIONS,
    NO_HISTORY_YET,
    THANKS,
    WELCOME_BACK,
    confirmation,
    describe_history,
    milestone_announcement,
)

BLAMING_WORDS = ("broke", "broken", "lost", "missed", "failed", "should", "only")


def history(**overrides: object) -> History:
    fields: dict[str, object] = {
        "period_days": 30,
        "today": date(2026, 11, 22),
        "total_checkins": 12,
        "period_checkins": 10,
        "average_mood": 3.46,
        "previous_average_mood": 3.1,
        "streaks": Streaks(current=4, best=9),
        "top_tags": (TagCount("sleep", 5), TagCount("retired_tag", 1)),
        "days": (DayAverage(date(2026, 11, 22), 3.46, 10, 3.46),),
    }
    fields.update(overrides)
    return History(**fields)  # type: ignore[arg-type]


def test_first_checkin() -> None:
    assert confirmation(4, Streaks(0, 0), Streaks(1, 1), None) == FIRST_CHECKIN


def test_an_ongoing_streak_is_named() -> None:
    text = confirmation(3, Streaks(3, 5), Streaks(4, 5), None)
    assert text == f"{THANKS} You're on a 4-day streak."


def test_coming_back_after_a_gap_is_a_welcome_never_a_reproach() -> None:
    text = confirmation(3, Streaks(0, 12), Streaks(1, 12), None)
    assert text == WELCOME_BACK
    assert not any(word in text.lower() for word in BLAMING_WORDS)


def test_a_milestone_is_congratulated() -> None:
    text = confirmation(4, Streaks(6, 6), Streaks(7, 7), 7)
    assert text == f"{THANKS} You're on a 7-day streak. {MILESTONE_CONGRATULATIONS[7]}"


def test_a_rough_day_gets_a_gentle_word() -> None:
    assert confirmation(1, Streaks(2, 2), Streaks(3, 3), None).endswith(HARD_DAY)
    assert HARD_DAY not in confirmation(2, Streaks(2, 2), Streaks(3, 3), None)


def test_every_milestone_has_kind_words() -> None:
    assert set(MILESTONE_CONGRATULATIONS) == set(MILESTONES)
    for text in MILESTONE_CONGRATULATIONS.values():
        assert not any(word in text.lower() for word in BLAMING_WORDS)


def test_milestone_announcement() -> None:
    assert milestone_announcement("<@42>", 30) == "<@42> has checked in 30 days in a row. 🌱"


def test_history_lines() -> None:
    assert describe_history(history(), TagCatalogue.load()) == [
        "In the last 30 days: 10 check-ins, average mood 3.5 (about 😐 Okay).",
        "Up 0.4 on the 30 days before.",
        "Current streak: 4 days. Best so far: 9 days.",
        "Came up most: 😴 Sleep (5), retired_tag (1)",
    ]


@pytest.mark.parametrize(
    ("average", "previous", "line"),
    [
        (3.0, 3.02, "About the same as the 30 days before."),
        (2.5, 3.0, "A little lower than the 30 days before (-0.5). Moods move, and that's okay."),
    ],
)
def test_mood_change_lines(average: float, previous: float, line: str) -> None:
    lines = describe_history(
        history(average_mood=average, previous_average_mood=previous), TagCatalogue.load()
    )
    assert lines[1] == line


def test_halves_round_up_to_the_kinder_word() -> None:
    lines = describe_history(history(average_mood=2.5), TagCatalogue.load())
    assert "(about 😐 Okay)" in lines[0]


def test_no_history_yet_and_nothing_recent() -> None:
    tags = TagCatalogue.load()
    assert describe_history(history(total_checkins=0), tags) == [NO_HISTORY_YET]
    quiet = history(
        period_checkins=0,
        average_mood=None,
        previous_average_mood=None,
        streaks=Streaks(0, 1),
        top_tags=(),
        days=(),
    )
    assert describe_history(quiet, tags) == [
        "No check-ins in the last 30 days. It's good to see you again.",
        "Best streak so far: 1 day. A new one starts whenever you check in.",
    ]
