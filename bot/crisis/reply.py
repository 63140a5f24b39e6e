"""What people in crisis, and people worried about them, read: plain cards a cog makes embeds of.

The words live in data/crisis_replies.toml so someone with crisis-line experience can review them
without reading Python; this module only arranges them, fills in the services for a country, and
keeps every card inside Discord's embed limits.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from string import Formatter
from typing import TYPE_CHECKING, Any, TypeVar

from bot.content_errors import ContentError
from bot.paths import DATA_DIR

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    from bot.hotlines import Country, Hotline, HotlineDirectory

    Section = TypeVar("Section", bound=DataclassInstance)

# A card lists at most this many of a country's services, so it always fits in one embed.
SERVICES_SHOWN = 6
# The crisis reply must fit one phone screen: the line to reach now and two more.
SERVICES_IN_CRISIS_REPLY = 3

IN_CHANNEL_NUDGE = "I have some support info for you. Tap the button below; only you will see it."

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_COUNT_LIMIT = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
TOTAL_LIMIT = 6000

# Characters that would start bold, italics, strike-through, code or spoilers mid-sentence.
_MARKDOWN = str.maketrans({char: f"\\{char}" for char in "\\*_~`|"})


@dataclass(frozen=True, slots=True)
class ReplyCard:
    """An embed's worth of text; building one that breaks Discord's limits raises ValueError."""

    title: str
    description: str
    fields: tuple[tuple[str, str], ...]
    footer: str

    def __post_init__(self) -> None:
        problems = [
            *_over("title", self.title, TITLE_LIMIT),
            *_over("description", self.description, DESCRIPTION_LIMIT),
            *_over("footer", self.footer, FOOTER_LIMIT),
        ]
        for name, value in self.fields:
            problems += _over("field name", name, FIELD_NAME_LIMIT)
            problems += _over("field value", value, FIELD_VALUE_LIMIT)
            if not name.strip() or not value.strip():
                problems.append("a field has an empty name or value")
        if len(self.fields) > FIELD_COUNT_LIMIT:
            problems.append(f"{len(self.fields)} fields (limit {FIELD_COUNT_LIMIT})")
        if self.length > TOTAL_LIMIT:
            problems.append(f"{self.length} characters in all (limit {TOTAL_LIMIT})")
        if problems:
            raise ValueError(f"card {self.title!r} breaks embed limits: {'; '.join(problems)}")

    @property
    def length(self) -> int:
        """Characters Discord counts towards an embed's 6000 total."""
        field_text = sum(len(name) + len(value) for name, value in self.fields)
        return len(self.title) + len(self.description) + len(self.footer) + field_text

    def texts(self) -> tuple[str, ...]:
        """Every piece of text on the card, for checks that read all of it."""
        return (
            self.title,
            self.description,
            self.footer,
            *(part for field in self.fields for part in field),
        )


def _over(what: str, text: str, limit: int) -> list[str]:
    return [f"{what} has {len(text)} characters (limit {limit})"] if len(text) > limit else []


@dataclass(frozen=True, slots=True)
class FallbackTexts:
    server_name: str


@dataclass(frozen=True, slots=True)
class ServiceTexts:
    call: str
    chat: str
    website: str
    hours: str
    languages: str
    audience: str
    line: str


@dataclass(frozen=True, slots=True)
class EmergencyTexts:
    title: str
    title_for_them: str
    for_you: str
    for_you_unknown_country: str
    for_them: str
    for_them_unknown_country: str


@dataclass(frozen=True, slots=True)
class DirectoryTexts:
    title: str
    title_unknown_country: str
    line: str
    one_line: str


@dataclass(frozen=True, slots=True)
class CrisisTexts:
    title: str
    opening: str
    reach_now: str
    guessed_country: str
    ask_country: str
    about_bot: str
    moderators_alerted: str
    more_title: str
    more_elsewhere: str
    human_title: str
    human_with_channel: str
    human_without_channel: str
    footer: str
    still_here: str


@dataclass(frozen=True, slots=True)
class ConcernTexts:
    title: str
    description: str
    footer: str


