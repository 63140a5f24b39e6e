from datetime import UTC, datetime, timedelta

from bot.anon.limits import BURST_COUNT, BURST_WINDOW, Limit, Wait, next_wait

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
FIVE_MINUTES = timedelta(minutes=5)


def test_a_first_post_may_go() -> None:
    assert next_wait(NOW, own_last_at=None, cooldown=FIVE_MINUTES, server_recent=[]) is None


def test_the_member_cooldown_counts_from_their_last_post() -> None:
    last = NOW - timedelta(minutes=2)
    wait = next_wait(NOW, own_last_at=last, cooldown=FIVE_MINUTES, server_recent=[])
    assert wait == Wait(Limit.MEMBER, last + FIVE_MINUTES)
    assert "in 3 minutes" in wait.explain(NOW)
    later = last + FIVE_MINUTES
    assert next_wait(later, own_last_at=last, cooldown=FIVE_MINUTES, server_recent=[]) is None


def test_no_cooldown_means_no_member_wait() -> None:
    assert next_wait(NOW, own_last_at=NOW, cooldown=timedelta(0), server_recent=[]) is None


def test_the_server_rests_until_the_oldest_post_in_a_full_window_ages_out() -> None:
    recent = [NOW - timedelta(minutes=minute) for minute in range(BURST_COUNT)]
    wait = next_wait(NOW, own_last_at=None, cooldown=FIVE_MINUTES, server_recent=recent)
    assert wait is not None
    assert wait.limit is Limit.SERVER
    assert wait.until == NOW - timedelta(minutes=BURST_COUNT - 1) + BURST_WINDOW
    assert "resting" in wait.explain(NOW)
    assert (
        next_wait(wait.until, own_last_at=None, cooldown=FIVE_MINUTES, server_recent=recent) is None
    )


def test_posts_older_than_the_window_do_not_count() -> None:
    old = [NOW - BURST_WINDOW - timedelta(seconds=1)] * 50
    assert next_wait(NOW, own_last_at=None, cooldown=FIVE_MINUTES, server_recent=old) is None


def test_waits_are_said_in_plain_units() -> None:
    def said(delta: timedelta) -> str:
        return Wait(Limit.MEMBER, NOW + delta).explain(NOW)

    assert "in 1 second." in said(timedelta(milliseconds=300))
    assert "in 45 seconds" in said(timedelta(seconds=45))
    assert "in 1 minute." in said(timedelta(seconds=60))
    assert "in 2 minutes" in said(timedelta(seconds=61))
    assert "in 3 hours" in said(timedelta(hours=2, minutes=30))
