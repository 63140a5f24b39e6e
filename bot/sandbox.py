"""`python -m bot sandbox`: try Lantern in a terminal, against the loopback Discord.

A demo server (a few channels, an admin and two members) and the real bot run on this machine with a
throwaway database; a person types messages and slash commands as one of the members and sees
what Lantern answers: channel messages, ephemeral replies, DMs, modals (asked field by field) and
buttons.
"""

from __future__ import annotations

import asyncio
import re
import shlex
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import discord
import yarl

from bot.client import Lantern
from bot.clock import SystemClock
from bot.content import Content
from bot.loopback import ChannelHandle, GuildHandle, InteractionHandle, LoopbackDiscord, Person
from bot.loopback.command_options import OptionType
from bot.loopback.components import BUTTON, walk
from bot.loopback.permissions import Permission
from bot.loopback.state import JSON, Message
from bot.settings import Settings
from bot.storage import Storage

ReadLine = Callable[[str], Awaitable[str | None]]
Write = Callable[[str], None]

HELP = """\
Type a message to post it in the current channel, or a slash command:
  /about      /config country country:DE      /crisis setup moderator_channel:#mods
Options are name:value; quote values with spaces; channels as #name, people as @name.
Sandbox commands:
  :as NAME        act as sam (admin), alice or bob         :in #CHANNEL    move to a channel
  :dm TEXT        write to Lantern in a DM                 :click N        press button N
  :closedms       close (or reopen) your DMs               :help           this text
  :quit           leave (also Ctrl+D)"""
QUIET_SECONDS = 0.3
LONGEST_WAIT_SECONDS = 3.0
MENTION = re.compile(r"<(#|@!?)(\d+)>")
TRUE_WORDS = frozenset({"true", "yes", "on", "1"})
FALSE_WORDS = frozenset({"false", "no", "off", "0"})


class SandboxInputError(ValueError):
    """What the person typed can't be done; the message says why."""


@dataclass(frozen=True, slots=True)
class SlashRequest:
    name: str
    path: tuple[str, ...]
    options: dict[str, str]


def parse_slash(line: str) -> SlashRequest:
    """`/crisis phrases add phrase:"x y" kind:crisis` -> name, subcommand path, raw option texts."""
    try:
        words = shlex.split(line.removeprefix("/"))
    except ValueError as error:
        raise SandboxInputError(f"couldn't read that: {error}") from None
    if not words or ":" in words[0]:
        raise SandboxInputError("type a command name after the slash, e.g. /about")
    path = []
    options: dict[str, str] = {}
    for word in words[1:]:
        name, colon, value = word.partition(":")
        if not colon:
            if options:
                raise SandboxInputError(f"{word!r} comes after the options; subcommands go first")
            path.append(word)
        elif not name:
            raise SandboxInputError(f"{word!r} has no option name before the colon")
        else:
            options[name] = value
    return SlashRequest(words[0], tuple(path), options)


