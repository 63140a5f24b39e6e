"""Check-in tags from data/checkin_tags.toml, validated once at start-up."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.content_errors import ContentError
from bot.errors import UserFacingError
from bot.paths import DATA_DIR

DEFAULT_TAGS_FILE = DATA_DIR / "checkin_tags.toml"
TAG_ID = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
# A Discord select menu holds at most 25 options, each label at most 100 characters.
MAX_TAGS = 25
MAX_LABEL_LENGTH = 100
FIELDS = frozenset({"id", "label", "emoji", "source"})


@dataclass(frozen=True, slots=True)
class Tag:
    id: str
    label: str
    emoji: str
    source: str


class UnknownTagError(UserFacingError):
    """A check-in named a tag the catalogue doesn't have."""


@dataclass(frozen=True, slots=True)
class TagCatalogue:
    tags: tuple[Tag, ...]

    @classmethod
    def load(cls, path: Path = DEFAULT_TAGS_FILE) -> TagCatalogue:
        try:
            document = tomllib.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise ContentError(f"{path.name}: cannot read it: {error}") from error
        return cls.from_document(document, path.name)

    @classmethod
    def from_document(cls, document: Mapping[str, Any], file_name: str) -> TagCatalogue:
        entries = document.get("tag")
        if not isinstance(entries, list) or not entries:
            raise ContentError(f"{file_name}: expected at least one [[tag]] entry")
        if len(entries) > MAX_TAGS:
            raise ContentError(f"{file_name}: {len(entries)} tags, but at most {MAX_TAGS} fit")
        tags = tuple(
            _parse_tag(entry, f"{file_name}: tag {number}")
            for number, entry in enumerate(entries, start=1)
        )
        seen: set[str] = set()
        for tag in tags:
            if tag.id in seen:
                raise ContentError(f"{file_name}: tag {tag.id!r} appears twice")
            seen.add(tag.id)
        return cls(tags)

    def get(self, tag_id: str) -> Tag | None:
        return next((tag for tag in self.tags if tag.id == tag_id), None)

    def ids(self) -> tuple[str, ...]:
        return tuple(tag.id for tag in self.tags)

    def validate(self, tag_ids: Iterable[str]) -> tuple[str, ...]:
        """The ids without repeats, in catalogue order; raises UnknownTagError for a stranger."""
        wanted = set(tag_ids)
        unknown = wanted - set(self.ids())
        if unknown:
            raise UnknownTagError(
                f"I don't know the tag “{min(unknown)[:40]}”; please pick from the list."
            )
        return tuple(tag_id for tag_id in self.ids() if tag_id in wanted)


def _parse_tag(entry: object, where: str) -> Tag:
    if not isinstance(entry, dict):
        raise ContentError(f"{where}: expected a table of fields")
    unexpected = set(entry) - FIELDS
    if unexpected:
        raise ContentError(f"{where}: unexpected field {min(unexpected)!r}")
    tag_id = _text(entry, "id", where)
    named = f"{where} ({tag_id!r})"
    if not TAG_ID.match(tag_id):
        raise ContentError(f"{named}: id must be lower-case letters, digits or _")
    label, emoji, source = (_text(entry, field, named) for field in ("label", "emoji", "source"))
    if len(label) > MAX_LABEL_LENGTH:
        raise ContentError(f"{named}: label is longer than {MAX_LABEL_LENGTH} characters")
    if any(character.isascii() and character.isalnum() for character in emoji):
        raise ContentError(f"{named}: emoji must be an emoji, not text")
    return Tag(tag_id, label, emoji, source)


def _text(entry: Mapping[str, object], field: str, where: str) -> str:
    value = entry.get(field)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{where}: {field} must be non-empty text")
    return value.strip()
