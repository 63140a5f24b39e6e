"""Anonymous sharing for members: /share, anonymous replies in a thread, reports, /unshare.

Who wrote what is never stored, logged or shown: authors are known by keyed HMACs (bot.anon.keys).
Everything Lantern posts here goes out with no allowed mentions, so nothing in a post pings anyone.
Buttons are DynamicItems whose custom ids carry the post id, so they work across restarts.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

import discord
from discord import app_commands
from discord.ext import commands

from bot.anon.cards import (
    REPORT_REASONS_SHOWN,
    TEXT_LIMIT,
    WARNING_LIMIT,
    post_card,
    reply_card,
    report_card,
)
from bot.anon.codes import new_code, normalise_code
from bot.anon.keys import AnonKeys
from bot.anon.limits import BURST_WINDOW, REPLY_COOLDOWN, next_wait
from bot.anon.names import friendly_name
from bot.anon.retention import PURGE_INTERVAL
from bot.anon.secret import load_secret, secret_file_beside
from bot.anon.text_rules import REFUSAL_TEXTS, check_text
from bot.client import Lantern
from bot.crisis.detector import Detection, Kind
from bot.crisis.policy import DeliveryMode, Reply
from bot.embeds import LANTERN_COLOUR, card_embed
from bot.errors import UserFacingError
from bot.loops import ResilientLoop
from bot.storage.anon import AnonPost, AnonSettings, NewPost, PostStatus, ReviewMessage
from bot.ui import LanternModal, LanternView, reports_errors, send_private
from cogs.anon_review import report_view, review_message
from cogs.crisis import Crisis

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
CODE_ATTEMPTS = 5
REPORT_REASON_LIMIT = 500
TRY_AGAIN_SECONDS = 600
THREAD_ARCHIVE_MINUTES: Final = 10080
CRISIS_ALERT_TITLES = {
    Kind.CRISIS: "An anonymous writer may be in crisis",
    Kind.CONCERN: "An anonymous writer is worried about someone",
    Kind.HARASSMENT: "Possible harassment in an anonymous message",
}
NOT_SET_UP = (
    "Anonymous sharing isn't switched on in this server. An admin can turn it on with "
    "`/anon setup`."
)


@dataclass(frozen=True, slots=True)
class Draft:
    """What a member typed into a share or reply modal."""

    text: str
    content_warning: str | None

    @classmethod
    def of(cls, text: str, content_warning: str) -> Draft:
        return cls(text.strip(), " ".join(content_warning.split()) or None)


class Anon(commands.Cog):
    def __init__(self, bot: Lantern) -> None:
        self.bot = bot
        self.keys: AnonKeys | None = None
        # One thread per post, even when two people reply at once.
        self._thread_locks: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)
        self.purge_loop = ResilientLoop(
            "Forgetting old anonymous post texts",
            self.purge_old_texts,
            every=PURGE_INTERVAL,
            clock=bot.clock,
            before_first=bot.wait_until_ready,
        )

    async def cog_load(self) -> None:
        settings = self.bot.settings
        secret = load_secret(settings.anon_secret, secret_file_beside(settings.database_path))
        self.keys = AnonKeys(secret)
        self.bot.storage.anon.use_keys(self.keys)
        self.bot.add_dynamic_items(ReplyButton, ReportButton, DeleteOwnButton)
        self.purge_loop.start()

    async def cog_unload(self) -> None:
        await self.purge_loop.stop()
        self.bot.remove_dynamic_items(ReplyButton, ReportButton, DeleteOwnButton)

    @property
    def key_ring(self) -> AnonKeys:
        assert self.keys is not None, "the anon cog is not loaded"
        return self.keys

    def author_key(self, guild_id: int, user_id: int) -> str:
        return self.key_ring.author_key(guild_id, user_id)

    # Who may post, and when

    async def gate(self, guild_id: int, author_key: str, *, reply: bool) -> AnonSettings:
        """The server's settings if this author may post now; else a kind explanation."""
        store = self.bot.storage.anon
        settings = await store.settings(guild_id)
        if settings.channel_id is None:
            raise UserFacingError(NOT_SET_UP)
        now = self.bot.clock.now()
        block = await store.active_block(guild_id, author_key, now)
        if block is not None:
            raise UserFacingError(
                f"Anonymous sharing is paused for you in this server {until_phrase(block.until)}, "
                "after post "
                f"`{block.code}`. The reason given: {block.reason}\n"
                "If you'd like to talk about it, a moderator is there to listen."
            )
        last = await store.last_post_at(guild_id, author_key, replies=reply)
        wait = next_wait(
            now,
            own_last_at=last,
            cooldown=REPLY_COOLDOWN if reply else settings.cooldown,
            server_recent=[]
            if reply
            else await store.post_times_since(guild_id, now - BURST_WINDOW),
        )
        if wait is not None:
            raise UserFacingError(wait.explain(now))
        return settings

    # /share

    @app_commands.command(name="share", description="Post anonymously in this server")
    @app_commands.guild_only()
    async def share(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild is not None
        author_key = self.author_key(interaction.guild.id, interaction.user.id)
        notices = await self.bot.storage.anon.take_notices(interaction.guild.id, author_key)
        try:
            await self.gate(interaction.guild.id, author_key, reply=False)
        except UserFacingError as refusal:
            await send_private(interaction, "\n\n".join([*notices, str(refusal)]))
            return
        if notices:
            # The modal can't carry news, so it waits behind a button.
            view = OpenModalView(lambda: ShareModal(self))
            await send_private(interaction, "\n\n".join(notices), view=view)
            return
        await interaction.response.send_modal(ShareModal(self))

    async def submit_post(self, interaction: discord.Interaction[Any], draft: Draft) -> None:
        guild = interaction.guild
        assert guild is not None
        author_key = self.author_key(guild.id, interaction.user.id)
        try:
            settings = await self.gate(guild.id, author_key, reply=False)
            self.check_draft(draft, settings)
        except UserFacingError as refusal:
            await give_back(
                interaction, str(refusal), draft, functools.partial(ShareModal, self, draft)
            )
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        detection = await self.classify(draft, guild.id)
        keys = self.key_ring
        user_id = interaction.user.id
        post = await self.store_post(
            lambda code: NewPost(
                guild_id=guild.id,
                code=code,
                author_key=author_key,
                pseudonym=friendly_name(keys.pseudonym_digest(guild.id, code, user_id)),
                text=draft.text,
                content_warning=draft.content_warning,
                status=PostStatus.PENDING,
                created_at=self.bot.clock.now(),
                sealed_author=keys.seal_user_id(user_id, guild.id) if settings.approval else None,
            )
        )
        try:
            if settings.approval:
                await self.send_for_review(guild, settings, post)
            else:
                post = await self.publish(guild, settings, post)
        except (discord.HTTPException, UserFacingError):
            await self.bot.storage.anon.take_down(post.post_id, PostStatus.DELETED)
            log.warning("anonymous post could not be sent in server %s", guild.id)
            await give_back(
                interaction,
                "I couldn't get your post to the right channel just now; nothing was posted. "
                "A server admin can check `/config show`.",
                draft,
            )
            return
        log.info("anonymous post %s in server %s: %s", post.code, guild.id, post.status)
        support = await self.crisis_care(guild, interaction.user, post, detection)
        if settings.approval:
            receipt = (
                f"Thank you for sharing. Your post `{post.code}` is waiting for a moderator's "
                "approval. I'll tell you how it goes by DM, or here next time you use `/share` "
                "if your DMs are closed."
            )
        else:
            receipt = (
                f"Posted anonymously as **{post.pseudonym}**. Your post's code is `{post.code}`. "
                "You can delete it any time with the button below or `/unshare`."
            )
        await self.send_receipt(interaction, receipt, post, support)

    # Replies

    async def open_reply(self, interaction: discord.Interaction[Any], post_id: int) -> None:
        assert interaction.guild is not None
        post = await self.live_parent(post_id)
        author_key = self.author_key(interaction.guild.id, interaction.user.id)
        await self.gate(interaction.guild.id, author_key, reply=True)
        await interaction.response.send_modal(ReplyModal(self, post.post_id))

    async def live_parent(self, post_id: int) -> AnonPost:
        post = await self.bot.storage.anon.post(post_id)
        if post is None or post.status is not PostStatus.PUBLISHED or post.is_reply:
            raise UserFacingError("That post isn't up any more, so it can't take replies.")
        return post

    async def submit_reply(
        self, interaction: discord.Interaction[Any], post_id: int, draft: Draft
    ) -> None:
        guild = interaction.guild
        assert guild is not None
        author_key = self.author_key(guild.id, interaction.user.id)
        again = functools.partial(ReplyModal, self, post_id, draft)
        try:
            parent = await self.live_parent(post_id)
            settings = await self.gate(guild.id, author_key, reply=True)
            self.check_draft(draft, settings)
        except UserFacingError as refusal:
            await give_back(interaction, str(refusal), draft, again)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        detection = await self.classify(draft, guild.id)
        digest = self.key_ring.pseudonym_digest(guild.id, parent.code, interaction.user.id)
        reply = await self.store_post(
            lambda code: NewPost(
                guild_id=guild.id,
                code=code,
                parent_id=parent.post_id,
                author_key=author_key,
                pseudonym=friendly_name(digest),
                text=draft.text,
                content_warning=draft.content_warning,
                status=PostStatus.PENDING,
                created_at=self.bot.clock.now(),
            )
        )
        by_op = parent.author_key == author_key
        try:
            thread_id = await self.thread_for(guild, parent)
            card = reply_card(
                reply.pseudonym, reply.code, draft.text, draft.content_warning, by_op=by_op
            )
            view = discord.ui.View(timeout=None)
            view.add_item(ReportButton(reply.post_id))
            thread = self.bot.get_partial_messageable(thread_id, guild_id=guild.id)
            sent = await thread.send(
                embed=card_embed(card), view=view, allowed_mentions=NO_MENTIONS
            )
        except discord.HTTPException:
            await self.bot.storage.anon.take_down(reply.post_id, PostStatus.DELETED)
            log.warning("anonymous reply could not be sent in server %s", guild.id)
            await give_back(
                interaction, "I couldn't post your reply just now; nothing was posted.", draft
            )
            return
        await self.bot.storage.anon.mark_published(reply.post_id, thread_id, sent.id)
        log.info("anonymous reply %s to %s in server %s", reply.code, parent.code, guild.id)
        support = await self.crisis_care(guild, interaction.user, reply, detection)
        await self.send_receipt(
            interaction,
            f"Replied anonymously as **{reply.pseudonym}**"
            f"{' (marked OP, since it is your post)' if by_op else ''}. "
            f"Your reply's code is `{reply.code}`; you can delete it any time.",
            reply,
            support,
        )

    async def thread_for(self, guild: discord.Guild, parent: AnonPost) -> int:
        """The reply thread under a post, opened on its first reply."""
        async with self._thread_locks[parent.post_id]:
            current = await self.bot.storage.anon.post(parent.post_id)
            if current is not None and current.thread_id is not None:
                return current.thread_id
            channel = guild.get_channel(parent.channel_id or 0)
            if not isinstance(channel, discord.TextChannel) or parent.message_id is None:
                raise UserFacingError("I can't find that post's channel any more.")
            thread = await channel.get_partial_message(parent.message_id).create_thread(
                name=f"Anonymous replies to {parent.code}",
                auto_archive_duration=THREAD_ARCHIVE_MINUTES,
            )
            await self.bot.storage.anon.set_thread(parent.post_id, thread.id)
            return thread.id

    # Shared by posts and replies

    def check_draft(self, draft: Draft, settings: AnonSettings) -> None:
        if not draft.text:
            raise UserFacingError("Your post looks empty. Write whatever you'd like to share.")
        if len(draft.text) > TEXT_LIMIT or len(draft.content_warning or "") > WARNING_LIMIT:
            raise UserFacingError(
                f"That's a little long: posts fit {TEXT_LIMIT} characters and content warnings "
                f"{WARNING_LIMIT}."
            )
        for part in (draft.text, draft.content_warning or ""):
            refusal = check_text(part, allow_links=settings.allow_links)
            if refusal is not None:
                raise UserFacingError(REFUSAL_TEXTS[refusal])

    async def classify(self, draft: Draft, guild_id: int) -> Detection:
        text = f"{draft.content_warning}\n{draft.text}" if draft.content_warning else draft.text
        return await crisis_responder(self.bot).classify(text, guild_id)

    async def store_post(self, make: Callable[[str], NewPost]) -> AnonPost:
        for _ in range(CODE_ATTEMPTS):
            stored = await self.bot.storage.anon.add_post(make(new_code()))
            if stored is not None:
                return stored
        raise RuntimeError("no free anonymous post code after several tries")

    async def publish(
        self, guild: discord.Guild, settings: AnonSettings, post: AnonPost
    ) -> AnonPost:
        """Post it in the anonymous channel, with its reply and report buttons."""
        channel = guild.get_channel(settings.channel_id or 0)
        if not isinstance(channel, discord.TextChannel):
            raise UserFacingError("The anonymous channel is gone; an admin can pick another.")
        assert post.text is not None
        view = discord.ui.View(timeout=None)
        view.add_item(ReplyButton(post.post_id))
        view.add_item(ReportButton(post.post_id))
        card = post_card(post.pseudonym, post.code, post.text, post.content_warning)
        sent = await channel.send(embed=card_embed(card), view=view, allowed_mentions=NO_MENTIONS)
        await self.bot.storage.anon.mark_published(post.post_id, channel.id, sent.id)
        published = await self.bot.storage.anon.post(post.post_id)
        assert published is not None
        return published

    async def send_for_review(
        self, guild: discord.Guild, settings: AnonSettings, post: AnonPost
    ) -> None:
        channel = guild.get_channel(settings.review_channel_id or 0)
        if not isinstance(channel, discord.TextChannel):
            raise UserFacingError("The review channel is gone; an admin can pick another.")
        embed, view = review_message(post)
        await channel.send(embed=embed, view=view, allowed_mentions=NO_MENTIONS)

    async def crisis_care(
        self, guild: discord.Guild, writer: discord.abc.User, post: AnonPost, detection: Detection
    ) -> discord.Embed | None:
        """On a crisis match: support lines for the writer, an alert naming only the code."""
        if detection.kind is Kind.NONE:
            return None
        responder = crisis_responder(self.bot)
        settings = await responder.settings_for(guild.id)
        if settings.mode is DeliveryMode.OFF:
            return None
        care = {Kind.CRISIS: Reply.CRISIS, Kind.CONCERN: Reply.CONCERN}.get(detection.kind)
        what = "reply" if post.is_reply else "post"
        details = [
            f"Anonymous {what} `{post.code}`"
            + (" (waiting for approval)" if post.status is PostStatus.PENDING else ""),
            f"Matched rules: {', '.join(detection.rule_ids) or '-'}",
            "Lantern showed the writer support lines privately."
            if care
            else "The writer was not contacted.",
            "Nobody, Lantern's moderators included, can see who wrote it.",
        ]
        await responder.send_alert(
            guild, settings, CRISIS_ALERT_TITLES[detection.kind], "\n".join(details)
        )
        log.info("crisis match on anonymous %s %s in server %s", what, post.code, guild.id)
        if care is None:
            return None
        return await responder.reply_embed(writer, guild, care, settings)

    async def send_receipt(
        self,
        interaction: discord.Interaction[Any],
        text: str,
        post: AnonPost,
        support: discord.Embed | None,
    ) -> None:
        view = LanternView(timeout=None)
        view.add_item(DeleteOwnButton(post.post_id))
        options: dict[str, Any] = {"ephemeral": True, "view": view}
        if support is not None:
            options["embed"] = support
            text += "\nWhat you wrote sounds really heavy. Here are people you can talk to now."
        await interaction.followup.send(text, **options)

    async def tell_author(self, post: AnonPost, sealed: bytes, text: str) -> None:
        """DM the author of a post that waited for approval; else keep it for their next /share."""
        if not sealed:
            return  # they asked Lantern to forget them
        user_id = self.key_ring.open_user_id(sealed, post.guild_id)
        try:
            dm = await self.bot.create_dm(discord.Object(user_id))
            await dm.send(text)
        except discord.HTTPException:
            if post.author_key is not None:
                now = self.bot.clock.now()
                await self.bot.storage.anon.add_notice(post.guild_id, post.author_key, text, now)
            log.info("outcome of anonymous %s kept for its author's next /share", post.code)

    async def pass_on_report(
        self, channel: discord.TextChannel, post: AnonPost, reason: str
    ) -> None:
        """Store the report and show it to moderators, updating the post's review message."""
        store = self.bot.storage.anon
        times = await store.add_report(post.post_id, reason, self.bot.clock.now())
        reasons = await store.latest_report_reasons(post.post_id, REPORT_REASONS_SHOWN)
        embed = card_embed(
            report_card(post.code, reasons, post.text, post.content_warning, times=times)
        )
        review = await store.report_review(post.post_id)
        if review is not None:
            shown = self.bot.get_partial_messageable(review.channel_id, guild_id=post.guild_id)
            try:
                await shown.get_partial_message(review.message_id).edit(embed=embed)
            except discord.HTTPException:
                log.info("review message for anonymous %s is gone; sending a new one", post.code)
            else:
                return
        sent = await channel.send(
            embed=embed, view=report_view(post.post_id), allowed_mentions=NO_MENTIONS
        )
        await store.set_report_review(post.post_id, ReviewMessage(channel.id, sent.id))

    # Taking down one's own post

    async def delete_own(self, interaction: discord.Interaction[Any], post: AnonPost) -> None:
        assert interaction.guild is not None
        if post.author_key != self.author_key(interaction.guild.id, interaction.user.id):
            raise UserFacingError("I can only delete posts that you wrote.")
        taken = await self.bot.storage.anon.take_down(post.post_id, PostStatus.DELETED)
        if taken is None:
            raise UserFacingError(f"`{post.code}` is already gone.")
        await delete_message(self.bot, taken)
        await delete_thread(self.bot, taken)
        log.info("anonymous %s deleted by its author in server %s", taken.code, taken.guild_id)
        await send_private(interaction, f"Deleted `{taken.code}`. Its text is gone for good.")

    @app_commands.command(name="unshare", description="Delete one of your anonymous posts")
    @app_commands.describe(code="The post's code (your receipt shows it)")
    @app_commands.guild_only()
    async def unshare(self, interaction: discord.Interaction[Any], code: str) -> None:
        assert interaction.guild is not None
        wanted = normalise_code(code)
        post = (
            await self.bot.storage.anon.post_by_code(interaction.guild.id, wanted)
            if wanted
            else None
        )
        if post is None:
            raise UserFacingError(
                "I can't find a post with that code here. Pick one of yours from the list."
            )
        await self.delete_own(interaction, post)

    @unshare.autocomplete("code")
    async def own_posts_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        author_key = self.author_key(interaction.guild_id, interaction.user.id)
        posts = await self.bot.storage.anon.own_live_posts(interaction.guild_id, author_key)
        typed = "".join(current.split()).upper()
        return [
            app_commands.Choice(name=own_post_label(post), value=post.code)
            for post in posts
            if typed in post.code
        ][:25]

    # Retention

    async def purge_old_texts(self) -> None:
        purged = await self.bot.storage.anon.purge_texts(self.bot.clock.now())
        if purged:
            log.info("forgot the text of %d old anonymous posts", purged)

    def background_loops(self) -> list[ResilientLoop]:
        return [self.purge_loop]


def own_post_label(post: AnonPost) -> str:
    kind = "reply" if post.is_reply else "post"
    waiting = ", waiting for approval" if post.status is PostStatus.PENDING else ""
    preview = " ".join((post.text or "").split())
    return choice_name(f"{post.code} ({kind}{waiting}): {preview}")


def choice_name(label: str) -> str:
    """An autocomplete choice's name, clipped to Discord's 100 characters."""
    return label if len(label) <= 100 else label[:99] + "…"


def until_phrase(until: datetime | None) -> str:
    """'until <date, in the reader's own time zone>', or until a moderator lifts it."""
    return f"until {discord.utils.format_dt(until, 'f')}" if until else "until a moderator lifts it"


async def delete_message(bot: Lantern, post: AnonPost) -> None:
    """Delete a post's message, if it was sent and still exists."""
    if post.channel_id is None or post.message_id is None:
        return
    channel = bot.get_partial_messageable(post.channel_id, guild_id=post.guild_id)
    try:
        await channel.get_partial_message(post.message_id).delete()
    except discord.NotFound:
        log.info("anonymous %s was already deleted from Discord", post.code)


async def delete_thread(bot: Lantern, post: AnonPost) -> None:
    """Delete the replies' thread under a taken-down post; archive it if not allowed.

    The post is already down either way, so a thread Discord won't let go of only gets logged.
    """
    if post.thread_id is None:
        return
    try:
        thread = bot.get_channel(post.thread_id) or await bot.fetch_channel(post.thread_id)
        if not isinstance(thread, discord.Thread):
            return
        try:
            await thread.delete()
        except discord.Forbidden:
            # Only Manage Threads may delete or lock a thread; a bot may archive its own.
            await thread.edit(archived=True)
    except discord.NotFound:
        log.info("the replies to anonymous %s were already deleted from Discord", post.code)
    except discord.HTTPException:
        log.warning("could not close the replies to anonymous %s", post.code)


async def give_back(
    interaction: discord.Interaction[Any],
    reason: str,
    draft: Draft,
    reopen: Callable[[], discord.ui.Modal] | None = None,
) -> None:
    """Refuse privately, handing the member their words back so nothing is lost."""
    embed = discord.Embed(title="What you wrote", description=draft.text, colour=LANTERN_COLOUR)
    if draft.content_warning:
        embed.add_field(name="Content warning", value=draft.content_warning, inline=False)
    view = OpenModalView(reopen, label="Edit and try again") if reopen else None
    await send_private(interaction, reason, embed=embed, view=view)


def anon_cog(client: discord.Client) -> Anon:
    cog = client.get_cog("Anon") if isinstance(client, commands.Bot) else None
    assert isinstance(cog, Anon)
    return cog


def crisis_responder(bot: Lantern) -> Crisis:
    cog = bot.get_cog("Crisis")
    assert isinstance(cog, Crisis)
    return cog


# Modals


class ShareModal(LanternModal, title="Share anonymously"):
    def __init__(self, cog: Anon, draft: Draft | None = None) -> None:
        super().__init__()
        self.cog = cog
        self.text: discord.ui.TextInput[ShareModal] = discord.ui.TextInput(
            label="What would you like to share?",
            style=discord.TextStyle.paragraph,
            max_length=TEXT_LIMIT,
            default=draft.text if draft else None,
        )
        self.warning: discord.ui.TextInput[ShareModal] = warning_input(draft)
        self.add_item(self.text)
        self.add_item(self.warning)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        await self.cog.submit_post(interaction, Draft.of(self.text.value, self.warning.value))


class ReplyModal(LanternModal, title="Reply anonymously"):
    def __init__(self, cog: Anon, post_id: int, draft: Draft | None = None) -> None:
        super().__init__()
        self.cog = cog
        self.post_id = post_id
        self.text: discord.ui.TextInput[ReplyModal] = discord.ui.TextInput(
            label="Your reply",
            style=discord.TextStyle.paragraph,
            max_length=TEXT_LIMIT,
            default=draft.text if draft else None,
        )
        self.warning: discord.ui.TextInput[ReplyModal] = warning_input(draft)
        self.add_item(self.text)
        self.add_item(self.warning)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        draft = Draft.of(self.text.value, self.warning.value)
        await self.cog.submit_reply(interaction, self.post_id, draft)


def warning_input(draft: Draft | None) -> discord.ui.TextInput[Any]:
    return discord.ui.TextInput(
        label="Content warning (optional)",
        placeholder="e.g. self-harm, grief: your words will be hidden behind a spoiler",
        required=False,
        max_length=WARNING_LIMIT,
        default=draft.content_warning if draft else None,
    )


class ReportModal(LanternModal, title="Report an anonymous post"):
    reason: discord.ui.TextInput[ReportModal] = discord.ui.TextInput(
        label="What's wrong with it?",
        style=discord.TextStyle.paragraph,
        max_length=REPORT_REASON_LIMIT,
    )

    def __init__(self, cog: Anon, post_id: int) -> None:
        super().__init__()
        self.cog = cog
        self.post_id = post_id

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        guild = interaction.guild
        assert guild is not None
        store = self.cog.bot.storage.anon
        post = await store.post(self.post_id)
        settings = await store.settings(guild.id)
        channel = guild.get_channel(settings.review_channel_id or 0)
        if post is None or post.status is not PostStatus.PUBLISHED:
            raise UserFacingError("Thanks for looking out. That post has already been taken down.")
        if not isinstance(channel, discord.TextChannel):
            raise UserFacingError(
                "This server has no review channel for anonymous posts yet, so I can't pass "
                "reports on. Please tell a moderator directly; thank you for looking out."
            )
        await self.cog.pass_on_report(channel, post, self.reason.value)
        log.info("anonymous %s reported in server %s", post.code, guild.id)
        await send_private(
            interaction,
            f"Thank you for looking out. Moderators will look at `{post.code}`; "
            "they won't see who reported it.",
        )


class OpenModalView(LanternView):
    """A button that opens a modal: for when a modal can't be the first answer."""

    def __init__(
        self, make_modal: Callable[[], discord.ui.Modal], *, label: str = "Write a post"
    ) -> None:
        super().__init__(timeout=TRY_AGAIN_SECONDS)
        self.make_modal = make_modal
        self.open.label = label

    @discord.ui.button(label="Write a post", style=discord.ButtonStyle.primary)
    async def open(
        self, interaction: discord.Interaction[Any], _: discord.ui.Button[OpenModalView]
    ) -> None:
        await interaction.response.send_modal(self.make_modal())


# Persistent buttons


class ReplyButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"anon:reply:(?P<post_id>\d+)"
):
    def __init__(self, post_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Reply anonymously",
                style=discord.ButtonStyle.primary,
                custom_id=f"anon:reply:{post_id}",
            )
        )
        self.post_id = post_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ReplyButton:
        return cls(int(match["post_id"]))

    @reports_errors
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await anon_cog(interaction.client).open_reply(interaction, self.post_id)


class ReportButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"anon:report:(?P<post_id>\d+)"
):
    def __init__(self, post_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Report",
                style=discord.ButtonStyle.secondary,
                custom_id=f"anon:report:{post_id}",
            )
        )
        self.post_id = post_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ReportButton:
        return cls(int(match["post_id"]))

    @reports_errors
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_modal(
            ReportModal(anon_cog(interaction.client), self.post_id)
        )


class DeleteOwnButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"anon:delete:(?P<post_id>\d+)"
):
    """On the author's private receipt; ownership is checked through the author key."""

    def __init__(self, post_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Delete", style=discord.ButtonStyle.danger, custom_id=f"anon:delete:{post_id}"
            )
        )
        self.post_id = post_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> DeleteOwnButton:
        return cls(int(match["post_id"]))

    @reports_errors
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        cog = anon_cog(interaction.client)
        post = await cog.bot.storage.anon.post(self.post_id)
        if post is None:
            raise UserFacingError("That post is already gone.")
        await cog.delete_own(interaction, post)


async def setup(bot: Lantern) -> None:
    await bot.add_cog(Anon(bot))
