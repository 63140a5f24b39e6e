"""Mood check-ins: /checkin in two clicks, notes and tags after it, opt-in sharing, /history.

The domain (bot.checkins) stores, counts streaks and words the replies; this cog shows it in
Discord. Buttons and the tags menu carry the check-in id in their custom id, so they keep working
across restarts; a note typed into /checkin before a mood is picked waits in memory for the click.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.admin import missing_posting_permissions
from bot.checkins.entries import Checkin
from bot.checkins.history import DEFAULT_PERIOD_DAYS
from bot.checkins.moods import MOODS, NOTE_MAX_LENGTH, clean_note, mood_for
from bot.checkins.service import CheckinReceipt, CheckinService
from bot.checkins.tags import Tag, TagCatalogue
from bot.checkins.texts import milestone_announcement
from bot.client import Lantern
from bot.crisis.detector import Kind
from bot.crisis.policy import CrisisSettings, DeliveryMode
from bot.crisis.reply import concern_card, crisis_reply
from bot.embeds import CARE_COLOUR, LANTERN_COLOUR, card_embed
from bot.errors import UserFacingError
from bot.scheduling.recurrence import Recurrence
from bot.storage.jobs import Delivery, Job
from bot.ui import LanternModal, mention_if_visible, reports_errors, send_private
from cogs.crisis import crisis_cog, member_country
from cogs.scheduling import scheduling

log = logging.getLogger(__name__)

# An interaction token lives 15 minutes; a mood picker can't be clicked after that anyway.
DRAFT_LIFETIME = timedelta(minutes=15)
NO_DRAFT = 0
CHART_FILE = "mood-chart.png"
BUTTON_LABEL_LIMIT = 80

PICK_A_MOOD = "How are you feeling right now? Only you can see this."
PICK_A_MOOD_WITH_NOTE = "How are you feeling right now? I'll save what you wrote with it."
DRAFT_LOST = (
    "I couldn't find the note or tag you typed earlier (I may have restarted), so I saved the "
    "mood on its own. **Add a note** adds it again."
)
TIMEZONE_HINT = "I'm counting your days in UTC for now; `/settings timezone` sets yours."
ALERTS_NOTICE = (
    "One thing to know: in this server, if a check-in note sounds like you may be in crisis, "
    "Lantern also lets the moderators know, so a person can check on you. Your notes are never "
    "shown to them."
)
CHECKIN_GONE = "I can't find that check-in any more; it may have been deleted."
SHARE_CHANNEL_GONE = (
    "This server's check-in channel isn't there any more, so I couldn't share it. "
    "Your check-in is saved, just for you."
)
NOTE_CRISIS_ALERT_TITLE = "A member's private check-in note may signal a crisis"
PROMPT_KIND = "checkin_prompt"
PROMPT_TEXT = (
    "Hi, it's your daily check-in. How are you feeling? Tap a mood; only you see it. "
    "(`/settings checkin-prompt time:off` stops these.)"
)


@dataclass(frozen=True, slots=True)
class Draft:
    """What a member typed into /checkin before picking a mood."""

    note: str | None
    tag_ids: tuple[str, ...]
    created_at: datetime


class Checkins(commands.Cog):
    def __init__(self, bot: Lantern) -> None:
        self.bot = bot
        self.service = CheckinService(
            bot.storage.checkins, bot.storage.members, bot.content.checkin_tags, bot.clock
        )
        self._drafts: dict[int, Draft] = {}

    @property
    def tags(self) -> TagCatalogue:
        return self.bot.content.checkin_tags

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(MoodButton, NoteButton, TagsSelect, ShareButton)
        scheduling(self.bot).handle(PROMPT_KIND, self.send_prompt)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(MoodButton, NoteButton, TagsSelect, ShareButton)

    # Commands

    @app_commands.command(name="checkin", description="Check in with how you're feeling")
    @app_commands.describe(
        mood="How you feel right now; leave it out to pick with buttons",
        note="A few words about it, only for you unless you share it",
        tag="Something that's part of it today",
    )
    @app_commands.choices(
        mood=[app_commands.Choice(name=mood.label, value=mood.value) for mood in MOODS]
    )
    async def checkin(
        self,
        interaction: discord.Interaction[Any],
        mood: app_commands.Choice[int] | None = None,
        note: app_commands.Range[str, 1, NOTE_MAX_LENGTH] | None = None,
        tag: str | None = None,
    ) -> None:
        tag_ids = self.tags.validate([resolve_tag(self.tags, tag)] if tag else [])
        if mood is not None:
            await self.record(interaction, mood.value, note, tag_ids, edit=False)
            return
        draft_id = NO_DRAFT
        if note or tag_ids:
            draft_id = interaction.id
            self._keep_draft(draft_id, Draft(clean_note(note), tag_ids, self.bot.clock.now()))
        await send_private(
            interaction,
            PICK_A_MOOD_WITH_NOTE if draft_id != NO_DRAFT else PICK_A_MOOD,
            view=mood_picker(draft_id),
        )

    @checkin.autocomplete("tag")
    async def tag_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        wanted = current.strip().casefold()
        return [
            app_commands.Choice(name=tag_label(tag), value=tag.id)
            for tag in self.tags.tags
            if wanted in tag.label.casefold() or wanted in tag.id
        ]

    @app_commands.command(name="history", description="Your check-ins: averages, streaks, a chart")
    @app_commands.describe(days="How many days to look back (default 30)")
    async def history(
        self,
        interaction: discord.Interaction[Any],
        days: app_commands.Range[int, 1, 365] = DEFAULT_PERIOD_DAYS,
    ) -> None:
        # The chart takes a moment to draw.
        await interaction.response.defer(ephemeral=True, thinking=True)
        answer = await self.service.history(interaction.user.id, days)
        if answer.history.is_empty:
            await send_private(interaction, "\n".join(answer.lines))
            return
        embed = discord.Embed(
            title="Your check-ins", description="\n".join(answer.lines), colour=LANTERN_COLOUR
        )
        embed.set_footer(text="Only you can see this.")
        file = None
        if answer.chart_png is not None:
            file = discord.File(
                io.BytesIO(answer.chart_png), filename=CHART_FILE, description="Your mood over time"
            )
            embed.set_image(url=f"attachment://{CHART_FILE}")
        await send_private(interaction, embed=embed, file=file)

    # Recording

    def _keep_draft(self, draft_id: int, draft: Draft) -> None:
        oldest = draft.created_at - DRAFT_LIFETIME
        for stale in [key for key, kept in self._drafts.items() if kept.created_at < oldest]:
            del self._drafts[stale]
        self._drafts[draft_id] = draft

    def take_draft(self, draft_id: int) -> Draft | None:
        return self._drafts.pop(draft_id, None)

    async def record(
        self,
        interaction: discord.Interaction[Any],
        mood: int,
        note: str | None,
        tag_ids: tuple[str, ...],
        *,
        edit: bool,
        extra_line: str | None = None,
    ) -> None:
        """Store a check-in and answer with the confirmation (editing the clicked message if
        `edit`), its follow-up buttons, and support lines if the note calls for them."""
        user = interaction.user
        guild = interaction.guild
        crisis_settings = await self._crisis_settings(guild)
        told_before = await self._was_told(guild, user.id)
        receipt = await self.service.check_in(user.id, interaction.guild_id, mood, note, tag_ids)
        log.info("check-in recorded (server %s)", interaction.guild_id)
        lines = [receipt.message]
        if extra_line:
            lines.append(extra_line)
        if not (await self.bot.storage.members.get(user.id)).timezone_chosen:
            lines.append(TIMEZONE_HINT)
        if guild is not None and _alerts_on(crisis_settings) and not told_before:
            lines.append(ALERTS_NOTICE)
            await self.bot.storage.checkin_servers.record_told_about_alerts(
                guild.id, user.id, self.bot.clock.now()
            )
        if receipt.announce_milestone and guild is not None:
            lines.append(await self._announce_milestone(guild, user, receipt))
        care = await self.care_for_note(interaction, receipt.checkin.note, told=told_before)
        share_channel = await self.share_channel(guild)
        options: dict[str, Any] = {
            "content": "\n\n".join(line for line in lines if line),
            "view": follow_up_view(receipt.checkin, self.tags, share_channel),
        }
        if care is not None:
            options["embed"] = care
        if edit:
            await interaction.response.edit_message(**options)
        else:
            await send_private(interaction, **options)

    async def _announce_milestone(
        self, guild: discord.Guild, user: discord.abc.User, receipt: CheckinReceipt
    ) -> str:
        """Post the milestone in the check-in channel; say what happened, in a line."""
        assert receipt.milestone is not None
        channel = await self.share_channel(guild)
        if channel is None or missing_posting_permissions(channel):
            return ""
        try:
            await channel.send(milestone_announcement(user.mention, receipt.milestone))
        except discord.HTTPException as error:
            log.warning("could not post a milestone in server %s: %s", guild.id, error)
            return ""
        return f"I shared your milestone in {channel.mention}, as you asked."

    # Notes

    async def save_note(
        self, interaction: discord.Interaction[Any], checkin_id: int, text: str
    ) -> None:
        note = clean_note(text)  # Discord caps the field too; this catches anything else
        checkins = self.bot.storage.checkins
        checkin = await checkins.get(interaction.user.id, checkin_id)
        if checkin is None or not await checkins.set_note(interaction.user.id, checkin_id, note):
            raise UserFacingError(CHECKIN_GONE)
        told = await self._was_told(interaction.guild, interaction.user.id)
        care = await self.care_for_note(interaction, note, told=told, earlier_note=checkin.note)
        if note is None:
            reply = "I've cleared the note."
        else:
            reply = "Saved your note. Only you can see it unless you share the check-in."
        if checkin.shared_message_id is not None:
            reply += " The copy you shared earlier stays as it was."
        await send_private(interaction, reply, embed=care)

    async def care_for_note(
        self,
        interaction: discord.Interaction[Any],
        note: str | None,
        *,
        told: bool,
        earlier_note: str | None = None,
    ) -> discord.Embed | None:
        """Support lines when a note sounds like a crisis or a worry for someone; moderators
        hear only if the server turned that on and the member was told before writing it, and
        only once per check-in (``earlier_note`` is the one a changed note replaces)."""
        if note is None:
            return None
        guild = interaction.guild
        crisis = crisis_cog(self.bot)
        settings = await self._crisis_settings(guild)
        if settings.mode is DeliveryMode.OFF:
            return None
        detection = await crisis.classify(note, interaction.guild_id)
        if detection.kind not in (Kind.CRISIS, Kind.CONCERN):
            return None
        log.info("check-in note matched %s (server %s)", detection.kind, interaction.guild_id)
        user = interaction.user
        alert = (
            guild is not None
            and detection.kind is Kind.CRISIS
            and _alerts_on(settings)
            and told
            and not await self._sounded_like_crisis(earlier_note, interaction.guild_id)
        )
        if alert:
            assert guild is not None
            details = (
                f"Member: {user.mention}\nIn: a private check-in (the note itself stays private)\n"
                f"Matched rules: {', '.join(detection.rule_ids) or '-'}"
            )
            await crisis.send_alert(guild, settings, NOTE_CRISIS_ALERT_TITLE, details)
        if not (await self.bot.storage.crisis.member_prefs(user.id)).auto_replies:
            return None
        country = await member_country(self.bot, user.id, interaction.guild_id)
        directory = self.bot.content.hotlines
        server_name = guild.name if guild is not None else ""
        if detection.kind is Kind.CONCERN:
            return card_embed(
                concern_card(country, directory, server_name=server_name), CARE_COLOUR
            )
        support = await self._support_channel(guild)
        card = crisis_reply(
            country,
            directory,
            server_name=server_name,
            moderators_alerted=alert,
            support_channel_mention=mention_if_visible(support, user),
        )
        return card_embed(card, CARE_COLOUR)

    # Tags

    async def save_tags(
        self, interaction: discord.Interaction[Any], checkin_id: int, values: list[str]
    ) -> None:
        tag_ids = self.tags.validate(values)
        if not await self.bot.storage.checkins.set_tags(interaction.user.id, checkin_id, tag_ids):
            raise UserFacingError(CHECKIN_GONE)
        if not tag_ids:
            await send_private(interaction, "Tags cleared.")
            return
        names = ", ".join(tag_label(tag) for tag in self.tags.tags if tag.id in tag_ids)
        await send_private(interaction, f"Tags saved: {names}.")

    # Sharing

    async def share(self, interaction: discord.Interaction[Any], checkin_id: int) -> None:
        guild = interaction.guild
        if guild is None:
            raise app_commands.NoPrivateMessage()
        checkin = await self.bot.storage.checkins.get(interaction.user.id, checkin_id)
        if checkin is None:
            raise UserFacingError(CHECKIN_GONE)
        if checkin.shared_message_id is not None:
            raise UserFacingError("You've already shared this check-in.")
        channel = await self.share_channel(guild)
        if channel is None:
            raise UserFacingError(SHARE_CHANNEL_GONE)
        if missing_posting_permissions(channel):
            raise UserFacingError(_cannot_post(channel))
        try:
            sent = await channel.send(shared_text(interaction.user.mention, checkin))
        except discord.NotFound as error:
            raise UserFacingError(SHARE_CHANNEL_GONE) from error
        except discord.HTTPException as error:
            log.warning("could not share a check-in in server %s: %s", guild.id, error)
            raise UserFacingError(_cannot_post(channel)) from error
        await self.bot.storage.checkins.set_shared_message(interaction.user.id, checkin_id, sent.id)
        log.info("check-in shared (server %s)", guild.id)
        await send_private(interaction, f"Shared in {channel.mention}. Thanks for letting us in.")

    # The daily prompt, a DM with the mood buttons

    async def send_prompt(self, delivery: Delivery) -> None:
        """Deliver one scheduled prompt; the scheduling cog reads any Discord error."""
        assert delivery.user_id is not None  # prompt jobs always belong to a member
        user = self.bot.get_user(delivery.user_id) or await self.bot.fetch_user(delivery.user_id)
        await user.send(PROMPT_TEXT, view=mood_picker(NO_DRAFT))
        log.info("check-in prompt sent (job %s)", delivery.job_id)

    async def prompt_job(self, user_id: int) -> Job | None:
        jobs = await self.bot.storage.jobs.list_for_member(user_id)
        return next((job for job in jobs if job.kind == PROMPT_KIND), None)

    async def set_prompt(self, user_id: int, at: time | None) -> None:
        """Prompt the member every day at `at` in their timezone; None stops the prompts."""
        jobs = self.bot.storage.jobs
        existing = await self.prompt_job(user_id)
        if at is None:
            if existing is not None:
                await jobs.remove(existing.job_id)
            return
        timezone = (await self.bot.storage.members.get(user_id)).timezone
        recurrence = Recurrence(at, timezone)
        now = self.bot.clock.now()
        if existing is None:
            await jobs.add_recurring(PROMPT_KIND, recurrence, now, user_id=user_id)
            return
        await jobs.set_recurrence(existing.job_id, recurrence, now)
        if existing.paused or existing.disabled_reason is not None:
            await jobs.resume(existing.job_id, now)

    async def follow_timezone(self, user_id: int, timezone: str) -> bool:
        """Keep the prompt at the same local time in the member's new zone; False if none."""
        existing = await self.prompt_job(user_id)
        if existing is None or existing.recurrence is None:
            return False
        moved = Recurrence(existing.recurrence.at, timezone, existing.recurrence.days)
        await self.bot.storage.jobs.set_recurrence(existing.job_id, moved, self.bot.clock.now())
        return True

    # Server settings

    async def share_channel(self, guild: discord.Guild | None) -> discord.TextChannel | None:
        """The server's check-in channel, if it has one and it still exists."""
        if guild is None:
            return None
        channel_id = await self.bot.storage.checkin_servers.channel_id(guild.id)
        channel = guild.get_channel(channel_id) if channel_id else None
        return channel if isinstance(channel, discord.TextChannel) else None

    async def _support_channel(
        self, guild: discord.Guild | None
    ) -> discord.abc.GuildChannel | None:
        if guild is None:
            return None
        support_id = (await self.bot.storage.guilds.get(guild.id)).support_channel_id
        return guild.get_channel(support_id) if support_id else None

    async def _sounded_like_crisis(self, note: str | None, guild_id: int | None) -> bool:
        if note is None:
            return False
        return (await crisis_cog(self.bot).classify(note, guild_id)).kind is Kind.CRISIS

    async def _crisis_settings(self, guild: discord.Guild | None) -> CrisisSettings:
        if guild is None:
            return CrisisSettings()
        return await crisis_cog(self.bot).settings_for(guild.id)

    async def _was_told(self, guild: discord.Guild | None, user_id: int) -> bool:
        if guild is None:
            return False
        return await self.bot.storage.checkin_servers.was_told_about_alerts(guild.id, user_id)


