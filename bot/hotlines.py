"""Crisis lines by country, read from data/hotlines.toml and checked before anyone sees them."""

from __future__ import annotations

import difflib
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from bot.content_errors import ContentError
from bot.paths import DATA_DIR

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

EVERYONE = "everyone"

_HOTLINE_KEYS = frozenset(
    {
        "name",
        "phone",
        "text",
        "chat_url",
        "website",
        "hours",
        "languages",
        "audience",
        "notes",
        "sources",
        "last_verified",
    }
)
_COUNTRY_KEYS = frozenset(
    {"code", "name", "aliases", "emergency_number", "emergency_sources", "hotline"}
)
_FILE_KEYS = frozenset({"country", "international"})


@dataclass(frozen=True, slots=True)
class Hotline:
    """One service; `text` holds the whole instruction, e.g. "Text HOME to 741741"."""

    name: str
    sources: tuple[str, ...]
    last_verified: date
    phone: str | None = None
    text: str | None = None
    chat_url: str | None = None
    website: str | None = None
    hours: str | None = None
    languages: tuple[str, ...] = ()
    audience: str = EVERYONE
    notes: str | None = None

    @property
    def for_everyone(self) -> bool:
        return self.audience == EVERYONE


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    emergency_number: str
    hotlines: tuple[Hotline, ...]
    emergency_sources: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def last_verified(self) -> date:
        """The most recent check of any of this country's services."""
        return max(hotline.last_verified for hotline in self.hotlines)


@dataclass(frozen=True, slots=True)
class UnlistedCountry:
    """A real country (ISO 3166) that has no entry in the directory yet."""

    code: str
    name: str


# Words that don't tell countries apart: "the Gambia", "Trinidad and Tobago" / "Trinidad & Tobago".
_FILLER_WORDS = frozenset({"the", "and"})
_WORD_FORMS = {"saint": "st", "ste": "st"}
_WORDS = re.compile(r"[^\W_]+")
# Typed keys shorter than this are codes or abbreviations: never guessed at, only matched exactly.
_SHORTEST_GUESSABLE = 4
_CLOSE_ENOUGH = 0.75


