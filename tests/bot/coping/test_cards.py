from collections.abc import Callable
from dataclasses import replace

import pytest

from bot.coping import Card, CardField, Category, Strategy, strategy_card
from bot.coping.cards import (
    DESCRIPTION_LIMIT,
    FIELD_COUNT_LIMIT,
    FIELD_NAME_LIMIT,
    FIELD_VALUE_LIMIT,
    FOOTER_LIMIT,
    TITLE_LIMIT,
    TOTAL_LIMIT,
)

MakeStrategy = Callable[..., Strategy]


def test_card_numbers_the_steps_and_credits_the_source(make_strategy: MakeStrategy) -> None:
    strategy = replace(make_strategy("box", Category.BREATHING), minutes=3)

    card = strategy_card(strategy)

    assert card.title == strategy.title
    assert card.description == strategy.summary
    assert card.fields[0] == CardField("Try this", "1. Breathe in slowly.\n2. Breathe out slowly.")
    assert card.fields[1] == CardField("Takes about", "3 minutes", inline=True)
    assert card.fields[2].value == "[Example health body](https://example.org/coping)"
    assert card.footer.startswith("Breathing · ")
    assert card.url == "https://example.org/coping"
    assert card.limit_problems() == []


def test_one_minute_is_singular(make_strategy: MakeStrategy) -> None:
    card = strategy_card(replace(make_strategy("quick"), minutes=1))

    assert card.fields[1].value == "1 minute"


def test_total_length_counts_every_text_discord_counts() -> None:
    card = Card("ab", "cde", (CardField("f", "gh"), CardField("i", "jkl")), "mn")

    assert card.total_length() == 2 + 3 + (1 + 2) + (1 + 3) + 2


@pytest.mark.parametrize(
    ("card", "problem"),
    [
        (Card("t" * (TITLE_LIMIT + 1), "", (), ""), "the title is 257"),
        (Card("", "d" * (DESCRIPTION_LIMIT + 1), (), ""), "the description is 4097"),
        (Card("", "", (CardField("Steps", "v" * (FIELD_VALUE_LIMIT + 1)),), ""), "'Steps' is over"),
        (Card("", "", (CardField("n" * (FIELD_NAME_LIMIT + 1), "v"),), ""), "field name 'nnn"),
        (Card("", "", (), "f" * (FOOTER_LIMIT + 1)), "the footer is 2049"),
        (
            Card("", "", (CardField("n", "v"),) * (FIELD_COUNT_LIMIT + 1), ""),
            "26 fields, over Discord's 25",
        ),
        (
            Card("", "d" * 4000, (CardField("n", "v" * 1000),) * 2, ""),
            f"the whole card is 6002 characters, over Discord's {TOTAL_LIMIT}",
        ),
    ],
)
def test_each_embed_limit_is_checked(card: Card, problem: str) -> None:
    problems = card.limit_problems()

    assert any(problem in found for found in problems), problems


def test_a_card_exactly_at_the_limits_fits() -> None:
    card = Card("t" * TITLE_LIMIT, "d" * 3000, (CardField("n", "v" * FIELD_VALUE_LIMIT),), "f")

    assert card.limit_problems() == []
