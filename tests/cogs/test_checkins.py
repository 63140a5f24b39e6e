"""Mood check-ins end to end: two clicks, notes and tags, sharing only on request, history."""

from __future__ import annotations

import copy
import csv
import dataclasses
import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.client import Lantern
from bot.clock import FakeClock
from bot.loopback import GuildHandle, LoopbackDiscord, Person
from bot.loopback.command_options import InvocationError
from bot.loopback.components import NotOnScreenError
from bot.loopback.people import InteractionHandle
from bot.loopback.state import Message, visible_text
from bot.scheduling.scheduler import Scheduler

CRISIS_NOTE = "honestly i want to die, i can't do this anymore"
# What the crisis card says when moderators were alerted.
MODERATORS_TOLD = "I've also sent a private note to the moderators"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def labels(handle: InteractionHandle) -> list[str]:
    return [
        str(component.get("label") or component.get("placeholder"))
        for row in handle.components
        for component in row["components"]
    ]


def public_messages(loopback: LoopbackDiscord) -> list[Message]:
    """Every message anyone but the one who asked could see: channels and DMs, not ephemerals."""
    return [m for m in loopback.world.messages.values() if not m.ephemeral and not m.deleted]


async def check_in(person: Person, mood: str = "Good") -> InteractionHandle:
    """The two clicks: /checkin, then a mood. Returns the picker, now the confirmation."""
    picker = await person.slash("checkin")
    assert picker.ephemeral
    clicked = await person.click(picker, mood)
    assert clicked.response_type == 7  # the picker itself turns into the confirmation
    return picker


async def scheduler_of_our_own(lantern: Lantern) -> Scheduler:
    """Stop the bot's scheduler loop (before moving the clock, so it can't take the run) and
    return one whose passes the test runs, delivering through the bot's scheduling cog."""
    # The cog as the bot loaded it: load_extension runs the module afresh, so no isinstance.
    cog: Any = lantern.get_cog("Scheduling")
    await cog.scheduler.stop()
    return Scheduler(lantern.storage.jobs, cog.deliver, lantern.clock)


async def set_checkin_channel(admin: Person, guild: GuildHandle) -> None:
    answer = await admin.slash("config", "checkin-channel", channel=guild.channel("checkins"))
    assert "members can now share" in answer.content


async def test_two_clicks_record_a_check_in_and_offer_a_note_tags_and_nothing_shared(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, alice: Person
) -> None:
    picker = await alice.slash("checkin")
    assert picker.content.startswith("How are you feeling")
    assert labels(picker) == ["Rough", "Low", "Okay", "Good", "Great"]

    await alice.click(picker, "Good")
    assert picker.ephemeral
    assert "Thanks for your first check-in" in picker.content
    assert "UTC" in picker.content  # no timezone yet: the reply says how days are counted
    assert labels(picker) == ["Add a note", "Add tags (optional)"]  # no check-in channel here

    (stored,) = await lantern.storage.checkins.list_since(alice.id)
    assert (stored.mood, stored.guild_id, stored.note, stored.tags) == (4, guild.id, None, ())
    assert stored.shared_message_id is None
    assert public_messages(loopback) == []


async def test_a_note_and_tags_after_the_check_in(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, admin: Person, alice: Person
) -> None:
    await set_checkin_channel(admin, guild)
    confirmation = await check_in(alice, "Low")
    assert "Share to #checkins" in labels(confirmation)

    opened = await alice.click(confirmation, "Add a note")
    assert opened.modal is not None
    saved = await alice.submit(
        opened.modal, {"Your note (only you see it unless you share)": "  tired but ok "}
    )
    assert saved.ephemeral
    assert "Saved your note" in saved.content
    assert saved.embeds == []  # an everyday note gets no support card

    tagged = await alice.select(confirmation, "Add tags (optional)", ["sleep", "work"])
    assert tagged.ephemeral
    assert tagged.content == "Tags saved: 😴 Sleep, 💼 Work or school."

    (stored,) = await lantern.storage.checkins.list_since(alice.id)
    assert (stored.mood, stored.note, stored.tags) == (2, "tired but ok", ("sleep", "work"))
    # Nothing of it reached any channel: sharing is only ever on request.
    assert all("tired but ok" not in visible_text(m) for m in public_messages(loopback))
    assert guild.channel("checkins").messages == []


