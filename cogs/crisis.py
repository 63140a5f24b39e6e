"""Crisis replies: notice messages that signal suicide or self-harm, answer privately, alert humans.

The detection and the decision are pure (bot.crisis); this cog reads messages, carries the decision
out through Discord, and keeps its buttons working across restarts (custom ids carry their state).
"""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import datetime, timedelta
from typing import Any

import aiohttp
import discord
from discord.ext import commands

from bot.client import Lantern
from bot.crisis.detector import Detection, Detector, Kind
from bot.crisis.likely_country import likely_country, message_language
from bot.crisis.outbox import AlertItem, NudgeItem
from bot.crisis.policy import (
    Alert,
    CrisisSettings,
    Decision,
    DeliveryMode,
    MemberState,
    Reply,
    decide,
)
from bot.crisis.reply import (
    DESCRIPTION_LIMIT,
    clip,
    concern_card,
    crisis_reply,
    resources_card,
    still_here_line,
)
from bot.embeds import ALERT_COLOUR, CARE_COLOUR, card_embed
from bot.hotlines import Country
from bot.loops import ResilientLoop
from bot.storage.crisis import PendingAlert
from bot.ui import mention_if_visible, reports_errors, send_private
from cogs.crisis_delivery import CrisisDelivery

log = logging.getLogger(__name__)

DM_CLOSED = 50007
CLAIMED = "Someone is reaching out"
REPING_CHECK_INTERVAL = timedelta(seconds=30)
# Longer messages are classified in a worker thread, so one long message never holds up the loop.
LONG_MESSAGE = 1000
# Someone chatting with Lantern in DMs hears what it can do at most this often.
DM_INTRO_INTERVAL = timedelta(minutes=10)
DM_INTRO = (
    "Hi, I'm Lantern. I help in servers: private mood check-ins (`/checkin`), coping ideas "
    "(`/coping`), reminders and anonymous sharing (`/share`). `/about` tells you more.\n"
    "If you're going through something hard right now, `/resources` shows free lines you can "
    "call or text, any time. You can use it right here."
)
REPING_RETRY_WHEN_REFUSED = timedelta(minutes=10)

