import itertools
import random
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.coping import Category, Strategy, next_daily

MakeStrategy = Callable[..., Strategy]

SEEDS = st.integers(min_value=0, max_value=2**32 - 1)


@given(seed=SEEDS, size=st.integers(min_value=1, max_value=25))
def test_every_strategy_once_per_cycle_and_no_repeat_across_cycles(
    make_strategy: MakeStrategy, seed: int, size: int
) -> None:
    strategies = [make_strategy(f"s{index}") for index in range(size)]
    rng = random.Random(seed)
    posted: tuple[str, ...] = ()
    history: list[str] = []
    cycles: list[list[str]] = []

    for _ in range(size * 3):
        step = next_daily(strategies, posted, rng=rng)
        if step.started_new_cycle or not cycles:
            cycles.append([])
        cycles[-1].append(step.strategy.id)
        history.append(step.strategy.id)
        posted = step.cycle
        assert posted[-1] == step.strategy.id

    assert len(cycles) == 3
    for cycle in cycles:
        assert sorted(cycle) == sorted(s.id for s in strategies)
    if size > 1:
        assert all(before != after for before, after in itertools.pairwise(history))


def test_ids_no_longer_in_the_content_are_ignored(make_strategy: MakeStrategy) -> None:
    strategies = [make_strategy("a"), make_strategy("b")]

    step = next_daily(strategies, ["removed", "a"], rng=random.Random(3))

    assert step.strategy.id == "b"
    assert step.cycle == ("a", "b")
    assert not step.started_new_cycle


@given(seed=SEEDS)
def test_preferred_categories_go_first_within_the_cycle(
    make_strategy: MakeStrategy, seed: int
) -> None:
    strategies = [
        make_strategy("breath", Category.BREATHING),
        make_strategy("walk", Category.MOVEMENT),
        make_strategy("sleep", Category.SLEEP),
        make_strategy("nap", Category.SLEEP),
    ]
    rng = random.Random(seed)
    prefer = frozenset({Category.SLEEP})

    first = next_daily(strategies, ["breath"], rng=rng, prefer=prefer)
    second = next_daily(strategies, first.cycle, rng=rng, prefer=prefer)
    third = next_daily(strategies, second.cycle, rng=rng, prefer=prefer)

    assert {first.strategy.id, second.strategy.id} == {"sleep", "nap"}
    assert third.strategy.id == "walk"  # nothing preferred is left, so the rest of the cycle


def test_a_single_strategy_is_posted_again_in_each_new_cycle(make_strategy: MakeStrategy) -> None:
    only = make_strategy("only")

    step = next_daily([only], ["only"], rng=random.Random(1))

    assert step.strategy == only
    assert step.started_new_cycle
    assert step.cycle == ("only",)


def test_refuses_an_empty_list() -> None:
    with pytest.raises(ValueError, match="no strategies"):
        next_daily([], [], rng=random.Random(1))