@dataclass(frozen=True, slots=True)
class ResourcesTexts:
    title: str
    description: str
    description_unknown_country: str
    footer: str
    footer_unknown_country: str


# The values each section's templates are given; a template may use any of them.
_PLACEHOLDERS = {
    "fallbacks": frozenset[str](),
    "service": frozenset({"name", "phone", "url", "hours", "languages", "audience", "how"}),
    "emergency": frozenset({"emergency_number"}),
    "directories": frozenset({"name", "url"}),
    "crisis": frozenset({"server_name", "country", "support_channel"}),
    "concern": frozenset({"server_name", "country"}),
    "resources": frozenset({"country", "last_verified"}),
}


@dataclass(frozen=True, slots=True)
class ReplyTexts:
    fallbacks: FallbackTexts
    service: ServiceTexts
    emergency: EmergencyTexts
    directories: DirectoryTexts
    crisis: CrisisTexts
    concern: ConcernTexts
    concern_steps: tuple[tuple[str, str], ...]
    resources: ResourcesTexts
    sources: tuple[tuple[str, str], ...]

    @classmethod
    def load(cls, path: Path = DATA_DIR / "crisis_replies.toml") -> ReplyTexts:
        """Read and check the texts; a missing text or unknown placeholder raises ContentError."""
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise ContentError(f"{path.name}: cannot read: {error}") from error
        where = path.name
        concern = _table(document, "concern", where)
        steps = _pairs(concern.pop("steps", None), ("title", "text"), f"{where}: [concern] steps")
        for title, text in steps:
            _check_placeholders(title, "concern", f"{where}: [concern] step {title!r}")
            _check_placeholders(text, "concern", f"{where}: [concern] step {title!r}")
        return cls(
            fallbacks=_section(FallbackTexts, document, "fallbacks", where),
            service=_section(ServiceTexts, document, "service", where),
            emergency=_section(EmergencyTexts, document, "emergency", where),
            directories=_section(DirectoryTexts, document, "directories", where),
            crisis=_section(CrisisTexts, document, "crisis", where),
            concern=_section(ConcernTexts, {"concern": concern}, "concern", where),
            concern_steps=steps,
            resources=_section(ResourcesTexts, document, "resources", where),
            sources=_pairs(
                _table(document, "sources", where).get("documents"),
                ("name", "url"),
                f"{where}: [sources] documents",
            ),
        )


@cache
def default_texts() -> ReplyTexts:
    return ReplyTexts.load()


