"""People using Discord against the loopback: they talk, run commands, click and fill in modals."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.loopback.command_options import InvocationError, OptionType, command_data
from bot.loopback.components import (
    BUTTON,
    NotOnScreenError,
    check_choice,
    find_button,
    find_select,
    modal_submission,
)
from bot.loopback.gateway import Intent
from bot.loopback.hub import Hub
from bot.loopback.payloads import channel_payload, member_payload, role_payload, user_payload
from bot.loopback.permissions import Overwrite, Permission, parse_permission
from bot.loopback.state import (
    JSON,
    Attachment,
    Channel,
    ChannelType,
    Command,
    Guild,
    Interaction,
    Member,
    Message,
    Role,
    User,
)
from bot.loopback.threads import posting_refusal

ANSWER_WITHIN_SECONDS = 3.0
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024
GUILD_CONTEXT, BOT_DM_CONTEXT = 0, 1
# What Discord reports an app may do in a DM with a person.
DM_APP_PERMISSIONS = (
    Permission.VIEW_CHANNEL
    | Permission.SEND_MESSAGES
    | Permission.EMBED_LINKS
    | Permission.ATTACH_FILES
    | Permission.READ_MESSAGE_HISTORY
    | Permission.ADD_REACTIONS
    | Permission.USE_EXTERNAL_EMOJIS
)


class InteractionKind(enum.IntEnum):
    APPLICATION_COMMAND = 2
    MESSAGE_COMPONENT = 3
    AUTOCOMPLETE = 4
    MODAL_SUBMIT = 5


class CommandUnavailableError(InvocationError):
    """Discord's client would not offer this command to this person here."""


class RoleHandle:
    option_type = OptionType.ROLE

    def __init__(self, role: Role) -> None:
        self.role = role

    @property
    def id(self) -> int:
        return self.role.id

    @property
    def mention(self) -> str:
        return f"<@&{self.role.id}>"

    def resolved(self) -> dict[str, dict[str, JSON]]:
        return {"roles": {str(self.role.id): role_payload(self.role)}}


class ChannelHandle:
    option_type = OptionType.CHANNEL

    def __init__(self, hub: Hub, channel: Channel) -> None:
        self._hub = hub
        self.channel = channel

    @property
    def id(self) -> int:
        return self.channel.id

    @property
    def name(self) -> str:
        return self.channel.name

    @property
    def mention(self) -> str:
        return f"<#{self.channel.id}>"

    @property
    def messages(self) -> list[Message]:
        """Everything visible in the channel, oldest first."""
        return [
            m
            for m in self._hub.world.messages.values()
            if m.channel_id == self.id and not m.deleted and not m.ephemeral
        ]

    def resolved(self) -> dict[str, dict[str, JSON]]:
        channel = self.channel
        if channel.deleted:
            raise NotOnScreenError(f"{channel.label} was deleted; Discord would not offer it")
        entry: JSON = {
            "id": str(channel.id),
            "name": channel.name,
            "type": int(channel.type),
            "parent_id": None if channel.parent_id is None else str(channel.parent_id),
            "permissions": str(self._hub.world.bot_channel_permissions(channel)),
        }
        return {"channels": {str(channel.id): entry}}

    async def forbid_bot(self, *permissions: str) -> None:
        """An admin takes permissions away from the bot here (a member overwrite)."""
        await self._change_overwrite(self._hub.world.bot_user.id, 1, deny=_flags(permissions))

    async def allow_bot(self, *permissions: str) -> None:
        await self._change_overwrite(self._hub.world.bot_user.id, 1, allow=_flags(permissions))

    async def forbid(self, who: Person | RoleHandle, *permissions: str) -> None:
        """An admin takes permissions away from a member or a role here, e.g. VIEW_CHANNEL."""
        kind = 0 if isinstance(who, RoleHandle) else 1
        await self._change_overwrite(who.id, kind, deny=_flags(permissions))

    async def _change_overwrite(
        self, target_id: int, kind: int, *, allow: int = 0, deny: int = 0
    ) -> None:
        current = self.channel.overwrite_for(target_id) or Overwrite(target_id, kind)
        self.channel.set_overwrite(
            Overwrite(
                target_id,
                kind,
                allow=(current.allow & ~deny) | allow,
                deny=(current.deny & ~allow) | deny,
            )
        )
        await self._hub.channel_changed(self.channel)

    async def delete(self) -> None:
        """An admin deletes the channel; the bot hears CHANNEL_DELETE and later gets 10003."""
        self.channel.deleted = True
        payload = channel_payload(self._hub.world, self.channel)
        event = "THREAD_DELETE" if self.channel.is_thread else "CHANNEL_DELETE"
        await self._hub.gateway.dispatch(event, payload)


