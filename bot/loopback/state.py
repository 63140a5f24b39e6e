"""Everything the loopback Discord knows: guilds, channels, people, messages, commands."""

from __future__ import annotations

import enum
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.clock import Clock
from bot.loopback.permissions import (
    EVERYONE_DEFAULT,
    Overwrite,
    Permission,
    Standing,
    channel_permissions,
    guild_permissions,
)

JSON = dict[str, Any]
DISCORD_EPOCH_MS = 1_420_070_400_000
DEFAULT_CHANNELS = ("general", "mods", "anonymous", "checkins")
THREAD_ARCHIVE_MINUTES = 1440
MODERATOR_ONLY_CHANNELS = frozenset({"mods"})

BOT_DEFAULT = (
    Permission.VIEW_CHANNEL
    | Permission.SEND_MESSAGES
    | Permission.EMBED_LINKS
    | Permission.ATTACH_FILES
    | Permission.ADD_REACTIONS
    | Permission.READ_MESSAGE_HISTORY
    | Permission.USE_EXTERNAL_EMOJIS
    | Permission.MANAGE_MESSAGES
    | Permission.MANAGE_THREADS
    | Permission.CREATE_PUBLIC_THREADS
    | Permission.CREATE_PRIVATE_THREADS
    | Permission.SEND_MESSAGES_IN_THREADS
)


class ChannelType(enum.IntEnum):
    TEXT = 0
    DM = 1
    CATEGORY = 4
    PUBLIC_THREAD = 11
    PRIVATE_THREAD = 12


class MessageFlag(enum.IntFlag):
    EPHEMERAL = 1 << 6
    LOADING = 1 << 7


@dataclass(slots=True)
class User:
    id: int
    username: str
    global_name: str | None = None
    bot: bool = False
    dms_open: bool = True

    @property
    def display_name(self) -> str:
        return self.global_name or self.username


@dataclass(slots=True)
class Role:
    id: int
    name: str
    permissions: int
    position: int
    managed: bool = False


@dataclass(slots=True)
class Channel:
    id: int
    type: ChannelType
    name: str
    guild_id: int | None
    created_at: datetime
    parent_id: int | None = None
    position: int = 0
    overwrites: list[Overwrite] = field(default_factory=list)
    recipient_ids: tuple[int, ...] = ()
    owner_id: int | None = None
    thread_member_ids: set[int] = field(default_factory=set)
    message_count: int = 0
    deleted: bool = False
    archived: bool = False
    locked: bool = False
    auto_archive_minutes: int = THREAD_ARCHIVE_MINUTES
    # Discord moves a thread's archive_timestamp when it is created, archived or unarchived.
    archive_changed_at: datetime | None = None

    @property
    def is_thread(self) -> bool:
        return self.type in {ChannelType.PUBLIC_THREAD, ChannelType.PRIVATE_THREAD}

    @property
    def label(self) -> str:
        return f"DM {self.id}" if self.type is ChannelType.DM else f"#{self.name}"

    def set_overwrite(self, overwrite: Overwrite) -> None:
        self.overwrites = [o for o in self.overwrites if o.target_id != overwrite.target_id]
        self.overwrites.append(overwrite)

    def overwrite_for(self, target_id: int) -> Overwrite | None:
        return next((o for o in self.overwrites if o.target_id == target_id), None)


@dataclass(slots=True)
class Member:
    user: User
    guild_id: int
    role_ids: list[int]
    joined_at: datetime
    nick: str | None = None


@dataclass(slots=True)
class Guild:
    id: int
    name: str
    roles: dict[int, Role] = field(default_factory=dict)
    channels: dict[int, Channel] = field(default_factory=dict)
    members: dict[int, Member] = field(default_factory=dict)
    owner_id: int | None = None
    # Server Settings > Community > Server Primary Language; every new server starts in en-US.
    preferred_locale: str = "en-US"
    # Server Settings > Integrations: commands the owner opened to everyone.
    commands_open_to_everyone: set[str] = field(default_factory=set)

    @property
    def everyone_role(self) -> Role:
        return self.roles[self.id]

    def role_named(self, name: str) -> Role:
        for role in self.roles.values():
            if role.name == name:
                return role
        known = ", ".join(role.name for role in self.roles.values())
        raise LookupError(f"no role {name!r} in {self.name}; roles: {known}")

    def channel_named(self, name: str) -> Channel:
        for channel in self.channels.values():
            if channel.name == name and not channel.deleted:
                return channel
        known = ", ".join(c.name for c in self.channels.values() if not c.deleted)
        raise LookupError(f"no channel {name!r} in {self.name}; channels: {known}")