def _alerts_on(settings: CrisisSettings) -> bool:
    return settings.checkin_alerts and settings.mod_channel_id is not None


def _cannot_post(channel: discord.TextChannel) -> str:
    return (
        f"I can't post in {channel.mention} right now; a server admin may need to give me "
        "permission there. Your check-in is saved, just for you."
    )


def resolve_tag(catalogue: TagCatalogue, typed: str) -> str:
    """The tag id for what the member typed: autocomplete sends the id, typing may send a label."""
    wanted = typed.strip().casefold()
    found = next((tag for tag in catalogue.tags if wanted in (tag.id, tag.label.casefold())), None)
    return found.id if found is not None else typed.strip()


def tag_label(tag: Tag) -> str:
    return f"{tag.emoji} {tag.label}"


def shared_text(member_mention: str, checkin: Checkin) -> str:
    """What the channel sees: who, their mood and their note; nothing else."""
    text = f"{member_mention} checked in: {mood_for(checkin.mood).label}"
    if checkin.note:
        text += "\n" + "\n".join(f"> {line}" for line in checkin.note.splitlines())
    return text


def checkins_cog(client: discord.Client) -> Checkins:
    cog = client.get_cog("Checkins") if isinstance(client, commands.Bot) else None
    assert isinstance(cog, Checkins)
    return cog


