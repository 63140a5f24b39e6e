from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
    member = MemberState(last_reply_at=NOW - timedelta(hours=5), last_reply=Reply.CRISIS, repeats=2)
    decision = decide(Kind.CRISIS, WITH_MODS, member, NOW)
    assert decision == Decision(Reply.NONE, Alert.REPEAT, "repeat", repeat_count=3)


def test_after_the_cooldown_the_member_gets_a_reply_again() -> None:
    member = MemberState(last_reply_at=NOW - timedelta(hours=6), repeats=4)
    assert decide(Kind.CRISIS, WITH_MODS, member, NOW).reply is Reply.CRISIS


def test_the_cooldown_is_the_servers() -> None:
    member = MemberState(last_reply_at=NOW - timedelta(hours=2))
    short = CrisisSettings(mod_channel_id=42, cooldown=timedelta(hours=1))
    assert decide(Kind.CRISIS, short, member, NOW).reply is Reply.CRISIS


def test_opted_out_members_get_no_reply_and_moderators_are_told() -> None:
    decision = decide(Kind.CRISIS, WITH_MODS, MemberState(auto_replies=False), NOW)
    assert decision == Decision(Reply.NONE, Alert.OPTED_OUT, "opted_out")


@pytest.mark.parametrize(
    "settings", [CrisisSettings(), CrisisSettings(mod_channel_id=42, alert_opted_out=False)]
)
def test_opted_out_members_nobody_else_hears_about_get_one_still_here_line_a_cooldown(
    settings: CrisisSettings,
) -> None:
    opted_out = MemberState(auto_replies=False)
    assert decide(Kind.CRISIS, settings, opted_out, NOW) == Decision(
        Reply.STILL_HERE, Alert.NONE, "still_here"
    )
    told = MemberState(auto_replies=False, still_here_at=NOW - timedelta(hours=1))
    assert decide(Kind.CRISIS, settings, told, NOW) == Decision(Reply.NONE, Alert.NONE, "opted_out")
    told_long_ago = MemberState(auto_replies=False, still_here_at=NOW - timedelta(hours=6))
    assert decide(Kind.CRISIS, settings, told_long_ago, NOW).reply is Reply.STILL_HERE


def test_a_concern_card_never_holds_back_the_members_own_crisis_reply() -> None:
    after_concern = MemberState(
        last_reply_at=NOW - timedelta(minutes=5), last_reply=Reply.CONCERN, repeats=1
    )
    assert decide(Kind.CRISIS, WITH_MODS, after_concern, NOW) == Decision(
        Reply.CRISIS, Alert.CRISIS, "replied"
    )
    assert decide(Kind.CRISIS, CrisisSettings(), after_concern, NOW).reply is Reply.CRISIS


def test_a_crisis_card_holds_back_a_later_concern_card() -> None:
    after_crisis = MemberState(last_reply_at=NOW - timedelta(minutes=5), last_reply=Reply.CRISIS)
    assert decide(Kind.CONCERN, WITH_MODS, after_crisis, NOW) == Decision(
        Reply.NONE, Alert.REPEAT, "repeat", repeat_count=1
    )


def test_a_repeat_with_no_moderators_gets_one_still_here_line_a_cooldown() -> None:
    no_mods = CrisisSettings()
    replied = MemberState(last_reply_at=NOW - timedelta(hours=1), last_reply=Reply.CRISIS)
    assert decide(Kind.CRISIS, no_mods, replied, NOW) == Decision(
        Reply.STILL_HERE, Alert.NONE, "still_here", repeat_count=1
    )
    told = MemberState(
        last_reply_at=NOW - timedelta(hours=1),
        last_reply=Reply.CRISIS,
        repeats=1,
        still_here_at=NOW - timedelta(minutes=30),
    )
    assert decide(Kind.CRISIS, no_mods, told, NOW) == Decision(
        Reply.NONE, Alert.NONE, "repeat", repeat_count=2
    )


def test_a_repeated_worry_for_someone_with_no_moderators_is_only_counted() -> None:
    replied = MemberState(last_reply_at=NOW - timedelta(hours=1), last_reply=Reply.CONCERN)
    assert decide(Kind.CONCERN, CrisisSettings(), replied, NOW) == Decision(
        Reply.NONE, Alert.NONE, "repeat", repeat_count=1
    )


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


def test_alerts_only_without_a_moderator_channel_answers_the_member_instead() -> None:
    settings = CrisisSettings(mode=DeliveryMode.ALERTS_ONLY)
    assert decide(Kind.CRISIS, settings, FRESH, NOW) == Decision(
        Reply.CRISIS, Alert.NONE, "replied"
    )


@pytest.mark.parametrize("kind", list(Kind))
def test_off_means_off(kind: Kind) -> None:
    settings = CrisisSettings(mode=DeliveryMode.OFF, mod_channel_id=42)
    assert decide(kind, settings, FRESH, NOW) == Decision(Reply.NONE, Alert.NONE, "ignored")


@given(
    mode=st.sampled_from([m for m in DeliveryMode if m is not DeliveryMode.OFF]),
    mods=st.booleans(),
    alert_opted_out=st.booleans(),
    auto_replies=st.booleans(),
    last_reply=st.sampled_from([Reply.CRISIS, Reply.CONCERN]),
    replied_ago=st.one_of(st.none(), st.timedeltas(timedelta(0), timedelta(days=8))),
    still_here_ago=st.one_of(st.none(), st.timedeltas(timedelta(0), timedelta(days=8))),
    cooldown_hours=st.integers(1, 168),
    in_reply=st.booleans(),
)
def test_a_crisis_never_ends_with_nobody_told(
    mode: DeliveryMode,
    mods: bool,
    alert_opted_out: bool,
    auto_replies: bool,
    last_reply: Reply,
    replied_ago: timedelta | None,
    still_here_ago: timedelta | None,
    cooldown_hours: int,
    in_reply: bool,
) -> None:
    """Someone hears of every crisis: the member, or moderators; else the member heard from
    Lantern within the cooldown already (the card and then the still-here line)."""
    cooldown = timedelta(hours=cooldown_hours)
    settings = CrisisSettings(
        mode=mode,
        mod_channel_id=42 if mods else None,
        alert_opted_out=alert_opted_out,
        cooldown=cooldown,
    )
    member = MemberState(
        auto_replies=auto_replies,
        last_reply_at=None if replied_ago is None else NOW - replied_ago,
        last_reply=last_reply,
        still_here_at=None if still_here_ago is None else NOW - still_here_ago,
    )
    decision = decide(Kind.CRISIS, settings, member, NOW, replies_to_flagged_message=in_reply)
    if decision.reply is Reply.NONE and decision.alert is Alert.NONE:
        assert still_here_ago is not None
        assert still_here_ago < cooldown