REPEAT_TITLES = {
    Kind.CRISIS: "Repeat ({count}): a member who may still be in crisis",
    Kind.CONCERN: "Repeat ({count}): a member still worried about someone",
}
CARDS_GOT = {
    Reply.CRISIS: "the support lines",
    Reply.CONCERN: "the card on helping a friend",
}
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
        self._dm_intro_at: dict[int, datetime] = {}
        self.delivery = CrisisDelivery(self)
        self._repings_done: set[int] = set()
        self.reping_loop = ResilientLoop(
            "Re-pings of unclaimed alerts",
            self.reping_round,
            every=REPING_CHECK_INTERVAL,
            clock=bot.clock,
            before_first=bot.wait_until_ready,
        )

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(SupportOptionsButton, NotWhatIMeantButton, ClaimAlertButton)
        self.reping_loop.start()
        self.delivery.start()

    async def cog_unload(self) -> None:
        await self.reping_loop.stop()
        await self.delivery.stop()
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
        """Classify with the server's phrases; also for anonymous posts and check-in notes."""
        detector = await self.detector_for(guild_id)
        if len(text) > LONG_MESSAGE:
            return await asyncio.to_thread(detector.classify, text)
        return detector.classify(text)

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
        store = self.bot.storage.crisis
        # An edit of a message already acted on is not scanned again (nor paid for again).
        if edited and await store.was_flagged(message.id):
            return "skipped"
        detection = await self.classify(message.content, message.guild.id)
        if detection.kind is Kind.NONE:
            return "none"
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
        if decision.reply is Reply.STILL_HERE:
            language = message_language(detection.rule_ids)
            delivered = await self.say_still_here(message, settings, event_id, language)
            await store.record_still_here(message.guild.id, author.id, now)
        elif decision.reply is not Reply.NONE:
            delivered = await self.reply_privately(message, decision, detection, settings, event_id)
            await store.record_reply(message.guild.id, author.id, decision.reply, now)
        elif decision.repeat_count:
            await store.record_repeat(message.guild.id, author.id)
        if decision.alert is not Alert.NONE:
            await self.alert_moderators(message, detection, decision, state, settings, delivered)
        return decision.outcome

    async def answer_in_dm(self, message: discord.Message) -> str:
        """Someone wrote to Lantern directly: answer there, with no moderators involved."""
        detection = await self.classify(message.content, None)
        if detection.kind not in (Kind.CRISIS, Kind.CONCERN):
            return await self.introduce_in_dm(message)
        language = message_language(detection.rule_ids)
        country, guessed = await country_for_reply(self.bot, message.author.id, None, language)
        directory = self.bot.content.hotlines
        card = (
            crisis_reply(
                country,
                directory,
                server_name="",
                moderators_alerted=False,
                support_channel_mention=None,
                country_guessed=guessed,
            )
            if detection.kind is Kind.CRISIS
            else concern_card(country, directory, server_name="")
        )
        await message.channel.send(embed=card_embed(card, CARE_COLOUR))
        return "replied"

    async def introduce_in_dm(self, message: discord.Message) -> str:
        """A short line of what Lantern can do, at most once every few minutes a person."""
        now = self.bot.clock.now()
        last = self._dm_intro_at.get(message.author.id)
        if last is not None and now < last + DM_INTRO_INTERVAL:
            return "none"
        self._dm_intro_at[message.author.id] = now
        await message.channel.send(DM_INTRO)
        return "introduced"

    # Replying to the member

    async def reply_privately(
        self,
        message: discord.Message,
        decision: Decision,
        detection: Detection,
        settings: CrisisSettings,
        event_id: int,
    ) -> str:
        """DM the member the card, or nudge them discreetly in the channel; say what was done."""
        language = message_language(detection.rule_ids)
        embed = await self.reply_embed(
            message.author, message.guild, decision.reply, settings, language
        )
        why_not = await self._dm(message, settings, embed=embed, view=reply_view(event_id))
        if why_not is None:
            return "Sent them a private message with support lines."
        return await self._nudge_in_channel(message, event_id, decision.reply, language, why_not)

    async def say_still_here(
        self,
        message: discord.Message,
        settings: CrisisSettings,
        event_id: int,
        language: str | None,
    ) -> str:
        """The one short line of a cooldown, with the button to the support lines."""
        view = support_view(message.author.id, event_id, message.guild, Reply.CRISIS, language)
        why_not = await self._dm(message, settings, content=still_here_line(), view=view)
        if why_not is None:
            return "Sent them a short 'still here' note with a button to the support lines."
        return await self._nudge_in_channel(message, event_id, Reply.CRISIS, language, why_not)

    async def _dm(
        self, message: discord.Message, settings: CrisisSettings, **send: Any
    ) -> str | None:
        """DM the author; None once sent, else why not (the in-channel button follows)."""
        if settings.mode is DeliveryMode.CHANNEL:
            return "This server uses in-channel replies"
        try:
            await message.author.send(**send)
        except discord.Forbidden as error:
            if error.code != DM_CLOSED:
                raise
            return "Their DMs are closed"
        except discord.HTTPException as error:
            # Discord failed even after discord.py's retries: the queued button still reaches them.
            log.warning("could not DM support lines in server %s: %s", message.guild, error)
            return "Discord didn't take my DM"
        return None

    async def _nudge_in_channel(
        self,
        message: discord.Message,
        event_id: int,
        reply: Reply,
        language: str | None,
        why_not_dm: str,
    ) -> str:
        """Queue the discreet in-channel button; the outbox sends it, grouped in a flood."""
        channel = message.channel
        assert message.guild is not None
        if not channel.permissions_for(message.guild.me).send_messages:
            log.warning("can't offer support options in channel %s: no Send Messages", channel.id)
            return f"I couldn't reach them: {why_not_dm.lower()} and I can't post in that channel."
        item = NudgeItem(message.id, message.author.id, event_id, reply.value, language)
        await self.bot.storage.crisis.enqueue(
            message.guild.id, channel.id, item, self.bot.clock.now()
        )
        self.delivery.wake()
        return f"{why_not_dm}, so I offered support options in the channel (private to them)."

    async def reply_embed(
        self,
        user: discord.abc.User,
        guild: discord.Guild | None,
        reply: Reply,
        settings: CrisisSettings,
        language: str | None = None,
    ) -> discord.Embed:
        country, guessed = await country_for_reply(self.bot, user.id, guild, language)
        directory = self.bot.content.hotlines
        server_name = guild.name if guild is not None else ""
        if reply is Reply.CONCERN:
            card = concern_card(country, directory, server_name=server_name)
            return card_embed(card, CARE_COLOUR)
        support = None
        viewer: discord.abc.User = user
        if guild is not None:
            support_id = (await self.bot.storage.guilds.get(guild.id)).support_channel_id
            support = guild.get_channel(support_id) if support_id else None
            # A button pressed in a DM brings a User: whether they can see it is the member's.
            viewer = guild.get_member(user.id) or user
        card = crisis_reply(
            country,
            directory,
            server_name=server_name,
            moderators_alerted=settings.mod_channel_id is not None
            and settings.mode is not DeliveryMode.OFF,
            support_channel_mention=mention_if_visible(support, viewer),
            country_guessed=guessed,
        )
        return card_embed(card, CARE_COLOUR)

    # Moderators

    async def alert_moderators(
        self,
        message: discord.Message,
        detection: Detection,
        decision: Decision,
        state: MemberState,
        settings: CrisisSettings,
        delivered: str,
    ) -> None:
        assert message.guild is not None
        details = [
            f"Message: {message.jump_url}",
            f"Member: {message.author.mention}",
            f"Matched rules: {', '.join(detection.rule_ids) or '-'}",
        ]
        if decision.alert is Alert.REPEAT:
            title = REPEAT_TITLES[detection.kind].format(count=decision.repeat_count)
            if state.last_reply_at is not None:
                got = CARDS_GOT[state.last_reply]
                when = discord.utils.format_dt(state.last_reply_at, "R")
                delivered = f"they got {got} {when}, so I didn't send them again so soon."
        else:
            title = ALERT_TITLES[decision.alert]
        if delivered:
            details.append(f"Lantern: {delivered}")
        await self.send_alert(message.guild, settings, title, "\n".join(details))

    async def send_alert(
        self, guild: discord.Guild, settings: CrisisSettings, title: str, details: str
    ) -> None:
        """Queue an alert with a claim button; also used for anonymous posts (which name a code).

        It is stored first and sent by the outbox, which retries until Discord has it.
        """
        if settings.mod_channel_id is None:
            return
        store = self.bot.storage.crisis
        now = self.bot.clock.now()
        alert_id = await store.add_alert(guild.id, settings.mod_channel_id, now)
        item = AlertItem(alert_id, title, details)
        await store.enqueue(guild.id, settings.mod_channel_id, item, now)
        self.delivery.wake()

    def alert_message(
        self, items: list[AlertItem], late: timedelta | None
    ) -> tuple[discord.Embed, discord.ui.View]:
        """One alert, or several that arrived together, with a claim button for each."""
        view = discord.ui.View(timeout=None)
        if len(items) == 1:
            embed = discord.Embed(title=items[0].title, description=items[0].details)
            view.add_item(ClaimAlertButton(items[0].alert_id))
        else:
            lines = [
                f"**{number}. {item.title}**\n{item.details}"
                for number, item in enumerate(items, start=1)
            ]
            embed = discord.Embed(
                title=f"{len(items)} members may need support",
                description=clip("\n\n".join(lines), DESCRIPTION_LIMIT),
            )
            for number, item in enumerate(items, start=1):
                label = f"I'm reaching out to {number}"
                view.add_item(ClaimAlertButton(item.alert_id, label))
        if late is not None:
            minutes = max(1, round(late.total_seconds() / 60))
            embed.add_field(
                name="Sent late",
                value=f"This waited {minutes} min: Discord was slow to take messages.",
            )
        embed.colour = ALERT_COLOUR
        embed.set_footer(text=MODERATOR_SELF_CARE)
        return embed, view

    def support_view(
        self,
        user_id: int,
        event_id: int,
        guild: discord.Guild | None,
        reply: Reply,
        language: str | None,
    ) -> discord.ui.View:
        return support_view(user_id, event_id, guild, reply, language)

    async def send_due_repings(self) -> int:
        """Nudge moderators about alerts nobody claimed in time; return how many were sent.

        An alert counts as re-pinged only once Discord has taken the message. One Discord turns
        away stays due, and the round raises so the loop backs off and tries again; one whose
        channel refuses Lantern is tried again in a while.
        """
        store = self.bot.storage.crisis
        # Re-pings sent before the database failed to note them: noted first, never sent twice.
        await self._note_repings_done()
        now = self.bot.clock.now()
        due = [
            alert
            for alert in await store.alerts_to_reping(now)
            if alert.id not in self._repings_done
        ]
        # Alerts grouped in one message in a flood get one re-ping between them.
        by_message: dict[tuple[int, int], list[PendingAlert]] = {}
        for alert in due:
            by_message.setdefault((alert.channel_id, alert.message_id), []).append(alert)
        sent = 0
        failure: Exception | None = None
        for (channel_id, message_id), alerts in by_message.items():
            channel = self.bot.get_partial_messageable(channel_id, guild_id=alerts[0].guild_id)
            reference = discord.MessageReference(
                message_id=message_id, channel_id=channel.id, fail_if_not_exists=False
            )
            about = "this alert" if len(alerts) == 1 else f"{len(alerts)} of these alerts"
            try:
                await channel.send(
                    f"Nobody has said they're reaching out about {about} yet. "
                    "Could someone take it? Tap **I'm reaching out** so others know.",
                    reference=reference,
                )
            except discord.NotFound:
                log.warning("moderator channel %s is gone; no re-ping there", channel_id)
            except discord.Forbidden as error:
                # The server's own setup; /config show tells its admins what's missing.
                log.warning("could not re-ping in %s (%s); trying again later", channel_id, error)
                for alert in alerts:
                    await store.reping_later(alert.id, now + REPING_RETRY_WHEN_REFUSED)
                continue
            except (discord.HTTPException, aiohttp.ClientError, OSError, TimeoutError) as error:
                failure = failure or error
                continue
            else:
                sent += len(alerts)
            self._repings_done.update(alert.id for alert in alerts)
        await self._note_repings_done()
        if failure is not None:
            raise failure
        return sent

    async def _note_repings_done(self) -> None:
        if self._repings_done:
            await self.bot.storage.crisis.reping_done(self._repings_done)
            self._repings_done.clear()

    async def reping_round(self) -> None:
        await self.send_due_repings()

    def background_loops(self) -> list[ResilientLoop]:
        return [self.reping_loop, self.delivery.loop]


