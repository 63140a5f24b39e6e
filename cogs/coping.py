"""/coping: one strategy to try now, privately, with Another, This helped and Remind me daily.

The buttons are DynamicItems whose custom ids carry what they need (the category asked for, the
strategy shown), so an ephemeral card still works after a restart.
"""

from __future__ import annotations

import logging
import random
import re
from typing import Any, Protocol, cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import Lantern
from bot.coping import Card, Category, Strategy, pick, strategy_card
from bot.embeds import LANTERN_COLOUR
from bot.ui import reports_errors, send_private

log = logging.getLogger(__name__)

CATEGORY_CHOICES = [
    app_commands.Choice(name=category.label, value=category.value) for category in Category
]
ANY_CATEGORY = ""
_CATEGORY = r"(?P<category>[a-z-]*)"
_STRATEGY = r"(?P<strategy>[a-z0-9-]+)"


def coping_embed(card: Card) -> discord.Embed:
    """A strategy's card as an embed, linking the title to its source."""
    embed = discord.Embed(
        title=card.title, description=card.description, url=card.url, colour=LANTERN_COLOUR
    )
    for field in card.fields:
        embed.add_field(name=field.name, value=field.value, inline=field.inline)
    embed.set_footer(text=card.footer)
    return embed


def category_from(value: str | None) -> Category | None:
    """The category a choice or custom id names; None (any) when empty."""
    return Category(value) if value else None


class ReminderForm(Protocol):
    """What the Reminders cog offers the Remind me daily button."""

    async def open_reminder_form(
        self, interaction: discord.Interaction[Any], category: Category | None
    ) -> None: ...


class Coping(commands.Cog):
    def __init__(self, bot: Lantern) -> None:
        self.bot = bot
        # Variety, not secrecy: which strategy comes next needs no cryptographic randomness.
        self.rng = random.Random()  # noqa: S311

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(AnotherButton, HelpedButton, RemindDailyButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(AnotherButton, HelpedButton, RemindDailyButton)

    @app_commands.command(name="coping", description="A coping strategy to try now, just for you")
    @app_commands.describe(category="The kind of strategy you'd like; leave it out for any")
    @app_commands.choices(category=CATEGORY_CHOICES)
    async def coping(
        self,
        interaction: discord.Interaction[Any],
        category: app_commands.Choice[str] | None = None,
    ) -> None:
        chosen = category_from(category.value if category else None)
        strategy = await self.pick_for(interaction.user.id, chosen, exclude_id=None)
        log.info("coping strategy offered (%s)", chosen or "any")
        await send_private(
            interaction,
            embed=coping_embed(strategy_card(strategy)),
            view=card_view(chosen, strategy),
        )

    async def pick_for(
        self, user_id: int, category: Category | None, *, exclude_id: str | None
    ) -> Strategy:
        """A strategy for this member, favourites weighted, never the one just shown."""
        favourites = await self.bot.storage.coping.favourites(user_id)
        strategy = pick(
            self.bot.content.coping.strategies,
            category,
            exclude_id,
            favourites,
            rng=self.rng,
        )
        # The content loader guarantees every category holds a strategy.
        assert strategy is not None
        return strategy


def coping_cog(client: discord.Client) -> Coping:
    cog = client.get_cog("Coping") if isinstance(client, commands.Bot) else None
    assert isinstance(cog, Coping)
    return cog


def card_view(category: Category | None, strategy: Strategy) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(AnotherButton(category, strategy.id))
    view.add_item(HelpedButton(strategy.id))
    view.add_item(RemindDailyButton(category))
    return view


class AnotherButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"coping:another:{_CATEGORY}:{_STRATEGY}",
):
    """Swap the card for another strategy of the same kind."""

    def __init__(self, category: Category | None, shown_id: str) -> None:
        category_value = category.value if category else ANY_CATEGORY
        super().__init__(
            discord.ui.Button(
                label="Another",
                emoji="🔄",
                style=discord.ButtonStyle.secondary,
                custom_id=f"coping:another:{category_value}:{shown_id}",
            )
        )
        self.category = category
        self.shown_id = shown_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> AnotherButton:
        return cls(category_from(match["category"]), match["strategy"])

    @reports_errors
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        cog = coping_cog(interaction.client)
        strategy = await cog.pick_for(interaction.user.id, self.category, exclude_id=self.shown_id)
        await interaction.response.edit_message(
            embed=coping_embed(strategy_card(strategy)), view=card_view(self.category, strategy)
        )


class HelpedButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=rf"coping:helped:{_STRATEGY}"
):
    """Save the strategy as a favourite, so it comes up more often."""

    def __init__(self, strategy_id: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="This helped",
                emoji="💛",
                style=discord.ButtonStyle.success,
                custom_id=f"coping:helped:{strategy_id}",
            )
        )
        self.strategy_id = strategy_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> HelpedButton:
        return cls(match["strategy"])

    @reports_errors
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        cog = coping_cog(interaction.client)
        strategy = cog.bot.content.coping.by_id(self.strategy_id)
        if strategy is None:
            await send_private(
                interaction, "I don't have that one any more, but I'm really glad it helped."
            )
            return
        added = await cog.bot.storage.coping.add_favourite(
            interaction.user.id, strategy.id, cog.bot.clock.now()
        )
        await send_private(
            interaction,
            f"I'm glad it helped. I've saved “{strategy.title}” and will offer it a bit more often."
            if added
            else f"“{strategy.title}” is already a favourite of yours. I'm glad it keeps helping.",
        )


class RemindDailyButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=rf"coping:remind:{_CATEGORY}"
):
    """Open the daily reminder form, for strategies of the kind asked for."""

    def __init__(self, category: Category | None) -> None:
        super().__init__(
            discord.ui.Button(
                label="Remind me daily",
                emoji="⏰",
                style=discord.ButtonStyle.primary,
                custom_id=f"coping:remind:{category.value if category else ANY_CATEGORY}",
            )
        )
        self.category = category

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> RemindDailyButton:
        return cls(category_from(match["category"]))

    @reports_errors
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        client = interaction.client
        reminders = client.get_cog("Reminders") if isinstance(client, commands.Bot) else None
        if reminders is None:
            await send_private(interaction, "Reminders aren't available right now, sorry.")
            return
        await cast(ReminderForm, reminders).open_reminder_form(interaction, self.category)


async def setup(bot: Lantern) -> None:
    await bot.add_cog(Coping(bot))
