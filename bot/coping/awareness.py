"""Awareness days from data/awareness_days.toml: which one a date falls in, and its theme."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from bot.coping.cards import Card, strategy_card
from bot.coping.categories import Category
from bot.coping.date_rules import DateRule, parse_rule
from bot.coping.picking import pick
from bot.coping.strategies import Strategy
from bot.coping.toml_entries import Entry, read_entries, reject_repeats
from bot.paths import DATA_DIR

AWARENESS_FILE = DATA_DIR / "awareness_days.toml"
MAX_LENGTH_DAYS = 31
# The intro opens the daily post; tests check every card still fits Discord with every intro.
MAX_INTRO_LENGTH = 300
REQUIRED_KEYS = frozenset({"id", "name", "rule", "intro", "source_url"})
OPTIONAL_KEYS = frozenset({"days", "categories", "announced_starts"})


@dataclass(frozen=True, slots=True)
class AwarenessDay:
    id: str
    name: str
    rule: DateRule
    length_days: int
    intro: str
    categories: frozenset[Category]
    source_url: str
    # Start dates the organisers chose where they departed from the usual rule, one a year.
    announced_starts: tuple[date, ...] = ()

    def start_in(self, year: int) -> date:
        announced = next((d for d in self.announced_starts if d.year == year), None)
        return announced or self.rule.in_year(year)

    def covers(self, day: date) -> bool:
        # Last year's occurrence matters too when it runs across New Year.
        return any(
            start <= day < start + timedelta(days=self.length_days)
            for start in (self.start_in(day.year - 1), self.start_in(day.year))
        )


@dataclass(frozen=True, slots=True)
class AwarenessCalendar:
    days: tuple[AwarenessDay, ...]

    @classmethod
    def load(cls, path: Path = AWARENESS_FILE) -> AwarenessCalendar:
        days = tuple(_read_day(entry) for entry in read_entries(path, "day"))
        reject_repeats(path, "day", "id", ((day.id, day.id) for day in days))
        reject_repeats(path, "day", "name", ((day.name.casefold(), day.id) for day in days))
        return cls(days)

    def awareness_day_for(self, day: date) -> AwarenessDay | None:
        """The awareness day `day` falls in; a single day wins over a week around it."""
        covering = [awareness_day for awareness_day in self.days if awareness_day.covers(day)]
        return min(covering, key=lambda awareness_day: awareness_day.length_days, default=None)


def themed_pick(
    strategies: Sequence[Strategy],
    day: AwarenessDay,
    *,
    rng: random.Random,
    exclude_id: str | None = None,
    favourites: frozenset[str] = frozenset(),
) -> Strategy | None:
    """A pick from the day's categories, or from everything when it names none."""
    themed = [s for s in strategies if s.category in day.categories] or list(strategies)
    return pick(themed, exclude_id=exclude_id, favourites=favourites, rng=rng)


def themed_card(strategy: Strategy, day: AwarenessDay) -> Card:
    """The strategy's card for the daily post on an awareness day, opening with the day's intro."""
    card = strategy_card(strategy)
    return replace(card, description=f"{day.intro}\n\n{card.description}")


def _read_day(entry: Entry) -> AwarenessDay:
    entry.require_keys(REQUIRED_KEYS, OPTIONAL_KEYS)
    try:
        rule = parse_rule(entry.text("rule"))
    except ValueError as error:
        raise entry.error(str(error)) from None
    category_names = entry.texts("categories", default=())
    unknown = sorted(set(category_names) - {category.value for category in Category})
    if unknown:
        raise entry.error(f"unknown categories {', '.join(unknown)}")
    intro = entry.text("intro")
    if len(intro) > MAX_INTRO_LENGTH:
        raise entry.error(f"intro is {len(intro)} characters; keep it under {MAX_INTRO_LENGTH}")
    announced_starts = entry.dates("announced_starts")
    years = [start.year for start in announced_starts]
    if len(set(years)) != len(years):
        raise entry.error("announced_starts has two dates in the same year")
    return AwarenessDay(
        id=entry.text("id"),
        name=entry.text("name"),
        rule=rule,
        length_days=entry.integer("days", minimum=1, maximum=MAX_LENGTH_DAYS, default=1),
        intro=intro,
        categories=frozenset(Category(name) for name in category_names),
        source_url=entry.https_url("source_url"),
        announced_starts=announced_starts,
    )