def _table(document: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    table = document.get(key)
    if not isinstance(table, dict):
        raise ContentError(f"{where}: missing [{key}] table")
    return dict(table)


def _section(cls: type[Section], document: dict[str, Any], key: str, where: str) -> Section:
    table = _table(document, key, where)
    names = [field.name for field in fields(cls)]
    unknown = sorted(set(table) - set(names))
    if unknown:
        raise ContentError(f"{where}: [{key}] has unknown key(s) {', '.join(unknown)}")
    values: dict[str, str] = {}
    for name in names:
        value = table.get(name)
        if not isinstance(value, str) or not value.strip():
            raise ContentError(f"{where}: [{key}] {name!r} is missing or empty")
        _check_placeholders(value, key, f"{where}: [{key}] {name!r}")
        values[name] = value.strip()
    return cls(**values)


def _pairs(entries: object, keys: tuple[str, str], where: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(entries, list) or not entries:
        raise ContentError(f"{where}: needs at least one entry")
    pairs = []
    for entry in entries:
        first, second = (
            (entry.get(key) for key in keys) if isinstance(entry, dict) else (None, None)
        )
        if not (
            isinstance(first, str) and first.strip() and isinstance(second, str) and second.strip()
        ):
            raise ContentError(f"{where}: each entry needs non-empty {keys[0]!r} and {keys[1]!r}")
        pairs.append((first.strip(), second.strip()))
    return tuple(pairs)


def _check_placeholders(template: str, section: str, where: str) -> None:
    allowed = _PLACEHOLDERS[section]
    try:
        parsed = list(Formatter().parse(template))
    except ValueError as error:
        raise ContentError(f"{where}: unbalanced braces: {error}") from error
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in allowed or spec or conversion:
            names = ", ".join(sorted(allowed))
            raise ContentError(f"{where}: unknown placeholder {{{name}}}; use one of {names}")


def crisis_reply(
    country: Country | None,
    directory: HotlineDirectory,
    *,
    server_name: str,
    moderators_alerted: bool,
    support_channel_mention: str | None,
    country_guessed: bool = False,
    texts: ReplyTexts | None = None,
) -> ReplyCard:
    """The private reply to someone whose message suggests they may be at risk.

    Read on a phone, the first screen holds what matters most: a human word, one line to call or
    text now and the emergency number (or, with no country, how to get those and the directories).
    ``country_guessed`` says the country is Lantern's guess, so the card says how to change it.
    """
    texts = texts or default_texts()
    words = texts.crisis
    values = {
        "server_name": _server(server_name, texts),
        "country": _plain(country.name) if country else "",
        "support_channel": support_channel_mention or "",
    }
    emergency = _emergency_field(country, texts, about_them=False)[1]
    if country is None:
        reach = [words.ask_country, _directory_field(None, directory, texts)[1], emergency]
        more: list[tuple[str, str]] = []
    else:
        first, *others = country.hotlines[:SERVICES_IN_CRISIS_REPLY]
        reach = [words.reach_now, _service_line(first, texts.service), emergency]
        if country_guessed:
            reach.append(words.guessed_country)
        more_lines = [_service_line(hotline, texts.service) for hotline in others]
        if len(country.hotlines) > SERVICES_IN_CRISIS_REPLY:
            more_lines.append(words.more_elsewhere)
        more_lines.append(_directories_line(directory, texts))
        more = [(words.more_title, "\n".join(more_lines))]
    about = [words.about_bot, *([words.moderators_alerted] if moderators_alerted else [])]
    human = words.human_with_channel if support_channel_mention else words.human_without_channel
    human_field = (_fill(words.human_title, values), _fill(human, values))
    return _card(
        title=_fill(words.title, values),
        description="\n\n".join(
            _fill(paragraph, values)
            for paragraph in (words.opening, "\n".join(reach), " ".join(about))
        ),
        fields=[
            *((_fill(name, values), _fill(value, values)) for name, value in more),
            human_field,
        ],
        footer=_fill(words.footer, values),
    )


def still_here_line(texts: ReplyTexts | None = None) -> str:
    """The one short line for a repeat that nobody else will hear about."""
    return (texts or default_texts()).crisis.still_here


def concern_card(
    country: Country | None,
    directory: HotlineDirectory,
    *,
    server_name: str,
    texts: ReplyTexts | None = None,
) -> ReplyCard:
    """How to help a friend: for someone worried about another member."""
    texts = texts or default_texts()
    values = {
        "server_name": _server(server_name, texts),
        "country": _plain(country.name) if country else "",
    }
    return _card(
        title=_fill(texts.concern.title, values),
        description=_fill(texts.concern.description, values),
        fields=[
            *((_fill(title, values), _fill(text, values)) for title, text in texts.concern_steps),
            *_service_fields(country, texts),
            _emergency_field(country, texts, about_them=True),
            _directory_field(country, directory, texts),
        ],
        footer=_fill(texts.concern.footer, values),
    )


def resources_card(
    country: Country | None, directory: HotlineDirectory, *, texts: ReplyTexts | None = None
) -> ReplyCard:
    """What /resources shows: the services for a country, the emergency line, the directories."""
    texts = texts or default_texts()
    words = texts.resources
    values = {
        "country": _plain(country.name) if country else "",
        "last_verified": country.last_verified.isoformat() if country else "",
    }
    return _card(
        title=_fill(words.title, values),
        description=_fill(
            words.description if country else words.description_unknown_country, values
        ),
        fields=[
            *_service_fields(country, texts),
            _emergency_field(country, texts, about_them=False),
            _directory_field(country, directory, texts),
        ],
        footer=_fill(words.footer if country else words.footer_unknown_country, values),
    )


def _service_fields(country: Country | None, texts: ReplyTexts) -> list[tuple[str, str]]:
    if country is None:
        return []
    return [_service_field(hotline, texts.service) for hotline in country.hotlines[:SERVICES_SHOWN]]


def _service_field(hotline: Hotline, words: ServiceTexts) -> tuple[str, str]:
    values = {
        "name": _plain(hotline.name),
        "phone": _plain(hotline.phone or ""),
        "url": hotline.chat_url or hotline.website or "",
        "hours": _plain(hotline.hours or ""),
        "languages": _plain(", ".join(hotline.languages)),
        "audience": _plain(hotline.audience),
    }
    lines = [
        _fill(words.call, values) if hotline.phone else None,
        _plain(hotline.text) if hotline.text else None,
        _fill(words.chat, values | {"url": hotline.chat_url}) if hotline.chat_url else None,
        _fill(words.website, values | {"url": hotline.website}) if hotline.website else None,
        _fill(words.hours, values) if hotline.hours else None,
        _fill(words.languages, values) if hotline.languages else None,
        _plain(hotline.notes) if hotline.notes else None,
    ]
    name = values["name"] if hotline.for_everyone else _fill(words.audience, values)
    return name, "\n".join(line for line in lines if line)


def _service_line(hotline: Hotline, words: ServiceTexts) -> str:
    """One service on one line: its name, how to reach it now (by phone or text where it can be,
    else online), and when."""
    ways = [
        _fill(words.call, {"phone": _plain(hotline.phone)}) if hotline.phone else None,
        _plain(hotline.text) if hotline.text else None,
    ]
    if not any(ways):
        online = hotline.chat_url or hotline.website
        ways.append(_fill(words.chat if hotline.chat_url else words.website, {"url": online or ""}))
    ways.append(_plain(hotline.hours) if hotline.hours else None)
    name = _plain(hotline.name)
    if not hotline.for_everyone:
        name = _fill(words.audience, {"name": name, "audience": _plain(hotline.audience)})
    return _fill(words.line, {"name": name, "how": " · ".join(way for way in ways if way)})


def _directories_line(directory: HotlineDirectory, texts: ReplyTexts) -> str:
    urls = (hotline.website or hotline.chat_url for hotline in directory.international())
    return _fill(texts.directories.one_line, {"url": " · ".join(url for url in urls if url)})


def _emergency_field(
    country: Country | None, texts: ReplyTexts, *, about_them: bool
) -> tuple[str, str]:
    words = texts.emergency
    if about_them:
        line = words.for_them if country else words.for_them_unknown_country
    else:
        line = words.for_you if country else words.for_you_unknown_country
    values = {"emergency_number": _plain(country.emergency_number) if country else ""}
    title = words.title_for_them if about_them else words.title
    return _fill(title, values), _fill(line, values)


def _directory_field(
    country: Country | None, directory: HotlineDirectory, texts: ReplyTexts
) -> tuple[str, str]:
    words = texts.directories
    lines = (
        _fill(
            words.line,
            {
                "name": _plain(hotline.name),
                "url": hotline.website or hotline.chat_url or _plain(hotline.phone or ""),
            },
        )
        for hotline in directory.international()
    )
    title = words.title if country else words.title_unknown_country
    return _fill(title, {"name": "", "url": ""}), "\n".join(lines)


def _card(*, title: str, description: str, fields: list[tuple[str, str]], footer: str) -> ReplyCard:
    return ReplyCard(
        title=clip(title, TITLE_LIMIT),
        description=clip(description, DESCRIPTION_LIMIT),
        fields=tuple(
            (clip(name, FIELD_NAME_LIMIT), clip(value, FIELD_VALUE_LIMIT)) for name, value in fields
        ),
        footer=clip(footer, FOOTER_LIMIT),
    )


def _fill(template: str, values: dict[str, str]) -> str:
    return template.format_map(values)


def _server(server_name: str, texts: ReplyTexts) -> str:
    return _plain(server_name.strip()) or texts.fallbacks.server_name


def _plain(text: str) -> str:
    """Escape Discord markdown so names like "*4141" or "__cool server__" show as written."""
    return text.translate(_MARKDOWN)


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
