"""/crisis: how Lantern answers crisis messages in this server, and who it alerts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.admin import AdminGroup, ConfigSection, ensure_bot_can_post
from bot.client import Lantern
from bot.crisis.detector import Kind, ServerPhrase
from bot.crisis.policy import DeliveryMode
from bot.embeds import LANTERN_COLOUR
from bot.errors import UserFacingError
from bot.ui import country_choices, country_from_option, send_private
from cogs.crisis import Crisis

MAX_SERVER_PHRASES = 100
MODE_LABELS = {
    DeliveryMode.DM: "a private DM first; a private button in the channel if DMs are closed",
    DeliveryMode.CHANNEL: "a private button in the channel (no DMs)",
    DeliveryMode.ALERTS_ONLY: "no reply to the member; moderators are alerted",
    DeliveryMode.OFF: "off: Lantern doesn't answer or alert",
}
MODE_CHOICES = [
    app_commands.Choice(name=label[:100], value=mode.value) for mode, label in MODE_LABELS.items()
]
KIND_CHOICES = [
    app_commands.Choice(name="crisis: about the writer themselves", value=Kind.CRISIS.value),
    app_commands.Choice(name="concern: about someone else", value=Kind.CONCERN.value),
    app_commands.Choice(
        name="harassment: telling someone to hurt themselves", value=Kind.HARASSMENT.value
    ),
]


class CrisisAdmin(commands.Cog):
    crisis = AdminGroup(name="crisis", description="How Lantern answers crisis messages here")
    phrases = AdminGroup(
        name="phrases", description="This server's own crisis phrases", parent=crisis
    )

    def __init__(self, bot: Lantern) -> None:
        self.bot = bot

    @property
    def responder(self) -> Crisis:
        cog = self.bot.get_cog("Crisis")
        assert isinstance(cog, Crisis)
        return cog

    async def describe_config(self, guild: discord.Guild) -> ConfigSection:
        settings = await self.bot.storage.crisis.settings(guild.id)
        section = ConfigSection("Crisis replies")
        section.add("Replies", MODE_LABELS[settings.mode])
        moderators = guild.get_channel(settings.mod_channel_id) if settings.mod_channel_id else None
        section.add(
            "Moderator alerts",
            moderators.mention if moderators else None,
            unset="off: no moderator channel (`/crisis setup moderator_channel:`)",
        )
        if settings.mod_channel_id and moderators is None:
            section.problems.append("The moderator channel was deleted; alerts can't be sent.")
        section.check_channel("Moderator channel", moderators)
        backlog = await self.bot.storage.crisis.outbox_backlog(guild.id)
        if backlog.waiting and backlog.oldest is not None:
            since = discord.utils.format_dt(backlog.oldest, "R")
            why = f": {backlog.last_error}" if backlog.last_error else ""
            section.problems.append(
                f"{backlog.waiting} alert(s) or support button(s) waiting to be delivered since "
                f"{since}{why}. Lantern keeps trying."
            )
        section.add("One automatic reply per member every", _duration(settings.cooldown))
        section.add(
            "Re-ping unclaimed alerts after",
            _duration(settings.reping_after) if settings.reping_after else "never",
        )
        section.add(
            "Alert moderators for members who opted out",
            "yes" if settings.alert_opted_out else "no",
        )
        section.add(
            "Alert moderators about crisis notes in private check-ins",
            "yes, for members who were told" if settings.checkin_alerts else "no",
        )
        excluded = " ".join(
            f"<#{channel_id}>" for channel_id in sorted(settings.excluded_channel_ids)
        )
        section.add("Channels not scanned", excluded or "none")
        section.add("Server phrases", str(len(await self.bot.storage.crisis.phrases(guild.id))))
        return section

    @crisis.command(name="setup", description="Choose how Lantern answers and who it alerts")
    @app_commands.describe(
        mode="How Lantern answers a member who may be in crisis",
        moderator_channel="A private channel for moderator alerts",
        country="The country whose support lines are shown by default",
        exclude_channel="A channel Lantern should not scan (for example a fiction channel)",
        include_channel="Scan a channel you excluded before",
        cooldown_hours="At most one automatic reply per member in this many hours (1-168)",
        reping_minutes="Minutes before moderators are re-pinged about an unclaimed alert (0: off)",
        alert_opted_out="Still alert moderators about members who turned automatic replies off",
        checkin_alerts="Tell moderators about crisis notes in private check-ins (members are told)",
    )
    @app_commands.choices(mode=MODE_CHOICES)
    async def setup(
        self,
        interaction: discord.Interaction[Any],
        mode: app_commands.Choice[str] | None = None,
        moderator_channel: discord.TextChannel | None = None,
        country: str | None = None,
        exclude_channel: discord.TextChannel | None = None,
        include_channel: discord.TextChannel | None = None,
        cooldown_hours: app_commands.Range[int, 1, 168] | None = None,
        reping_minutes: app_commands.Range[int, 0, 1440] | None = None,
        alert_opted_out: bool | None = None,
        checkin_alerts: bool | None = None,
    ) -> None:
        guild = interaction.guild
        assert guild is not None
        store = self.bot.storage.crisis
        changes: dict[str, Any] = {}
        if mode is not None:
            changes["mode"] = DeliveryMode(mode.value)
        if moderator_channel is not None:
            ensure_bot_can_post(moderator_channel)
            changes["mod_channel_id"] = moderator_channel.id
        if cooldown_hours is not None:
            changes["cooldown"] = timedelta(hours=cooldown_hours)
        if reping_minutes is not None:
            changes["reping_after"] = timedelta(minutes=reping_minutes)
        if alert_opted_out is not None:
            changes["alert_opted_out"] = alert_opted_out
        if checkin_alerts is not None:
            changes["checkin_alerts"] = checkin_alerts
        if country is not None:
            found = country_from_option(self.bot.content.hotlines, country)
            await self.bot.storage.guilds.set_country(guild.id, found.code)
        await store.update_settings(guild.id, **changes)
        if exclude_channel is not None:
            await store.set_channel_excluded(guild.id, exclude_channel.id, excluded=True)
        if include_channel is not None:
            await store.set_channel_excluded(guild.id, include_channel.id, excluded=False)
        self.responder.forget(guild.id)
        section = await self.describe_config(guild)
        embed = discord.Embed(
            title="Crisis replies", description="\n".join(section.lines), colour=LANTERN_COLOUR
        )
        if section.problems:
            embed.add_field(name="Needs attention", value="\n".join(section.problems), inline=False)
        await send_private(
            interaction,
            "Saved." if changes or country or exclude_channel or include_channel else None,
            embed=embed,
        )

    @setup.autocomplete("country")
    async def country_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return country_choices(self.bot.content.hotlines, current)

    @crisis.command(
        name="test", description="See how Lantern would read a message; nothing is sent"
    )
    @app_commands.describe(text="A message to test")
    async def test(
        self, interaction: discord.Interaction[Any], text: app_commands.Range[str, 1, 2000]
    ) -> None:
        assert interaction.guild is not None
        detection = await self.responder.classify(text, interaction.guild.id)
        rules = ", ".join(f"`{rule}`" for rule in detection.rule_ids) or "none"
        await send_private(
            interaction,
            f"I'd read that as **{detection.kind.value}**. Matched rules: {rules}.\n"
            "This was only a test: nothing was sent or recorded.",
        )

    @crisis.command(name="stats", description="What crisis replies did lately, to tune phrases")
    @app_commands.describe(days="How many days back to look (default 30)")
    async def stats(
        self, interaction: discord.Interaction[Any], days: app_commands.Range[int, 1, 365] = 30
    ) -> None:
        assert interaction.guild is not None
        since = self.bot.clock.now() - timedelta(days=days)
        stats = await self.bot.storage.crisis.stats(interaction.guild.id, since)
        embed = discord.Embed(title=f"Crisis replies, last {days} days", colour=LANTERN_COLOUR)
        embed.description = f"{stats.total} messages matched. No message text is ever kept."
        embed.add_field(name="By kind", value=_counts(stats.by_kind), inline=True)
        embed.add_field(name="What Lantern did", value=_counts(stats.by_outcome), inline=True)
        embed.add_field(
            name="'Not what I meant', by rule",
            value=_counts(stats.false_positives_by_rule),
            inline=False,
        )
        await send_private(interaction, embed=embed)

    @phrases.command(name="add", description="Add a phrase Lantern should notice in this server")
    @app_commands.describe(phrase="Words as members write them", kind="What the phrase signals")
    @app_commands.choices(kind=KIND_CHOICES)
    async def add_phrase(
        self,
        interaction: discord.Interaction[Any],
        phrase: app_commands.Range[str, 3, 100],
        kind: app_commands.Choice[str],
    ) -> None:
        assert interaction.guild is not None
        store = self.bot.storage.crisis
        if len(await store.phrases(interaction.guild.id)) >= MAX_SERVER_PHRASES:
            raise UserFacingError(
                f"This server already has {MAX_SERVER_PHRASES} phrases; please remove one first."
            )
        text = " ".join(phrase.split())
        added = await store.add_phrase(interaction.guild.id, ServerPhrase(text, Kind(kind.value)))
        self.responder.forget(interaction.guild.id)
        await send_private(
            interaction,
            f"Added “{text}” as {kind.value}." if added else f"“{text}” is already on the list.",
        )

    @phrases.command(name="remove", description="Remove one of this server's phrases")
    @app_commands.describe(phrase="The phrase to remove")
    async def remove_phrase(self, interaction: discord.Interaction[Any], phrase: str) -> None:
        assert interaction.guild is not None
        removed = await self.bot.storage.crisis.remove_phrase(interaction.guild.id, phrase)
        if not removed:
            raise UserFacingError(
                "That phrase isn't on this server's list. `/crisis phrases list` shows them."
            )
        self.responder.forget(interaction.guild.id)
        await send_private(interaction, f"Removed “{phrase}”.")

    @remove_phrase.autocomplete("phrase")
    async def phrase_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        phrases = await self.bot.storage.crisis.phrases(interaction.guild_id)
        wanted = current.casefold()
        return [
            app_commands.Choice(name=stored.phrase.phrase, value=stored.phrase.phrase)
            for stored in phrases
            if wanted in stored.phrase.phrase.casefold()
        ][:25]

    @phrases.command(name="list", description="This server's own phrases")
    async def list_phrases(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild is not None
        phrases = await self.bot.storage.crisis.phrases(interaction.guild.id)
        if not phrases:
            await send_private(
                interaction,
                "This server has no phrases of its own yet; Lantern's built-in ones still apply. "
                "`/crisis phrases add` adds one.",
            )
            return
        lines = [f"• {stored.phrase.phrase} ({stored.phrase.kind.value})" for stored in phrases]
        embed = discord.Embed(
            title="This server's phrases", description="\n".join(lines), colour=LANTERN_COLOUR
        )
        await send_private(interaction, embed=embed)


def _duration(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes % 60:
        return f"{minutes} minutes"
    hours = minutes // 60
    return "1 hour" if hours == 1 else f"{hours} hours"


def _counts(counts: dict[str, int]) -> str:
    if not counts:
        return "none"
    return "\n".join(
        f"{name}: {count}" for name, count in sorted(counts.items(), key=lambda kv: -kv[1])
    )


async def setup(bot: Lantern) -> None:
    await bot.add_cog(CrisisAdmin(bot))