async def member_country(bot: Lantern, user_id: int, guild_id: int | None) -> Country | None:
    """The member's own country if they chose one, else the server's."""
    code = (await bot.storage.crisis.member_prefs(user_id)).country
    if code is None and guild_id is not None:
        code = (await bot.storage.guilds.get(guild_id)).country
    return bot.content.hotlines.country(code) if code else None


async def country_for_reply(
    bot: Lantern, user_id: int, guild: discord.Guild | None, language: str | None
) -> tuple[Country | None, bool]:
    """The country whose lines a crisis reply shows, and whether that is Lantern's guess.

    The member's or the server's choice first; else the likeliest country from the message's
    language and the server's locale, so the reply still has a number to call.
    """
    country = await member_country(bot, user_id, guild.id if guild is not None else None)
    if country is not None:
        return country, False
    locale = str(guild.preferred_locale) if guild is not None else None
    code = likely_country(server_locale=locale, message_language=language)
    guess = bot.content.hotlines.country(code) if code else None
    return guess, guess is not None


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


def support_view(
    user_id: int, event_id: int, guild: discord.Guild | None, reply: Reply, language: str | None
) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    guild_id = guild.id if guild is not None else 0
    view.add_item(SupportOptionsButton(user_id, event_id, guild_id, reply, language))
    return view


