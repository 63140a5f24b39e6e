"""Coping strategies loaded from data/coping.toml and checked before the bot starts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.content_errors import ContentError
from bot.coping.cards import strategy_card
from bot.coping.categories import Category
from bot.coping.toml_entries import Entry, read_entries, reject_repeats
from bot.paths import DATA_DIR

COPING_FILE = DATA_DIR / "coping.toml"
MIN_STEPS = 2
MAX_STEPS = 6
MAX_MINUTES = 60
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
STRATEGY_KEYS = frozenset(
    {"id", "title", "category", "minutes", "summary", "steps", "source_name", "source_url"}
)


@dataclass(frozen=True, slots=True)
class Strategy:
    id: str
    title: str
    category: Category
    minutes: int
    summary: str
    steps: tuple[str, ...]
    source_name: str
    source_url: str


@dataclass(frozen=True, slots=True)
class CopingLibrary:
    """Every strategy, in file order, with every category holding at least one."""

    strategies: tuple[Strategy, ...]

    @classmethod
    def load(cls, path: Path = COPING_FILE) -> CopingLibrary:
        strategies = tuple(_read_strategy(entry) for entry in read_entries(path, "strategy"))
        reject_repeats(path, "strategy", "id", ((s.id, s.id) for s in strategies))
        reject_repeats(path, "strategy", "title", ((s.title.casefold(), s.id) for s in strategies))
        empty = [category.value for category in Category if not _in_category(strategies, category)]
        if empty:
            raise ContentError(f"{path.name}: no strategies in the categories {', '.join(empty)}")
        return cls(strategies)

    def by_id(self, strategy_id: str) -> Strategy | None:
        return next((s for s in self.strategies if s.id == strategy_id), None)

    def in_category(self, category: Category) -> tuple[Strategy, ...]:
        return _in_category(self.strategies, category)


def _in_category(strategies: tuple[Strategy, ...], category: Category) -> tuple[Strategy, ...]:
    return tuple(strategy for strategy in strategies if strategy.category is category)


def _read_strategy(entry: Entry) -> Strategy:
    entry.require_keys(STRATEGY_KEYS)
    strategy_id = entry.text("id")
    if not SLUG.fullmatch(strategy_id):
        raise entry.error("id must be a slug of lowercase letters, digits and single hyphens")
    category_name = entry.text("category")
    try:
        category = Category(category_name)
    except ValueError:
        known = ", ".join(Category)
        raise entry.error(f"unknown category {category_name!r}; use one of {known}") from None
    steps = entry.texts("steps")
    if not MIN_STEPS <= len(steps) <= MAX_STEPS:
        raise entry.error(f"needs {MIN_STEPS} to {MAX_STEPS} steps, not {len(steps)}")
    strategy = Strategy(
        id=strategy_id,
        title=entry.text("title"),
        category=category,
        minutes=entry.integer("minutes", minimum=1, maximum=MAX_MINUTES),
        summary=entry.text("summary"),
        steps=steps,
        source_name=entry.text("source_name"),
        source_url=entry.https_url("source_url"),
    )
    problems = strategy_card(strategy).limit_problems()
    if problems:
        raise entry.error(f"too long for a Discord embed: {'; '.join(problems)}")
    return strategy
