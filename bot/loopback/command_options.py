"""Turning `alice.slash("reminders", "add", time="08:00")` into an interaction's command data."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from typing import Protocol, runtime_checkable

from bot.loopback.state import JSON, Command


class OptionType(enum.IntEnum):
    SUB_COMMAND = 1
    SUB_COMMAND_GROUP = 2
    STRING = 3
    INTEGER = 4
    BOOLEAN = 5
    USER = 6
    CHANNEL = 7
    ROLE = 8
    MENTIONABLE = 9
    NUMBER = 10
    ATTACHMENT = 11


NESTING = frozenset({OptionType.SUB_COMMAND, OptionType.SUB_COMMAND_GROUP})


@runtime_checkable
class Mentionable(Protocol):
    """A person, channel or role a test passes as an option value."""

    @property
    def option_type(self) -> OptionType: ...

    @property
    def id(self) -> int: ...

    def resolved(self) -> dict[str, dict[str, JSON]]:
        """Sections of the interaction's `resolved` data, e.g. {"users": {...}}."""
        ...


class InvocationError(ValueError):
    """The test asked for a command use Discord's client would not allow; says why."""


def command_data(
    command: Command,
    path: Sequence[str],
    values: Mapping[str, object],
    *,
    focused: str | None = None,
) -> JSON:
    """`data` of an APPLICATION_COMMAND (or, with `focused`, AUTOCOMPLETE) interaction."""
    shown = f"/{' '.join([command.name, *path])}"
    level: list[JSON] = list(command.definition.get("options") or [])
    chain: list[JSON] = []
    for name in path:
        step = next((o for o in level if o["name"] == name and o["type"] in NESTING), None)
        if step is None:
            choices = [o["name"] for o in level if o["type"] in NESTING]
            raise InvocationError(f"{shown}: no subcommand {name!r}; there are {choices}")
        chain.append(step)
        level = list(step.get("options") or [])
    if any(o["type"] in NESTING for o in level):
        choices = [o["name"] for o in level if o["type"] in NESTING]
        raise InvocationError(f"{shown} needs a subcommand, one of {choices}")
    resolved: dict[str, dict[str, JSON]] = {}
    options = _leaf_options(shown, level, values, focused, resolved)
    for step in reversed(chain):
        options = [{"name": step["name"], "type": step["type"], "options": options}]
    data: JSON = {
        "id": str(command.id),
        "name": command.name,
        "type": command.type,
        "options": options,
    }
    if command.guild_id is not None:
        data["guild_id"] = str(command.guild_id)
    if resolved:
        data["resolved"] = resolved
    return data


def _leaf_options(
    shown: str,
    defined: list[JSON],
    values: Mapping[str, object],
    focused: str | None,
    resolved: dict[str, dict[str, JSON]],
) -> list[JSON]:
    by_name = {o["name"]: o for o in defined}
    unknown = set(values) - set(by_name)
    if unknown:
        raise InvocationError(f"{shown} has no option {sorted(unknown)}; it has {list(by_name)}")
    if focused is None:
        missing = [o["name"] for o in defined if o.get("required") and o["name"] not in values]
        if missing:
            raise InvocationError(f"{shown} needs {missing}; Discord would not send it without")
    options: list[JSON] = []
    for name, value in values.items():
        option = by_name[name]
        if name == focused:
            options.append({"name": name, "type": option["type"], "value": value, "focused": True})
            continue
        wire = _wire_value(f"{shown} {name}", option, value, resolved)
        options.append({"name": name, "type": option["type"], "value": wire})
    return options


def _wire_value(
    shown: str, option: JSON, value: object, resolved: dict[str, dict[str, JSON]]
) -> object:
    kind = OptionType(option["type"])
    if kind in {OptionType.USER, OptionType.CHANNEL, OptionType.ROLE, OptionType.MENTIONABLE}:
        return _mention(shown, option, kind, value, resolved)
    checks = {
        OptionType.STRING: lambda v: isinstance(v, str),
        OptionType.INTEGER: lambda v: isinstance(v, int) and not isinstance(v, bool),
        OptionType.NUMBER: lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        OptionType.BOOLEAN: lambda v: isinstance(v, bool),
    }
    check = checks.get(kind)
    if check is None:
        raise InvocationError(f"{shown}: the loopback cannot send {kind.name} options")
    if not check(value):
        raise InvocationError(f"{shown} takes a {kind.name.lower()}, not {value!r}")
    choices = [c["value"] for c in option.get("choices") or []]
    if choices and value not in choices:
        raise InvocationError(f"{shown} must be one of {choices}, not {value!r}")
    _check_range(shown, option, value)
    return value


def _check_range(shown: str, option: JSON, value: object) -> None:
    if isinstance(value, str):
        low, high = option.get("min_length", 0), option.get("max_length", 6000)
        if not low <= len(value) <= high:
            raise InvocationError(f"{shown} takes {low} to {high} characters, not {len(value)}")
    elif isinstance(value, int | float):
        low, high = option.get("min_value"), option.get("max_value")
        if (low is not None and value < low) or (high is not None and value > high):
            raise InvocationError(f"{shown} must be between {low} and {high}, not {value}")


def _mention(
    shown: str,
    option: JSON,
    kind: OptionType,
    value: object,
    resolved: dict[str, dict[str, JSON]],
) -> str:
    accepted = {OptionType.USER, OptionType.ROLE} if kind is OptionType.MENTIONABLE else {kind}
    if not isinstance(value, Mentionable) or value.option_type not in accepted:
        raise InvocationError(f"{shown} takes a {kind.name.lower()} handle, not {value!r}")
    sections = value.resolved()
    for section, entries in sections.items():
        resolved.setdefault(section, {}).update(entries)
    if kind is OptionType.CHANNEL and option.get("channel_types"):
        channel_type = next(iter(sections["channels"].values()))["type"]
        if channel_type not in option["channel_types"]:
            raise InvocationError(f"{shown} takes channels of types {option['channel_types']}")
    return str(value.id)
