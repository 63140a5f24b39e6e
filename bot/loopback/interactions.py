"""Interaction answers: the callback, followups and edits made with an interaction token."""

from __future__ import annotations

from datetime import timedelta

from bot.loopback.bodies import UploadedFile
from bot.loopback.calls import (
    ApiError,
    Call,
    Reply,
    Route,
    checked,
    invalid_body,
    unknown,
)
from bot.loopback.composer import Composer
from bot.loopback.hub import Hub
from bot.loopback.limits import Problem, interaction_response_problems, message_problems
from bot.loopback.state import JSON, Interaction, Message, MessageFlag

ACKNOWLEDGE_WITHIN = timedelta(seconds=3)
TOKEN_LIFETIME = timedelta(minutes=15)
HOOKS = "/webhooks/{application_id}/{webhook_token}"
CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"
DEFERRED_CHANNEL_MESSAGE = 5


class InteractionApi:
    """Authorised by the interaction's token rather than the bot's."""

    def __init__(self, hub: Hub, composer: Composer) -> None:
        self.hub = hub
        self.world = hub.world
        self._composer = composer

    def routes(self) -> list[Route]:
        return [
            ("POST", CALLBACK, self.interaction_callback),
            ("POST", HOOKS, self.followup),
            ("GET", HOOKS + "/messages/{message_id}", self.get_webhook_message),
            ("PATCH", HOOKS + "/messages/{message_id}", self.edit_webhook_message),
            ("DELETE", HOOKS + "/messages/{message_id}", self.delete_webhook_message),
        ]

    async def interaction_callback(self, call: Call) -> Reply:
        interaction = self.world.interactions.get(call.snowflake("interaction_id"))
        if interaction is None or interaction.token != call.params["interaction_token"]:
            raise ApiError(404, 10062, "Unknown interaction", violation="unknown interaction")
        if interaction.response_type is not None:
            raise ApiError(
                400,
                40060,
                "Interaction has already been acknowledged.",
                violation=f"interaction {interaction.id} acknowledged twice",
            )
        waited = self.world.elapsed_since(interaction.created_at)
        if waited > ACKNOWLEDGE_WITHIN:
            reason = f"interaction {interaction.id} acknowledged after {waited.total_seconds():g} s"
            raise ApiError(404, 10062, "Unknown interaction", violation=reason)
        body = call.json
        checked(interaction_response_problems(body, interaction_type=interaction.type), call.route)
        kind = int(body["type"])
        data: JSON = body.get("data") or {}
        message = await self._carry_out(interaction, kind, data, call.body.files)
        interaction.response_type = kind
        resource: JSON = {"type": kind}
        if message is not None:
            resource["message"] = self.hub.payload_of(message)
        self.hub.answers[interaction.id].accept()
        if call.query.get("with_response") not in {"1", "true", "True"}:
            return Reply(204)
        callback: JSON = {
            "id": str(interaction.id),
            "type": interaction.type,
            "response_message_loading": kind == DEFERRED_CHANNEL_MESSAGE,
            "response_message_ephemeral": message is not None and message.ephemeral,
        }
        if message is not None:
            callback["response_message_id"] = str(message.id)
        return Reply(200, {"interaction": callback, "resource": resource})

    async def _carry_out(
        self, interaction: Interaction, kind: int, data: JSON, files: tuple[UploadedFile, ...]
    ) -> Message | None:
        """Do what callback `kind` asks; the message it made or changed, if any."""
        if kind in {4, DEFERRED_CHANNEL_MESSAGE}:
            message = self._composer.compose(
                interaction.channel_id, data, files, interaction=interaction
            )
            if kind == DEFERRED_CHANNEL_MESSAGE:
                message.flags |= MessageFlag.LOADING
            await self.hub.bot_posted(message)
            interaction.original_message_id = message.id
            return message
        if kind in {6, 7}:
            target = None
            if interaction.message_id is not None:
                target = self.world.message(interaction.message_id)
            if target is None:
                raise invalid_body(
                    [Problem("type", "This interaction has no message to update.")],
                    "interaction callback",
                )
            interaction.original_message_id = target.id
            if kind == 7:
                await self._composer.apply_edit(target, data, files)
            return target
        if kind == 8:
            interaction.choices = list(data.get("choices") or [])
        elif kind == 9:
            interaction.modal = data
        return None

    def _token_interaction(self, call: Call) -> Interaction:
        if call.snowflake("application_id") != self.world.application_id:
            raise unknown("Webhook", 10015)
        interaction = self.world.interaction_by_token(call.params["webhook_token"])
        if interaction is None:
            raise ApiError(404, 10015, "Unknown Webhook", violation="unknown interaction token")
        age = self.world.elapsed_since(interaction.created_at)
        if age > TOKEN_LIFETIME:
            raise ApiError(
                401,
                50027,
                "Invalid Webhook Token",
                violation=f"interaction token used after {age.total_seconds() / 60:.1f} minutes",
            )
        if interaction.response_type is None:
            raise ApiError(
                404,
                10015,
                "Unknown Webhook",
                violation=f"followup to interaction {interaction.id} before its first response",
            )
        return interaction

    def _token_message(self, call: Call) -> tuple[Interaction, Message]:
        interaction = self._token_interaction(call)
        wanted = call.params["message_id"]
        # The original response answers to its own id too, as a followup that filled it returns.
        own_ids = {interaction.original_message_id, *interaction.followup_ids}
        if wanted == "@original":
            message_id = interaction.original_message_id
        elif wanted.isdigit() and int(wanted) in own_ids:
            message_id = int(wanted)
        else:
            message_id = None
        message = None if message_id is None else self.world.message(message_id)
        if message is None:
            raise unknown("Message", 10008)
        return interaction, message

    async def followup(self, call: Call) -> Reply:
        """A new message, except the first followup after a type 5 deferral: that one replaces
        the "thinking" placeholder, which keeps the deferral's ephemeral flag."""
        interaction = self._token_interaction(call)
        body = call.json
        checked(message_problems(body, from_interaction=True), call.route)
        message = self._thinking_placeholder(interaction)
        if message is None:
            message = self._composer.compose(
                interaction.channel_id, body, call.body.files, interaction=interaction
            )
            interaction.followup_ids.append(message.id)
            await self.hub.bot_posted(message)
        else:
            await self._composer.apply_edit(message, body, call.body.files)
        self.hub.followups[interaction.id].put(message)
        if call.query.get("wait") in {"1", "true", "True"}:
            return Reply(200, self.hub.payload_of(message))
        return Reply(204)

    def _thinking_placeholder(self, interaction: Interaction) -> Message | None:
        if interaction.response_type != DEFERRED_CHANNEL_MESSAGE:
            return None
        message_id = interaction.original_message_id
        original = None if message_id is None else self.world.message(message_id)
        return original if original is not None and original.loading else None

    async def get_webhook_message(self, call: Call) -> Reply:
        _, message = self._token_message(call)
        return Reply(200, self.hub.payload_of(message))

    async def edit_webhook_message(self, call: Call) -> Reply:
        interaction, message = self._token_message(call)
        body = call.json
        checked(message_problems(body, editing=True, from_interaction=True), call.route)
        await self._composer.apply_edit(message, body, call.body.files)
        if message.id == interaction.original_message_id:
            self.hub.original_edits[interaction.id].put(message)
        return Reply(200, self.hub.payload_of(message))

    async def delete_webhook_message(self, call: Call) -> Reply:
        _, message = self._token_message(call)
        await self.hub.message_deleted(message)
        return Reply(204)
