"""The server's daily post: every strategy once per cycle, in a fresh random order each cycle."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from bot.coping.categories import Category
from bot.coping.strategies import Strategy


@dataclass(frozen=True, slots=True)
class RotationPick:
    strategy: Strategy
    # The ids posted in the current cycle, this one last: what to store for the next call.
    cycle: tuple[str, ...]
    started_new_cycle: bool


def next_daily(
    strategies: Sequence[Strategy],
    posted_this_cycle: Sequence[str],
    *,
    rng: random.Random,
    prefer: frozenset[Category] = frozenset(),
) -> RotationPick:
    """The next strategy to post, given the ids already posted this cycle, oldest first.

    Nothing repeats until every strategy has been posted; the first post of a new cycle is
    never the last of the previous one. Among what is left, categories in `prefer` (an
    awareness day's theme) go first. Ids no longer in the content are ignored.
    """
    if not strategies:
        raise ValueError("there are no strategies to post")
    known = {strategy.id for strategy in strategies}
    posted = tuple(strategy_id for strategy_id in posted_this_cycle if strategy_id in known)
    remaining = [strategy for strategy in strategies if strategy.id not in posted]
    started_new_cycle = not remaining
    if started_new_cycle:
        remaining = [s for s in strategies if s.id != posted[-1]] or list(strategies)
        posted = ()
    preferred = [strategy for strategy in remaining if strategy.category in prefer]
    chosen = rng.choice(preferred or remaining)
    return RotationPick(chosen, (*posted, chosen.id), started_new_cycle)
