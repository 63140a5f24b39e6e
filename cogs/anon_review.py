"""The moderators' review messages for anonymous posts: cards, their buttons and outcomes.

Shared by the sharing cog (which sends them) and the admin cog (which acts on them); not an
extension. The buttons only find the cog that acts on them, through ReviewActions, so this module
imports neither cog.
"""

from __future__ import annotations

import re
from typing import Any, Protocol, runtime_checkable

import discord
from discord.ext import commands

from bot.anon.cards import review_card
from bot.embeds import card_embed
from bot.storage.anon import AnonPost
from bot.ui import reports_errors

ACTIONS_COG = "AnonAdmin"


@runtime_checkable
class ReviewActions(Protocol):
    """What a moderator's press on a review button does; the admin cog provides it."""

    async def approve_pending(
        self, interaction: discord.Interaction[Any], post_id: int
    ) -> None: ...

    async def reject_pending(self, interaction: discord.Interaction[Any], post_id: int) -> None: ...

    async def remove_reported(
        self, interaction: discord.Interaction[Any], post_id: int
    ) -> None: ...

    async def block_reported(self, interaction: discord.Interaction[Any], post_id: int) -> None: ...


def review_actions(client: discord.Client) -> ReviewActions:
    cog: object = client.get_cog(ACTIONS_COG) if isinstance(client, commands.Bot) else None
    assert isinstance(cog, ReviewActions), "the anonymous sharing admin cog is not loaded"
    return cog


def review_message(post: AnonPost) -> tuple[discord.Embed, discord.ui.View]:
    """A post waiting for approval, with Approve and Reject."""
    view = discord.ui.View(timeout=None)
    view.add_item(ApproveButton(post.post_id))
    view.add_item(RejectButton(post.post_id))
    return card_embed(review_card(post.code, post.text, post.content_warning)), view


def report_view(post_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(RemoveButton(post_id))
    view.add_item(BlockButton(post_id))
    return view


def after_removal_view(post_id: int) -> discord.ui.View:
    """A removed post's report: its author can still be blocked."""
    view = discord.ui.View(timeout=None)
    view.add_item(BlockButton(post_id))
    return view


def with_outcome(message: discord.Message | None, outcome: str) -> discord.Embed | None:
    """The review card, noting what a moderator did."""
    if message is None or not message.embeds:
        return None
    embed = message.embeds[0]
    embed.add_field(name="Done", value=outcome, inline=False)
    return embed


class ModeratorButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"anon:(?:approve|reject|remove|block):(?P<post_id>\d+)",
):
    """A review button whose custom id is 'anon:<action>:<post id>'; subclasses are registered."""

    action: str
    label: str
    style: discord.ButtonStyle

    def __init__(self, post_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=self.label, style=self.style, custom_id=f"anon:{self.action}:{post_id}"
            )
        )
        self.post_id = post_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ModeratorButton:
        return cls(int(match["post_id"]))

    @reports_errors
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await self.act(review_actions(interaction.client), interaction)

    async def act(self, actions: ReviewActions, interaction: discord.Interaction[Any]) -> None:
        raise NotImplementedError


class ApproveButton(ModeratorButton, template=r"anon:approve:(?P<post_id>\d+)"):
    action, label, style = "approve", "Approve", discord.ButtonStyle.success

    async def act(self, actions: ReviewActions, interaction: discord.Interaction[Any]) -> None:
        await actions.approve_pending(interaction, self.post_id)


class RejectButton(ModeratorButton, template=r"anon:reject:(?P<post_id>\d+)"):
    action, label, style = "reject", "Reject", discord.ButtonStyle.secondary

    async def act(self, actions: ReviewActions, interaction: discord.Interaction[Any]) -> None:
        await actions.reject_pending(interaction, self.post_id)


class RemoveButton(ModeratorButton, template=r"anon:remove:(?P<post_id>\d+)"):
    action, label, style = "remove", "Remove post", discord.ButtonStyle.danger

    async def act(self, actions: ReviewActions, interaction: discord.Interaction[Any]) -> None:
        await actions.remove_reported(interaction, self.post_id)


class BlockButton(ModeratorButton, template=r"anon:block:(?P<post_id>\d+)"):
    action, label, style = "block", "Block author", discord.ButtonStyle.danger

    async def act(self, actions: ReviewActions, interaction: discord.Interaction[Any]) -> None:
        await actions.block_reported(interaction, self.post_id)


REVIEW_BUTTONS = (ApproveButton, RejectButton, RemoveButton, BlockButton)