def crisis_cog(client: discord.Client) -> Crisis:
    cog = client.get_cog("Crisis") if isinstance(client, commands.Bot) else None
    assert isinstance(cog, Crisis)
    return cog


class SupportOptionsButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    # Buttons from before the server, card and language were carried end at the event id.
    template=r"crisis:support:(?P<user_id>\d+):(?P<event_id>\d+)"
    r"(?::(?P<guild_id>\d+):(?P<reply>crisis|concern):(?P<language>[a-z]{2}|-))?",
):
    """The discreet button: the member gets their card where only they can see it; anyone else
    who taps it gets support lines for themselves."""

    def __init__(
        self,
        user_id: int,
        event_id: int,
        guild_id: int,
        reply: Reply = Reply.CRISIS,
        language: str | None = None,
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label="Show me support options",
                style=discord.ButtonStyle.primary,
                custom_id=(
                    f"crisis:support:{user_id}:{event_id}:{guild_id}:{reply}:{language or '-'}"
                ),
            )
        )
        self.user_id = user_id
        self.event_id = event_id
        self.guild_id = guild_id
        self.reply = reply
        self.language = language

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> SupportOptionsButton:
        language = match["language"]
        return cls(
            int(match["user_id"]),
            int(match["event_id"]),
            int(match["guild_id"] or interaction.guild_id or 0),
            Reply(match["reply"] or Reply.CRISIS),
            None if language in (None, "-") else language,
        )

    @reports_errors
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        cog = crisis_cog(interaction.client)
        # User 0: one button shared by several members in a flood, each getting their own card.
        if self.user_id in (0, interaction.user.id):
            # Pressed in a DM too (the still-here line), so the server comes from the button.
            guild = interaction.guild or cog.bot.get_guild(self.guild_id)
            settings = await cog.settings_for(guild.id) if guild else CrisisSettings()
            embed = await cog.reply_embed(
                interaction.user, guild, self.reply, settings, self.language
            )
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
            "tune these messages. The support lines stay here if you ever want them.\n"
            "-# If you'd rather not get automatic messages like this, `/resources auto:off` "
            "turns them off.",
        )


class ClaimAlertButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"crisis:claim:(?P<alert_id>\d+)"
):
    """'I'm reaching out': one moderator takes the alert so two people don't both act."""

    def __init__(self, alert_id: int, label: str = "I'm reaching out") -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
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
        if interaction.guild_id is None or not interaction.permissions.manage_messages:
            await send_private(
                interaction, "Only moderators (Manage Messages) can take an alert in this server."
            )
            return
        now = cog.bot.clock.now()
        holder = await cog.bot.storage.crisis.claim_alert(
            self.alert_id, interaction.guild_id, interaction.user.id, now
        )
        if holder is None:
            await send_private(interaction, "I can't find that alert any more.")
            return
        if holder != interaction.user.id:
            await send_private(interaction, f"<@{holder}> is already reaching out about this one.")
            return
        message = interaction.message
        embed = message.embeds[0] if message is not None and message.embeds else None
        view = (
            discord.ui.View.from_message(message, timeout=None)
            if message is not None
            else discord.ui.View(timeout=None)
        )
        # Several alerts can share one message: only this one's button is taken.
        buttons = [b for b in view.children if isinstance(b, discord.ui.Button)]
        claimed = next((b for b in buttons if b.custom_id == self.custom_id), None)
        # In a grouped alert the label ends with the member's number in the list.
        number = "" if claimed is None or len(buttons) == 1 else str(claimed.label).split()[-1]
        if claimed is not None:
            claimed.disabled = True
            claimed.label = f"Someone is reaching out to {number}" if number else CLAIMED
        if embed is not None:
            about = f" to {number}" if number else ""
            embed.add_field(
                name="Claimed", value=f"{interaction.user.mention} is reaching out{about}."
            )
        await interaction.response.edit_message(embed=embed, view=view)
        await interaction.followup.send(
            "It's yours: the others can see you're reaching out. Look after yourself too, and "
            "loop in another moderator if this feels heavy.",
            ephemeral=True,
        )


async def setup(bot: Lantern) -> None:
    await bot.add_cog(Crisis(bot))
