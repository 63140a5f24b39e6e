"""Anonymous sharing for admins and moderators: settings, review, removal and blocks.

Moderators act on posts by their code and never learn who wrote them: a block applies to the
author key of the post, which nobody can turn back into a member.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.admin import POSTING_PERMISSIONS, AdminGroup, ConfigSection, ensure_bot_can_post
from bot.anon.codes import normalise_code
from bot.client import Lantern
from bot.embeds import LANTERN_COLOUR
from bot.errors import UserFacingError
from bot.storage.anon import AnonPost, Block, PostStatus
from bot.ui import LanternModal, send_private
from cogs.anon import anon_cog, choice_name, delete_message, delete_thread, until_phrase
from cogs.anon_review import REVIEW_BUTTONS, after_removal_view, with_outcome

log = logging.getLogger(__name__)

ANON_CHANNEL_PERMISSIONS = POSTING_PERMISSIONS | discord.Permissions(
    create_public_threads=True, send_messages_in_threads=True
)
BLOCK_REASON_LIMIT = 300
MAX_BLOCK_DAYS = 365


class AnonAdmin(commands.Cog):
    anon = AdminGroup(name="anon", description="Anonymous sharing in this server")

    def __init__(self, bot: Lantern) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*REVIEW_BUTTONS)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*REVIEW_BUTTONS)

    async def describe_config(self, guild: discord.Guild) -> ConfigSection:
        settings = await self.bot.storage.anon.settings(guild.id)
        section = ConfigSection("Anonymous sharing")
        channel = guild.get_channel(settings.channel_id) if settings.channel_id else None
        section.add(
            "Anonymous channel", channel.mention if channel else None, unset="off (`/anon setup`)"
        )
        if settings.channel_id and channel is None:
            section.problems.append("The anonymous channel was deleted; please pick another.")
        section.check_channel("Anonymous channel", channel, ANON_CHANNEL_PERMISSIONS)
        if channel is not None and not channel.permissions_for(guild.me).manage_threads:
            section.problems.append(
                f"Anonymous channel {channel.mention}: I'm missing Manage Threads, so when a post "
                "is removed I can only archive its replies, and a new reply reopens them."
            )
        review = (
            guild.get_channel(settings.review_channel_id) if settings.review_channel_id else None
        )
        section.add(
            "Review channel (reports, approvals)",
            review.mention if review else None,
            unset="not set: members can't report posts",
        )
        if settings.review_channel_id and review is None:
            section.problems.append("The review channel was deleted; please pick another.")
        section.check_channel("Review channel", review)
        section.add("Approval before posting", "on" if settings.approval else "off")
        minutes = int(settings.cooldown.total_seconds() // 60)
        section.add("Time between one member's posts", f"{minutes} minutes")
        section.add("Links", "allowed (invites never are)" if settings.allow_links else "refused")
        section.add("Post texts kept for", f"{settings.retention_days} days")
        return section

    @anon.command(name="setup", description="Turn on anonymous posts and choose how they work")
    @app_commands.describe(
        channel="Where anonymous posts appear",
        review_channel="A private moderators' channel for reports and posts awaiting approval",
        approval="Hold every post until a moderator approves it",
        cooldown="Minutes one member waits between anonymous posts (default 5)",
        allow_links="Allow links in posts (server invites are always refused)",
        retention_days="Days post texts are kept for moderation before they are forgotten",
    )
    async def setup(
        self,
        interaction: discord.Interaction[Any],
        channel: discord.TextChannel,
        review_channel: discord.TextChannel | None = None,
        approval: bool | None = None,
        cooldown: app_commands.Range[int, 0, 1440] | None = None,
        allow_links: bool | None = None,
        retention_days: app_commands.Range[int, 1, 365] | None = None,
    ) -> None:
        guild = interaction.guild
        assert guild is not None
        store = self.bot.storage.anon
        ensure_bot_can_post(channel, ANON_CHANNEL_PERMISSIONS)
        changes: dict[str, Any] = {"channel_id": channel.id}
        if review_channel is not None:
            if review_channel.id == channel.id:
                raise UserFacingError(
                    "The review channel should be a private moderators' channel, not the "
                    "anonymous channel itself."
                )
            ensure_bot_can_post(review_channel)
            changes["review_channel_id"] = review_channel.id
        if approval is not None:
            changes["approval"] = approval
        if cooldown is not None:
            changes["cooldown"] = timedelta(minutes=cooldown)
        if allow_links is not None:
            changes["allow_links"] = allow_links
        if retention_days is not None:
            changes["retention_days"] = retention_days
        current = await store.settings(guild.id)
        has_review = review_channel is not None or current.review_channel_id is not None
        if changes.get("approval", current.approval) and not has_review:
            raise UserFacingError(
                "Approval needs a review channel where moderators can approve posts. "
                "Please add `review_channel` too."
            )
        await store.update_settings(guild.id, **changes)
        log.info("anonymous sharing set up in server %s", guild.id)
        await send_private(interaction, "Saved.", embed=await self.config_embed(guild))

    async def config_embed(self, guild: discord.Guild) -> discord.Embed:
        section = await self.describe_config(guild)
        embed = discord.Embed(
            title=section.title, description="\n".join(section.lines), colour=LANTERN_COLOUR
        )
        if section.problems:
            embed.add_field(name="Needs attention", value="\n".join(section.problems), inline=False)
        return embed

    @anon.command(name="disable", description="Turn anonymous posts off (existing posts stay)")
    async def disable(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild is not None
        await self.bot.storage.anon.update_settings(interaction.guild.id, channel_id=None)
        log.info("anonymous sharing turned off in server %s", interaction.guild.id)
        await send_private(
            interaction,
            "Anonymous sharing is off. Existing posts stay up; `/anon setup` turns it back on.",
        )

    @anon.command(name="remove", description="Take down an anonymous post by its code")
    @app_commands.describe(code="The post's code, as shown under it")
    async def remove(self, interaction: discord.Interaction[Any], code: str) -> None:
        post = await self.post_by_code(interaction, code)
        await remove_post(self.bot, post)
        await send_private(interaction, f"Removed `{post.code}`.")

    @anon.command(name="block", description="Pause anonymous sharing for a post's author")
    @app_commands.describe(
        code="The post's code, as shown under it",
        days="How many days (0: until a moderator lifts it)",
        reason="Shown to the author when they next try to post",
    )
    async def block(
        self,
        interaction: discord.Interaction[Any],
        code: str,
        days: app_commands.Range[int, 0, MAX_BLOCK_DAYS],
        reason: app_commands.Range[str, 1, BLOCK_REASON_LIMIT],
    ) -> None:
        post = await self.post_by_code(interaction, code)
        await send_private(interaction, await block_author(self.bot, post, days, reason))

    async def post_by_code(self, interaction: discord.Interaction[Any], code: str) -> AnonPost:
        assert interaction.guild is not None
        wanted = normalise_code(code)
        store = self.bot.storage.anon
        post = await store.post_by_code(interaction.guild.id, wanted) if wanted else None
        if post is None:
            raise UserFacingError(
                "I can't find a post with that code here. Codes are six letters and digits, "
                "shown under each anonymous post."
            )
        return post

    # The review channel's buttons (cogs.anon_review finds this cog for them)

    async def approve_pending(self, interaction: discord.Interaction[Any], post_id: int) -> None:
        post = await review_post(interaction, post_id)
        cog = anon_cog(interaction.client)
        store = self.bot.storage.anon
        sealed = await store.decide_pending(post.post_id, PostStatus.PUBLISHED)
        if sealed is None:
            raise UserFacingError(f"`{post.code}` was already decided, or its author withdrew it.")
        await interaction.response.defer()
        assert interaction.guild is not None
        settings = await store.settings(post.guild_id)
        try:
            await cog.publish(interaction.guild, settings, post)
        except (UserFacingError, discord.HTTPException) as error:
            # Nothing is lost: the post waits here again, and its author can still be told.
            await store.reopen_pending(post.post_id, sealed)
            reason = str(error) if isinstance(error, UserFacingError) else "Discord refused it"
            raise UserFacingError(
                f"I couldn't post `{post.code}` ({reason}). It's still waiting here: "
                "fix the anonymous channel (`/anon setup`) and press Approve again."
            ) from error
        log.info("anonymous %s approved in server %s", post.code, post.guild_id)
        await cog.tell_author(
            post,
            sealed,
            f"Your anonymous post `{post.code}` in **{interaction.guild.name}** was approved "
            "and is up now. Thank you for sharing.",
        )
        await interaction.edit_original_response(
            embed=with_outcome(interaction.message, "Approved: it's up now."), view=None
        )

    async def reject_pending(self, interaction: discord.Interaction[Any], post_id: int) -> None:
        post = await review_post(interaction, post_id)
        sealed = await self.bot.storage.anon.decide_pending(post.post_id, PostStatus.REJECTED)
        if sealed is None:
            raise UserFacingError(f"`{post.code}` was already decided, or its author withdrew it.")
        assert interaction.guild is not None
        log.info("anonymous %s not approved in server %s", post.code, post.guild_id)
        await anon_cog(interaction.client).tell_author(
            post,
            sealed,
            f"Your anonymous post `{post.code}` in **{interaction.guild.name}** wasn't approved "
            "this time. That isn't a judgement of you; a moderator can tell you more if you ask.",
        )
        await interaction.response.edit_message(
            embed=with_outcome(interaction.message, "Not approved."), view=None
        )

    async def remove_reported(self, interaction: discord.Interaction[Any], post_id: int) -> None:
        post = await review_post(interaction, post_id)
        await remove_post(self.bot, post)
        await interaction.response.edit_message(
            embed=with_outcome(interaction.message, "Post removed."),
            view=after_removal_view(post.post_id),
        )

    async def block_reported(self, interaction: discord.Interaction[Any], post_id: int) -> None:
        post = await review_post(interaction, post_id)
        blockable_author(post)
        await interaction.response.send_modal(BlockModal(post))

    @anon.command(name="blocks", description="Who is paused from anonymous sharing, by post")
    async def blocks(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild is not None
        now = self.bot.clock.now()
        found = await self.bot.storage.anon.active_blocks(interaction.guild.id, now)
        if not found:
            await send_private(interaction, "Nobody is blocked from anonymous sharing here.")
            return
        lines = [
            f"• Post `{block.code}` ({until_phrase(block.until)}): {block.reason}"
            for block in found
        ]
        embed = discord.Embed(
            title="Anonymous sharing blocks",
            description="\n".join(lines)[:4096],
            colour=LANTERN_COLOUR,
        )
        embed.set_footer(text="Authors are known only by their posts. /anon unblock lifts one.")
        await send_private(interaction, embed=embed)

    @anon.command(name="unblock", description="Lift a block on anonymous sharing")
    @app_commands.describe(block="The block to lift")
    async def unblock(self, interaction: discord.Interaction[Any], block: str) -> None:
        assert interaction.guild is not None
        removed = (
            await self.bot.storage.anon.remove_block(interaction.guild.id, int(block))
            if block.isdigit()
            else None
        )
        if removed is None:
            raise UserFacingError("I can't find that block. Please pick one from the list.")
        log.info(
            "anonymous sharing block %s lifted in server %s", removed.block_id, interaction.guild.id
        )
        await send_private(
            interaction, f"Lifted the block from post `{removed.code}`; they can share again."
        )

    @unblock.autocomplete("block")
    async def block_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        now = self.bot.clock.now()
        found = await self.bot.storage.anon.active_blocks(interaction.guild_id, now)
        typed = current.casefold()
        return [
            app_commands.Choice(name=block_label(block), value=str(block.block_id))
            for block in found
            if typed in block_label(block).casefold()
        ][:25]


def block_label(block: Block) -> str:
    until = f"until {block.until:%Y-%m-%d}" if block.until else "until lifted"
    return choice_name(f"Post {block.code} ({until}): {block.reason}")


# Moderation shared by the buttons and the commands


async def remove_post(bot: Lantern, post: AnonPost) -> None:
    taken = await bot.storage.anon.take_down(post.post_id, PostStatus.REMOVED)
    if taken is None:
        raise UserFacingError(f"`{post.code}` is already down.")
    await delete_message(bot, taken)
    await delete_thread(bot, taken)
    log.info("anonymous %s removed by a moderator in server %s", post.code, post.guild_id)


async def block_author(bot: Lantern, post: AnonPost, days: int, reason: str) -> str:
    """Block the post's author by their author key; return what to tell the moderator."""
    author_key = blockable_author(post)
    now = bot.clock.now()
    until = now + timedelta(days=days) if days else None
    await bot.storage.anon.add_block(
        post.guild_id, author_key, code=post.code, reason=reason, until=until, at=now
    )
    log.info("author of anonymous %s blocked in server %s", post.code, post.guild_id)
    return (
        f"The author of `{post.code}` can't share anonymously here {until_phrase(until)}. "
        "They'll see your reason when they next try. Nobody, you included, learns who it is."
    )


