"""Crisis replies: notice messages that signal suicide or self-harm, answer privately, alert humans.

The detection and the decision are pure (bot.crisis); this cog reads messages, carries the decision
out through Discord, and keeps its buttons working across restarts (custom ids carry their state).
"""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import timedelta
from typing import Any

import discord
from discord.ext import commands, tasks

from bot.client import Lantern
from bot.crisis.detector import Detection, Detector, Kind
from bot.crisis.policy import Alert, CrisisSettings, Decision, DeliveryMode, Reply, decide
from bot.crisis.reply import IN_CHANNEL_NUDGE, concern_card, crisis_reply, resources_card
from bot.embeds import ALERT_COLOUR, CARE_COLOUR, card_embed
from bot.hotlines import Country
from bot.ui import mention_if_visible, reports_errors, send_private

log = logging.getLogger(__name__)

DM_CLOSED = 50007
REPING_CHECK_INTERVAL = timedelta(seconds=30)

ALERT_TITLES = {
    Alert.CRISIS: "A member may be in crisis",
    Alert.CONCERN: "A member is worried about someone",
    Alert.HARASSMENT: "Possible harassment: someone told to hurt themselves",
    Alert.OPTED_OUT: "A member who turned off automatic replies may be in crisis",
}
MODERATOR_SELF_CARE = (
    "Thank you for looking out for people. Look after yourself too, and loop in another "
    "moderator if this feels heavy."
)