@dataclass(frozen=True, slots=True)
class Attachment:
    id: int
    filename: str
    data: bytes
    content_type: str | None = None
    description: str | None = None


@dataclass(slots=True)
class Message:
    id: int
    channel_id: int
    guild_id: int | None
    author: User
    content: str
    timestamp: datetime
    type: int = 0
    embeds: list[JSON] = field(default_factory=list)
    components: list[JSON] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    flags: int = 0
    allowed_mentions: JSON | None = None
    message_reference: JSON | None = None
    edited_timestamp: datetime | None = None
    webhook_id: int | None = None
    application_id: int | None = None
    interaction_metadata: JSON | None = None
    reactions: dict[str, set[int]] = field(default_factory=dict)
    thread_id: int | None = None
    deleted: bool = False
    nonce: str | int | None = None

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & MessageFlag.EPHEMERAL)

    @property
    def loading(self) -> bool:
        """A deferred answer's "… is thinking…" placeholder, not yet replaced."""
        return bool(self.flags & MessageFlag.LOADING)


def visible_text(message: Message | None) -> str:
    """Everything a person reads in a message: its content, then each embed's title,
    description, fields and footer, one per line; a deferred answer not yet sent shows only
    Discord's "… is thinking…" placeholder."""
    assert message is not None, "there is no message"
    if message.loading:
        return f"{message.author.display_name} is thinking…"
    parts = [message.content]
    for embed in message.embeds:
        parts += [str(embed.get("title", "")), str(embed.get("description", ""))]
        parts += [f"{field['name']} {field['value']}" for field in embed.get("fields", [])]
        parts.append(str((embed.get("footer") or {}).get("text", "")))
    return "\n".join(parts)


@dataclass(slots=True)
class Command:
    id: int
    application_id: int
    guild_id: int | None
    definition: JSON
    version: int

    @property
    def name(self) -> str:
        return str(self.definition["name"])

    @property
    def type(self) -> int:
        return int(self.definition.get("type", 1))


@dataclass(slots=True)
class Interaction:
    """One interaction a person started, and what the bot has answered so far."""

    id: int
    token: str
    type: int
    user: User
    guild_id: int | None
    channel_id: int
    created_at: datetime
    payload: JSON
    message_id: int | None = None
    response_type: int | None = None
    original_message_id: int | None = None
    modal: JSON | None = None
    choices: list[JSON] | None = None
    followup_ids: list[int] = field(default_factory=list)


