from datetime import UTC, datetime, timedelta

from bot.anon.retention import purge_cutoff


def test_the_cutoff_is_the_retention_before_now() -> None:
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    assert purge_cutoff(now, 30) == now - timedelta(days=30)