class GuildHandle:
    def __init__(self, hub: Hub, guild: Guild) -> None:
        self._hub = hub
        self.guild = guild

    @property
    def id(self) -> int:
        return self.guild.id

    @property
    def name(self) -> str:
        return self.guild.name

    def channel(self, name: str) -> ChannelHandle:
        """A channel (or thread) by name, e.g. `guild.channel("mods")`."""
        return ChannelHandle(self._hub, self.guild.channel_named(name))

    def role(self, name: str) -> RoleHandle:
        return RoleHandle(self.guild.role_named(name))

    @property
    def threads(self) -> list[ChannelHandle]:
        live = [c for c in self.guild.channels.values() if c.is_thread and not c.deleted]
        return [ChannelHandle(self._hub, c) for c in live]

    async def remove_bot(self) -> None:
        """An admin removes the bot from this guild: GUILD_DELETE, without `unavailable`."""
        self.guild.members.pop(self._hub.world.bot_user.id, None)
        await self._hub.gateway.dispatch("GUILD_DELETE", {"id": str(self.guild.id)})


@dataclass(frozen=True, slots=True)
class Modal:
    """A modal the bot showed a person; hand it to `person.submit`."""

    custom_id: str
    title: str
    form: JSON
    origin: Interaction


class InteractionHandle:
    """One interaction and the bot's answer to it, read live (edits show up)."""

    def __init__(self, hub: Hub, interaction: Interaction) -> None:
        self._hub = hub
        self.interaction = interaction

    @property
    def response_type(self) -> int | None:
        return self.interaction.response_type

    @property
    def deferred(self) -> bool:
        return self.response_type in {5, 6}

    @property
    def message(self) -> Message | None:
        """The message the answer made or changed (the original response)."""
        message_id = self.interaction.original_message_id
        return None if message_id is None else self._hub.world.message(message_id)

    @property
    def ephemeral(self) -> bool:
        return self.message is not None and self.message.ephemeral

    @property
    def content(self) -> str:
        return "" if self.message is None else self.message.content

    @property
    def embeds(self) -> list[JSON]:
        return [] if self.message is None else self.message.embeds

    @property
    def components(self) -> list[JSON]:
        return [] if self.message is None else self.message.components

    @property
    def attachments(self) -> list[Attachment]:
        return [] if self.message is None else self.message.attachments

    @property
    def modal(self) -> Modal | None:
        form = self.interaction.modal
        if form is None:
            return None
        return Modal(str(form["custom_id"]), str(form["title"]), form, self.interaction)

    @property
    def choices(self) -> list[JSON]:
        return self.interaction.choices or []

    async def next_followup(self, timeout: float = 2.0) -> Message:  # noqa: ASYNC109
        """The next followup the bot sends. After a "thinking" deferral the first one is the
        original response, filled in, and as private as the deferral made it."""
        inbox = self._hub.followups[self.interaction.id]
        return await inbox.next(timeout, self._hub.recent_activity)

    async def next_edit(self, timeout: float = 2.0) -> Message:  # noqa: ASYNC109
        """The original response once the bot next edits it, e.g. after deferring."""
        inbox = self._hub.original_edits[self.interaction.id]
        return await inbox.next(timeout, self._hub.recent_activity)


