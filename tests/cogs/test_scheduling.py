"""The scheduling cog turns Discord's answers into what the scheduler does next."""

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import aiohttp
import discord
import pytest

from bot.client import Lantern
from bot.scheduling.scheduler import Delivered, RecipientRefused, RetryLater, TargetGone
from bot.storage.jobs import Delivery

DELIVERY = Delivery(
    delivery_id=1,
    job_id=2,
    kind="test",
    user_id=3,
    guild_id=None,
    payload={},
    due_at=datetime(2026, 11, 22, tzinfo=UTC),
    attempts=0,
)


def scheduling(lantern: Lantern) -> Any:
    # The cog class as the bot loaded it: load_extension runs the module afresh.
    return lantern.get_cog("Scheduling")


GONE = TargetGone("Lantern is no longer allowed to post there")


def http_error(kind: type[discord.HTTPException], status: int, code: int) -> discord.HTTPException:
    response = SimpleNamespace(status=status, reason="")
    return kind(response, {"code": code, "message": "nope"})


@pytest.mark.parametrize(
    ("raised", "outcome"),
    [
        (None, Delivered()),
        (http_error(discord.Forbidden, 403, 50007), RecipientRefused()),
        (http_error(discord.Forbidden, 403, 50013), GONE),
        (http_error(discord.NotFound, 404, 10003), TargetGone("the channel was deleted")),
        (http_error(discord.HTTPException, 429, 0), RetryLater()),
        (http_error(discord.DiscordServerError, 502, 0), RetryLater()),
        (http_error(discord.HTTPException, 400, 50035), RetryLater()),
        (aiohttp.ClientConnectionError("reset"), RetryLater()),
    ],
)
async def test_discord_answers_become_scheduler_outcomes(
    lantern: Lantern, raised: Exception | None, outcome: object
) -> None:
    async def handler(delivery: Delivery) -> None:
        assert delivery is DELIVERY
        if raised is not None:
            raise raised

    cog = scheduling(lantern)
    cog.handle("test", handler)
    assert await cog.deliver(DELIVERY) == outcome


async def test_a_kind_without_a_handler_is_kept_for_later(lantern: Lantern) -> None:
    assert await scheduling(lantern).deliver(DELIVERY) == RetryLater()
