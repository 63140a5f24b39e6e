"""Discord's REST API v10 as a bot like Lantern uses it: the route table, and the routes for
channels, messages, threads, reactions, users and guilds."""

from __future__ import annotations

from collections.abc import Callable

from bot.loopback import threads
from bot.loopback.calls import (
    ApiError,
    Call,
    Reply,
    RestHandler,
    Route,
    channel_of,
    checked,
    guild_of,
    invalid_body,
    unknown,
)
from bot.loopback.commands_api import CommandApi
from bot.loopback.composer import Composer
from bot.loopback.hub import Hub
from bot.loopback.interactions import InteractionApi
from bot.loopback.limits import Problem, message_problems
from bot.loopback.nonces import NonceBook
from bot.loopback.payloads import (
    application_payload,
    channel_payload,
    guild_payload,
    member_payload,
    role_payload,
    user_payload,
)
from bot.loopback.permissions import Permission
from bot.loopback.routing import Router
from bot.loopback.state import JSON, Channel, ChannelType, Guild, Message, World


class Rest:
    def __init__(self, hub: Hub, gateway_url: Callable[[], str]) -> None:
        self.hub = hub
        self.world: World = hub.world
        self._gateway_url = gateway_url
        self._composer = Composer(hub)
        self._nonces = NonceBook(self.world.clock)
        interactions = InteractionApi(hub, self._composer)
        # Routes a person's interaction token authorises instead of the bot token.
        self.token_routes = {
            f"{method} {template}" for method, template, _ in interactions.routes()
        }
        self._routes = [
            *self._own_routes(),
            *CommandApi(self.world).routes(),
            *interactions.routes(),
        ]
        self.router: Router[RestHandler] = Router()
        for method, template, handler in self._routes:
            self.router.add(method, template, handler)

    @property
    def route_keys(self) -> set[str]:
        return {f"{method} {template}" for method, template, _ in self._routes}

    def _own_routes(self) -> list[Route]:
        messages = "/channels/{channel_id}/messages"
        reaction = messages + "/{message_id}/reactions/{emoji}/@me"
        return [
            ("GET", "/users/@me", self.get_me),
            ("POST", "/users/@me/channels", self.open_dm),
            ("GET", "/users/{user_id}", self.get_user),
            ("GET", "/oauth2/applications/@me", self.get_application),
            ("GET", "/gateway", self.get_gateway),
            ("GET", "/gateway/bot", self.get_gateway),
            ("GET", "/channels/{channel_id}", self.get_channel),
            ("PATCH", "/channels/{channel_id}", self.edit_channel),
            ("DELETE", "/channels/{channel_id}", self.delete_channel),
            ("GET", messages, self.list_messages),
            ("POST", messages, self.create_message),
            ("GET", messages + "/{message_id}", self.get_message),
            ("PATCH", messages + "/{message_id}", self.edit_message),
            ("DELETE", messages + "/{message_id}", self.delete_message),
            ("POST", messages + "/{message_id}/threads", self.thread_from_message),
            ("POST", "/channels/{channel_id}/threads", self.thread_without_message),
            ("PUT", "/channels/{channel_id}/thread-members/@me", self.join_thread),
            ("PUT", reaction, self.add_reaction),
            ("DELETE", reaction, self.remove_reaction),
            ("POST", "/channels/{channel_id}/typing", self.typing),
            ("GET", "/guilds/{guild_id}", self.get_guild),
            ("GET", "/guilds/{guild_id}/channels", self.get_guild_channels),
            ("GET", "/guilds/{guild_id}/roles", self.get_roles),
            ("GET", "/guilds/{guild_id}/members/{user_id}", self.get_member),
        ]

    def _channel(self, call: Call) -> Channel:
        return channel_of(self.world, call)

    def _guild(self, call: Call) -> Guild:
        return guild_of(self.world, call)

    def _message_in(self, channel: Channel, call: Call) -> Message:
        message = self.world.message(call.snowflake("message_id"))
        if message is None or message.channel_id != channel.id:
            raise unknown("Message", 10008)
        return message

    def _require(self, channel: Channel, needed: Permission) -> None:
        if channel.guild_id is None:
            return
        have = self.world.bot_channel_permissions(channel)
        if not have & Permission.VIEW_CHANNEL:
            raise ApiError(403, 50001, "Missing Access")
        if have & needed != needed:
            raise ApiError(403, 50013, "Missing Permissions")

    # -- the bot, its application, the gateway -----------------------------------------

    async def get_me(self, call: Call) -> Reply:
        me = user_payload(self.world.bot_user) | {"verified": True, "mfa_enabled": False}
        return Reply(200, me | {"flags": 0, "locale": "en-US"})

    async def get_user(self, call: Call) -> Reply:
        user = self.world.users.get(call.snowflake("user_id"))
        if user is None:
            raise unknown("User", 10013)
        return Reply(200, user_payload(user))

    async def get_application(self, call: Call) -> Reply:
        return Reply(200, application_payload(self.world))

    async def get_gateway(self, call: Call) -> Reply:
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return Reply(200, {"url": self._gateway_url(), "shards": 1, "session_start_limit": limit})

    # -- application commands ------------------------------------------------------------

    async def create_message(self, call: Call) -> Reply:
        channel = self._channel(call)
        body = call.json
        needed = (
            Permission.SEND_MESSAGES_IN_THREADS if channel.is_thread else Permission.SEND_MESSAGES
        )
        if body.get("embeds"):
            needed |= Permission.EMBED_LINKS
        if call.body.files:
            needed |= Permission.ATTACH_FILES
        self._require(channel, needed)
        if channel.type is ChannelType.DM:
            recipient = self.world.users[channel.recipient_ids[0]]
            if not recipient.dms_open:
                raise ApiError(403, 50007, "Cannot send messages to this user")
        elif channel.type is ChannelType.CATEGORY:
            raise ApiError(400, 50008, "Cannot send messages in a non-text channel")
        checked(message_problems(body), call.route)
        manages_threads = self._thread_editor(channel).manages_threads
        _refuse(threads.posting_refusal(channel, manages_threads=manages_threads))
        reference = body.get("message_reference")
        if isinstance(reference, dict) and reference.get("message_id") is not None:
            referenced = self.world.message(int(reference["message_id"]))
            if referenced is None and reference.get("fail_if_not_exists", True):
                problem = Problem("message_reference", "Unknown message")
                raise invalid_body([problem], call.route)
        nonce = body.get("nonce")
        if nonce is not None and body.get("enforce_nonce") is True:
            earlier = self._nonces.earlier(self.world.bot_user.id, nonce)
            if earlier is not None and earlier.deleted:
                raise unknown("Message", 10008)
            if earlier is not None:
                self.hub.duplicates_avoided[channel.id] += 1
                return Reply(200, self.hub.payload_of(earlier))
        await self.hub.reopen_if_archived(channel)
        message = self._composer.compose(channel.id, body, call.body.files)
        if message.message_reference is not None:
            message.type = 19
        if nonce is not None:
            self._nonces.remember(message, nonce)
        await self.hub.bot_posted(message)
        return Reply(200, self.hub.payload_of(message))

    async def get_message(self, call: Call) -> Reply:
        channel = self._channel(call)
        self._require(channel, Permission.READ_MESSAGE_HISTORY)
        return Reply(200, self.hub.payload_of(self._message_in(channel, call)))

    async def list_messages(self, call: Call) -> Reply:
        channel = self._channel(call)
        self._require(channel, Permission.READ_MESSAGE_HISTORY)
        found = [
            m
            for m in self.world.messages.values()
            if m.channel_id == channel.id and not m.deleted and not m.ephemeral
        ]
        if "before" in call.query:
            found = [m for m in found if m.id < int(call.query["before"])]
        if "after" in call.query:
            found = [m for m in found if m.id > int(call.query["after"])]
        limit = int(call.query.get("limit", "50"))
        newest_first = sorted(found, key=lambda m: m.id, reverse=True)
        if "after" in call.query:
            # Discord answers `after` with the oldest messages past the mark.
            newest_first = sorted(found, key=lambda m: m.id)[:limit][::-1]
        return Reply(200, [self.hub.payload_of(m) for m in newest_first[:limit]])

    async def edit_message(self, call: Call) -> Reply:
        channel = self._channel(call)
        message = self._message_in(channel, call)
        if message.author.id != self.world.bot_user.id:
            raise ApiError(403, 50005, "Cannot edit a message authored by another user")
        body = call.json
        checked(message_problems(body, editing=True), call.route)
        await self._composer.apply_edit(message, body, call.body.files)
        return Reply(200, self.hub.payload_of(message))

    async def delete_message(self, call: Call) -> Reply:
        channel = self._channel(call)
        message = self._message_in(channel, call)
        if message.author.id != self.world.bot_user.id:
            self._require(channel, Permission.MANAGE_MESSAGES)
        await self.hub.message_deleted(message)
        return Reply(204)

    async def typing(self, call: Call) -> Reply:
        self._require(self._channel(call), Permission.SEND_MESSAGES)
        return Reply(204)

    # -- DMs, channels, threads, reactions -------------------------------------------------

    async def open_dm(self, call: Call) -> Reply:
        recipient = str(call.json.get("recipient_id"))
        user = self.world.users.get(int(recipient)) if recipient.isdigit() else None
        if user is None:
            raise unknown("User", 10013)
        return Reply(200, channel_payload(self.world, self.world.dm_channel(user)))

    async def get_channel(self, call: Call) -> Reply:
        channel = self._channel(call)
        self._require(channel, Permission(0))
        return Reply(200, channel_payload(self.world, channel))

    async def edit_channel(self, call: Call) -> Reply:
        channel = self._channel(call)
        if channel.guild_id is None:
            raise ApiError(400, 50003, "Cannot execute action on a DM channel")
        body = call.json
        unmodelled = threads.unmodelled_fields(body, thread=channel.is_thread)
        if unmodelled:
            reason = f"{call.route}: the loopback does not model changing {unmodelled}"
            raise ApiError(400, 50035, "Invalid Form Body", violation=reason)
        checked(threads.name_problems(body), call.route)
        if not channel.is_thread:
            self._require(channel, Permission.MANAGE_CHANNELS)
            channel.name = str(body.get("name") or channel.name)
            return Reply(200, await self.hub.channel_changed(channel))
        self._require(channel, Permission(0))
        current = threads.ThreadSettings.of(channel)
        wanted = threads.requested(current, body)
        _refuse(threads.edit_refusal(current, wanted, self._thread_editor(channel)))
        threads.apply(channel, wanted, self.world.now())
        return Reply(200, await self.hub.channel_changed(channel))

    def _thread_editor(self, thread: Channel) -> threads.Editor:
        """The bot as Discord's thread rules see it (in a channel that is no thread: no owner)."""
        bot_id = self.world.bot_user.id
        permissions = self.world.bot_channel_permissions(thread)
        return threads.Editor(
            manages_threads=bool(permissions & Permission.MANAGE_THREADS),
            created_thread=thread.owner_id == bot_id,
            in_thread=bot_id in thread.thread_member_ids,
        )

    async def delete_channel(self, call: Call) -> Reply:
        channel = self._channel(call)
        if channel.guild_id is None:
            raise ApiError(400, 50003, "Cannot execute action on a DM channel")
        needed = Permission.MANAGE_THREADS if channel.is_thread else Permission.MANAGE_CHANNELS
        self._require(channel, needed)
        return Reply(200, await self.hub.channel_deleted(channel))

    async def _open_thread(self, parent: Channel, body: JSON, kind: ChannelType) -> Channel:
        guild = self.world.guild_of(parent)
        if guild is None or parent.type is not ChannelType.TEXT:
            raise ApiError(400, 50024, "Cannot execute action on this channel type")
        bot_id = self.world.bot_user.id
        name = str(body.get("name") or "")
        thread = self.world.add_channel(guild, name, kind, parent_id=parent.id, owner_id=bot_id)
        thread.thread_member_ids.add(bot_id)
        payload = channel_payload(self.world, thread) | {"newly_created": True}
        await self.hub.gateway.dispatch("THREAD_CREATE", payload)
        return thread

    async def thread_from_message(self, call: Call) -> Reply:
        parent = self._channel(call)
        message = self._message_in(parent, call)
        self._require(parent, Permission.CREATE_PUBLIC_THREADS)
        if message.thread_id is not None:
            raise ApiError(400, 160004, "A thread has already been created for this message")
        thread = await self._open_thread(parent, call.json, ChannelType.PUBLIC_THREAD)
        message.thread_id = thread.id
        return Reply(201, channel_payload(self.world, thread))

    async def thread_without_message(self, call: Call) -> Reply:
        parent = self._channel(call)
        body = call.json
        kind = ChannelType(int(body.get("type") or ChannelType.PRIVATE_THREAD))
        if kind not in {ChannelType.PUBLIC_THREAD, ChannelType.PRIVATE_THREAD}:
            raise invalid_body([Problem("type", "Not a thread type.")], call.route)
        needed = (
            Permission.CREATE_PUBLIC_THREADS
            if kind is ChannelType.PUBLIC_THREAD
            else Permission.CREATE_PRIVATE_THREADS
        )
        self._require(parent, needed)
        thread = await self._open_thread(parent, body, kind)
        return Reply(201, channel_payload(self.world, thread))

    async def join_thread(self, call: Call) -> Reply:
        thread = self._channel(call)
        if not thread.is_thread:
            raise ApiError(400, 50024, "Cannot execute action on this channel type")
        self._require(thread, Permission(0))
        thread.thread_member_ids.add(self.world.bot_user.id)
        return Reply(204)

    async def _reaction_target(self, call: Call) -> tuple[Message, str]:
        channel = self._channel(call)
        message = self._message_in(channel, call)
        self._require(channel, Permission.ADD_REACTIONS | Permission.READ_MESSAGE_HISTORY)
        return message, call.params["emoji"]

    async def add_reaction(self, call: Call) -> Reply:
        message, emoji = await self._reaction_target(call)
        message.reactions.setdefault(emoji, set()).add(self.world.bot_user.id)
        await self.hub.reaction_changed("MESSAGE_REACTION_ADD", message, emoji, self.world.bot_user)
        return Reply(204)

    async def remove_reaction(self, call: Call) -> Reply:
        message, emoji = await self._reaction_target(call)
        message.reactions.get(emoji, set()).discard(self.world.bot_user.id)
        await self.hub.reaction_changed(
            "MESSAGE_REACTION_REMOVE", message, emoji, self.world.bot_user
        )
        return Reply(204)

    # -- guilds --------------------------------------------------------------------------

    async def get_guild(self, call: Call) -> Reply:
        guild = self._guild(call)
        counts = {"approximate_member_count": len(guild.members)}
        return Reply(200, guild_payload(guild) | counts)

    async def get_guild_channels(self, call: Call) -> Reply:
        guild = self._guild(call)
        live = [c for c in guild.channels.values() if not c.deleted and not c.is_thread]
        return Reply(200, [channel_payload(self.world, c) for c in live])

    async def get_roles(self, call: Call) -> Reply:
        return Reply(200, [role_payload(role) for role in self._guild(call).roles.values()])

    async def get_member(self, call: Call) -> Reply:
        member = self._guild(call).members.get(call.snowflake("user_id"))
        if member is None:
            raise unknown("Member", 10007)
        return Reply(200, member_payload(member))


def _refuse(refusal: threads.Refusal | None) -> None:
    if refusal is not None:
        raise ApiError(refusal.status, refusal.code, refusal.message)
