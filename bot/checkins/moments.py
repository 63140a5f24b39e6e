"""An instant together with the calendar date the member lived it on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True)
class LocalMoment:
    """`instant` (UTC) seen from `timezone`, the member's zone at that moment.

    Check-ins keep their `local_date` as it was, so changing timezone later never rewrites the past.
    """

    instant: datetime
    local_date: date
    timezone: str

    @classmethod
    def at(cls, instant: datetime, timezone: str) -> LocalMoment:
        if instant.tzinfo is None:
            raise ValueError("a LocalMoment needs a timezone-aware instant")
        return cls(instant.astimezone(UTC), date_in(instant, timezone), timezone)

    def date_in(self, timezone: str) -> date:
        """The calendar date of this instant as seen from another timezone."""
        return date_in(self.instant, timezone)


def date_in(instant: datetime, timezone: str) -> date:
    return instant.astimezone(ZoneInfo(timezone)).date()