async def test_one_command_with_mood_note_and_tag(lantern: Lantern, alice: Person) -> None:
    answer = await alice.slash("checkin", mood=5, note="sunny walk", tag="outdoors")
    assert answer.ephemeral
    assert "first check-in" in answer.content
    assert "Change the note" in labels(answer)
    (stored,) = await lantern.storage.checkins.list_since(alice.id)
    assert (stored.mood, stored.note, stored.tags) == (5, "sunny walk", ("outdoors",))


async def test_a_note_typed_before_the_mood_is_kept_for_the_click(
    lantern: Lantern, alice: Person
) -> None:
    picker = await alice.slash("checkin", note="long day", tag="Stress")  # a label, typed
    assert "save what you wrote" in picker.content
    await alice.click(picker, "Okay")
    (stored,) = await lantern.storage.checkins.list_since(alice.id)
    assert (stored.mood, stored.note, stored.tags) == (3, "long day", ("stress",))


async def test_tag_autocomplete_and_an_unknown_tag(lantern: Lantern, alice: Person) -> None:
    choices = await alice.autocomplete("checkin", tag="sle")
    assert [choice["value"] for choice in choices] == ["sleep"]

    answer = await alice.slash("checkin", mood=3, tag="homework")
    assert answer.ephemeral
    assert "I don't know the tag “homework”" in answer.content
    assert await lantern.storage.checkins.list_since(alice.id) == []


async def test_discord_refuses_an_overlong_note_in_the_option_and_the_modal(
    lantern: Lantern, alice: Person
) -> None:
    with pytest.raises(InvocationError, match="1 to 500 characters"):
        await alice.slash("checkin", mood=3, note="x" * 501)
    confirmation = await check_in(alice)
    opened = await alice.click(confirmation, "Add a note")
    assert opened.modal is not None
    (field,) = [row["components"][0] for row in opened.modal.form["components"]]
    assert field["max_length"] == 500
    with pytest.raises(NotOnScreenError, match="takes 0 to 500 characters"):
        await alice.submit(opened.modal, {field["custom_id"]: "x" * 501})

    # A modified client that ignores max_length meets the check on Lantern's side.
    loose_form = copy.deepcopy(opened.modal.form)
    loose_form["components"][0]["components"][0]["max_length"] = 4000
    answer = await alice.submit(
        dataclasses.replace(opened.modal, form=loose_form), {field["custom_id"]: "x" * 501}
    )
    assert answer.ephemeral
    assert "Notes can be up to 500 characters; yours has 501" in answer.content
    (stored,) = await lantern.storage.checkins.list_since(alice.id)
    assert stored.note is None  # nothing lost, nothing half-saved


async def test_sharing_posts_mood_and_note_once_without_pinging_anyone(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    alice: Person,
    bob: Person,
) -> None:
    await set_checkin_channel(admin, guild)
    note = f"thanks {bob.mention} and @everyone for today"
    confirmation = await alice.slash("checkin", mood=4, note=note)

    shared = await alice.click(confirmation, "Share to #checkins")
    assert shared.ephemeral
    assert "Shared in" in shared.content
    (post,) = guild.channel("checkins").messages
    assert post.content == f"{alice.mention} checked in: 🙂 Good\n> {note}"
    assert post.allowed_mentions == {"parse": []}
    (stored,) = await lantern.storage.checkins.list_since(alice.id)
    assert stored.shared_message_id == post.id

    again = await alice.click(confirmation, "Share to #checkins")
    assert "already shared" in again.content
    assert len(guild.channel("checkins").messages) == 1


async def test_a_check_in_that_was_not_shared_appears_nowhere(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, admin: Person, alice: Person
) -> None:
    await set_checkin_channel(admin, guild)
    secret = "zebra-lantern-7 kept to myself"
    confirmation = await alice.slash("checkin", mood=1, note=secret, tag="lonely")
    assert "Hard days happen" in confirmation.content
    await alice.select(confirmation, "Add tags (optional)", ["lonely", "family"])
    assert await lantern.storage.checkins.count(alice.id) == 1

    for message in public_messages(loopback):
        assert "zebra" not in visible_text(message)
        assert "Rough" not in visible_text(message)
    assert guild.channel("checkins").messages == []


async def test_sharing_fails_kindly_when_the_channel_is_forbidden_or_deleted(
    lantern: Lantern, guild: GuildHandle, admin: Person, alice: Person
) -> None:
    await set_checkin_channel(admin, guild)
    checkins = guild.channel("checkins")
    first = await check_in(alice)
    await checkins.forbid_bot("send_messages")
    refused = await alice.click(first, "Share to #checkins")
    assert refused.ephemeral
    assert "I can't post in" in refused.content
    assert "Your check-in is saved" in refused.content

    await checkins.delete()
    gone = await alice.click(first, "Share to #checkins")
    assert "isn't there any more" in gone.content
    (stored,) = await lantern.storage.checkins.list_since(alice.id)
    assert stored.shared_message_id is None

    # The next check-in no longer offers a channel that is gone.
    later = await check_in(alice, "Great")
    assert not any(label.startswith("Share") for label in labels(later))