class Crisis(commands.Cog):
    def __init__(self, bot: Lantern) -> None:
        self.bot = bot
        self._detectors: dict[int, Detector] = {}
        self._settings: dict[int, CrisisSettings] = {}

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(SupportOptionsButton, NotWhatIMeantButton, ClaimAlertButton)
        self.reping_loop.start()

    async def cog_unload(self) -> None:
        self.reping_loop.cancel()
        self.bot.remove_dynamic_items(SupportOptionsButton, NotWhatIMeantButton, ClaimAlertButton)

    # Cached per server; admin commands call `forget` when they change something.

    async def settings_for(self, guild_id: int) -> CrisisSettings:
        if guild_id not in self._settings:
            self._settings[guild_id] = await self.bot.storage.crisis.settings(guild_id)
        return self._settings[guild_id]

    async def detector_for(self, guild_id: int | None) -> Detector:
        detector = self.bot.content.detector
        if guild_id is None:
            return detector
        if guild_id not in self._detectors:
            phrases = [stored.phrase for stored in await self.bot.storage.crisis.phrases(guild_id)]
            # Compiling takes a noticeable fraction of a second: keep it off the event loop.
            self._detectors[guild_id] = (
                await asyncio.to_thread(detector.with_server_phrases, phrases)
                if phrases
                else detector
            )
        return self._detectors[guild_id]

    def forget(self, guild_id: int) -> None:
        self._detectors.pop(guild_id, None)
        self._settings.pop(guild_id, None)

    async def classify(self, text: str, guild_id: int | None) -> Detection:
        """The detector other features use for anonymous posts and check-in notes."""
        return (await self.detector_for(guild_id)).classify(text)

    # Scanning

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        await self.scan(message, edited=False)

    @commands.Cog.listener()
    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        if "content" in payload.data:
            await self.scan(payload.message, edited=True)

    async def scan(self, message: discord.Message, *, edited: bool) -> None:
        outcome = await self._scan(message, edited=edited)
        # Other features and the tests can follow what happened to a message.
        self.bot.dispatch("message_scanned", message, outcome)

    async def _scan(self, message: discord.Message, *, edited: bool) -> str:
        """Scan one message and act on it; return what happened ("skipped", "none", an outcome)."""
        author = message.author
        if author.bot or message.webhook_id is not None or not message.content:
            return "skipped"
        if message.guild is None:
            return await self.answer_in_dm(message)
        settings = await self.settings_for(message.guild.id)
        if (
            settings.mode is DeliveryMode.OFF
            or _channel_ids(message) & settings.excluded_channel_ids
        ):
            return "skipped"
        detection = (await self.detector_for(message.guild.id)).classify(message.content)
        if detection.kind is Kind.NONE:
            return "none"
        store = self.bot.storage.crisis
        if edited and await store.was_flagged(message.id):
            return "skipped"
        reference = message.reference.message_id if message.reference else None
        replies_to_flagged = reference is not None and await store.was_flagged(reference)
        now = self.bot.clock.now()
        state = await store.member_state(message.guild.id, author.id)
        decision = decide(
            detection.kind, settings, state, now, replies_to_flagged_message=replies_to_flagged
        )
        event_id = await store.record_event(
            guild_id=message.guild.id,
            message_id=message.id,
            kind=detection.kind,
            rule_ids=detection.rule_ids,
            outcome=decision.outcome,
            at=now,
        )
        log.info(
            "crisis scan in server %s: %s -> %s", message.guild.id, detection.kind, decision.outcome
        )
        delivered = ""
        if decision.reply is not Reply.NONE:
            delivered = await self.reply_privately(message, decision, settings, event_id)
            await store.record_reply(message.guild.id, author.id, now)
        elif decision.alert is Alert.REPEAT:
            await store.record_repeat(message.guild.id, author.id)
        if decision.alert is not Alert.NONE:
            await self.alert_moderators(message, detection, decision, settings, delivered)
        return decision.outcome

    async def answer_in_dm(self, message: discord.Message) -> str:
        """Someone wrote to Lantern directly: answer there, with no moderators involved."""
        detection = self.bot.content.detector.classify(message.content)
        if detection.kind not in (Kind.CRISIS, Kind.CONCERN):
            return "none"
        country = await member_country(self.bot, message.author.id, None)
        directory = self.bot.content.hotlines
        card = (
            crisis_reply(
                country,
                directory,
                server_name="",
                moderators_alerted=False,
                support_channel_mention=None,
            )
            if detection.kind is Kind.CRISIS
            else concern_card(country, directory, server_name="")
        )
        await message.channel.send(embed=card_embed(card, CARE_COLOUR))
        return "replied"

    # Replying to the member

    async def reply_privately(
        self, message: discord.Message, decision: Decision, settings: CrisisSettings, event_id: int
    ) -> str:
        """DM the member, or nudge them discreetly in the channel; say what was done."""
        assert message.guild is not None
        embed = await self.reply_embed(message.author, message.guild, decision.reply, settings)
        if settings.mode is DeliveryMode.DM:
            try:
                await message.author.send(embed=embed, view=reply_view(event_id))
            except discord.Forbidden as error:
                if error.code != DM_CLOSED:
                    raise
            else:
                return "Sent them a private message with support lines."
        button_view = discord.ui.View(timeout=None)
        button_view.add_item(SupportOptionsButton(message.author.id, event_id))
        try:
            await message.reply(IN_CHANNEL_NUDGE, view=button_view, mention_author=False)
        except discord.HTTPException as error:
            log.warning(
                "could not offer support options in channel %s: %s", message.channel.id, error
            )
            return "I couldn't reach them: their DMs are closed and I can't post in that channel."
        return (
            "Their DMs are closed, so I offered support options in the channel (private to them)."
        )

    async def reply_embed(
        self, member: discord.abc.User, guild: discord.Guild, reply: Reply, settings: CrisisSettings
    ) -> discord.Embed:
        country = await member_country(self.bot, member.id, guild.id)
        directory = self.bot.content.hotlines
        if reply is Reply.CONCERN:
            return card_embed(concern_card(country, directory, server_name=guild.name), CARE_COLOUR)
        support_id = (await self.bot.storage.guilds.get(guild.id)).support_channel_id
        support = guild.get_channel(support_id) if support_id else None
        card = crisis_reply(
            country,
            directory,
            server_name=guild.name,
            moderators_alerted=settings.mod_channel_id is not None,
            support_channel_mention=mention_if_visible(support, member),
        )
        return card_embed(card, CARE_COLOUR)

    # Moderators

    async def alert_moderators(
        self,
        message: discord.Message,
        detection: Detection,
        decision: Decision,
        settings: CrisisSettings,
        delivered: str,
    ) -> None:
        assert message.guild is not None
        title = (
            f"Repeat concern ({decision.repeat_count}): a member who already got support info"
            if decision.alert is Alert.REPEAT
            else ALERT_TITLES[decision.alert]
        )
        details = [
            f"Message: {message.jump_url}",
            f"Member: {message.author.mention}",
            f"Matched rules: {', '.join(detection.rule_ids) or '-'}",
        ]
        if delivered:
            details.append(f"Lantern: {delivered}")
        await self.send_alert(message.guild, settings, title, "\n".join(details))

    async def send_alert(
        self, guild: discord.Guild, settings: CrisisSettings, title: str, details: str
    ) -> None:
        """Post an alert with a claim button; also used for anonymous posts (which name a code)."""
        channel = guild.get_channel(settings.mod_channel_id) if settings.mod_channel_id else None
        if not isinstance(channel, discord.TextChannel):
            log.warning("server %s has a moderator channel Lantern can't find", guild.id)
            return
        store = self.bot.storage.crisis
        now = self.bot.clock.now()
        alert_id = await store.add_alert(guild.id, channel.id, now)
        embed = discord.Embed(title=title, description=details, colour=ALERT_COLOUR)
        embed.set_footer(text=MODERATOR_SELF_CARE)
        claim_view = discord.ui.View(timeout=None)
        claim_view.add_item(ClaimAlertButton(alert_id))
        try:
            sent = await channel.send(embed=embed, view=claim_view)
        except discord.HTTPException as error:
            log.warning("could not alert moderators in server %s: %s", guild.id, error)
            return
        reping_at = now + settings.reping_after if settings.reping_after else None
        await store.alert_posted(alert_id, sent.id, reping_at)

    async def send_due_repings(self) -> int:
        """Nudge moderators about alerts nobody claimed in time; return how many were sent."""
        due = await self.bot.storage.crisis.alerts_to_reping(self.bot.clock.now())
        for alert in due:
            channel = self.bot.get_channel(alert.channel_id)
            if not isinstance(channel, discord.TextChannel):
                continue
            reference = discord.MessageReference(
                message_id=alert.message_id, channel_id=channel.id, fail_if_not_exists=False
            )
            try:
                await channel.send(
                    "Nobody has said they're reaching out about this alert yet. "
                    "Could someone take it? Tap **I'm reaching out** so others know.",
                    reference=reference,
                )
            except discord.HTTPException as error:
                log.warning("could not re-ping alert %s: %s", alert.id, error)
        return len(due)

    @tasks.loop(seconds=REPING_CHECK_INTERVAL.total_seconds())
    async def reping_loop(self) -> None:
        await self.send_due_repings()

    @reping_loop.before_loop
    async def before_reping_loop(self) -> None:
        await self.bot.wait_until_ready()


