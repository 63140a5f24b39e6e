from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.crisis.outbox import (
    ALERTS_PER_MESSAGE,
    LONGEST_RETRY,
    AlertItem,
    NudgeItem,
    Pending,
    batches,
    from_payload,
    item_kind,
    lateness,
    retry_delay,
    to_payload,
)

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def alert(id_: int, channel: int = 1) -> Pending:
    return Pending(id_, 9, channel, NOW + timedelta(seconds=id_), 0, AlertItem(id_, "t", "d"))


def nudge(id_: int, channel: int = 1) -> Pending:
    item = NudgeItem(100 + id_, 200 + id_, id_, "crisis", None)
    return Pending(id_, 9, channel, NOW + timedelta(seconds=id_), 0, item)


def test_items_survive_the_database_round_trip() -> None:
    for item in (
        AlertItem(3, "A member may be in crisis", "Member: <@1>"),
        NudgeItem(5, 6, 7, "concern", "de"),
    ):
        assert from_payload(item_kind(item), to_payload(item)) == item


def test_a_burst_for_one_channel_goes_out_a_message_of_alerts_at_a_time() -> None:
    pending = [alert(i) for i in range(1, 24)]
    grouped = batches(pending)
    assert [len(batch) for batch in grouped] == [ALERTS_PER_MESSAGE, ALERTS_PER_MESSAGE, 3]
    assert [p.id for batch in grouped for p in batch] == list(range(1, 24))  # oldest first


def test_nudges_for_one_channel_share_one_message_and_channels_never_mix() -> None:
    grouped = batches([nudge(1), alert(2), nudge(3), nudge(4, channel=2), alert(5, channel=2)])
    assert sorted([p.id for p in batch] for batch in grouped) == [[1, 3], [2], [4], [5]]


@given(st.lists(st.tuples(st.integers(1, 4), st.booleans()), max_size=60))
def test_every_item_is_in_exactly_one_batch(shape: list[tuple[int, bool]]) -> None:
    pending = [
        (alert if is_alert else nudge)(number, channel)
        for number, (channel, is_alert) in enumerate(shape, start=1)
    ]
    grouped = batches(pending)
    assert sorted(p.id for batch in grouped for p in batch) == [p.id for p in pending]
    for batch in grouped:
        assert len({(p.channel_id, item_kind(p.item)) for p in batch}) == 1


def test_retries_back_off_and_never_stop() -> None:
    delays = [retry_delay(attempt) for attempt in range(1, 12)]
    assert delays[0] == timedelta(seconds=2)
    assert delays == sorted(delays)
    assert delays[-1] == LONGEST_RETRY
    assert retry_delay(10_000) == LONGEST_RETRY


def test_moderators_hear_when_an_alert_is_late() -> None:
    assert lateness(NOW, NOW + timedelta(seconds=30)) is None
    assert lateness(NOW, NOW + timedelta(minutes=4)) == timedelta(minutes=4)
