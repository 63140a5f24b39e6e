"""/reminders end to end: DMs at local times, Snooze and Stop, listing, pausing, closed DMs."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, time, timedelta
from typing import Any

from bot.client import Lantern
from bot.clock import FakeClock
from bot.loopback import LoopbackDiscord, Person
from bot.loopback.state import Message
from bot.scheduling.recurrence import Recurrence
from bot.scheduling.scheduler import Scheduler
from bot.storage.jobs import Job, PauseNotice
from cogs.reminders import pause_notice_text

SEND_MESSAGE = "POST /channels/{channel_id}/messages"
# The clock starts on Sunday 22 November 2026 at 12:00 UTC; 13:00 UTC is an hour away.
IN_AN_HOUR = "13:00"


async def add(person: Person, **options: Any) -> str:
    answer = await person.slash("reminders", "add", **options)
    assert answer.ephemeral
    return (await answer.next_edit()).content if answer.deferred else answer.content


async def own_reminders(lantern: Lantern, person: Person) -> list[Job]:
    jobs = await lantern.storage.jobs.list_for_member(person.id)
    return [job for job in jobs if job.recurrence is not None]


def buttons(message: Message) -> list[str]:
    return [str(b["label"]) for row in message.components for b in row["components"]]


def title(message: Message) -> str:
    [embed] = message.embeds
    return str(embed["title"])


def dm_count(loopback: LoopbackDiscord, person: Person) -> int:
    dm = loopback.world.dm_channel(person.user)
    return sum(
        1 for m in loopback.world.messages.values() if m.channel_id == dm.id and not m.ephemeral
    )


async def test_a_reminder_arrives_by_dm_at_its_local_time(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    clock: FakeClock,
    scheduler: Scheduler,
    alice: Person,
) -> None:
    reply = await add(alice, time="2pm", timezone="Europe/Berlin", category="breathing")
    assert reply.startswith(
        "Done: I'll DM you a coping strategy at 14:00 (Europe/Berlin), every day"
    )

    clock.advance(timedelta(minutes=59))
    assert (await scheduler.run_due()).delivered == 0
    clock.advance(timedelta(minutes=1))
    assert (await scheduler.run_due()).delivered == 1

    dm = await alice.next_dm()
    assert dm.content.startswith("Here's your reminder")
    breathing = {s.title for s in lantern.content.coping.strategies if s.category == "breathing"}
    assert title(dm) in breathing
    assert buttons(dm) == ["Snooze 1 h", "Stop these"]
    [job] = await own_reminders(lantern, alice)
    assert job.next_run_at == clock.now() + timedelta(days=1)


async def test_the_next_reminder_differs_from_the_last_one(
    lantern: Lantern, clock: FakeClock, scheduler: Scheduler, alice: Person
) -> None:
    await add(alice, time=IN_AN_HOUR, timezone="UTC", category="sleep")
    titles: list[str] = []
    for _ in range(4):
        clock.advance(timedelta(hours=1 if not titles else 24))
        await scheduler.run_due()
        titles.append(title(await alice.next_dm()))
    assert all(before != after for before, after in itertools.pairwise(titles))


async def test_snooze_sends_the_same_strategy_an_hour_later_and_keeps_the_repeat(
    lantern: Lantern, clock: FakeClock, scheduler: Scheduler, alice: Person
) -> None:
    await add(alice, time=IN_AN_HOUR, timezone="UTC")
    clock.advance(timedelta(hours=1))
    await scheduler.run_due()
    dm = await alice.next_dm()
    [reminder] = await own_reminders(lantern, alice)
    next_day = reminder.next_run_at

    snoozed = await alice.click(dm, "Snooze 1 h")
    assert snoozed.ephemeral
    assert "again <t:" in snoozed.content

    clock.advance(timedelta(minutes=59))
    assert (await scheduler.run_due()).delivered == 0
    clock.advance(timedelta(minutes=1))
    assert (await scheduler.run_due()).delivered == 1
    again = await alice.next_dm()
    assert again.content.startswith("Here's the one you snoozed")
    assert title(again) == title(dm)
    # The copy's buttons act on the reminder itself.
    assert buttons(again) == ["Snooze 1 h", "Stop these"]
    assert [job.job_id for job in await lantern.storage.jobs.list_for_member(alice.id)] == [
        reminder.job_id
    ]
    [unchanged] = await own_reminders(lantern, alice)
    assert unchanged.next_run_at == next_day


async def test_stop_these_ends_the_reminder_and_its_snoozed_copy(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    clock: FakeClock,
    scheduler: Scheduler,
    alice: Person,
) -> None:
    await add(alice, time=IN_AN_HOUR, timezone="UTC")
    clock.advance(timedelta(hours=1))
    await scheduler.run_due()
    dm = await alice.next_dm()
    await alice.click(dm, "Snooze 1 h")

    stopped = await alice.click(dm, "Stop these")
    assert stopped.ephemeral
    assert stopped.content.startswith("Done: these reminders have stopped")
    assert await lantern.storage.jobs.list_for_member(alice.id) == []

    clock.advance(timedelta(days=2))
    assert (await scheduler.run_due()).delivered == 0
    assert dm_count(loopback, alice) == 1

    twice = await alice.click(dm, "Stop these")
    assert twice.content == "These reminders are already stopped."
    late_snooze = await alice.click(dm, "Snooze 1 h")
    assert "nothing to snooze" in late_snooze.content


async def test_the_dm_buttons_still_work_after_a_restart(
    lantern: Lantern, clock: FakeClock, scheduler: Scheduler, alice: Person
) -> None:
    await add(alice, time=IN_AN_HOUR, timezone="UTC")
    clock.advance(timedelta(hours=1))
    await scheduler.run_due()
    dm = await alice.next_dm()
    # The reloaded module knows the old message's buttons by their custom ids alone.
    await lantern.reload_extension("cogs.reminders")
    stopped = await alice.click(dm, "Stop these")
    assert stopped.content.startswith("Done")


async def test_without_a_timezone_the_members_own_is_used(lantern: Lantern, alice: Person) -> None:
    await lantern.storage.members.set_timezone(alice.id, "Asia/Tokyo")
    reply = await add(alice, time="07:30", days="weekdays")
    assert "at 07:30 (Asia/Tokyo), weekdays" in reply
    [job] = await own_reminders(lantern, alice)
    assert job.recurrence == Recurrence(time(7, 30), "Asia/Tokyo", frozenset(range(5)))


async def test_a_time_in_a_daylight_saving_gap_is_explained(
    lantern: Lantern, alice: Person
) -> None:
    reply = await add(alice, time="01:30", timezone="Europe/London", days="sun")
    assert "On 28 March, 01:30 doesn't exist in Europe/London; that day it comes at 02:30." in reply


async def test_a_time_that_happens_twice_is_explained(lantern: Lantern, alice: Person) -> None:
    reply = await add(alice, time="1:30am", timezone="America/New_York")
    assert "happens twice in America/New_York; that day it comes once, at the first 01:30" in reply


async def test_bad_input_is_answered_kindly_and_saves_nothing(
    lantern: Lantern, alice: Person
) -> None:
    bad_inputs: list[tuple[dict[str, Any], str]] = [
        ({"time": "8"}, "Did you mean 8am or 8pm?"),
        ({"time": "08:00", "timezone": "Mars/Olympus"}, "I don't know the timezone"),
        ({"time": "08:00", "days": "someday"}, "as a day of the week"),
    ]
    for options, expected in bad_inputs:
        answer = await alice.slash("reminders", "add", **options)
        assert answer.ephemeral
        assert expected in answer.content
    assert await lantern.storage.jobs.list_for_member(alice.id) == []


async def test_a_member_can_keep_at_most_ten_reminders(
    lantern: Lantern, clock: FakeClock, alice: Person
) -> None:
    for hour in range(10):
        recurrence = Recurrence(time(hour), "UTC")
        await lantern.storage.jobs.add_recurring(
            "reminder", recurrence, clock.now(), user_id=alice.id, payload={}
        )
    answer = await alice.slash("reminders", "add", time="11:00")
    assert "You already have 10 reminders" in answer.content
    assert len(await own_reminders(lantern, alice)) == 10


async def test_reminders_can_be_set_up_from_dms(
    lantern: Lantern, clock: FakeClock, scheduler: Scheduler, alice: Person
) -> None:
    answer = await alice.slash_in_dm("reminders", "add", time=IN_AN_HOUR, timezone="UTC")
    assert "Done" in (await answer.next_edit()).content
    clock.advance(timedelta(hours=1))
    await scheduler.run_due()
    assert buttons(await alice.next_dm()) == ["Snooze 1 h", "Stop these"]


async def test_list_pause_resume_and_remove_act_on_the_members_own_reminders(
    lantern: Lantern, clock: FakeClock, alice: Person, bob: Person
) -> None:
    empty = await alice.slash("reminders", "list")
    assert empty.content.startswith("You have no reminders yet")
    await add(alice, time="08:00", timezone="Europe/Paris", days="weekdays")
    await add(alice, time="21:00", timezone="Europe/Paris", category="sleep")

    choices = await alice.autocomplete("reminders", "pause", reminder="")
    assert [c["name"] for c in choices] == [
        "1. 08:00 Europe/Paris · weekdays · any kind",
        "2. 21:00 Europe/Paris · every day · Sleep",
    ]
    assert await bob.autocomplete("reminders", "pause", reminder="") == []
    evening = choices[1]["value"]
    assert [
        c["value"] for c in await alice.autocomplete("reminders", "remove", reminder="sle")
    ] == [evening]

    paused = await alice.slash("reminders", "pause", reminder=evening)
    assert paused.content.startswith("Paused: 21:00 Europe/Paris")
    listed = await alice.slash("reminders", "list")
    [embed] = listed.embeds
    assert "**2.** 21:00 Europe/Paris · every day · Sleep (paused)" in str(embed["description"])
    assert "**1.** 08:00 Europe/Paris · weekdays · any kind · next <t:" in str(embed["description"])

    resumed = await alice.slash("reminders", "resume", reminder=evening)
    assert resumed.content.startswith("Back on: 21:00 Europe/Paris · every day · Sleep · next")

    # Someone else's id, typed in by hand, is refused and changes nothing.
    refused = await bob.slash("reminders", "remove", reminder=evening)
    assert (
        refused.content
        == "I couldn't find that reminder among yours. Please pick one from the list."
    )
    assert len(await own_reminders(lantern, alice)) == 2

    removed = await alice.slash("reminders", "remove", reminder=evening)
    assert removed.content == "Removed: 21:00 Europe/Paris · every day · Sleep."
    assert len(await own_reminders(lantern, alice)) == 1


async def test_autocomplete_suggests_timezones_and_days(lantern: Lantern, alice: Person) -> None:
    zones = await alice.autocomplete(
        "reminders", "add", focused="timezone", time="8am", timezone="tokyo"
    )
    assert zones[0] == {"name": "Asia/Tokyo (now 21:00)", "value": "Asia/Tokyo"}
    days = await alice.autocomplete("reminders", "add", focused="days", time="8am", days="week")
    assert [d["value"] for d in days] == ["week", "weekdays", "weekends"]


async def test_closed_dms_three_times_pause_reminders_and_the_member_hears_at_their_next_command(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    clock: FakeClock,
    scheduler: Scheduler,
    alice: Person,
) -> None:
    await add(alice, time=IN_AN_HOUR, timezone="UTC")
    await add(alice, time="18:00", timezone="UTC")
    alice.closes_dms()
    clock.advance(timedelta(hours=1))
    for _ in range(3):
        report = await scheduler.run_due()
        assert report.refused == 1
        clock.advance(timedelta(days=1))
    assert all(job.paused for job in await own_reminders(lantern, alice))

    answer = await alice.slash("coping")
    notice = await answer.next_followup()
    assert notice.ephemeral
    assert notice.content.startswith("A quick note: I couldn't reach you by DM a few times")
    assert notice.content.endswith("• your coping reminders: `/reminders resume` brings them back")
    # Told once only.
    await alice.slash("reminders", "list")
    assert await lantern.storage.jobs.take_pause_notices(alice.id) == []

    alice.opens_dms()
    [first, _] = await own_reminders(lantern, alice)
    await alice.slash("reminders", "resume", reminder=first.job_id)
    clock.advance(timedelta(days=1))
    assert (await scheduler.run_due()).delivered == 1


async def test_a_rate_limited_dm_is_sent_once_after_the_wait(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    clock: FakeClock,
    scheduler: Scheduler,
    alice: Person,
) -> None:
    await add(alice, time=IN_AN_HOUR, timezone="UTC")
    loopback.faults.rate_limit(SEND_MESSAGE, retry_after=0.01)
    clock.advance(timedelta(hours=1))
    await scheduler.run_due()
    await alice.next_dm()
    statuses = [r.status for r in loopback.requests if r.route == SEND_MESSAGE]
    assert statuses == [429, 200]
    assert dm_count(loopback, alice) == 1


def test_the_pause_notice_names_each_kind_once_with_how_to_get_it_back() -> None:
    moment = datetime(2026, 11, 22, tzinfo=UTC)
    notices = [
        PauseNotice(kind, moment) for kind in ("checkin_prompt", "reminder", "mystery", "reminder")
    ]
    assert pause_notice_text(notices).splitlines()[1:] == [
        "• your daily check-in prompt: `/settings checkin-prompt` turns it back on",
        "• your coping reminders: `/reminders resume` brings them back",
        "• other scheduled messages: the command that set them up turns them back on",
    ]