async def test_config_checkin_channel_is_checked_shown_and_can_be_turned_off(
    lantern: Lantern, guild: GuildHandle, admin: Person
) -> None:
    await guild.channel("checkins").forbid_bot("send_messages")
    refused = await admin.slash("config", "checkin-channel", channel=guild.channel("checkins"))
    assert "I can't post in" in refused.content
    assert await lantern.storage.checkin_servers.channel_id(guild.id) is None

    await guild.channel("checkins").allow_bot("send_messages")
    await set_checkin_channel(admin, guild)
    shown = await admin.slash("config", "show")
    assert "Check-in sharing channel" in visible_text(shown.message)

    off = await admin.slash("config", "checkin-channel")
    assert "sharing is off" in off.content
    assert await lantern.storage.checkin_servers.channel_id(guild.id) is None


async def test_history_has_numbers_and_a_png_chart(
    lantern: Lantern, alice: Person, clock: FakeClock
) -> None:
    for mood in (2, 3, 4):
        await alice.slash("checkin", mood=mood, tag="sleep")
        clock.advance(timedelta(days=1))
    answer = await alice.slash("history", days=7)
    assert answer.deferred
    followup = await answer.next_followup()
    assert followup.flags & 64
    text = visible_text(followup)
    assert "3 check-ins, average mood 3.0" in text
    assert "Current streak: 3 days" in text
    assert "😴 Sleep (3)" in text
    (chart,) = followup.attachments
    assert chart.filename == "mood-chart.png"
    assert chart.data.startswith(PNG_SIGNATURE)
    assert followup.embeds[0]["image"]["url"] == "attachment://mood-chart.png"


async def test_history_without_check_ins_is_a_friendly_nudge(
    lantern: Lantern, alice: Person
) -> None:
    answer = await alice.slash("history")
    followup = await answer.next_followup()
    assert followup.content.startswith("No check-ins yet.")
    assert followup.attachments == []


async def test_a_streak_across_a_dst_change_counts_each_day_once(
    lantern: Lantern, alice: Person, clock: FakeClock
) -> None:
    await alice.slash("settings", "timezone", timezone="America/New_York")
    # New York springs forward at 02:00 on 14 March 2027: that day has 23 hours.
    clock.advance(datetime(2027, 3, 13, 4, 30, tzinfo=UTC) - clock.now())  # 23:30 on the 12th
    replies = []
    for _ in range(3):
        replies.append((await alice.slash("checkin", mood=3)).content)
        clock.advance(timedelta(hours=23, minutes=30))  # late each evening, local time
    assert "UTC" not in replies[0]
    assert "You're on a 2-day streak" in replies[1]
    assert "You're on a 3-day streak" in replies[2]
    assert "Three days in a row" in replies[2]
    dates = [
        c.moment.local_date.isoformat() for c in await lantern.storage.checkins.list_since(alice.id)
    ]
    assert dates == ["2027-03-12", "2027-03-13", "2027-03-14"]


async def test_a_move_east_that_skips_a_date_keeps_the_streak(
    lantern: Lantern, alice: Person, clock: FakeClock
) -> None:
    await alice.slash("settings", "timezone", timezone="America/New_York")
    clock.advance(datetime(2026, 11, 24, 4, 0, tzinfo=UTC) - clock.now())  # 23:00 Mon 23rd NY
    await alice.slash("checkin", mood=3)
    await alice.slash("settings", "timezone", timezone="Asia/Tokyo")
    clock.advance(timedelta(hours=19))  # 08:00 Wednesday in Tokyo, Tuesday evening in New York
    east = await alice.slash("checkin", mood=3)
    assert "You're on a 2-day streak" in east.content
    dates = [c.moment.local_date.day for c in await lantern.storage.checkins.list_since(alice.id)]
    assert dates == [23, 25]


