"""Reading typed fields out of TOML arrays of tables, failing with a ContentError that names
the file and the entry, so whoever edits the data sees exactly what to fix."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.content_errors import ContentError


def read_entries(path: Path, array_name: str) -> tuple[Entry, ...]:
    """The tables of the array `array_name` (written `[[array_name]]`) in the TOML file."""
    try:
        with path.open("rb") as handle:
            document: dict[str, Any] = tomllib.load(handle)
    except FileNotFoundError as error:
        raise ContentError(f"{path.name}: the file is missing ({path})") from error
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"{path.name}: not valid TOML: {error}") from error
    unexpected = sorted(set(document) - {array_name})
    if unexpected:
        raise ContentError(f"{path.name}: unexpected top-level keys {unexpected}")
    tables = document.get(array_name)
    if not isinstance(tables, list) or not tables:
        raise ContentError(f"{path.name}: needs at least one [[{array_name}]] entry")
    return tuple(
        Entry.at(path, array_name, position, table) for position, table in enumerate(tables)
    )


def reject_repeats(
    path: Path, array_name: str, what: str, keyed: Iterable[tuple[str, str]]
) -> None:
    """Fail on the first (key, entry id) pair whose key an earlier entry already used."""
    first_with: dict[str, str] = {}
    for key, entry_id in keyed:
        if key in first_with:
            raise ContentError(
                f'{path.name}: {array_name} "{entry_id}" repeats the {what} of '
                f'{array_name} "{first_with[key]}"'
            )
        first_with[key] = entry_id


@dataclass(frozen=True, slots=True)
class Entry:
    """One table of the array, with the name used for it in error messages."""

    path: Path
    label: str
    table: Mapping[str, object]

    @classmethod
    def at(cls, path: Path, array_name: str, position: int, table: object) -> Entry:
        if not isinstance(table, Mapping):
            raise ContentError(f"{path.name}: {array_name} #{position + 1} is not a table")
        entry_id = table.get("id")
        name = f'"{entry_id}"' if isinstance(entry_id, str) and entry_id else f"#{position + 1}"
        return cls(path, f"{array_name} {name}", table)

    def error(self, problem: str) -> ContentError:
        return ContentError(f"{self.path.name}: {self.label}: {problem}")

    def require_keys(
        self, required: frozenset[str], optional: frozenset[str] = frozenset()
    ) -> None:
        missing = sorted(required - set(self.table))
        if missing:
            raise self.error(f"missing {', '.join(missing)}")
        unknown = sorted(set(self.table) - required - optional)
        if unknown:
            raise self.error(f"unknown keys {', '.join(unknown)} (a typo?)")

    def text(self, key: str) -> str:
        value = self.table.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.error(f"{key} must be non-empty text")
        return value.strip()

    def integer(self, key: str, *, minimum: int, maximum: int, default: int | None = None) -> int:
        value = self.table.get(key, default)
        # bool is an int subclass, and `minutes = true` is certainly a mistake.
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.error(f"{key} must be a whole number")
        if not minimum <= value <= maximum:
            raise self.error(f"{key} must be between {minimum} and {maximum}, not {value}")
        return value

    def texts(self, key: str, *, default: tuple[str, ...] | None = None) -> tuple[str, ...]:
        value = self.table.get(key, default)
        if not isinstance(value, list | tuple) or not all(
            isinstance(item, str) and item.strip() for item in value
        ):
            raise self.error(f"{key} must be a list of non-empty texts")
        return tuple(item.strip() for item in value)

    def dates(self, key: str) -> tuple[date, ...]:
        """A list of TOML local dates such as 2026-05-11; none when the key is absent."""
        value = self.table.get(key, [])
        # datetime is a date subclass; a time of day here would be a slip.
        if not isinstance(value, list) or not all(
            isinstance(item, date) and not isinstance(item, datetime) for item in value
        ):
            raise self.error(f"{key} must be a list of dates like 2026-05-11")
        return tuple(value)

    def https_url(self, key: str) -> str:
        value = self.table.get(key)
        if not isinstance(value, str) or not is_https_url(value):
            raise self.error(f"{key} must be an https:// address of a public page, not {value!r}")
        return value


def is_https_url(value: str) -> bool:
    if any(character.isspace() for character in value):
        return False
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # e.g. an unclosed [ in the host
        return False
    return parts.scheme == "https" and host is not None and "." in host
