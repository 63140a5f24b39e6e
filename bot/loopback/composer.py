"""Building and changing the bot's messages from request bodies, files included."""

from __future__ import annotations

from bot.loopback.bodies import UploadedFile
from bot.loopback.calls import invalid_body
from bot.loopback.hub import Hub
from bot.loopback.limits import Problem
from bot.loopback.payloads import user_payload
from bot.loopback.state import JSON, Attachment, Interaction, Message, MessageFlag

CHAT_INPUT_COMMAND_MESSAGE = 20
# Flags a bot may set on a message it edits; the rest belong to Discord.
EDITABLE_FLAGS = (1 << 2) | (1 << 15)


class Composer:
    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.world = hub.world

    def compose(
        self,
        channel_id: int,
        body: JSON,
        files: tuple[UploadedFile, ...],
        *,
        interaction: Interaction | None = None,
    ) -> Message:
        world = self.world
        channel = world.channels[channel_id]
        message = Message(
            id=world.next_id(),
            channel_id=channel_id,
            guild_id=channel.guild_id,
            author=world.bot_user,
            content=str(body.get("content") or ""),
            timestamp=world.now(),
            embeds=_embeds(body),
            components=list(body.get("components") or []),
            attachments=self.attachments(body, files, []),
            flags=int(body.get("flags") or 0),
            allowed_mentions=body.get("allowed_mentions"),
            message_reference=body.get("message_reference"),
            nonce=body.get("nonce"),
        )
        if interaction is not None:
            message.webhook_id = world.application_id
            message.application_id = world.application_id
            message.type = CHAT_INPUT_COMMAND_MESSAGE if interaction.type == 2 else 0
            message.interaction_metadata = {
                "id": str(interaction.id),
                "type": interaction.type,
                "user": user_payload(interaction.user),
                "authorizing_integration_owners": {},
            }
        return message

    def attachments(
        self, body: JSON, files: tuple[UploadedFile, ...], kept: list[Attachment]
    ) -> list[Attachment]:
        """Discord pairs `attachments[].id` n with the part `files[n]`; known ids are kept."""
        listed = body.get("attachments")
        if listed is None:
            return kept + [
                Attachment(self.world.next_id(), f.filename, f.data, f.content_type) for f in files
            ]
        uploads = {upload.field: upload for upload in files}
        existing = {attachment.id: attachment for attachment in kept}
        result: list[Attachment] = []
        for index, entry in enumerate(listed):
            ident = int(entry.get("id", -1))
            if ident in existing:
                result.append(existing[ident])
                continue
            upload = uploads.get(f"files[{ident}]")
            if upload is None:
                problem = Problem(f"attachments.{index}", f"No file sent as files[{ident}].")
                raise invalid_body([problem], "message attachments")
            name = entry.get("filename") or upload.filename
            result.append(
                Attachment(
                    self.world.next_id(),
                    name,
                    upload.data,
                    upload.content_type,
                    entry.get("description"),
                )
            )
        return result

    async def apply_edit(
        self, message: Message, body: JSON, files: tuple[UploadedFile, ...]
    ) -> None:
        """Change what `body` names. Filling a deferred answer's "thinking" placeholder
        replaces it rather than editing it, so it is not marked edited."""
        if "content" in body:
            message.content = str(body["content"] or "")
        if "embeds" in body:
            message.embeds = _embeds(body)
        if "components" in body:
            message.components = list(body["components"] or [])
        if "allowed_mentions" in body:
            message.allowed_mentions = body["allowed_mentions"]
        if body.get("flags") is not None:
            kept = message.flags & ~EDITABLE_FLAGS
            message.flags = kept | (int(body["flags"]) & EDITABLE_FLAGS)
        if "attachments" in body or files:
            message.attachments = self.attachments(body, files, message.attachments)
        if message.loading:
            message.flags &= ~MessageFlag.LOADING
        else:
            message.edited_timestamp = self.world.now()
        await self.hub.dispatch_message("MESSAGE_UPDATE", message)


def _embeds(body: JSON) -> list[JSON]:
    # Discord fills in the embed type the bot left out.
    return [{"type": "rich"} | dict(embed) for embed in body.get("embeds") or []]
