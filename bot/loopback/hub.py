"""What the REST side, the gateway and the people share: state, records and the bot's mail."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bot.loopback.bodies import UploadedFile
from bot.loopback.gateway import Gateway, Intent
from bot.loopback.inbox import Answer, Inbox
from bot.loopback.payloads import channel_payload, member_payload, message_payload
from bot.loopback.state import JSON, Channel, Interaction, Message, User, World

RECENT_SHOWN = 8


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    method: str
    path: str
    route: str | None  # the matched template, e.g. "POST /channels/{channel_id}/messages"
    json: object
    files: tuple[UploadedFile, ...]
    status: int


class Hub:
    def __init__(self, world: World, token: str) -> None:
        self.world = world
        self.token = token
        self.gateway = Gateway(world, token, self.record_violation)
        self.cdn_base = ""
        self.requests: list[RecordedRequest] = []
        self.violations: list[str] = []
        self._channel_mail: dict[int, Inbox[Message]] = {}
        self.answers: dict[int, Answer] = {}
        self.followups: dict[int, Inbox[Message]] = {}
        self.original_edits: dict[int, Inbox[Message]] = {}
        # by channel id: creates answered with an earlier message, and creates refused with 429
        self.duplicates_avoided: Counter[int] = Counter()
        self.rate_limited: Counter[int] = Counter()

    def record_violation(self, text: str) -> None:
        self.violations.append(text)

    def record_refusal(self, violation: str, interaction_id: str | None) -> None:
        """A refused request; if it answered an interaction, the person waiting learns why."""
        self.record_violation(violation)
        if interaction_id is not None and interaction_id.isdigit():
            answer = self.answers.get(int(interaction_id))
            if answer is not None:
                answer.refuse(violation)

    def payload_of(self, message: Message) -> JSON:
        return message_payload(self.world, message, self.cdn_base)

    def channel_mail(self, channel_id: int) -> Inbox[Message]:
        """The bot's visible messages in one channel (for a DM channel: the person's DMs)."""
        if channel_id not in self._channel_mail:
            channel = self.world.channels[channel_id]
            self._channel_mail[channel_id] = Inbox(f"a bot message in {channel.label}")
        return self._channel_mail[channel_id]

    def track(self, interaction: Interaction) -> None:
        self.answers[interaction.id] = Answer()
        self.followups[interaction.id] = Inbox(f"a followup to interaction {interaction.id}")
        self.original_edits[interaction.id] = Inbox(
            f"an edit of interaction {interaction.id}'s original response"
        )

    # -- messages going out to the bot -----------------------------------------------------

    async def bot_posted(self, message: Message) -> None:
        self.world.add_message(message)
        if not message.ephemeral:
            self.channel_mail(message.channel_id).put(message)
            await self.dispatch_message("MESSAGE_CREATE", message)

    async def person_posted(self, message: Message) -> None:
        self.world.add_message(message)
        await self.dispatch_message("MESSAGE_CREATE", message)

    async def dispatch_message(self, event: str, message: Message) -> None:
        """Send a message event the way the bot's intents let it see it."""
        if message.ephemeral:
            return
        intents = self.gateway.intents
        in_guild = message.guild_id is not None
        if not intents & (Intent.GUILD_MESSAGES if in_guild else Intent.DIRECT_MESSAGES):
            return
        payload = self.payload_of(message)
        bot_id = self.world.bot_user.id
        readable = (
            intents & Intent.MESSAGE_CONTENT
            or not in_guild
            or message.author.id == bot_id
            or f"<@{bot_id}>" in message.content
        )
        if not readable:
            # Without the privileged intent Discord sends guild messages with their text removed.
            payload |= {"content": "", "embeds": [], "attachments": [], "components": []}
        await self.gateway.dispatch(event, payload)

    async def reaction_changed(self, event: str, message: Message, emoji: str, user: User) -> None:
        """MESSAGE_REACTION_ADD or _REMOVE, when the bot's intents ask for reactions."""
        in_guild = message.guild_id is not None
        needed = Intent.GUILD_MESSAGE_REACTIONS if in_guild else Intent.DIRECT_MESSAGE_REACTIONS
        if not self.gateway.intents & needed:
            return
        data: JSON = {
            "user_id": str(user.id),
            "channel_id": str(message.channel_id),
            "message_id": str(message.id),
            "message_author_id": str(message.author.id),
            "emoji": {"id": None, "name": emoji},
            "burst": False,
            "type": 0,
        }
        if message.guild_id is not None:
            data["guild_id"] = str(message.guild_id)
            member = self.world.guilds[message.guild_id].members.get(user.id)
            if member is not None and event == "MESSAGE_REACTION_ADD":
                data["member"] = member_payload(member)
        await self.gateway.dispatch(event, data)

    async def message_deleted(self, message: Message) -> None:
        message.deleted = True
        if message.ephemeral:
            return
        data: JSON = {"id": str(message.id), "channel_id": str(message.channel_id)}
        if message.guild_id is not None:
            data["guild_id"] = str(message.guild_id)
        await self.gateway.dispatch("MESSAGE_DELETE", data)

    async def channel_changed(self, channel: Channel) -> JSON:
        """Tell the bot a channel or thread changed; the channel's new payload."""
        payload = channel_payload(self.world, channel)
        event = "THREAD_UPDATE" if channel.is_thread else "CHANNEL_UPDATE"
        await self.gateway.dispatch(event, payload)
        return payload

    async def reopen_if_archived(self, thread: Channel) -> None:
        """A message sent into an archived thread unarchives it, as on Discord."""
        if thread.is_thread and thread.archived:
            thread.archived = False
            thread.archive_changed_at = self.world.now()
            await self.channel_changed(thread)

    async def channel_deleted(self, channel: Channel) -> JSON:
        """Mark a channel or thread deleted and tell the bot; the channel's last payload."""
        channel.deleted = True
        payload = channel_payload(self.world, channel)
        event = "THREAD_DELETE" if channel.is_thread else "CHANNEL_DELETE"
        await self.gateway.dispatch(event, payload)
        return payload

    # -- explaining a timeout --------------------------------------------------------------

    def recent_activity(self) -> str:
        lines = ["Bot messages so far:"]
        bot_messages = [m for m in self.world.messages.values() if m.author.bot]
        for message in bot_messages[-RECENT_SHOWN:]:
            channel = self.world.channels[message.channel_id]
            flags = " (ephemeral)" if message.ephemeral else ""
            flags += " (still thinking)" if message.loading else ""
            lines.append(f"  {channel.label}{flags}: {message.content[:80]!r}")
        if not bot_messages:
            lines.append("  none")
        lines.append("Last requests from the bot:")
        lines.extend(f"  {r.method} {r.path} -> {r.status}" for r in self.requests[-RECENT_SHOWN:])
        if not self.requests:
            lines.append("  none")
        if self.violations:
            lines.append("Violations:")
            lines.extend(f"  {v}" for v in self.violations)
        return "\n".join(lines)
