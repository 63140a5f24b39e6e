"""Application commands: the bot syncing them, globally or for one guild."""

from __future__ import annotations

from bot.loopback.calls import (
    ApiError,
    Call,
    Reply,
    Route,
    checked,
    guild_of,
    invalid_body,
    unknown,
)
from bot.loopback.limits import Problem, commands_problems
from bot.loopback.payloads import command_payload
from bot.loopback.state import JSON, Command, World

GLOBAL = "/applications/{application_id}/commands"
IN_GUILD = "/applications/{application_id}/guilds/{guild_id}/commands"


class CommandApi:
    def __init__(self, world: World) -> None:
        self.world = world

    def routes(self) -> list[Route]:
        return [
            route
            for base in (GLOBAL, IN_GUILD)
            for route in (
                ("GET", base, self.list_commands),
                ("PUT", base, self.overwrite_commands),
                ("POST", base, self.create_command),
                ("GET", base + "/{command_id}", self.get_command),
                ("PATCH", base + "/{command_id}", self.edit_command),
                ("DELETE", base + "/{command_id}", self.delete_command),
            )
        ]

    def _command_scope(self, call: Call) -> int | None:
        if call.snowflake("application_id") != self.world.application_id:
            raise ApiError(403, 50001, "Missing Access")
        return guild_of(self.world, call).id if "guild_id" in call.params else None

    def _scoped_commands(self, scope: int | None) -> list[Command]:
        return [c for c in self.world.commands.values() if c.guild_id == scope]

    def _command(self, call: Call) -> Command:
        scope = self._command_scope(call)
        command = self.world.commands.get(call.snowflake("command_id"))
        if command is None or command.guild_id != scope:
            raise unknown("application command", 10063)
        return command

    def _store_command(self, scope: int | None, definition: JSON) -> Command:
        kind = int(definition.get("type", 1))
        same = next(
            (
                c
                for c in self._scoped_commands(scope)
                if c.name == definition.get("name") and c.type == kind
            ),
            None,
        )
        # Discord keeps a command's id when it is overwritten under the same name and type.
        command_id = self.world.next_id() if same is None else same.id
        command = Command(
            command_id, self.world.application_id, scope, definition, self.world.next_id()
        )
        self.world.commands[command.id] = command
        return command

    async def list_commands(self, call: Call) -> Reply:
        scope = self._command_scope(call)
        return Reply(200, [command_payload(c) for c in self._scoped_commands(scope)])

    async def overwrite_commands(self, call: Call) -> Reply:
        scope = self._command_scope(call)
        body = call.body.json
        if not isinstance(body, list):
            raise invalid_body([Problem("", "Must be an array.")], call.route)
        checked(commands_problems(body), call.route)
        for stale in self._scoped_commands(scope):
            del self.world.commands[stale.id]
        stored = [self._store_command(scope, dict(definition)) for definition in body]
        return Reply(200, [command_payload(c) for c in stored])

    async def create_command(self, call: Call) -> Reply:
        scope = self._command_scope(call)
        checked(commands_problems([call.json]), call.route)
        return Reply(201, command_payload(self._store_command(scope, call.json)))

    async def get_command(self, call: Call) -> Reply:
        return Reply(200, command_payload(self._command(call)))

    async def edit_command(self, call: Call) -> Reply:
        command = self._command(call)
        definition = command.definition | call.json
        checked(commands_problems([definition]), call.route)
        command.definition = definition
        command.version = self.world.next_id()
        return Reply(200, command_payload(command))

    async def delete_command(self, call: Call) -> Reply:
        del self.world.commands[self._command(call).id]
        return Reply(204)
