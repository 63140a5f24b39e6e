import random
from collections import Counter
from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from bot.coping import FAVOURITE_WEIGHT, Category, Strategy, pick

MakeStrategy = Callable[..., Strategy]

SEEDS = st.integers(min_value=0, max_value=2**32 - 1)


@given(seed=SEEDS, size=st.integers(min_value=2, max_value=30), data=st.data())
def test_never_repeats_the_one_just_shown_when_there_is_another(
    make_strategy: MakeStrategy, seed: int, size: int, data: st.DataObject
) -> None:
    strategies = [make_strategy(f"s{index}") for index in range(size)]
    shown = data.draw(st.sampled_from(strategies))
    favourites = frozenset({shown.id})  # even a favourite must not come straight back

    chosen = pick(strategies, exclude_id=shown.id, favourites=favourites, rng=random.Random(seed))

    assert chosen is not None
    assert chosen.id != shown.id


def test_shows_the_excluded_one_again_when_it_is_the_only_choice(
    make_strategy: MakeStrategy,
) -> None:
    only = make_strategy("only")

    assert pick([only], exclude_id="only", rng=random.Random(1)) == only


@given(seed=SEEDS)
def test_stays_inside_the_asked_category(make_strategy: MakeStrategy, seed: int) -> None:
    strategies = [
        make_strategy("breath", Category.BREATHING),
        make_strategy("walk", Category.MOVEMENT),
        make_strategy("stretch", Category.MOVEMENT),
    ]

    chosen = pick(strategies, Category.MOVEMENT, exclude_id="walk", rng=random.Random(seed))

    assert chosen is not None
    assert chosen.id == "stretch"


def test_returns_none_when_the_category_has_nothing(make_strategy: MakeStrategy) -> None:
    strategies = [make_strategy("breath", Category.BREATHING)]

    assert pick(strategies, Category.SLEEP, rng=random.Random(1)) is None


def test_favourites_come_up_about_three_times_as_often_without_crowding_out_others(
    make_strategy: MakeStrategy,
) -> None:
    strategies = [make_strategy(f"s{index}") for index in range(10)]
    rng = random.Random(20261122)
    draws = 12_000

    counts = Counter(
        chosen.id
        for chosen in (
            pick(strategies, favourites=frozenset({"s0"}), rng=rng) for _ in range(draws)
        )
        if chosen is not None
    )

    # One favourite at weight 3 among nine others at weight 1: it should get 3/12 of the picks.
    expected_share = FAVOURITE_WEIGHT / (FAVOURITE_WEIGHT + 9)
    assert abs(counts["s0"] / draws - expected_share) < 0.02
    others = [counts[f"s{index}"] for index in range(1, 10)]
    assert min(others) > 0
    assert counts["s0"] > 2.5 * (sum(others) / len(others))