class SnowflakeFactory:
    """Discord ids: milliseconds since 2015 shifted left 22 bits, always increasing."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._last = 0

    def next(self) -> int:
        milliseconds = int(self._clock.now().timestamp() * 1000) - DISCORD_EPOCH_MS
        self._last = max(self._last + 1, milliseconds << 22)
        return self._last


class World:
    """The loopback's state. Mutations here never talk to the bot; the server does that."""

    def __init__(self, clock: Clock, bot_name: str) -> None:
        self.clock = clock
        self._snowflakes = SnowflakeFactory(clock)
        self.bot_user = User(self.next_id(), bot_name, bot=True)
        self.application_id = self.bot_user.id
        self.users: dict[int, User] = {self.bot_user.id: self.bot_user}
        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        self.messages: dict[int, Message] = {}
        self.commands: dict[int, Command] = {}
        self.interactions: dict[int, Interaction] = {}

    def next_id(self) -> int:
        return self._snowflakes.next()

    def now(self) -> datetime:
        return self.clock.now()

    # -- guilds, roles, people -------------------------------------------------------------

    def add_guild(self, name: str, channel_names: tuple[str, ...] = DEFAULT_CHANNELS) -> Guild:
        guild = Guild(self.next_id(), name)
        self.guilds[guild.id] = guild
        guild.roles[guild.id] = Role(guild.id, "@everyone", EVERYONE_DEFAULT.value, 0)
        moderator = self.add_role(guild, "Moderator", Permission.MANAGE_MESSAGES.value)
        admin = self.add_role(guild, "Admin", Permission.ADMINISTRATOR.value)
        bot_role = self.add_role(guild, self.bot_user.username, BOT_DEFAULT.value, managed=True)
        guild.members[self.bot_user.id] = Member(self.bot_user, guild.id, [bot_role.id], self.now())
        category = self.add_channel(guild, "Text Channels", ChannelType.CATEGORY)
        for channel_name in channel_names:
            channel = self.add_channel(guild, channel_name, parent_id=category.id)
            if channel_name in MODERATOR_ONLY_CHANNELS:
                view = Permission.VIEW_CHANNEL.value
                channel.set_overwrite(Overwrite(guild.id, 0, deny=view))
                for role in (moderator, admin, bot_role):
                    channel.set_overwrite(Overwrite(role.id, 0, allow=view))
        return guild

    def add_role(self, guild: Guild, name: str, permissions: int, *, managed: bool = False) -> Role:
        role = Role(self.next_id(), name, permissions, len(guild.roles), managed)
        guild.roles[role.id] = role
        return role

    def add_channel(
        self,
        guild: Guild,
        name: str,
        kind: ChannelType = ChannelType.TEXT,
        *,
        parent_id: int | None = None,
        owner_id: int | None = None,
    ) -> Channel:
        channel = Channel(
            self.next_id(),
            kind,
            name,
            guild.id,
            self.now(),
            parent_id=parent_id,
            position=len(guild.channels),
            owner_id=owner_id,
        )
        guild.channels[channel.id] = channel
        self.channels[channel.id] = channel
        return channel

    def add_member(
        self,
        guild: Guild,
        username: str,
        *,
        display_name: str | None = None,
        role_names: tuple[str, ...] = (),
    ) -> Member:
        user = next((u for u in self.users.values() if u.username == username), None)
        if user is None:
            user = User(self.next_id(), username, display_name)
            self.users[user.id] = user
        role_ids = [guild.role_named(name).id for name in role_names]
        member = Member(user, guild.id, role_ids, self.now())
        guild.members[user.id] = member
        return member

    def dm_channel(self, user: User) -> Channel:
        for channel in self.channels.values():
            if channel.type is ChannelType.DM and channel.recipient_ids == (user.id,):
                return channel
        channel = Channel(self.next_id(), ChannelType.DM, "", None, self.now())
        channel.recipient_ids = (user.id,)
        self.channels[channel.id] = channel
        return channel

    # -- lookups ---------------------------------------------------------------------------

    def channel(self, channel_id: int) -> Channel | None:
        channel = self.channels.get(channel_id)
        return None if channel is None or channel.deleted else channel

    def guild_of(self, channel: Channel) -> Guild | None:
        return None if channel.guild_id is None else self.guilds.get(channel.guild_id)

    def message(self, message_id: int) -> Message | None:
        message = self.messages.get(message_id)
        return None if message is None or message.deleted else message

    def interaction_by_token(self, token: str) -> Interaction | None:
        return next((i for i in self.interactions.values() if i.token == token), None)

    def bot_guilds(self) -> list[Guild]:
        """The guilds the bot is in (an admin may have removed it from some)."""
        return [g for g in self.guilds.values() if self.bot_user.id in g.members]

    def commands_for(self, guild_id: int | None) -> list[Command]:
        """Global commands and, in a guild, that guild's own; what a person's client would offer."""
        return [c for c in self.commands.values() if c.guild_id in {None, guild_id}]

    # -- permissions -----------------------------------------------------------------------

    def _standing(self, guild: Guild, member: Member) -> Standing:
        return Standing(
            member_id=member.user.id,
            is_owner=guild.owner_id == member.user.id,
            everyone_role_id=guild.id,
            everyone_permissions=guild.everyone_role.permissions,
            role_permissions={rid: guild.roles[rid].permissions for rid in member.role_ids},
        )

    def member_guild_permissions(self, guild: Guild, member: Member) -> int:
        return guild_permissions(self._standing(guild, member))

    def member_channel_permissions(self, member: Member, channel: Channel) -> int:
        guild = self.guilds[member.guild_id]
        # Threads take their permissions from the channel they hang off.
        source = channel
        if channel.is_thread and channel.parent_id is not None:
            source = self.channels[channel.parent_id]
        return channel_permissions(self._standing(guild, member), source.overwrites)

    def bot_channel_permissions(self, channel: Channel) -> int:
        guild = self.guild_of(channel)
        if guild is None:
            return 0
        return self.member_channel_permissions(guild.members[self.bot_user.id], channel)

    # -- messages, interactions ------------------------------------------------------------

    def add_message(self, message: Message) -> Message:
        self.messages[message.id] = message
        channel = self.channels.get(message.channel_id)
        if channel is not None:
            channel.message_count += 1
        return message

    def new_interaction(self, kind: int, user: User, channel: Channel) -> Interaction:
        interaction = Interaction(
            id=self.next_id(),
            token=f"itok-{secrets.token_urlsafe(24)}",
            type=kind,
            user=user,
            guild_id=channel.guild_id,
            channel_id=channel.id,
            created_at=self.now(),
            payload={},
        )
        self.interactions[interaction.id] = interaction
        return interaction

    def elapsed_since(self, moment: datetime) -> timedelta:
        return self.now() - moment
