from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.checkins.moods import InvalidCheckinError
from bot.checkins.service import CheckinService
from bot.checkins.streaks import Streaks
from bot.checkins.tags import TagCatalogue, UnknownTagError
from bot.checkins.texts import FIRST_CHECKIN, MILESTONE_CONGRATULATIONS, NO_HISTORY_YET
from bot.clock import FakeClock
from bot.storage.checkins import CheckinStore
from bot.storage.database import Database
from bot.storage.members import MemberStore

START = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    opened = await Database.open(tmp_path / "lantern.sqlite3")
    await opened.migrate()
    yield opened
    await opened.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def service(database: Database, clock: FakeClock) -> CheckinService:
    return CheckinService(CheckinStore(database), MemberStore(database), TagCatalogue.load(), clock)


async def test_a_first_checkin_is_stored_in_the_members_timezone(
    service: CheckinService, database: Database
) -> None:
    await MemberStore(database).set_timezone(1, "Asia/Tokyo")
    receipt = await service.check_in(1, None, 4, "  slept well ", ["sleep", "grateful", "sleep"])
    assert receipt.message == FIRST_CHECKIN
    assert receipt.streaks == Streaks(current=1, best=1)
    assert receipt.checkin.moment.local_date == date(2026, 11, 21)
    assert receipt.checkin.note == "slept well"
    assert receipt.checkin.tags == ("sleep", "grateful")
    assert await CheckinStore(database).list_since(1) == [receipt.checkin]


async def test_the_third_day_is_a_milestone_announced_only_if_the_member_opted_in(
    service: CheckinService, database: Database, clock: FakeClock
) -> None:
    await MemberStore(database).set_checkin_share_milestones(2, True)
    receipts = {}
    for user_id in (1, 2):
        for _ in range(3):
            receipts[user_id] = await service.check_in(user_id, None, 3)
            clock.advance(timedelta(days=1))
        clock.advance(timedelta(days=-3))
    assert receipts[1].milestone == receipts[2].milestone == 3
    assert MILESTONE_CONGRATULATIONS[3] in receipts[1].message
    assert not receipts[1].announce_milestone
    assert receipts[2].announce_milestone


@pytest.mark.parametrize(
    ("mood", "tags", "error"),
    [(6, (), InvalidCheckinError), (3, ("sleep", "unicorns"), UnknownTagError)],
)
async def test_a_bad_checkin_stores_nothing(
    service: CheckinService,
    database: Database,
    mood: int,
    tags: tuple[str, ...],
    error: type[Exception],
) -> None:
    with pytest.raises(error):
        await service.check_in(1, None, mood, None, tags)
    assert await CheckinStore(database).count(1) == 0


async def test_history_without_checkins_is_the_friendly_empty_state(
    service: CheckinService,
) -> None:
    answer = await service.history(1)
    assert answer.history.is_empty
    assert answer.lines == (NO_HISTORY_YET,)
    assert answer.chart_png is None


async def test_history_has_lines_and_a_chart(service: CheckinService, clock: FakeClock) -> None:
    for mood in (2, 4, 5):
        await service.check_in(1, None, mood, tags=["stress"])
        clock.advance(timedelta(days=1))
    answer = await service.history(1, period_days=7)
    assert answer.history.average_mood == pytest.approx(11 / 3)
    assert answer.lines[0] == "In the last 7 days: 3 check-ins, average mood 3.7 (about 🙂 Good)."
    assert answer.chart_png is not None
    assert answer.chart_png.startswith(PNG_SIGNATURE)
