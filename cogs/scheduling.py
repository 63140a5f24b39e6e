"""The one scheduler for everything timed; features tell it how to deliver their kinds of job.

Delivery handlers just send. Turning Discord's answers into what the scheduler should do next
(closed DMs, a deleted channel, a rate limit) happens here, once for every feature.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import cast

import aiohttp
import discord
from discord.ext import commands

from bot.client import Lantern
from bot.loops import ResilientLoop
from bot.scheduling.scheduler import (
    Delivered,
    DeliveryOutcome,
    RecipientRefused,
    RetryLater,
    Scheduler,
    SchedulerSettings,
    TargetGone,
)
from bot.storage.jobs import Delivery

log = logging.getLogger(__name__)

DM_CLOSED = 50007
Handler = Callable[[Delivery], Awaitable[None]]


class Scheduling(commands.Cog):
    def __init__(self, bot: Lantern) -> None:
        self.bot = bot
        self._handlers: dict[str, Handler] = {}
        settings = SchedulerSettings(
            grace=timedelta(minutes=bot.settings.schedule_grace_minutes),
            messages_per_second=bot.settings.deliveries_per_second,
        )
        self.scheduler = Scheduler(bot.storage.jobs, self.deliver, bot.clock, settings=settings)
        self._starting: asyncio.Task[None] | None = None

    def handle(self, kind: str, handler: Handler) -> None:
        """Deliver jobs of `kind` with `handler` (called from the feature's cog_load)."""
        self._handlers[kind] = handler

    async def cog_load(self) -> None:
        self._starting = asyncio.create_task(self._start_when_ready())

    async def _start_when_ready(self) -> None:
        await self.bot.wait_until_ready()
        self.scheduler.start()

    async def cog_unload(self) -> None:
        if self._starting is not None:
            self._starting.cancel()
        await self.scheduler.stop()

    def background_loops(self) -> list[ResilientLoop]:
        return [self.scheduler.loop]

    async def deliver(self, delivery: Delivery) -> DeliveryOutcome:
        handler = self._handlers.get(delivery.kind)
        if handler is None:
            log.warning(
                "no handler for scheduled %s jobs; trying job %s later",
                delivery.kind,
                delivery.job_id,
            )
            return RetryLater()
        try:
            await handler(delivery)
        except discord.Forbidden as error:
            if error.code == DM_CLOSED:
                return RecipientRefused()
            return TargetGone("Lantern is no longer allowed to post there")
        except discord.NotFound:
            return TargetGone("the channel was deleted")
        except discord.HTTPException as error:
            if error.status != 429 and error.status < 500:
                # A body Discord refuses is our bug: log it; retries give up after a few tries.
                log.exception(
                    "Discord refused scheduled job %s (%s)", delivery.job_id, delivery.kind
                )
            return RetryLater()
        except (aiohttp.ClientError, OSError, TimeoutError):
            return RetryLater()
        return Delivered()


def scheduling(bot: commands.Bot) -> Scheduling:
    """The Scheduling cog; features register their job kinds with it in cog_load."""
    # load_extension runs each module afresh, so the cog is found by name, not by class.
    cog = bot.get_cog("Scheduling")
    if cog is None:
        raise RuntimeError("cogs.scheduling must be loaded before timed features")
    return cast(Scheduling, cog)


async def setup(bot: Lantern) -> None:
    await bot.add_cog(Scheduling(bot))
