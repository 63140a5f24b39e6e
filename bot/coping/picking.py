"""Choosing a strategy to show someone who asked for one."""

from __future__ import annotations

import random
from collections.abc import Sequence

from bot.coping.categories import Category
from bot.coping.strategies import Strategy

# A favourite comes up three times as often as any other strategy, never to their exclusion.
FAVOURITE_WEIGHT = 3


def pick(
    strategies: Sequence[Strategy],
    category: Category | None = None,
    exclude_id: str | None = None,
    favourites: frozenset[str] = frozenset(),
    *,
    rng: random.Random,
) -> Strategy | None:
    """A strategy from `category` (any when None), or None when there is none to pick.

    `exclude_id` is the one just shown: it comes back only when it is the only choice.
    """
    pool = [s for s in strategies if category is None or s.category is category]
    pool = [s for s in pool if s.id != exclude_id] or pool
    if not pool:
        return None
    weights = [FAVOURITE_WEIGHT if s.id in favourites else 1 for s in pool]
    return rng.choices(pool, weights=weights)[0]