def normalise(text: str) -> str:
    """Fold case and accents so "méxico", "MEXICO" and "Mexico" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def country_key(text: str) -> str:
    """What a typed country is compared by: "the U.K.", "uk" and "UK!" share one key."""
    words = _WORDS.findall(normalise(text))
    return "".join(_WORD_FORMS.get(word, word) for word in words if word not in _FILLER_WORDS)


@cache
def iso_country_names() -> Mapping[str, str]:
    """ISO 3166-1 alpha-2 codes and short English names, from the table that ships with tzdata."""
    table = files("tzdata").joinpath("zoneinfo", "iso3166.tab").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in table.splitlines() if line and not line.startswith("#"))
    return MappingProxyType({row[0]: row[1].strip() for row in rows})


def iso_country_codes() -> frozenset[str]:
    return frozenset(iso_country_names())


@cache
def _iso_name_keys() -> Mapping[str, str]:
    """Country keys of the ISO names, e.g. "Korea (North)" as "korea north" and "north korea".

    The part before a bracket alone ("korea", "congo") is a key only when one country has it.
    """
    keys: dict[str, str] = {}
    bases: dict[str, set[str]] = {}
    for code, name in iso_country_names().items():
        base, _, qualifier = name.partition("(")
        keys[country_key(name)] = code
        keys[country_key(f"{qualifier.rstrip(')')} {base}")] = code
        bases.setdefault(country_key(base), set()).add(code)
    keys.update({key: codes.pop() for key, codes in bases.items() if len(codes) == 1})
    return MappingProxyType(keys)


class HotlineDirectory:
    def __init__(self, countries: Iterable[Country], international: Iterable[Hotline]) -> None:
        self._countries = tuple(sorted(countries, key=lambda country: normalise(country.name)))
        self._by_code = {country.code: country for country in self._countries}
        self._international = tuple(international)
        self._search_keys = {
            country.code: tuple(country_key(name) for name in (country.name, *country.aliases))
            for country in self._countries
        }
        self._search_words = {
            country.code: tuple(
                country_key(word)
                for name in (country.name, *country.aliases)
                for word in normalise(name).split()
            )
            for country in self._countries
        }
        # What a typed key means: the file's names and aliases win over ISO codes and names.
        self._codes_by_key = dict(_iso_name_keys())
        self._codes_by_key.update({code.casefold(): code for code in iso_country_codes()})
        self._codes_by_key.update(self._listed_keys())

    def _listed_keys(self) -> dict[str, str]:
        keys: dict[str, str] = {}
        for country in self._countries:
            for name in (country.code, country.name, *country.aliases):
                key = country_key(name)
                if keys.setdefault(key, country.code) != country.code:
                    raise ContentError(
                        f"hotlines: {name!r} names both {keys[key]} and {country.code}"
                    )
        return keys

    @classmethod
    def load(cls, path: Path = DATA_DIR / "hotlines.toml") -> HotlineDirectory:
        """Read and check the file; any bad entry raises ContentError naming it."""
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise ContentError(f"{path.name}: cannot read: {error}") from error
        root = _Table(document, path.name)
        root.reject_unknown(_FILE_KEYS)
        international = [
            _hotline(entry, f"{path.name}: international entry", number)
            for number, entry in enumerate(root.tables("international"), start=1)
        ]
        if not international:
            raise ContentError(f"{path.name}: needs at least one [[international]] directory")
        countries: dict[str, Country] = {}
        for number, entry in enumerate(root.tables("country"), start=1):
            country = _country(entry, path.name, number)
            if country.code in countries:
                raise ContentError(f"{path.name}: country {country.code!r} appears twice")
            countries[country.code] = country
        if not countries:
            raise ContentError(f"{path.name}: has no [[country]] entries")
        return cls(countries.values(), international)

    def country(self, code: str) -> Country | None:
        return self._by_code.get(code.strip().upper())

    def countries(self) -> tuple[Country, ...]:
        """Every country, ordered by name."""
        return self._countries

    def international(self) -> tuple[Hotline, ...]:
        return self._international

    def resolve(self, typed: str) -> Country | UnlistedCountry | None:
        """The country someone typed, by code, name or alias, in any case, with or without accents.

        A real country the file leaves out comes back as UnlistedCountry; None means the text
        names no country at all (see `closest_names`).
        """
        code = self._codes_by_key.get(country_key(typed))
        if code is None:
            return None
        return self._by_code.get(code) or UnlistedCountry(code, iso_country_names()[code])

    def closest_names(self, typed: str, limit: int = 3) -> tuple[str, ...]:
        """Countries someone may have meant: listed ones the text starts, then near spellings."""
        wanted = country_key(typed)
        if len(wanted) < _SHORTEST_GUESSABLE:
            return ()
        started = [self._codes_by_key[key] for key in self._codes_by_key if key.startswith(wanted)]
        near = difflib.get_close_matches(
            wanted,
            [key for key in self._codes_by_key if len(key) >= _SHORTEST_GUESSABLE],
            n=limit * 4,
            cutoff=_CLOSE_ENOUGH,
        )
        codes = dict.fromkeys([*started, *(self._codes_by_key[key] for key in near)])
        return tuple(self._display_name(code) for code in codes)[:limit]

    def _display_name(self, code: str) -> str:
        listed = self._by_code.get(code)
        return listed.name if listed else iso_country_names()[code]

    def search(self, query: str, limit: int = 25) -> list[Country]:
        """Countries for autocomplete: exact code or name first, then prefixes, then substrings."""
        if limit <= 0:
            return []
        wanted = country_key(query)
        if not wanted:
            return list(self._countries[:limit])
        ranked = [
            (rank, index)
            for index, country in enumerate(self._countries)
            if (rank := self._rank(country, wanted)) is not None
        ]
        return [self._countries[index] for _, index in sorted(ranked)[:limit]]

    def _rank(self, country: Country, wanted: str) -> int | None:
        keys = self._search_keys[country.code]
        if wanted == country.code.casefold() or wanted in keys:
            return 0
        if any(key.startswith(wanted) for key in keys):
            return 1
        if any(word.startswith(wanted) for word in self._search_words[country.code]):
            return 2
        if any(wanted in key for key in keys):
            return 3
        return None


class _Table:
    """Typed reads from one TOML table; every error names the file and the entry."""

    def __init__(self, table: object, where: str) -> None:
        if not isinstance(table, dict):
            raise ContentError(f"{where}: expected a table")
        self._table: dict[str, object] = table
        self.where = where

    def reject_unknown(self, allowed: frozenset[str]) -> None:
        unknown = sorted(set(self._table) - allowed)
        if unknown:
            raise ContentError(f"{self.where}: unknown key(s) {', '.join(unknown)}")

    def required_text(self, key: str) -> str:
        value = self.optional_text(key)
        if value is None:
            raise ContentError(f"{self.where}: missing or empty {key!r}")
        return value

    def optional_text(self, key: str) -> str | None:
        value = self._table.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise ContentError(f"{self.where}: {key!r} must be text")
        return value.strip() or None

    def texts(self, key: str) -> tuple[str, ...]:
        values = self._table.get(key, [])
        if not isinstance(values, list) or not all(
            isinstance(value, str) and value.strip() for value in values
        ):
            raise ContentError(f"{self.where}: {key!r} must be a list of non-empty texts")
        return tuple(value.strip() for value in values)

    def sources(self, key: str) -> tuple[str, ...]:
        urls = self.texts(key)
        if not urls:
            raise ContentError(f"{self.where}: missing source ({key!r} is empty)")
        for url in urls:
            self._check_url(key, url)
        return urls

    def optional_url(self, key: str) -> str | None:
        url = self.optional_text(key)
        if url is not None:
            self._check_url(key, url)
        return url

    def day(self, key: str) -> date:
        value = self._table.get(key)
        # TOML datetimes are dates too; a verification day has no time of day.
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise ContentError(f"{self.where}: bad date in {key!r}: {value!r} (want YYYY-MM-DD)")

    def tables(self, key: str) -> list[object]:
        value = self._table.get(key, [])
        if not isinstance(value, list):
            raise ContentError(f"{self.where}: {key!r} must be a list of tables")
        return value

    def _check_url(self, key: str, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or "." not in parts.netloc or " " in url:
            raise ContentError(f"{self.where}: bad URL in {key!r}: {url!r}")


def _country(entry: object, file_name: str, number: int) -> Country:
    code = _Table(entry, f"{file_name}: country #{number}").required_text("code")
    table = _Table(entry, f"{file_name}: country {code!r}")
    if code not in iso_country_codes():
        raise ContentError(f"{table.where}: unknown country code {code!r}")
    table.reject_unknown(_COUNTRY_KEYS)
    hotlines = tuple(
        _hotline(hotline, f"{table.where}, hotline", number)
        for number, hotline in enumerate(table.tables("hotline"), start=1)
    )
    if not hotlines:
        raise ContentError(f"{table.where}: has no hotlines")
    return Country(
        code=code,
        name=table.required_text("name"),
        emergency_number=table.required_text("emergency_number"),
        hotlines=hotlines,
        emergency_sources=table.sources("emergency_sources"),
        aliases=table.texts("aliases"),
    )


def _hotline(entry: object, label: str, number: int) -> Hotline:
    name = _Table(entry, f"{label} #{number}").optional_text("name")
    if name is None:
        raise ContentError(f"{label} #{number}: empty service name")
    table = _Table(entry, f"{label} {name!r}")
    table.reject_unknown(_HOTLINE_KEYS)
    hotline = Hotline(
        name=name,
        sources=table.sources("sources"),
        last_verified=table.day("last_verified"),
        phone=table.optional_text("phone"),
        text=table.optional_text("text"),
        chat_url=table.optional_url("chat_url"),
        website=table.optional_url("website"),
        hours=table.optional_text("hours"),
        languages=table.texts("languages"),
        audience=table.optional_text("audience") or EVERYONE,
        notes=table.optional_text("notes"),
    )
    if not (hotline.phone or hotline.text or hotline.chat_url or hotline.website):
        raise ContentError(f"{table.where}: no phone, text, chat_url or website to reach it")
    return hotline
