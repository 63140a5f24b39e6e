"""/settings: a member's timezone (with autocomplete) and milestone sharing, end to end."""

from __future__ import annotations

from bot.client import Lantern
from bot.loopback import Person


async def test_timezone_autocomplete_shows_local_times(lantern: Lantern, alice: Person) -> None:
    choices = await alice.autocomplete(
        "settings", "timezone", focused="timezone", timezone="berlin"
    )
    # The clock stands at 12:00 UTC on 22 November: 13:00 in Berlin.
    assert choices[0] == {"name": "Europe/Berlin (now 13:00)", "value": "Europe/Berlin"}

    common = await alice.autocomplete("settings", "timezone", focused="timezone", timezone="")
    assert len(common) == 25
    assert common[0]["value"] == "UTC"


async def test_setting_a_timezone_saves_its_canonical_name(lantern: Lantern, alice: Person) -> None:
    answer = await alice.slash("settings", "timezone", timezone="america/new york")
    assert answer.ephemeral
    assert answer.content.startswith("Done: I'll count your days in America/New_York")
    assert "07:00" in answer.content
    assert (await lantern.storage.members.get(alice.id)).timezone == "America/New_York"

    checked = await alice.slash("checkin", mood=3)
    assert "UTC" not in checked.content  # the hint goes once a zone is set


async def test_an_unknown_timezone_is_answered_kindly_and_changes_nothing(
    lantern: Lantern, alice: Person
) -> None:
    await alice.slash("settings", "timezone", timezone="Asia/Tokyo")
    answer = await alice.slash("settings", "timezone", timezone="Mars/Olympus")
    assert answer.ephemeral
    assert "I don't know the timezone “Mars/Olympus”" in answer.content
    assert (await lantern.storage.members.get(alice.id)).timezone == "Asia/Tokyo"


async def test_settings_work_in_dms_too(lantern: Lantern, alice: Person) -> None:
    answer = await alice.slash_in_dm("settings", "timezone", timezone="Europe/Lisbon")
    assert "Europe/Lisbon" in answer.content
    assert (await lantern.storage.members.get(alice.id)).timezone == "Europe/Lisbon"


async def test_milestone_sharing_is_off_until_turned_on(lantern: Lantern, alice: Person) -> None:
    members = lantern.storage.members
    assert not (await members.get(alice.id)).checkin_share_milestones

    on = await alice.slash("settings", "milestones", share="on")
    assert on.ephemeral
    assert "check-in channel" in on.content
    assert (await members.get(alice.id)).checkin_share_milestones

    off = await alice.slash("settings", "milestones", share="off")
    assert off.content == "Done: milestones stay between us."
    assert not (await members.get(alice.id)).checkin_share_milestones


async def test_the_checkin_prompt_follows_the_members_timezone_and_can_be_stopped(
    lantern: Lantern, alice: Person
) -> None:
    jobs = lantern.storage.jobs
    answer = await alice.slash("settings", "checkin-prompt", time="8pm")
    assert answer.ephemeral
    assert "every day at 20:00 (UTC)" in answer.content
    (job,) = await jobs.list_for_member(alice.id)
    assert job.recurrence is not None
    assert (str(job.recurrence.at), job.recurrence.timezone) == ("20:00:00", "UTC")

    moved = await alice.slash("settings", "timezone", timezone="Europe/Berlin")
    assert "prompt moves with you" in moved.content
    (job,) = await jobs.list_for_member(alice.id)
    assert job.recurrence is not None
    assert (str(job.recurrence.at), job.recurrence.timezone) == ("20:00:00", "Europe/Berlin")
    assert str(job.next_run_at) == "2026-11-22 19:00:00+00:00"

    changed = await alice.slash("settings", "checkin-prompt", time="07:30")
    assert "07:30 (Europe/Berlin)" in changed.content
    assert len(await jobs.list_for_member(alice.id)) == 1

    off = await alice.slash("settings", "checkin-prompt", time="off")
    assert off.content == "Done: no more daily check-in prompts."
    assert await jobs.list_for_member(alice.id) == []


async def test_a_checkin_prompt_time_that_cannot_be_read_is_answered_kindly(
    lantern: Lantern, alice: Person
) -> None:
    answer = await alice.slash("settings", "checkin-prompt", time="25:30")
    assert answer.ephemeral
    assert answer.content.startswith("Hours go up to 23 on a 24-hour clock.")
    assert await lantern.storage.jobs.list_for_member(alice.id) == []
