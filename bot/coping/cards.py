"""A strategy rendered as a card, the shape of a Discord embed without importing discord.

The cog builds its embed from the card; the loader checks every card against Discord's embed
limits so a long strategy fails at start-up instead of when someone asks for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.coping.strategies import Strategy

# Discord's embed limits, in characters: https://discord.com/developers/docs/resources/message
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
FIELD_COUNT_LIMIT = 25
TOTAL_LIMIT = 6000


@dataclass(frozen=True, slots=True)
class CardField:
    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True, slots=True)
class Card:
    title: str
    description: str
    fields: tuple[CardField, ...]
    footer: str
    url: str | None = None

    def total_length(self) -> int:
        """What Discord counts towards the 6000-character total of one embed."""
        fields = sum(len(field.name) + len(field.value) for field in self.fields)
        return len(self.title) + len(self.description) + fields + len(self.footer)

    def limit_problems(self) -> list[str]:
        """Every way this card would break Discord's embed limits; empty when it fits."""
        problems = [
            f"{part} is {length} characters, over Discord's {limit}"
            for part, length, limit in (
                ("the title", len(self.title), TITLE_LIMIT),
                ("the description", len(self.description), DESCRIPTION_LIMIT),
                ("the footer", len(self.footer), FOOTER_LIMIT),
                ("the whole card", self.total_length(), TOTAL_LIMIT),
            )
            if length > limit
        ]
        if len(self.fields) > FIELD_COUNT_LIMIT:
            problems.append(f"{len(self.fields)} fields, over Discord's {FIELD_COUNT_LIMIT}")
        for field in self.fields:
            if len(field.name) > FIELD_NAME_LIMIT:
                problems.append(f"field name {field.name[:30]!r}… is over {FIELD_NAME_LIMIT}")
            if len(field.value) > FIELD_VALUE_LIMIT:
                problems.append(f"field {field.name!r} is over {FIELD_VALUE_LIMIT} characters")
        return problems


def strategy_card(strategy: Strategy) -> Card:
    """The card for /coping, daily reminders and the server's daily post alike."""
    steps = "\n".join(f"{number}. {step}" for number, step in enumerate(strategy.steps, 1))
    minutes = "1 minute" if strategy.minutes == 1 else f"{strategy.minutes} minutes"
    return Card(
        title=strategy.title,
        description=strategy.summary,
        fields=(
            CardField("Try this", steps),
            CardField("Takes about", minutes, inline=True),
            CardField(
                "Adapted from", f"[{strategy.source_name}]({strategy.source_url})", inline=True
            ),
        ),
        footer=f"{strategy.category.label} · Go gently, and skip anything that doesn't feel right.",
        url=strategy.source_url,
    )
