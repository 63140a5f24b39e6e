"""Replying privately, and reporting errors, from commands, views and modals alike."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any, TypeVar

import discord
from discord import app_commands

from bot.errors import UserFacingError
from bot.hotlines import Country, HotlineDirectory, UnlistedCountry
from bot.timezones import label_with_local_time, search_timezones

log = logging.getLogger(__name__)

SOMETHING_WENT_WRONG = (
    "Sorry, something went wrong on my side. It has been logged, and it wasn't anything you did. "
    "Please try again in a moment."
)


class NotServerManager(app_commands.CheckFailure):
    """The member lacks Manage Server for an admin command (checked on our side too)."""


async def send_private(
    interaction: discord.Interaction[Any],
    content: str | None = None,
    *,
    embed: discord.Embed | None = None,
    view: discord.ui.View | None = None,
    file: discord.File | None = None,
) -> None:
    """Send an ephemeral message: the initial response if there is none yet, else a followup."""
    options: dict[str, Any] = {"ephemeral": True}
    if content is not None:
        options["content"] = content
    if embed is not None:
        options["embed"] = embed
    if view is not None:
        options["view"] = view
    if file is not None:
        options["file"] = file
    if interaction.response.is_done():
        await interaction.followup.send(**options)
    else:
        await interaction.response.send_message(**options)


# Expected errors whose explanation doesn't depend on the error's details; the first match wins,
# so subclasses come before their bases.
FIXED_EXPLANATIONS: tuple[tuple[type[Exception], str], ...] = (
    (
        NotServerManager,
        "Only people with the **Manage Server** permission can change Lantern's settings. "
        "If you think something should change, a moderator can help.",
    ),
    (app_commands.NoPrivateMessage, "This one works inside a server, not in DMs."),
    (
        discord.Forbidden,
        "Discord didn't let me do that; I may be missing a permission. "
        "A server admin can check with `/config show`.",
    ),
    (app_commands.CheckFailure, "This isn't available here."),
)


def explain(error: Exception) -> str | None:
    """The member-facing explanation of an expected error, or None for a bug."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    match error:
        case UserFacingError():
            return str(error)
        case app_commands.CommandOnCooldown():
            return f"Let's take a breath: you can use this again in {int(error.retry_after) + 1} s."
        case app_commands.TransformerError():
            return (
                f"I couldn't understand “{error.value}” there. Please pick one of the suggestions."
            )
        case app_commands.BotMissingPermissions():
            missing = ", ".join(name.replace("_", " ") for name in error.missing_permissions)
            return f"I'm missing some permissions here ({missing}). A server admin can fix that."
    return next((text for kind, text in FIXED_EXPLANATIONS if isinstance(error, kind)), None)


async def report_error(interaction: discord.Interaction[Any], error: Exception, where: str) -> None:
    """Tell the member what happened, exactly once, and log bugs with where they happened."""
    message = explain(error)
    if message is None:
        log.error("unexpected error in %s", where, exc_info=error)
        message = SOMETHING_WENT_WRONG
    try:
        await send_private(interaction, message)
    except discord.HTTPException as http_error:
        log.warning("could not tell the member about an error in %s: %s", where, http_error)


ItemT = TypeVar("ItemT", bound=discord.ui.Item[Any])


def reports_errors(
    callback: Callable[[ItemT, discord.Interaction[Any]], Coroutine[Any, Any, None]],
) -> Callable[[ItemT, discord.Interaction[Any]], Coroutine[Any, Any, None]]:
    """Wrap a DynamicItem callback: discord.py only logs their errors, leaving no answer."""

    @functools.wraps(callback)
    async def wrapper(item: ItemT, interaction: discord.Interaction[Any]) -> None:
        try:
            await callback(item, interaction)
        except Exception as error:
            await report_error(interaction, error, type(item).__name__)

    return wrapper


class LanternView(discord.ui.View):
    """A view whose errors reach the member the same way command errors do."""

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        await report_error(interaction, error, f"{type(self).__name__} {item!r}")


class LanternModal(discord.ui.Modal):
    """A modal whose errors reach the member the same way command errors do."""

    # discord.py's Modal drops the `item` parameter of BaseView.on_error, which mypy flags.
    async def on_error(  # type: ignore[override]
        self, interaction: discord.Interaction[Any], error: Exception, /
    ) -> None:
        await report_error(interaction, error, type(self).__name__)


def can_view(channel: discord.abc.GuildChannel, who: discord.abc.User | discord.Role) -> bool:
    """Whether `who` can open `channel`, as far as Discord has told Lantern.

    Someone known only as a user (not a member of that server) can't.
    """
    if isinstance(who, discord.Member | discord.Role):
        return channel.permissions_for(who).view_channel
    return False


def mention_if_visible(
    channel: discord.abc.GuildChannel | None, member: discord.abc.User
) -> str | None:
    """The channel's mention for someone who can open it, else None: never point to a shut door."""
    return channel.mention if channel is not None and can_view(channel, member) else None


def country_choices(directory: HotlineDirectory, current: str) -> list[app_commands.Choice[str]]:
    """Autocomplete choices for a country option, by name or code."""
    return [
        app_commands.Choice(name=f"{country.name} ({country.code})", value=country.code)
        for country in directory.search(current)
    ]


def country_from_option(directory: HotlineDirectory, value: str) -> Country:
    """The listed country an admin picked: autocomplete sends its code, typing any of its names.

    A country without lines, or a word that is no country, is refused with the reason.
    """
    match directory.resolve(value):
        case Country() as country:
            return country
        case UnlistedCountry(name=name):
            raise UserFacingError(
                f"I don't have support lines for {name} yet, so I can't show them by default. "
                "Until a country is set, members see the international directories, which cover "
                "many more places."
            )
        case None:
            raise UserFacingError(unknown_country_note(directory, value))


def unknown_country_note(directory: HotlineDirectory, typed: str) -> str:
    """For text that names no country: what was probably meant (never echoing what was typed)."""
    names = directory.closest_names(typed)
    guess = f" Did you mean {_either(names)}?" if names else ""
    return f"I don't know a country by that name.{guess} Please pick one from the list as you type."


def _either(names: tuple[str, ...]) -> str:
    """Names joined for a question: A; A or B; A, B or C."""
    return " or ".join(filter(None, (", ".join(names[:-1]), names[-1])))


def timezone_choices(now: datetime, current: str) -> list[app_commands.Choice[str]]:
    """Autocomplete choices for a timezone option, each with its local time now."""
    return [
        app_commands.Choice(name=label_with_local_time(name, now), value=name)
        for name in search_timezones(current)
    ]