class Sandbox:
    def __init__(
        self,
        loopback: LoopbackDiscord,
        guild: GuildHandle,
        people: dict[str, Person],
        write: Write,
        *,
        quiet_seconds: float = QUIET_SECONDS,
    ) -> None:
        self.loopback = loopback
        self.quiet_seconds = quiet_seconds
        self.guild = guild
        self.people = people
        self.person = people["alice"]
        self.channel = guild.channel("general")
        self.write = write
        # What each person has seen of each message, so switching people shows what they missed.
        self._shown: dict[tuple[int, int], str] = {}
        self._buttons: list[tuple[Message, str]] = []

    @property
    def prompt(self) -> str:
        return f"{self.person.name} in #{self.channel.name}> "

    async def handle(self, line: str, read_line: ReadLine) -> bool:
        """Act on one line; False when the person wants to leave."""
        line = line.strip()
        if not line:
            return True
        if line in {":quit", ":q", ":exit"}:
            return False
        try:
            if line.startswith(":"):
                await self._sandbox_command(line, read_line)
            elif line.startswith("/"):
                await self._slash(parse_slash(line), read_line)
            else:
                await self.person.says(line, self.channel)
        except SandboxInputError as error:
            self.write(f"  ! {error}")
            return True
        except Exception as error:  # a slip of the keyboard must not end the session
            self.write(f"  ! {type(error).__name__}: {error}")
        await self.show_new()
        return True

    async def _sandbox_command(self, line: str, read_line: ReadLine) -> None:
        command, _, rest = line[1:].partition(" ")
        rest = rest.strip()
        match command:
            case "help" | "h":
                self.write(HELP)
            case "as":
                if rest not in self.people:
                    raise SandboxInputError(f"pick one of: {', '.join(self.people)}")
                self.person = self.people[rest]
            case "in":
                self.channel = self._channel(rest)
            case "dm":
                await self.person.dms_bot(rest)
            case "closedms":
                if self.person.user.dms_open:
                    self.person.closes_dms()
                    self.write("  (your DMs are now closed to server members)")
                else:
                    self.person.opens_dms()
                    self.write("  (your DMs are open again)")
            case "click":
                await self._click(rest, read_line)
            case _:
                raise SandboxInputError(f"unknown sandbox command :{command}; try :help")

    async def _slash(self, request: SlashRequest, read_line: ReadLine) -> None:
        definition = self._definition(request.name)
        options = {
            name: self._coerce(definition, request.path, name, text)
            for name, text in request.options.items()
        }
        handle = await self.person.slash(
            request.name, *request.path, in_channel=self.channel, **options
        )
        await self._after(handle, read_line)

    async def _click(self, number: str, read_line: ReadLine) -> None:
        if not number.isdigit() or not 1 <= int(number) <= len(self._buttons):
            raise SandboxInputError("press a button by its number, e.g. :click 1")
        message, label = self._buttons[int(number) - 1]
        handle = await self.person.click(message, label)
        await self._after(handle, read_line)

    async def _after(self, handle: InteractionHandle, read_line: ReadLine) -> None:
        modal = handle.modal
        if modal is None:
            return
        await self.show_new()
        self.write(f"  [form] {modal.title}")
        answers = {}
        for field in _text_inputs(modal.form):
            optional = "" if field.get("required", True) else ", optional"
            limit = field.get("max_length", 4000)
            answer = await read_line(f"  {field['label']} (up to {limit}{optional}): ")
            answers[str(field["custom_id"])] = answer or ""
        submitted = await self.person.submit(modal, answers)
        await self._after(submitted, read_line)

    def _channel(self, text: str) -> ChannelHandle:
        try:
            return self.guild.channel(text.removeprefix("#"))
        except (KeyError, LookupError, ValueError) as error:
            raise SandboxInputError(f"no channel {text}") from error

    def _definition(self, name: str) -> JSON:
        for command in self.loopback.world.commands_for(self.guild.id):
            if command.name == name:
                return command.definition
        raise SandboxInputError(f"Lantern has no /{name}; try /about")

    def _coerce(self, definition: JSON, path: tuple[str, ...], name: str, text: str) -> object:
        level = definition.get("options") or []
        for step in path:
            level = next((o.get("options") or [] for o in level if o["name"] == step), [])
        option = next((o for o in level if o["name"] == name), None)
        if option is None:
            known = ", ".join(o["name"] for o in level) or "none"
            raise SandboxInputError(f"no option {name!r} here; options: {known}")
        for choice in option.get("choices") or []:
            if text.casefold() in {str(choice["name"]).casefold(), str(choice["value"]).casefold()}:
                return choice["value"]
        return self._typed(OptionType(option["type"]), name, text)

    def _typed(self, kind: OptionType, name: str, text: str) -> object:
        try:
            match kind:
                case OptionType.INTEGER:
                    return int(text)
                case OptionType.NUMBER:
                    return float(text)
                case OptionType.BOOLEAN if text.casefold() in TRUE_WORDS | FALSE_WORDS:
                    return text.casefold() in TRUE_WORDS
                case OptionType.BOOLEAN:
                    raise SandboxInputError(f"{name} takes yes or no")
                case OptionType.CHANNEL:
                    return self._channel(text)
                case OptionType.USER | OptionType.MENTIONABLE:
                    return self.people[text.removeprefix("@")]
        except (ValueError, KeyError) as error:
            raise SandboxInputError(f"{text!r} doesn't fit option {name}") from error
        return text

    async def show_new(self) -> None:
        """Wait until Lantern has gone quiet, then print what this person can newly see."""
        waited = 0.0
        seen = len(self.loopback.requests)
        while waited < LONGEST_WAIT_SECONDS:
            await asyncio.sleep(self.quiet_seconds)
            waited += self.quiet_seconds
            if len(self.loopback.requests) == seen:
                break
            seen = len(self.loopback.requests)
        for message in list(self.loopback.world.messages.values()):
            if message.author.id == self.person.id or not self._visible(message):
                continue
            looks = repr((message.content, message.embeds, message.components))
            key = (self.person.id, message.id)
            if self._shown.get(key) != looks:
                edited = key in self._shown
                self._shown[key] = looks
                self.write(("(updated) " if edited else "") + self._render(message))

    def _mention_name(self, match: re.Match[str]) -> str:
        """<#id> and <@id> as a person would see them in Discord."""
        kind, snowflake = match.group(1)[0], int(match.group(2))
        world = self.loopback.world
        if kind == "#":
            channel = world.channels.get(snowflake)
            return f"#{channel.name}" if channel else "#deleted-channel"
        person = next((p for p in self.people.values() if p.id == snowflake), None)
        return f"@{person.name}" if person else "@someone"

    def _visible(self, message: Message) -> bool:
        if message.deleted:
            return False
        if message.guild_id is None:
            return message.channel_id == self.loopback.world.dm_channel(self.person.user).id
        if message.ephemeral:
            user = (message.interaction_metadata or {}).get("user", {})
            return str(user.get("id")) == str(self.person.id)
        world = self.loopback.world
        allowed = world.member_channel_permissions(
            self.person.member, world.channels[message.channel_id]
        )
        return bool(allowed & Permission.VIEW_CHANNEL)

    def _render(self, message: Message) -> str:
        if message.guild_id is None:
            where = "DM"
        elif message.ephemeral:
            where = f"#{self.loopback.world.channels[message.channel_id].name}, only you"
        else:
            where = f"#{self.loopback.world.channels[message.channel_id].name}"
        lines = [f"[{where}] {message.author.username}: {message.content}".rstrip()]
        for embed in message.embeds:
            lines += _embed_lines(embed)
        lines = [MENTION.sub(self._mention_name, line) for line in lines]
        lines += [f"  📎 {attachment.filename}" for attachment in message.attachments]
        buttons = []
        for component in walk(message.components):
            if component.get("type") == BUTTON and "custom_id" in component:
                label = str(component.get("label") or component["custom_id"])
                self._buttons.append((message, str(component["custom_id"])))
                state = " (disabled)" if component.get("disabled") else ""
                buttons.append(f"[{len(self._buttons)}: {label}{state}]")
        if buttons:
            lines.append("  " + " ".join(buttons) + "   (:click N)")
        return "\n".join(lines)


