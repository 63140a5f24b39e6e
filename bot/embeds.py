"""Turning Lantern's plain text cards into Discord embeds."""

from __future__ import annotations

from typing import Protocol

import discord

LANTERN_COLOUR = 0xF4B860
CARE_COLOUR = 0x7EB6D9
ALERT_COLOUR = 0xE0795B


class Card(Protocol):
    """Any card the domain builds: text only, already within Discord's embed limits."""

    @property
    def title(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def fields(self) -> tuple[tuple[str, str], ...]: ...
    @property
    def footer(self) -> str: ...


def card_embed(card: Card, colour: int = LANTERN_COLOUR) -> discord.Embed:
    embed = discord.Embed(title=card.title, description=card.description, colour=colour)
    for name, value in card.fields:
        embed.add_field(name=name, value=value, inline=False)
    if card.footer:
        embed.set_footer(text=card.footer)
    return embed