def blockable_author(post: AnonPost) -> str:
    if post.author_key is None:
        raise UserFacingError(
            f"The author of `{post.code}` asked Lantern to forget their posts, so nobody can "
            "be blocked through this one."
        )
    return post.author_key


def require_moderator(interaction: discord.Interaction[Any]) -> None:
    permissions = interaction.permissions
    if not (permissions.manage_messages or permissions.manage_guild or permissions.administrator):
        raise UserFacingError("Only moderators can do this.")


async def review_post(interaction: discord.Interaction[Any], post_id: int) -> AnonPost:
    require_moderator(interaction)
    post = await anon_cog(interaction.client).bot.storage.anon.post(post_id)
    if post is None:
        raise UserFacingError("I can't find that post any more.")
    return post


class BlockModal(LanternModal, title="Block this post's author"):
    days: discord.ui.TextInput[BlockModal] = discord.ui.TextInput(
        label="For how many days? (0: until lifted)", default="7", max_length=3
    )
    reason: discord.ui.TextInput[BlockModal] = discord.ui.TextInput(
        label="Reason (the author will see it)",
        style=discord.TextStyle.paragraph,
        max_length=BLOCK_REASON_LIMIT,
    )

    def __init__(self, post: AnonPost) -> None:
        super().__init__()
        self.post = post

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        require_moderator(interaction)
        days = self.days.value.strip()
        if not days.isdigit() or int(days) > MAX_BLOCK_DAYS:
            raise UserFacingError(
                f"Please give a whole number of days from 0 to {MAX_BLOCK_DAYS} "
                "(0 means until a moderator lifts it)."
            )
        bot = anon_cog(interaction.client).bot
        told = await block_author(bot, self.post, int(days), self.reason.value.strip())
        if interaction.message is not None:
            length = f"for {days} days" if int(days) else "until lifted"
            outcome = with_outcome(interaction.message, f"Author blocked {length}.")
            await interaction.response.edit_message(embed=outcome)
        await send_private(interaction, told)


async def setup(bot: Lantern) -> None:
    await bot.add_cog(AnonAdmin(bot))
