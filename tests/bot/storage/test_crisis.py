from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.crisis.detector import Kind, ServerPhrase
from bot.crisis.policy import CrisisSettings, DeliveryMode, MemberState, Reply
from bot.storage import Storage
from bot.storage.crisis import MemberPrefs

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
GUILD = 10
ALICE = 1
BOB = 2


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    opened = await Storage.open(tmp_path / "lantern.sqlite3")
    yield opened
    await opened.close()


async def test_defaults_until_an_admin_changes_something(storage: Storage) -> None:
    assert await storage.crisis.settings(GUILD) == CrisisSettings()


async def test_settings_round_trip(storage: Storage) -> None:
    await storage.crisis.update_settings(
        GUILD,
        mode=DeliveryMode.CHANNEL,
        mod_channel_id=99,
        cooldown=timedelta(hours=12),
        reping_after=timedelta(0),
        alert_opted_out=False,
    )
    await storage.crisis.update_settings(GUILD, mode=DeliveryMode.DM)
    await storage.crisis.set_channel_excluded(GUILD, 5, excluded=True)
    await storage.crisis.set_channel_excluded(GUILD, 6, excluded=True)
    await storage.crisis.set_channel_excluded(GUILD, 6, excluded=False)
    assert await storage.crisis.settings(GUILD) == CrisisSettings(
        mode=DeliveryMode.DM,
        mod_channel_id=99,
        cooldown=timedelta(hours=12),
        reping_after=timedelta(0),
        alert_opted_out=False,
        excluded_channel_ids=frozenset({5}),
    )


async def test_unknown_settings_are_refused(storage: Storage) -> None:
    with pytest.raises(ValueError, match="not crisis_settings settings"):
        await storage.crisis.update_settings(GUILD, colour="red")


async def test_phrases_add_once_and_remove(storage: Storage) -> None:
    phrase = ServerPhrase("want to disappear forever", Kind.CRISIS)
    assert await storage.crisis.add_phrase(GUILD, phrase)
    assert not await storage.crisis.add_phrase(GUILD, phrase)
    assert [stored.phrase for stored in await storage.crisis.phrases(GUILD)] == [phrase]
    assert await storage.crisis.remove_phrase(GUILD, phrase.phrase)
    assert not await storage.crisis.remove_phrase(GUILD, phrase.phrase)
    assert await storage.crisis.phrases(GUILD) == []


async def test_member_state_combines_preferences_and_cooldown(storage: Storage) -> None:
    assert await storage.crisis.member_state(GUILD, ALICE) == MemberState()
    await storage.crisis.set_auto_replies(ALICE, enabled=False)
    await storage.crisis.record_reply(GUILD, ALICE, Reply.CRISIS, NOW)
    await storage.crisis.record_repeat(GUILD, ALICE)
    await storage.crisis.record_still_here(GUILD, ALICE, NOW + timedelta(hours=1))
    assert await storage.crisis.member_state(GUILD, ALICE) == MemberState(
        auto_replies=False,
        last_reply_at=NOW,
        last_reply=Reply.CRISIS,
        repeats=2,
        still_here_at=NOW + timedelta(hours=1),
    )
    # A new card starts a new cooldown, with its own still-here line to come.
    await storage.crisis.record_reply(GUILD, ALICE, Reply.CONCERN, NOW + timedelta(hours=7))
    state = await storage.crisis.member_state(GUILD, ALICE)
    assert (state.repeats, state.last_reply, state.still_here_at) == (0, Reply.CONCERN, None)
    assert await storage.crisis.member_state(GUILD, BOB) == MemberState()


async def test_a_still_here_line_is_remembered_without_a_card_before_it(storage: Storage) -> None:
    await storage.crisis.record_still_here(GUILD, ALICE, NOW)
    state = await storage.crisis.member_state(GUILD, ALICE)
    assert state == MemberState(still_here_at=NOW)


async def test_events_keep_no_text_and_feed_stats(storage: Storage) -> None:
    first = await storage.crisis.record_event(
        guild_id=GUILD,
        message_id=500,
        kind=Kind.CRISIS,
        rule_ids=("en.a", "en.b"),
        outcome="replied",
        at=NOW,
    )
    await storage.crisis.record_event(
        guild_id=GUILD,
        message_id=501,
        kind=Kind.HARASSMENT,
        rule_ids=("en.c",),
        outcome="harassment",
        at=NOW,
    )
    await storage.crisis.record_event(
        guild_id=GUILD,
        message_id=1,
        kind=Kind.CRISIS,
        rule_ids=("en.a",),
        outcome="replied",
        at=NOW - timedelta(days=40),
    )
    assert await storage.crisis.mark_false_positive(first)
    assert not await storage.crisis.mark_false_positive(first)
    assert await storage.crisis.was_flagged(500)
    assert not await storage.crisis.was_flagged(502)
    stats = await storage.crisis.stats(GUILD, NOW - timedelta(days=30))
    assert stats.total == 2
    assert stats.by_kind == {"crisis": 1, "harassment": 1}
    assert stats.by_outcome == {"replied": 1, "harassment": 1}
    assert stats.false_positives_by_rule == {"en.a": 1, "en.b": 1}
    columns = await storage.database.fetch_all("PRAGMA table_info(crisis_events)")
    assert not {"content", "text", "user_id", "author_id"} & {c["name"] for c in columns}


