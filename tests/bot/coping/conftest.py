from collections.abc import Callable

import pytest

from bot.coping import Category, Strategy

MakeStrategy = Callable[..., Strategy]


@pytest.fixture(scope="session")  # session scope so hypothesis tests may use it too
def make_strategy() -> MakeStrategy:
    def make(strategy_id: str, category: Category = Category.BREATHING) -> Strategy:
        return Strategy(
            id=strategy_id,
            title=f"Strategy {strategy_id}",
            category=category,
            minutes=2,
            summary="A small thing to try.",
            steps=("Breathe in slowly.", "Breathe out slowly."),
            source_name="Example health body",
            source_url="https://example.org/coping",
        )

    return make
