"""A member's check-ins as CSV, for /mydata export: one row per check-in, oldest first."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from bot.checkins.entries import Checkin
from bot.checkins.moods import mood_for
from bot.storage.timestamps import to_text

COLUMNS = (
    "created_at_utc",
    "local_date",
    "timezone",
    "mood",
    "mood_word",
    "note",
    "tags",
    "server_id",
    "shared_message_id",
)
# Spreadsheets run a cell starting with these as a formula; a leading ' makes it plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def checkins_csv(checkins: Sequence[Checkin]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # RFC 4180 line ends, so a lone \r in a note gets quoted too
    writer.writerow(COLUMNS)
    for checkin in checkins:
        writer.writerow(
            (
                to_text(checkin.moment.instant),
                checkin.moment.local_date.isoformat(),
                checkin.moment.timezone,
                checkin.mood,
                mood_for(checkin.mood).word,
                plain_cell(checkin.note or ""),
                " ".join(checkin.tags),
                "" if checkin.guild_id is None else str(checkin.guild_id),
                "" if checkin.shared_message_id is None else str(checkin.shared_message_id),
            )
        )
    return buffer.getvalue()


def plain_cell(text: str) -> str:
    """`text`, made safe to open in a spreadsheet: never read as a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
