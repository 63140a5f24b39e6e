"""Admin commands: hidden by Discord's default permissions, and checked again on our side."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

import discord
from discord import app_commands

from bot.errors import UserFacingError
from bot.ui import NotServerManager, can_view

# What the bot needs in a channel it posts embeds to.
POSTING_PERMISSIONS = discord.Permissions(view_channel=True, send_messages=True, embed_links=True)


class AdminGroup(app_commands.Group):
    """A command group for server managers only.

    `default_permissions` only hides the commands by default: server owners can change who sees
    them in Discord's settings, so every invocation is checked here against the member's real
    permissions as Discord reports them in the interaction. discord.py runs only the immediate
    parent group's check, so nested admin groups must be AdminGroups too.
    """

    def __init__(self, *, name: str, description: str, parent: AdminGroup | None = None) -> None:
        if parent is None:
            super().__init__(
                name=name,
                description=description,
                default_permissions=discord.Permissions(manage_guild=True),
                guild_only=True,
            )
        else:
            super().__init__(name=name, description=description, parent=parent)

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.guild is None:
            raise app_commands.NoPrivateMessage()
        permissions = interaction.permissions
        if permissions.manage_guild or permissions.administrator:
            return True
        raise NotServerManager()


def missing_posting_permissions(
    channel: discord.abc.GuildChannel, needed: discord.Permissions = POSTING_PERMISSIONS
) -> list[str]:
    """The names of the permissions the bot lacks to post in `channel`, empty when it can."""
    granted = channel.permissions_for(channel.guild.me)
    return [name for name, value in needed if value and not getattr(granted, name)]


def ensure_bot_can_post(
    channel: discord.abc.GuildChannel, needed: discord.Permissions = POSTING_PERMISSIONS
) -> None:
    missing = missing_posting_permissions(channel, needed)
    if missing:
        names = ", ".join(name.replace("_", " ").title() for name in missing)
        raise UserFacingError(
            f"I can't post in {channel.mention} yet: I'm missing {names} there. "
            "Give Lantern's role those permissions in that channel, then try again."
        )


def ensure_members_can_view(channel: discord.abc.GuildChannel) -> None:
    """Refuse a channel for members (like the support channel) that @everyone can't open."""
    if not can_view(channel, channel.guild.default_role):
        raise UserFacingError(
            f"Members can't open {channel.mention}, so pointing someone who is struggling there "
            "would leave them stuck. Please pick a channel everyone can see, or let everyone "
            "view this one, then try again."
        )


def resolve_channel(
    interaction: discord.Interaction[Any], picked: app_commands.AppCommandChannel
) -> discord.TextChannel:
    """The full cached channel behind a channel option."""
    guild = interaction.guild
    channel = guild.get_channel(picked.id) if guild is not None else None
    if not isinstance(channel, discord.TextChannel):
        raise UserFacingError("I can't see that channel. Please pick a text channel I can read.")
    return channel


class ConfigSection:
    """One feature's part of `/config show`: its settings, and what stops it from working."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.lines: list[str] = []
        self.problems: list[str] = []

    def add(self, label: str, value: str | None, *, unset: str = "not set") -> None:
        self.lines.append(f"{label}: {value if value is not None else f'*{unset}*'}")

    def check_channel(
        self,
        label: str,
        channel: discord.abc.GuildChannel | None,
        needed: discord.Permissions = POSTING_PERMISSIONS,
    ) -> None:
        """Record a configured channel and any permission the bot lacks there."""
        if channel is None:
            return
        missing = missing_posting_permissions(channel, needed)
        if missing:
            names = ", ".join(name.replace("_", " ").title() for name in missing)
            self.problems.append(f"{label} {channel.mention}: I'm missing {names}.")


@runtime_checkable
class DescribesConfig(Protocol):
    """A cog that contributes a section to `/config show`."""

    async def describe_config(self, guild: discord.Guild) -> ConfigSection: ...
