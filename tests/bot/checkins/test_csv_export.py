import csv
import io
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from bot.checkins.csv_export import COLUMNS, checkins_csv
from bot.checkins.entries import Checkin
from bot.checkins.moments import LocalMoment

MOMENT = LocalMoment.at(datetime(2026, 11, 22, 23, 30, tzinfo=UTC), "Asia/Tokyo")


def checkin(
    note: str | None, *, guild_id: int | None = 10**18, shared: int | None = None
) -> Checkin:
    return Checkin(7, 42, guild_id, MOMENT, 2, note, ("sleep", "work"), shared)


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_one_row_per_check_in_with_every_column() -> None:
    text = checkins_csv([checkin("tired", shared=99), checkin(None, guild_id=None)])
    assert text.splitlines()[0] == ",".join(COLUMNS)
    first, second = rows(text)
    assert first == {
        "created_at_utc": "2026-11-22T23:30:00.000000Z",
        "local_date": "2026-11-23",
        "timezone": "Asia/Tokyo",
        "mood": "2",
        "mood_word": "Low",
        "note": "tired",
        "tags": "sleep work",
        "server_id": "1000000000000000000",
        "shared_message_id": "99",
    }
    assert (second["note"], second["server_id"], second["shared_message_id"]) == ("", "", "")


def test_no_check_ins_is_just_the_header() -> None:
    assert checkins_csv([]) == ",".join(COLUMNS) + "\r\n"


@given(st.text(max_size=500))
def test_any_note_reads_back_as_written_and_never_as_a_formula(note: str) -> None:
    (row,) = rows(checkins_csv([checkin(note)]))
    read = row["note"]
    formula_like = note.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert read == ("'" + note if formula_like else note)
