from datetime import UTC, datetime, timedelta

import pytest

from bot.crisis.detector import Kind
from bot.crisis.policy import (
    Alert,
    CrisisSettings,
    Decision,
    DeliveryMode,
    MemberState,
    Reply,
    decide,
)

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
WITH_MODS = CrisisSettings(mod_channel_id=42)
FRESH = MemberState()


def test_nothing_detected_means_nothing_done() -> None:
    assert decide(Kind.NONE, WITH_MODS, FRESH, NOW) == Decision(Reply.NONE, Alert.NONE, "ignored")


def test_a_crisis_gets_a_reply_and_an_alert() -> None:
    assert decide(Kind.CRISIS, WITH_MODS, FRESH, NOW) == Decision(
        Reply.CRISIS, Alert.CRISIS, "replied"
    )


def test_without_a_moderator_channel_there_is_no_alert() -> None:
    decision = decide(Kind.CRISIS, CrisisSettings(), FRESH, NOW)
    assert decision == Decision(Reply.CRISIS, Alert.NONE, "replied")


def test_concern_gets_the_friend_card() -> None:
    decision = decide(Kind.CONCERN, WITH_MODS, FRESH, NOW)
    assert (decision.reply, decision.alert) == (Reply.CONCERN, Alert.CONCERN)


def test_harassment_goes_to_moderators_only() -> None:
    decision = decide(Kind.HARASSMENT, WITH_MODS, FRESH, NOW)
    assert (decision.reply, decision.alert) == (Reply.NONE, Alert.HARASSMENT)


def test_second_trigger_inside_the_cooldown_is_a_counted_repeat_for_moderators() -> None:
    member = MemberState(last_reply_at=NOW - timedelta(hours=5), repeats=2)
    decision = decide(Kind.CRISIS, WITH_MODS, member, NOW)
    assert decision == Decision(Reply.NONE, Alert.REPEAT, "repeat", repeat_count=3)


def test_after_the_cooldown_the_member_gets_a_reply_again() -> None:
    member = MemberState(last_reply_at=NOW - timedelta(hours=6), repeats=4)
    assert decide(Kind.CRISIS, WITH_MODS, member, NOW).reply is Reply.CRISIS


def test_the_cooldown_is_the_servers() -> None:
    member = MemberState(last_reply_at=NOW - timedelta(hours=2))
    short = CrisisSettings(mod_channel_id=42, cooldown=timedelta(hours=1))
    assert decide(Kind.CRISIS, short, member, NOW).reply is Reply.CRISIS


@pytest.mark.parametrize(
    ("alert_opted_out", "alert"), [(True, Alert.OPTED_OUT), (False, Alert.NONE)]
)
def test_opted_out_members_get_no_reply_and_the_server_decides_on_alerts(
    alert_opted_out: bool, alert: Alert
) -> None:
    settings = CrisisSettings(mod_channel_id=42, alert_opted_out=alert_opted_out)
    decision = decide(Kind.CRISIS, settings, MemberState(auto_replies=False), NOW)
    assert decision == Decision(Reply.NONE, alert, "opted_out")


def test_others_replying_about_a_flagged_message_get_no_second_reply() -> None:
    decision = decide(Kind.CONCERN, WITH_MODS, FRESH, NOW, replies_to_flagged_message=True)
    assert decision == Decision(Reply.NONE, Alert.NONE, "duplicate")


def test_someone_in_crisis_themselves_is_answered_even_in_a_reply() -> None:
    decision = decide(Kind.CRISIS, WITH_MODS, FRESH, NOW, replies_to_flagged_message=True)
    assert decision.reply is Reply.CRISIS


def test_alerts_only_mode_never_replies() -> None:
    settings = CrisisSettings(mode=DeliveryMode.ALERTS_ONLY, mod_channel_id=42)
    assert decide(Kind.CRISIS, settings, FRESH, NOW) == Decision(
        Reply.NONE, Alert.CRISIS, "alerts_only"
    )


@pytest.mark.parametrize("kind", list(Kind))
def test_off_means_off(kind: Kind) -> None:
    settings = CrisisSettings(mode=DeliveryMode.OFF, mod_channel_id=42)
    assert decide(kind, settings, FRESH, NOW) == Decision(Reply.NONE, Alert.NONE, "ignored")