# Views


def mood_picker(draft_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for mood in MOODS:
        view.add_item(MoodButton(mood.value, draft_id))
    return view


def follow_up_view(
    checkin: Checkin, tags: TagCatalogue, share_channel: discord.TextChannel | None
) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(NoteButton(checkin.checkin_id, has_note=checkin.note is not None))
    if share_channel is not None:
        view.add_item(ShareButton(checkin.checkin_id, share_channel.name))
    view.add_item(TagsSelect(checkin.checkin_id, tags, checkin.tags))
    return view


class MoodButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"checkin:mood:(?P<mood>[1-5]):(?P<draft_id>\d+)",
):
    """One mood: a click records the check-in, in a server or from a DM prompt."""

    def __init__(self, mood: int, draft_id: int = NO_DRAFT) -> None:
        chosen = mood_for(mood)
        super().__init__(
            discord.ui.Button(
                label=chosen.word,
                emoji=chosen.emoji,
                style=discord.ButtonStyle.secondary,
                custom_id=f"checkin:mood:{mood}:{draft_id}",
            )
        )
        self.mood = mood
        self.draft_id = draft_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> MoodButton:
        return cls(int(match["mood"]), int(match["draft_id"]))

    @reports_errors
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        cog = checkins_cog(interaction.client)
        note: str | None = None
        tag_ids: tuple[str, ...] = ()
        lost = None
        if self.draft_id != NO_DRAFT:
            draft = cog.take_draft(self.draft_id)
            if draft is None:
                lost = DRAFT_LOST
            else:
                note, tag_ids = draft.note, draft.tag_ids
        await cog.record(interaction, self.mood, note, tag_ids, edit=True, extra_line=lost)


class NoteButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"checkin:note:(?P<checkin_id>\d+)",
):
    def __init__(self, checkin_id: int, *, has_note: bool = False) -> None:
        super().__init__(
            discord.ui.Button(
                label="Change the note" if has_note else "Add a note",
                emoji="📝",
                style=discord.ButtonStyle.primary,
                custom_id=f"checkin:note:{checkin_id}",
            )
        )
        self.checkin_id = checkin_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> NoteButton:
        return cls(int(match["checkin_id"]))

    @reports_errors
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        cog = checkins_cog(interaction.client)
        checkin = await cog.bot.storage.checkins.get(interaction.user.id, self.checkin_id)
        if checkin is None:
            raise UserFacingError(CHECKIN_GONE)
        await interaction.response.send_modal(NoteModal(self.checkin_id, checkin.note))


class NoteModal(LanternModal, title="A note for this check-in"):
    def __init__(self, checkin_id: int, current: str | None) -> None:
        super().__init__(timeout=DRAFT_LIFETIME.total_seconds())
        self.checkin_id = checkin_id
        self.note: discord.ui.TextInput[NoteModal] = discord.ui.TextInput(
            label="Your note (only you see it unless you share)",
            style=discord.TextStyle.paragraph,
            max_length=NOTE_MAX_LENGTH,
            required=False,
            default=current,
            placeholder="What's on your mind?",
        )
        self.add_item(self.note)

    async def on_submit(self, interaction: discord.Interaction[Any], /) -> None:
        await checkins_cog(interaction.client).save_note(
            interaction, self.checkin_id, self.note.value
        )


