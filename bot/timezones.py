"""IANA timezone names: validation and the search behind timezone autocomplete.

Check-ins and reminders both count days in the member's own timezone, so both use this module.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from bot.errors import UserFacingError

DEFAULT_TIMEZONE = "UTC"
# Discord shows at most 25 autocomplete choices.
MAX_SUGGESTIONS = 25

# Offered first, in this order: the zones most members live in, so a short query finds them fast.
COMMON_TIMEZONES = (
    "UTC",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Phoenix",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Toronto",
    "America/Vancouver",
    "America/Mexico_City",
    "America/Bogota",
    "America/Lima",
    "America/Santiago",
    "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Amsterdam",
    "Europe/Brussels",
    "Europe/Zurich",
    "Europe/Vienna",
    "Europe/Stockholm",
    "Europe/Oslo",
    "Europe/Copenhagen",
    "Europe/Helsinki",
    "Europe/Warsaw",
    "Europe/Prague",
    "Europe/Athens",
    "Europe/Istanbul",
    "Europe/Kyiv",
    "Europe/Moscow",
    "Africa/Lagos",
    "Africa/Cairo",
    "Africa/Nairobi",
    "Africa/Johannesburg",
    "Asia/Dubai",
    "Asia/Karachi",
    "Asia/Kolkata",
    "Asia/Dhaka",
    "Asia/Bangkok",
    "Asia/Jakarta",
    "Asia/Manila",
    "Asia/Singapore",
    "Asia/Hong_Kong",
    "Asia/Shanghai",
    "Asia/Taipei",
    "Asia/Seoul",
    "Asia/Tokyo",
    "Australia/Perth",
    "Australia/Adelaide",
    "Australia/Brisbane",
    "Australia/Sydney",
    "Australia/Melbourne",
    "Pacific/Auckland",
)
_COMMON_RANK = {name: rank for rank, name in enumerate(COMMON_TIMEZONES)}


class UnknownTimezoneError(UserFacingError):
    """The text is not an IANA timezone name."""


@cache
def _zones_by_folded_name() -> dict[str, str]:
    """Every usable zone keyed by its lower-case name, so lookups ignore case."""
    # "localtime" and "Factory" are not places; the other names without a "/" are old aliases
    # (like "GB" or "EST5EDT") that only clutter the suggestions.
    usable = {name for name in available_timezones() if "/" in name or name == DEFAULT_TIMEZONE}
    return {name.lower(): name for name in usable}


def _fold(text: str) -> str:
    """Lower-case, with underscores as spaces, so "new york" finds "America/New_York"."""
    return text.strip().lower().replace("_", " ")


@cache
def _searchable_zones() -> tuple[tuple[str, str, str], ...]:
    """(name, folded name, folded city) for every zone, sorted by name."""
    return tuple(
        (name, _fold(name), _fold(name.rsplit("/", 1)[-1]))
        for name in sorted(_zones_by_folded_name().values())
    )


def canonical_timezone(text: str) -> str:
    """The IANA name `text` spells, in its canonical case; raises UnknownTimezoneError."""
    name = _zones_by_folded_name().get(text.strip().lower().replace(" ", "_"))
    if name is None:
        raise UnknownTimezoneError(
            f"I don't know the timezone “{text.strip()[:60]}”. Try a city name such as "
            "Europe/Berlin or America/New_York; suggestions appear as you type."
        )
    return name


def label_with_local_time(name: str, now: datetime) -> str:
    """An autocomplete label that lets the member check the zone: "Europe/Berlin (now 21:30)"."""
    return f"{name} (now {now.astimezone(ZoneInfo(name)):%H:%M})"


def search_timezones(query: str, limit: int = MAX_SUGGESTIONS) -> list[str]:
    """Zones whose name contains `query` (any case): common ones first, then city-name matches."""
    folded_query = _fold(query)
    if not folded_query:
        return list(COMMON_TIMEZONES[:limit])
    matches = [
        (name, city.startswith(folded_query))
        for name, folded_name, city in _searchable_zones()
        if folded_query in folded_name
    ]
    matches.sort(
        key=lambda match: (
            _COMMON_RANK.get(match[0], len(_COMMON_RANK)),
            not match[1],
        )
    )
    return [name for name, _ in matches[:limit]]