class Person:
    """A member of one guild, doing what people do in Discord."""

    option_type = OptionType.USER

    def __init__(self, hub: Hub, member: Member) -> None:
        self._hub = hub
        self.member = member

    @property
    def user(self) -> User:
        return self.member.user

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def name(self) -> str:
        return self.user.username

    @property
    def mention(self) -> str:
        return f"<@{self.user.id}>"

    @property
    def guild(self) -> Guild:
        return self._hub.world.guilds[self.member.guild_id]

    def resolved(self) -> dict[str, dict[str, JSON]]:
        permissions = self._hub.world.member_guild_permissions(self.guild, self.member)
        member = member_payload(self.member, with_user=False) | {"permissions": str(permissions)}
        key = str(self.user.id)
        return {"users": {key: user_payload(self.user)}, "members": {key: member}}

    def closes_dms(self) -> None:
        """Privacy settings: no DMs from server members, so the bot's DMs fail with 50007."""
        self.user.dms_open = False

    def opens_dms(self) -> None:
        self.user.dms_open = True

    # -- messages --------------------------------------------------------------------------

    async def says(
        self, content: str, channel: ChannelHandle, *, reply_to: Message | None = None
    ) -> Message:
        self._check_can_post(channel.channel)
        await self._hub.reopen_if_archived(channel.channel)
        message = self._new_message(channel.channel, content)
        if reply_to is not None:
            message.type = 19
            message.message_reference = {
                "message_id": str(reply_to.id),
                "channel_id": str(reply_to.channel_id),
                "guild_id": None if reply_to.guild_id is None else str(reply_to.guild_id),
            }
        await self._hub.person_posted(message)
        return message

    async def dms_bot(self, content: str) -> Message:
        message = self._new_message(self._hub.world.dm_channel(self.user), content)
        await self._hub.person_posted(message)
        return message

    async def edits(self, message: Message, content: str) -> Message:
        self._check_own(message)
        message.content = content
        message.edited_timestamp = self._hub.world.now()
        await self._hub.dispatch_message("MESSAGE_UPDATE", message)
        return message

    async def deletes(self, message: Message) -> None:
        self._check_own(message)
        await self._hub.message_deleted(message)

    async def reacts(self, message: Message, emoji: str) -> None:
        """Adds a unicode emoji reaction to a message."""
        if message.guild_id is not None:
            channel = self._hub.world.channels[message.channel_id]
            permissions = self._hub.world.member_channel_permissions(self.member, channel)
            if not permissions & Permission.ADD_REACTIONS:
                raise NotOnScreenError(f"{self.name} may not react in {channel.label}")
        message.reactions.setdefault(emoji, set()).add(self.user.id)
        await self._hub.reaction_changed("MESSAGE_REACTION_ADD", message, emoji, self.user)

    async def leaves(self) -> None:
        """Leaves the guild: GUILD_MEMBER_REMOVE, with the members intent."""
        guild = self.guild
        guild.members.pop(self.user.id, None)
        if self._hub.gateway.intents & Intent.GUILD_MEMBERS:
            payload = {"guild_id": str(guild.id), "user": user_payload(self.user)}
            await self._hub.gateway.dispatch("GUILD_MEMBER_REMOVE", payload)

    async def next_dm(self, timeout: float = 2.0) -> Message:  # noqa: ASYNC109
        """The next DM the bot sends this person."""
        dm = self._hub.world.dm_channel(self.user)
        return await self._hub.channel_mail(dm.id).next(timeout, self._hub.recent_activity)

    def _new_message(self, channel: Channel, content: str) -> Message:
        world = self._hub.world
        return Message(
            world.next_id(), channel.id, channel.guild_id, self.user, content, world.now()
        )

    def _check_own(self, message: Message) -> None:
        if message.author.id != self.user.id:
            raise NotOnScreenError(f"{self.name} can only change their own messages")

    def _check_can_post(self, channel: Channel) -> None:
        if channel.deleted:
            raise NotOnScreenError(f"{channel.label} was deleted")
        permissions = self._hub.world.member_channel_permissions(self.member, channel)
        needed = Permission.VIEW_CHANNEL | (
            Permission.SEND_MESSAGES_IN_THREADS if channel.is_thread else Permission.SEND_MESSAGES
        )
        if permissions & needed != needed:
            raise NotOnScreenError(f"{self.name} may not post in {channel.label}")
        manages_threads = bool(permissions & Permission.MANAGE_THREADS)
        refusal = posting_refusal(channel, manages_threads=manages_threads)
        if refusal is not None:
            raise NotOnScreenError(f"{channel.label} is locked; {self.name} may not post in it")

    # -- application commands ---------------------------------------------------------------

    async def slash(
        self, name: str, *path: str, in_channel: ChannelHandle | None = None, **options: object
    ) -> InteractionHandle:
        """Run `/name path… option=value…` in `in_channel` (#general by default).

        Waits (at most 3 s) for the bot's first answer; raises InteractionRejectedError when the
        loopback refused that answer (late, invalid) and LoopbackTimeoutError when none came.
        """
        where = self._default_channel() if in_channel is None else in_channel.channel
        command = self._command(name, where)
        data = command_data(command, path, options)
        return await self._interact(
            InteractionKind.APPLICATION_COMMAND, where, data, what=f"{self.name}'s /{name}"
        )

    async def slash_in_dm(self, name: str, *path: str, **options: object) -> InteractionHandle:
        dm = self._hub.world.dm_channel(self.user)
        command = self._command(name, dm)
        data = command_data(command, path, options)
        return await self._interact(
            InteractionKind.APPLICATION_COMMAND, dm, data, what=f"{self.name}'s /{name} in DM"
        )

    async def autocomplete(
        self,
        name: str,
        *path: str,
        in_channel: ChannelHandle | None = None,
        focused: str | None = None,
        **options: object,
    ) -> list[JSON]:
        """The choices the bot suggests while the person types into option `focused`.

        A trailing positional that names an option rather than a subcommand is the focused one,
        so `autocomplete("settings", "timezone", timezone="Europe/Be")` reads naturally.
        """
        where = self._default_channel() if in_channel is None else in_channel.channel
        command = self._command(name, where)
        if focused is None and path and path[-1] in options:
            path, focused = path[:-1], path[-1]
        if focused is None and len(options) == 1:
            focused = next(iter(options))
        if focused is None or focused not in options:
            raise InvocationError("say which option is being typed into: focused=...")
        data = command_data(command, path, options, focused=focused)
        handle = await self._interact(
            InteractionKind.AUTOCOMPLETE, where, data, what=f"autocomplete for /{name} {focused}"
        )
        if handle.response_type != 8:
            raise NotOnScreenError(
                f"the bot answered autocomplete with type {handle.response_type}"
            )
        return handle.choices

    def _default_channel(self) -> Channel:
        """#general, or the guild's first text channel when it has none by that name."""
        texts = [
            c for c in self.guild.channels.values() if c.type is ChannelType.TEXT and not c.deleted
        ]
        if not texts:
            raise NotOnScreenError(f"{self.guild.name} has no text channel to run a command in")
        return next((c for c in texts if c.name == "general"), texts[0])

    def _command(self, name: str, where: Channel) -> Command:
        world = self._hub.world
        offered = [c for c in world.commands_for(where.guild_id) if c.type == 1 and c.name == name]
        if not offered:
            synced = sorted(c.name for c in world.commands_for(where.guild_id))
            raise CommandUnavailableError(f"no synced command /{name} here; synced: {synced}")
        # A guild command shadows a global one of the same name in that guild.
        command = max(offered, key=lambda c: c.guild_id is not None)
        self._check_offered(command, where)
        return command

    def _check_offered(self, command: Command, where: Channel) -> None:
        definition = command.definition
        contexts = definition.get("contexts")
        context = GUILD_CONTEXT if where.guild_id is not None else BOT_DM_CONTEXT
        if context == BOT_DM_CONTEXT:
            in_dm = definition.get("dm_permission") is not False and command.guild_id is None
            allowed = context in contexts if contexts is not None else in_dm
        else:
            allowed = contexts is None or context in contexts
        if not allowed:
            raise CommandUnavailableError(f"/{command.name} is not offered in {where.label}")
        required = definition.get("default_member_permissions")
        opened = command.name in self.guild.commands_open_to_everyone
        if context == GUILD_CONTEXT and required is not None and not opened:
            have = self._hub.world.member_channel_permissions(self.member, where)
            if have & int(required) != int(required):
                raise CommandUnavailableError(
                    f"{self.name} lacks the permissions /{command.name} needs"
                )

    # -- components and modals --------------------------------------------------------------

    async def click(self, target: InteractionHandle | Message, button: str) -> InteractionHandle:
        """Press a button by label or custom_id on a message or an (ephemeral) response."""
        message = self._visible_message(target)
        pressed = find_button(message.components, button)
        data = {"custom_id": pressed["custom_id"], "component_type": BUTTON}
        return await self._on_message(message, data, f"{self.name}'s click on {button!r}")

    async def select(
        self, target: InteractionHandle | Message, menu: str, values: Sequence[str]
    ) -> InteractionHandle:
        """Pick `values` in a select menu found by placeholder or custom_id."""
        message = self._visible_message(target)
        chosen = find_select(message.components, menu)
        check_choice(chosen, values)
        data = {
            "custom_id": chosen["custom_id"],
            "component_type": chosen["type"],
            "values": list(values),
        }
        return await self._on_message(message, data, f"{self.name}'s pick in {menu!r}")

    async def submit(
        self, modal: Modal | None, answers: Mapping[str, str | Sequence[str]]
    ) -> InteractionHandle:
        """Fill in a modal's fields (by label or custom_id) and press Submit; fields not named
        keep what the bot pre-filled."""
        if modal is None:
            raise NotOnScreenError("the bot did not show a modal")
        origin = modal.origin
        if origin.user.id != self.user.id:
            raise NotOnScreenError(f"that modal was shown to someone else, not {self.name}")
        data = {"custom_id": modal.custom_id, "components": modal_submission(modal.form, answers)}
        world = self._hub.world
        message = None if origin.message_id is None else world.message(origin.message_id)
        return await self._interact(
            InteractionKind.MODAL_SUBMIT,
            world.channels[origin.channel_id],
            data,
            message=message,
            what=f"{self.name}'s submit of {modal.title!r}",
        )

    def _visible_message(self, target: InteractionHandle | Message) -> Message:
        message = target.message if isinstance(target, InteractionHandle) else target
        if message is None or message.deleted:
            raise NotOnScreenError("there is no message to interact with")
        seen_by = (message.interaction_metadata or {}).get("user", {}).get("id")
        if message.ephemeral and seen_by != str(self.user.id):
            raise NotOnScreenError(f"{self.name} cannot see someone else's ephemeral message")
        return message

    async def _on_message(self, message: Message, data: JSON, what: str) -> InteractionHandle:
        channel = self._hub.world.channels[message.channel_id]
        return await self._interact(
            InteractionKind.MESSAGE_COMPONENT, channel, data, message=message, what=what
        )

    # -- the interaction itself -----------------------------------------------------------------

    async def _interact(
        self,
        kind: InteractionKind,
        channel: Channel,
        data: JSON,
        *,
        what: str,
        message: Message | None = None,
    ) -> InteractionHandle:
        hub = self._hub
        if hub.gateway.session is None:
            raise NotOnScreenError("the bot is not connected to the loopback gateway")
        interaction = hub.world.new_interaction(kind, self.user, channel)
        interaction.message_id = None if message is None else message.id
        interaction.payload = self._interaction_payload(interaction, channel, data, message)
        hub.track(interaction)
        await hub.gateway.dispatch("INTERACTION_CREATE", interaction.payload)
        await hub.answers[interaction.id].wait(ANSWER_WITHIN_SECONDS, what, hub.recent_activity)
        return InteractionHandle(hub, interaction)

    def _interaction_payload(
        self, interaction: Interaction, channel: Channel, data: JSON, message: Message | None
    ) -> JSON:
        world = self._hub.world
        payload: JSON = {
            "id": str(interaction.id),
            "application_id": str(world.application_id),
            "type": interaction.type,
            "data": data,
            "token": interaction.token,
            "version": 1,
            "channel": channel_payload(world, channel),
            "channel_id": str(channel.id),
            "locale": "en-US",
            "entitlements": [],
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        }
        if channel.guild_id is None:
            payload |= {
                "user": user_payload(self.user),
                "app_permissions": str(DM_APP_PERMISSIONS.value),
                "context": BOT_DM_CONTEXT,
                "authorizing_integration_owners": {"0": "0"},
            }
        else:
            permissions = world.member_channel_permissions(self.member, channel)
            locale = world.guilds[channel.guild_id].preferred_locale
            payload |= {
                "guild_id": str(channel.guild_id),
                "guild": {"id": str(channel.guild_id), "locale": locale, "features": []},
                "guild_locale": locale,
                "member": member_payload(self.member) | {"permissions": str(permissions)},
                "app_permissions": str(world.bot_channel_permissions(channel)),
                "context": GUILD_CONTEXT,
                "authorizing_integration_owners": {"0": str(channel.guild_id)},
            }
        if message is not None:
            payload["message"] = self._hub.payload_of(message)
        return payload


def _flags(names: Sequence[str]) -> int:
    value = 0
    for name in names:
        value |= parse_permission(name)
    return value