class TagsSelect(
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=r"checkin:tags:(?P<checkin_id>\d+)",
):
    def __init__(
        self, checkin_id: int, tags: TagCatalogue | None = None, chosen: tuple[str, ...] = ()
    ) -> None:
        options = [
            discord.SelectOption(
                label=tag.label, value=tag.id, emoji=tag.emoji, default=tag.id in chosen
            )
            for tag in (tags.tags if tags is not None else ())
        ]
        super().__init__(
            discord.ui.Select(
                custom_id=f"checkin:tags:{checkin_id}",
                placeholder="Add tags (optional)",
                min_values=0,
                max_values=max(len(options), 1),
                options=options or [discord.SelectOption(label="-", value="-")],
            )
        )
        self.checkin_id = checkin_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> TagsSelect:
        return cls(int(match["checkin_id"]))

    @reports_errors
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await checkins_cog(interaction.client).save_tags(
            interaction, self.checkin_id, self.item.values
        )


class ShareButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"checkin:share:(?P<checkin_id>\d+)",
):
    def __init__(self, checkin_id: int, channel_name: str = "") -> None:
        label = f"Share to #{channel_name}" if channel_name else "Share"
        super().__init__(
            discord.ui.Button(
                label=label[:BUTTON_LABEL_LIMIT],
                style=discord.ButtonStyle.secondary,
                custom_id=f"checkin:share:{checkin_id}",
            )
        )
        self.checkin_id = checkin_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ShareButton:
        return cls(int(match["checkin_id"]))

    @reports_errors
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await checkins_cog(interaction.client).share(interaction, self.checkin_id)


async def setup(bot: Lantern) -> None:
    await bot.add_cog(Checkins(bot))
