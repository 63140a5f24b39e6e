from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage.database import Database, bundled_migrations
from bot.storage.members import MemberSettings, MemberStore
from bot.timezones import UnknownTimezoneError


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    opened = await Database.open(tmp_path / "lantern.sqlite3")
    await opened.migrate()
    yield opened
    await opened.close()


async def test_a_member_without_settings_has_the_defaults(database: Database) -> None:
    settings = await MemberStore(database).get(7)
    assert settings == MemberSettings(
        7, timezone="UTC", checkin_share_milestones=False, timezone_chosen=False
    )


async def test_choosing_the_default_timezone_counts_as_a_choice(database: Database) -> None:
    members = MemberStore(database)
    await members.set_checkin_share_milestones(7, True)
    assert not (await members.get(7)).timezone_chosen
    await members.set_timezone(7, "UTC")
    assert await members.get(7) == MemberSettings(7, "UTC", True, timezone_chosen=True)


async def test_the_timezone_is_saved_in_canonical_spelling(database: Database) -> None:
    members = MemberStore(database)
    assert await members.set_timezone(7, "europe/berlin") == "Europe/Berlin"
    assert (await members.get(7)).timezone == "Europe/Berlin"
    await members.set_timezone(7, "Asia/Tokyo")
    assert (await members.get(7)).timezone == "Asia/Tokyo"


async def test_an_unknown_timezone_is_refused_and_nothing_changes(database: Database) -> None:
    members = MemberStore(database)
    await members.set_timezone(7, "Europe/Paris")
    with pytest.raises(UnknownTimezoneError):
        await members.set_timezone(7, "Atlantis/Capital")
    assert (await members.get(7)).timezone == "Europe/Paris"


async def test_settings_are_independent_of_each_other_and_of_other_members(
    database: Database,
) -> None:
    members = MemberStore(database)
    await members.set_checkin_share_milestones(7, True)
    await members.set_timezone(7, "America/Chicago")
    await members.set_timezone(8, "Europe/Rome")
    assert await members.get(7) == MemberSettings(7, "America/Chicago", True, True)
    assert await members.get(8) == MemberSettings(8, "Europe/Rome", False, True)
    await members.set_checkin_share_milestones(7, False)
    assert (await members.get(7)).checkin_share_milestones is False


async def test_export_and_delete_touch_only_that_member(database: Database) -> None:
    members = MemberStore(database)
    await members.set_timezone(7, "Asia/Kolkata")
    await members.set_checkin_share_milestones(7, True)
    await members.set_timezone(8, "Europe/Rome")
    assert await members.export_member(7) == {
        "member_settings": {"timezone": "Asia/Kolkata", "checkin_share_milestones": True}
    }
    assert await members.delete_member(7) == 1
    assert await members.delete_member(7) == 0
    assert await members.get(7) == MemberSettings(7)
    assert (await members.get(8)).timezone == "Europe/Rome"


async def test_members_who_had_picked_a_zone_before_the_flag_existed_count_as_chosen(
    tmp_path: Path,
) -> None:
    database = await Database.open(tmp_path / "old.sqlite3")
    try:
        flag = "0009_members_timezone_chosen.sql"
        await database.migrate([m for m in bundled_migrations() if m.name != flag])
        await database.execute(
            "INSERT INTO members (user_id, timezone) VALUES (7, 'Europe/Rome'), (8, 'UTC')"
        )
        assert [m.name for m in await database.migrate()] == [flag]
        members = MemberStore(database)
        assert (await members.get(7)).timezone_chosen
        assert not (await members.get(8)).timezone_chosen  # can't tell: reminded until they pick
    finally:
        await database.close()