async def test_a_move_west_that_repeats_a_date_does_not_double_the_streak(
    lantern: Lantern, alice: Person, clock: FakeClock
) -> None:
    await alice.slash("settings", "timezone", timezone="Asia/Tokyo")
    clock.advance(datetime(2026, 11, 23, 15, 30, tzinfo=UTC) - clock.now())  # 00:30 Tue Tokyo
    await alice.slash("checkin", mood=3)
    clock.advance(timedelta(days=1))  # 00:30 Wednesday in Tokyo
    assert "2-day streak" in (await alice.slash("checkin", mood=3)).content
    await alice.slash("settings", "timezone", timezone="America/New_York")
    clock.advance(timedelta(minutes=30))  # Tuesday morning in New York: the same day lived
    west = await alice.slash("checkin", mood=3)
    assert "You're on a 2-day streak" in west.content
    clock.advance(timedelta(hours=6))  # later that day, still counted once
    assert "You're on a 2-day streak" in (await alice.slash("checkin", mood=3)).content
    clock.advance(timedelta(days=1))  # Wednesday in New York: the next day
    assert "Three days in a row" in (await alice.slash("checkin", mood=3)).content


async def test_milestones_go_public_only_for_members_who_opt_in(
    lantern: Lantern,
    guild: GuildHandle,
    admin: Person,
    alice: Person,
    bob: Person,
    clock: FakeClock,
) -> None:
    await set_checkin_channel(admin, guild)
    await alice.slash("settings", "milestones", share="on")
    for _ in range(3):
        alice_reply = await alice.slash("checkin", mood=4)
        bob_reply = await bob.slash("checkin", mood=4)
        clock.advance(timedelta(days=1))
    assert "Three days in a row" in alice_reply.content
    assert "I shared your milestone" in alice_reply.content
    assert "Three days in a row" in bob_reply.content
    assert "shared" not in bob_reply.content
    (post,) = guild.channel("checkins").messages
    assert post.content == f"{alice.mention} has checked in 3 days in a row. 🌱"
    assert post.allowed_mentions == {"parse": []}


async def test_a_crisis_note_gets_support_lines_and_no_alert_by_default(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, admin: Person, alice: Person
) -> None:
    await admin.slash("crisis", "setup", moderator_channel=guild.channel("mods"), country="GB")
    answer = await alice.slash("checkin", mood=1, note=CRISIS_NOTE)
    card = visible_text(answer.message)
    assert "Samaritans" in card
    assert MODERATORS_TOLD not in card
    assert "moderators" not in answer.content.lower()
    assert guild.channel("mods").messages == []
    assert all(CRISIS_NOTE not in visible_text(m) for m in public_messages(loopback))


async def test_moderators_hear_only_after_the_member_was_told(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, admin: Person, alice: Person
) -> None:
    await admin.slash(
        "crisis",
        "setup",
        moderator_channel=guild.channel("mods"),
        country="GB",
        checkin_alerts=True,
    )
    shown = visible_text((await admin.slash("config", "show")).message)
    assert "crisis notes in private check-ins: yes, for members who were told" in shown
    first = await alice.slash("checkin", mood=1, note=CRISIS_NOTE)
    assert "lets the moderators know" in first.content
    assert guild.channel("mods").messages == []  # she hadn't been told before writing it

    second = await check_in(alice, "Rough")
    assert "lets the moderators know" not in second.content  # told once
    opened = await alice.click(second, "Add a note")
    assert opened.modal is not None
    saved = await alice.submit(
        opened.modal, {"Your note (only you see it unless you share)": CRISIS_NOTE}
    )
    assert "Samaritans" in visible_text(saved.message)
    assert MODERATORS_TOLD in visible_text(saved.message)
    alert = await loopback.next_message(guild.channel("mods"))
    alert_text = visible_text(alert)
    assert "check-in note" in alert_text
    assert alice.mention in alert_text
    assert "want to die" not in alert_text
    assert await lantern.storage.checkin_servers.was_told_about_alerts(guild.id, alice.id)

    changed = await alice.click(second, "Add a note")
    assert changed.modal is not None
    resaved = await alice.submit(
        changed.modal, {"Your note (only you see it unless you share)": "i want to die tonight"}
    )
    assert "Samaritans" in visible_text(resaved.message)  # support lines every time
    assert MODERATORS_TOLD not in visible_text(resaved.message)
    assert guild.channel("mods").messages == [alert]  # they already heard about this check-in


async def test_check_in_from_a_dm_has_no_share_button(lantern: Lantern, alice: Person) -> None:
    picker = await alice.slash_in_dm("checkin")
    await alice.click(picker, "Great")
    assert "first check-in" in picker.content
    assert not any(label.startswith("Share") for label in labels(picker))
    (stored,) = await lantern.storage.checkins.list_since(alice.id)
    assert stored.guild_id is None


