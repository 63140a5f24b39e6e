"""The loopback's state rendered as the JSON objects Discord sends."""

from __future__ import annotations

import re
from datetime import datetime

from bot.loopback.state import (
    JSON,
    Attachment,
    Channel,
    ChannelType,
    Command,
    Guild,
    Member,
    Message,
    Role,
    User,
    World,
)

USER_MENTION = re.compile(r"<@!?(\d+)>")
ROLE_MENTION = re.compile(r"<@&(\d+)>")


def timestamp(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def user_payload(user: User) -> JSON:
    return {
        "id": str(user.id),
        "username": user.username,
        "discriminator": "0",
        "global_name": user.global_name,
        "avatar": None,
        "bot": user.bot,
        "public_flags": 0,
    }


def member_payload(member: Member, *, with_user: bool = True) -> JSON:
    payload: JSON = {
        "nick": member.nick,
        "roles": [str(role_id) for role_id in member.role_ids],
        "joined_at": timestamp(member.joined_at),
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "avatar": None,
    }
    if with_user:
        payload["user"] = user_payload(member.user)
    return payload


def role_payload(role: Role) -> JSON:
    return {
        "id": str(role.id),
        "name": role.name,
        "color": 0,
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": role.position,
        "permissions": str(role.permissions),
        "managed": role.managed,
        "mentionable": False,
        "flags": 0,
    }


def channel_payload(world: World, channel: Channel) -> JSON:
    if channel.type is ChannelType.DM:
        return {
            "id": str(channel.id),
            "type": int(channel.type),
            "last_message_id": None,
            "recipients": [user_payload(world.users[uid]) for uid in channel.recipient_ids],
        }
    payload: JSON = {
        "id": str(channel.id),
        "type": int(channel.type),
        "guild_id": str(channel.guild_id),
        "name": channel.name,
        "parent_id": None if channel.parent_id is None else str(channel.parent_id),
        "rate_limit_per_user": 0,
        "flags": 0,
    }
    if channel.is_thread:
        payload |= {
            "owner_id": str(channel.owner_id),
            "message_count": channel.message_count,
            "total_message_sent": channel.message_count,
            "member_count": len(channel.thread_member_ids),
            "thread_metadata": {
                "archived": channel.archived,
                "auto_archive_duration": channel.auto_archive_minutes,
                "archive_timestamp": timestamp(channel.archive_changed_at or channel.created_at),
                "locked": channel.locked,
                "create_timestamp": timestamp(channel.created_at),
            },
        }
        return payload
    payload |= {
        "position": channel.position,
        "nsfw": False,
        "topic": None,
        "last_message_id": None,
        "permission_overwrites": [
            {
                "id": str(o.target_id),
                "type": o.kind,
                "allow": str(o.allow),
                "deny": str(o.deny),
            }
            for o in channel.overwrites
        ],
    }
    return payload


def guild_payload(guild: Guild) -> JSON:
    return {
        "id": str(guild.id),
        "name": guild.name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "owner_id": None if guild.owner_id is None else str(guild.owner_id),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 1,
        "explicit_content_filter": 2,
        "roles": [role_payload(role) for role in guild.roles.values()],
        "emojis": [],
        "stickers": [],
        "features": ["COMMUNITY"],
        "mfa_level": 0,
        "application_id": None,
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "vanity_url_code": None,
        "description": None,
        "banner": None,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": guild.preferred_locale,
        "public_updates_channel_id": None,
        "nsfw_level": 0,
        "premium_progress_bar_enabled": False,
    }


def guild_create_payload(world: World, guild: Guild, *, all_members: bool) -> JSON:
    """The full GUILD_CREATE; without the members intent Discord only sends the bot itself."""
    live = [c for c in guild.channels.values() if not c.deleted]
    members = [m for m in guild.members.values() if all_members or m.user.id == world.bot_user.id]
    return guild_payload(guild) | {
        "joined_at": timestamp(guild.members[world.bot_user.id].joined_at),
        "large": False,
        "unavailable": False,
        "member_count": len(guild.members),
        "members": [member_payload(m) for m in members],
        "channels": [channel_payload(world, c) for c in live if not c.is_thread],
        "threads": [channel_payload(world, c) for c in live if c.is_thread],
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    }


def attachment_payload(cdn_base: str, message: Message, attachment: Attachment) -> JSON:
    url = f"{cdn_base}/attachments/{message.channel_id}/{attachment.id}/{attachment.filename}"
    return {
        "id": str(attachment.id),
        "filename": attachment.filename,
        "size": len(attachment.data),
        "url": url,
        "proxy_url": url,
        "content_type": attachment.content_type,
        "description": attachment.description,
    }


def message_payload(world: World, message: Message, cdn_base: str) -> JSON:
    mentioned = [int(uid) for uid in USER_MENTION.findall(message.content)]
    payload: JSON = {
        "id": str(message.id),
        "channel_id": str(message.channel_id),
        "author": user_payload(message.author),
        "content": message.content,
        "timestamp": timestamp(message.timestamp),
        "edited_timestamp": timestamp(message.edited_timestamp),
        "tts": False,
        "mention_everyone": False,
        "mentions": [user_payload(world.users[uid]) for uid in mentioned if uid in world.users],
        "mention_roles": ROLE_MENTION.findall(message.content),
        "attachments": [attachment_payload(cdn_base, message, a) for a in message.attachments],
        "embeds": message.embeds,
        "components": message.components,
        "reactions": [
            {
                "emoji": {"id": None, "name": emoji},
                "count": len(users),
                "count_details": {"burst": 0, "normal": len(users)},
                "me": world.bot_user.id in users,
                "me_burst": False,
                "burst_colors": [],
            }
            for emoji, users in message.reactions.items()
            if users
        ],
        "pinned": False,
        "type": message.type,
        "flags": message.flags,
    }
    if message.guild_id is not None:
        payload["guild_id"] = str(message.guild_id)
        member = world.guilds[message.guild_id].members.get(message.author.id)
        if member is not None and message.webhook_id is None:
            payload["member"] = member_payload(member, with_user=False)
    optional = {
        "message_reference": message.message_reference,
        "webhook_id": None if message.webhook_id is None else str(message.webhook_id),
        "application_id": None if message.application_id is None else str(message.application_id),
        "interaction_metadata": message.interaction_metadata,
        "nonce": message.nonce,
    }
    payload |= {key: value for key, value in optional.items() if value is not None}
    if message.thread_id is not None and (thread := world.channel(message.thread_id)):
        payload["thread"] = channel_payload(world, thread)
    return payload


def command_payload(command: Command) -> JSON:
    payload: JSON = {
        "type": 1,
        "description": "",
        "default_member_permissions": None,
        "nsfw": False,
        "contexts": None,
        "integration_types": [0],
        "options": [],
    }
    payload |= command.definition
    payload |= {
        "id": str(command.id),
        "application_id": str(command.application_id),
        "version": str(command.version),
    }
    if command.guild_id is not None:
        payload["guild_id"] = str(command.guild_id)
    return payload


def application_payload(world: World) -> JSON:
    return {
        "id": str(world.application_id),
        "name": world.bot_user.username,
        "icon": None,
        "description": "",
        "bot_public": False,
        "bot_require_code_grant": False,
        "owner": user_payload(world.bot_user),
        "verify_key": "0" * 64,
        "team": None,
        "flags": 0,
        "bot": user_payload(world.bot_user),
        "summary": "",
    }