def _embed_lines(embed: JSON) -> list[str]:
    lines = []
    if embed.get("title"):
        lines.append(f"  ┃ **{embed['title']}**")
    lines += [f"  ┃ {text}" for text in str(embed.get("description") or "").splitlines()]
    for field in embed.get("fields") or []:
        lines.append(f"  ┃ {field['name']}")
        lines += [f"  ┃   {text}" for text in str(field["value"]).splitlines()]
    footer = (embed.get("footer") or {}).get("text")
    if footer:
        lines.append(f"  ┃ ({footer})")
    return lines


def _text_inputs(form: JSON) -> list[JSON]:
    return [c for c in walk(form.get("components") or []) if c.get("type") == 4]


async def run_sandbox(read_line: ReadLine, write: Write) -> int:
    """Start the loopback Discord and Lantern, then read lines until the person leaves."""
    content = Content.load()
    with tempfile.TemporaryDirectory(prefix="lantern-sandbox-") as folder:
        async with LoopbackDiscord.running() as loopback:
            guild = loopback.create_guild("Lantern Sandbox")
            people = {
                "sam": loopback.create_member(guild, "sam", display_name="Sam", admin=True),
                "alice": loopback.create_member(guild, "alice", display_name="Alice"),
                "bob": loopback.create_member(guild, "bob", display_name="Bob"),
            }
            discord.http.Route.BASE = loopback.api_base
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(loopback.gateway_url)
            path = Path(folder) / "sandbox.sqlite3"
            settings = Settings(
                token=loopback.token,
                database_path=path,
                api_base=loopback.api_base,
                gateway_url=loopback.gateway_url,
            )
            storage = await Storage.open(path)
            bot = Lantern(
                settings=settings,
                storage=storage,
                content=content,
                clock=SystemClock(),
                guild_ready_timeout=0.1,
            )
            runner = asyncio.create_task(bot.start(loopback.token))
            try:
                await loopback.wait_until_connected()
                await bot.wait_until_ready()
                write(
                    "Lantern sandbox: a pretend server with #general, #mods, #anonymous and "
                    "#checkins; you are alice. :help lists what you can do."
                )
                sandbox = Sandbox(loopback, guild, people, write)
                while (line := await read_line(sandbox.prompt)) is not None:
                    if not await sandbox.handle(line, read_line):
                        break
            finally:
                await bot.close()
                await runner
                await storage.close()
    write("Bye! Nothing from the sandbox was kept.")
    return 0