async def test_export_holds_only_the_members_check_ins_and_delete_erases_them(
    lantern: Lantern, guild: GuildHandle, admin: Person, alice: Person, bob: Person
) -> None:
    await admin.slash(
        "crisis", "setup", moderator_channel=guild.channel("mods"), checkin_alerts=True
    )
    await alice.slash("checkin", mood=2, note="=SUM(A1) alice's note", tag="sleep")
    await bob.slash("checkin", mood=5, note="bob's note")

    export = await alice.slash("mydata", "export")
    document, sheet = (await export.next_followup()).attachments
    data = json.loads(document.data)
    assert [c["note"] for c in data["checkins"]] == ["=SUM(A1) alice's note"]
    assert data["checkin_alert_notices_seen"][0]["server_id"] == str(guild.id)
    assert sheet.filename == "lantern-checkins-2026-11-22.csv"
    rows = list(csv.DictReader(io.StringIO(sheet.data.decode(), newline="")))
    assert [(r["mood"], r["mood_word"], r["note"], r["tags"]) for r in rows] == [
        ("2", "Low", "'=SUM(A1) alice's note", "sleep")
    ]
    for attachment in (document, sheet):
        assert b"bob" not in attachment.data
        assert str(bob.id).encode() not in attachment.data

    asked = await alice.slash("mydata", "delete")
    await alice.click(asked, "Delete everything")
    assert "mood check-ins: 1" in asked.content
    database = lantern.storage.database
    left = await database.fetch_all("SELECT user_id FROM checkins")
    assert [row["user_id"] for row in left] == [bob.id]
    notices = await database.fetch_all("SELECT user_id FROM checkin_alert_notices")
    assert [row["user_id"] for row in notices] == [bob.id]


async def test_the_daily_prompt_is_a_dm_whose_buttons_record_the_check_in(
    lantern: Lantern, loopback: LoopbackDiscord, alice: Person, clock: FakeClock
) -> None:
    await alice.slash("settings", "timezone", timezone="Europe/Berlin")
    await alice.slash("settings", "checkin-prompt", time="20:00")
    scheduler = await scheduler_of_our_own(lantern)
    clock.advance(timedelta(hours=7, minutes=1))  # 20:01 in Berlin
    report = await scheduler.run_due()
    assert report.delivered == 1

    prompt = await alice.next_dm()
    assert prompt.content.startswith("Hi, it's your daily check-in.")
    await alice.click(prompt, "Great")
    assert "Thanks for your first check-in" in prompt.content  # the DM became the confirmation
    assert "UTC" not in prompt.content
    (stored,) = await lantern.storage.checkins.list_since(alice.id)
    assert (stored.mood, stored.guild_id, stored.moment.timezone) == (5, None, "Europe/Berlin")
    (job,) = await lantern.storage.jobs.list_for_member(alice.id)
    assert str(job.next_run_at) == "2026-11-23 19:00:00+00:00"


async def test_a_prompt_to_closed_dms_is_not_retried_as_if_sent(
    lantern: Lantern, alice: Person, clock: FakeClock
) -> None:
    await alice.slash("settings", "checkin-prompt", time="13:00")
    alice.closes_dms()
    scheduler = await scheduler_of_our_own(lantern)
    clock.advance(timedelta(hours=1, minutes=1))
    report = await scheduler.run_due()
    assert (report.delivered, report.refused) == (0, 1)
    assert await lantern.storage.checkins.list_since(alice.id) == []


async def test_changing_the_note_starts_from_the_note_already_there(
    lantern: Lantern, alice: Person
) -> None:
    answer = await alice.slash("checkin", mood=4, note="sunny walk")
    opened = await alice.click(answer, "Change the note")
    kept = await alice.submit(opened.modal, {})  # Submit pressed without touching the text
    assert "Saved your note" in kept.content
    (stored,) = await lantern.storage.checkins.list_since(alice.id)
    assert stored.note == "sunny walk"

    opened = await alice.click(answer, "Change the note")
    cleared = await alice.submit(opened.modal, {"Your note (only you see it unless you share)": ""})
    assert cleared.content == "I've cleared the note."
    (stored,) = await lantern.storage.checkins.list_since(alice.id)
    assert stored.note is None


async def test_a_member_who_chose_utc_is_not_told_to_set_a_timezone(
    lantern: Lantern, alice: Person
) -> None:
    assert "counting your days in UTC" in (await alice.slash("checkin", mood=3)).content
    await alice.slash("settings", "timezone", timezone="UTC")
    assert "counting your days in UTC" not in (await alice.slash("checkin", mood=3)).content
