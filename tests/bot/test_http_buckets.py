import discord
import pytest

from bot.client import Lantern


async def test_idle_rate_limit_buckets_are_dropped_without_a_scan_per_new_bucket(
    lantern: Lantern, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each DM channel has its own bucket; discord.py alone rescans them all for every new one.
    checks = 0
    is_inactive = discord.http.Ratelimit.is_inactive

    def counted(bucket: discord.http.Ratelimit) -> bool:
        nonlocal checks
        checks += 1
        return is_inactive(bucket)

    monkeypatch.setattr(discord.http.Ratelimit, "is_inactive", counted)
    http = lantern.http
    http._buckets.clear()
    for number in range(5000):
        http.get_ratelimit(f"dm:{number}")
    assert checks < 2 * 5000  # scans at 256, 512, ... 4096 buckets; unpatched, about 12 million
    for bucket in http._buckets.values():
        bucket._last_request -= 301  # five minutes idle: discord.py's own cut-off
    for number in range(5000, 8192):  # the next scan comes at twice the last count
        http.get_ratelimit(f"dm:{number}")
    assert len(http._buckets) == 8192 - 5000