async def member_country(bot: Lantern, user_id: int, guild_id: int | None) -> Country | None:
    """The member's own country if they chose one, else the server's."""
    code = (await bot.storage.crisis.member_prefs(user_id)).country
    if code is None and guild_id is not None:
        code = (await bot.storage.guilds.get(guild_id)).country
    return bot.content.hotlines.country(code) if code else None


def _channel_ids(message: discord.Message) -> set[int]:
    """The channel and, for a thread, its parent: excluding a channel excludes its threads."""
    ids = {message.channel.id}
    parent_id = getattr(message.channel, "parent_id", None)
    if parent_id is not None:
        ids.add(parent_id)
    return ids


def reply_view(event_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(NotWhatIMeantButton(event_id))
    return view


def crisis_cog(client: discord.Client) -> Crisis:
    cog = client.get_cog("Crisis") if isinstance(client, commands.Bot) else None
    assert isinstance(cog, Crisis)
    return cog


class SupportOptionsButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"crisis:support:(?P<user_id>\d+):(?P<event_id>\d+)",
):
    """The discreet in-channel button: whoever taps it gets support info only they can see."""

    def __init__(self, user_id: int, event_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Show me support options",
                style=discord.ButtonStyle.primary,
                custom_id=f"crisis:support:{user_id}:{event_id}",
            )
        )
        self.user_id = user_id
        self.event_id = event_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> SupportOptionsButton:
        return cls(int(match["user_id"]), int(match["event_id"]))

    @reports_errors
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        cog = crisis_cog(interaction.client)
        guild = interaction.guild
        if interaction.user.id == self.user_id and guild is not None:
            settings = await cog.settings_for(guild.id)
            embed = await cog.reply_embed(interaction.user, guild, Reply.CRISIS, settings)
            await send_private(interaction, embed=embed, view=reply_view(self.event_id))
            return
        # Someone else tapped it: they get the same care, for themselves.
        country = await member_country(cog.bot, interaction.user.id, interaction.guild_id)
        card = resources_card(country, cog.bot.content.hotlines)
        await send_private(interaction, embed=card_embed(card, CARE_COLOUR))


class NotWhatIMeantButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"crisis:fp:(?P<event_id>\d+)"
):
    """Lets a member say the reply missed the mark; admins see the rule ids in /crisis stats."""

    def __init__(self, event_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Not what I meant",
                style=discord.ButtonStyle.secondary,
                custom_id=f"crisis:fp:{event_id}",
            )
        )
        self.event_id = event_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> NotWhatIMeantButton:
        return cls(int(match["event_id"]))

    @reports_errors
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await crisis_cog(interaction.client).bot.storage.crisis.mark_false_positive(self.event_id)
        await send_private(
            interaction,
            "Thanks for telling me, and sorry for the worry. I've noted it so the server can "
            "tune these messages. The support lines stay here if you ever want them.",
        )


class ClaimAlertButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"crisis:claim:(?P<alert_id>\d+)"
):
    """'I'm reaching out': one moderator takes the alert so two people don't both act."""

    def __init__(self, alert_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="I'm reaching out",
                style=discord.ButtonStyle.success,
                custom_id=f"crisis:claim:{alert_id}",
            )
        )
        self.alert_id = alert_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ClaimAlertButton:
        return cls(int(match["alert_id"]))

    @reports_errors
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        cog = crisis_cog(interaction.client)
        now = cog.bot.clock.now()
        holder = await cog.bot.storage.crisis.claim_alert(self.alert_id, interaction.user.id, now)
        if holder is None:
            await send_private(interaction, "I can't find that alert any more.")
            return
        if holder != interaction.user.id:
            await send_private(interaction, f"<@{holder}> is already reaching out about this one.")
            return
        message = interaction.message
        embed = message.embeds[0] if message is not None and message.embeds else None
        if embed is not None:
            embed.add_field(name="Claimed", value=f"{interaction.user.mention} is reaching out.")
        self.item.disabled = True
        self.item.label = "Someone is reaching out"
        view = discord.ui.View(timeout=None)
        view.add_item(self)
        await interaction.response.edit_message(embed=embed, view=view)
        await interaction.followup.send(
            f"Thank you for reaching out. {MODERATOR_SELF_CARE}", ephemeral=True
        )


async def setup(bot: Lantern) -> None:
    await bot.add_cog(Crisis(bot))