async def test_an_alert_is_claimed_once(storage: Storage) -> None:
    await storage.guilds.mark_present(GUILD)
    alert = await storage.crisis.add_alert(GUILD, 7, NOW)
    # A button pressed in another server can't reach this server's alert.
    assert await storage.crisis.claim_alert(alert, GUILD + 1, BOB, NOW) is None
    assert await storage.crisis.claim_alert(alert, GUILD, ALICE, NOW) == ALICE
    assert await storage.crisis.claim_alert(alert, GUILD, BOB, NOW) == ALICE
    assert await storage.crisis.claim_alert(alert + 1, GUILD, BOB, NOW) is None


async def test_unclaimed_alerts_are_repinged_once_when_due(storage: Storage) -> None:
    await storage.guilds.mark_present(GUILD)
    unclaimed = await storage.crisis.add_alert(GUILD, 7, NOW)
    claimed = await storage.crisis.add_alert(GUILD, 7, NOW)
    never = await storage.crisis.add_alert(GUILD, 7, NOW)
    unposted = await storage.crisis.add_alert(GUILD, 7, NOW)
    await storage.crisis.alert_posted(unclaimed, 70, NOW + timedelta(minutes=10))
    await storage.crisis.alert_posted(claimed, 71, NOW + timedelta(minutes=10))
    await storage.crisis.alert_posted(never, 72, None)
    assert unposted not in {unclaimed, claimed, never}
    await storage.crisis.claim_alert(claimed, GUILD, ALICE, NOW)
    assert await storage.crisis.next_reping_at() == NOW + timedelta(minutes=10)
    assert await storage.crisis.alerts_to_reping(NOW + timedelta(minutes=9)) == []
    due = await storage.crisis.alerts_to_reping(NOW + timedelta(minutes=10))
    assert [alert.id for alert in due] == [unclaimed]
    # Handing it out marks nothing: it stays due until the re-ping is known to be sent.
    again = await storage.crisis.alerts_to_reping(NOW + timedelta(hours=1))
    assert [alert.id for alert in again] == [unclaimed]
    await storage.crisis.reping_done([unclaimed])
    assert await storage.crisis.alerts_to_reping(NOW + timedelta(hours=1)) == []
    assert await storage.crisis.next_reping_at() is None


async def test_a_reping_put_off_is_due_again_later_unless_claimed(storage: Storage) -> None:
    await storage.guilds.mark_present(GUILD)
    first = await storage.crisis.add_alert(GUILD, 7, NOW)
    second = await storage.crisis.add_alert(GUILD, 7, NOW)
    for alert_id in (first, second):
        await storage.crisis.alert_posted(alert_id, 70 + alert_id, NOW + timedelta(minutes=10))
    due = NOW + timedelta(minutes=10)
    await storage.crisis.reping_later(first, due + timedelta(minutes=10))
    assert [a.id for a in await storage.crisis.alerts_to_reping(due)] == [second]
    later = due + timedelta(minutes=10)
    assert [a.id for a in await storage.crisis.alerts_to_reping(later)] == [second, first]
    await storage.crisis.claim_alert(second, GUILD, ALICE, later)
    await storage.crisis.reping_later(second, later + timedelta(minutes=10))
    an_hour_on = await storage.crisis.alerts_to_reping(later + timedelta(hours=1))
    assert [a.id for a in an_hour_on] == [first], "a claimed alert is never due again"


async def test_member_export_and_delete_touch_only_that_member(storage: Storage) -> None:
    await storage.crisis.set_member_country(ALICE, "GB")
    await storage.crisis.set_member_country(BOB, "DE")
    await storage.crisis.record_reply(GUILD, ALICE, Reply.CRISIS, NOW)
    await storage.crisis.record_still_here(GUILD, ALICE, NOW)
    exported = await storage.crisis.export_member(ALICE)
    assert exported["crisis_preferences"] == {"country": "GB", "auto_replies": True}
    assert exported["crisis_replies_received"] == [
        {"server_id": str(GUILD), "last_reply_at": "2026-11-22T12:00:00.000000Z"}
    ]
    assert exported["still_here_lines_received"] == [
        {"server_id": str(GUILD), "sent_at": "2026-11-22T12:00:00.000000Z"}
    ]
    assert await storage.crisis.delete_member(ALICE) == 3
    assert await storage.crisis.member_prefs(ALICE) == MemberPrefs()
    assert await storage.crisis.member_state(GUILD, ALICE) == MemberState()
    assert (await storage.crisis.member_prefs(BOB)).country == "DE"


async def test_purging_a_server_removes_its_crisis_data(storage: Storage) -> None:
    await storage.crisis.update_settings(GUILD, mod_channel_id=9)
    await storage.crisis.add_phrase(GUILD, ServerPhrase("abc def", Kind.CRISIS))
    await storage.crisis.record_reply(GUILD, ALICE, Reply.CRISIS, NOW)
    await storage.crisis.record_still_here(GUILD, ALICE, NOW)
    await storage.guilds.mark_removed(GUILD, NOW - timedelta(days=31))
    assert await storage.guilds.purge_removed_before(NOW - timedelta(days=30)) == [GUILD]
    for table in ("crisis_settings", "crisis_phrases", "crisis_cooldowns", "crisis_still_here"):
        rows = await storage.database.fetch_all(f"SELECT * FROM {table}")
        assert rows == [], table
