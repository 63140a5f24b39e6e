"""Delivers the crisis outbox: moderator alerts and in-channel support buttons, never lost.

Everything waiting is read from storage, grouped per channel (`bot.crisis.outbox.batches`), sent,
and deleted only once Discord accepted it; a failure is retried with a growing delay for as long
as it takes. Channels are served side by side, so a slow or broken one holds up no other.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from datetime import timedelta
from typing import TYPE_CHECKING

import discord

from bot.crisis.outbox import AlertItem, NudgeItem, Pending, batches, lateness, retry_delay
from bot.crisis.policy import Reply
from bot.crisis.reply import IN_CHANNEL_NUDGE
from bot.loops import ResilientLoop

if TYPE_CHECKING:
    from datetime import datetime

    from bot.client import Lantern
    from cogs.crisis import Crisis

log = logging.getLogger(__name__)

IDLE_CHECK = timedelta(seconds=30)
SHORTEST_WAIT = timedelta(milliseconds=50)
GROUPED_NUDGE = (
    "I have some support info for a few of you. Tap the button below; only you will see it."
)


class ChannelGoneError(LookupError):
    def __str__(self) -> str:
        return "Lantern can't find that channel (deleted, or no View Channel)"


class CrisisDelivery:
    def __init__(self, cog: Crisis) -> None:
        self.cog = cog
        self.bot: Lantern = cog.bot
        self.loop = ResilientLoop(
            "Moderator alerts and support buttons",
            self._round,
            every=IDLE_CHECK,
            clock=self.bot.clock,
            before_first=self.bot.wait_until_ready,
        )
        # Sent, but the database failed to note it: noted first next round, never sent twice.
        self._sent_unnoted: set[int] = set()

    def start(self) -> None:
        self.loop.start()

    async def stop(self) -> None:
        await self.loop.stop()

    def wake(self) -> None:
        self.loop.wake()

    async def _round(self) -> timedelta:
        """Deliver what is due; wait until the next item is due (or a new one wakes us)."""
        await self.deliver_due()
        due = await self.bot.storage.crisis.outbox_next_due()
        if due is None:
            return IDLE_CHECK
        return min(max(due - self.bot.clock.now(), SHORTEST_WAIT), IDLE_CHECK)

    async def deliver_due(self) -> int:
        """Send everything due now; return how many items Discord accepted."""
        await self._note_sent()
        now = self.bot.clock.now()
        due = await self.bot.storage.crisis.outbox_due(now)
        by_channel: dict[int, list[list[Pending]]] = {}
        for batch in batches(due):
            by_channel.setdefault(batch[0].channel_id, []).append(batch)
        sent = await asyncio.gather(*(self._serve(runs, now) for runs in by_channel.values()))
        await self._note_sent()
        return sum(sent)

    async def _note_sent(self) -> None:
        if self._sent_unnoted:
            await self.bot.storage.crisis.outbox_delivered(sorted(self._sent_unnoted))
            self._sent_unnoted.clear()

    async def _serve(self, runs: list[list[Pending]], now: datetime) -> int:
        """One channel's batches, in order; a failure leaves the rest for the next round."""
        sent = 0
        for batch in runs:
            try:
                await self._send(batch, now)
            except Exception as error:
                delay = retry_delay(max(p.attempts for p in batch) + 1)
                log.warning(
                    "crisis delivery to channel %s failed, retrying in %s: %s",
                    batch[0].channel_id,
                    delay,
                    error,
                )
                await self.bot.storage.crisis.outbox_retry(
                    [p.id for p in batch], now + delay, _plain_error(error)
                )
                return sent
            self._sent_unnoted.update(p.id for p in batch)
            sent += len(batch)
        return sent

    async def _send(self, batch: list[Pending], now: datetime) -> None:
        channel = self.bot.get_channel(batch[0].channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            raise ChannelGoneError
        alerts = [p for p in batch if isinstance(p.item, AlertItem)]
        if alerts:
            await self._send_alerts(channel, alerts, now)
        else:
            await self._send_nudges(channel, batch)

    async def _send_alerts(
        self, channel: discord.abc.Messageable, alerts: list[Pending], now: datetime
    ) -> None:
        items = [p.item for p in alerts if isinstance(p.item, AlertItem)]
        late = lateness(min(p.created_at for p in alerts), now)
        embed, view = self.cog.alert_message(items, late)
        sent = await channel.send(embed=embed, view=view, nonce=_nonce(alerts))
        settings = await self.cog.settings_for(alerts[0].guild_id)
        reping_at = now + settings.reping_after if settings.reping_after else None
        for item in items:
            await self.bot.storage.crisis.alert_posted(item.alert_id, sent.id, reping_at)

    async def _send_nudges(self, channel: discord.abc.Messageable, nudges: list[Pending]) -> None:
        guild = getattr(channel, "guild", None)
        first = nudges[0].item
        assert isinstance(first, NudgeItem)
        if len(nudges) == 1:
            view = self.cog.support_view(
                first.user_id, first.event_id, guild, Reply(first.card), first.language
            )
            reference = discord.MessageReference(
                message_id=first.reply_to, channel_id=nudges[0].channel_id, fail_if_not_exists=False
            )
            await channel.send(
                IN_CHANNEL_NUDGE,
                view=view,
                reference=reference,
                mention_author=False,
                nonce=_nonce(nudges),
            )
            return
        # Many at once: one message whose button gives whoever taps it their own card.
        view = self.cog.support_view(0, 0, guild, Reply.CRISIS, None)
        await channel.send(GROUPED_NUDGE, view=view, nonce=_nonce(nudges))


def _nonce(batch: list[Pending]) -> str:
    """The same for every try of the same batch, so Discord can tell a retry from a new message;
    a batch that gained items since is a new message."""
    ids = "crisis-outbox:" + ",".join(str(p.id) for p in batch)
    return hashlib.blake2b(ids.encode(), digest_size=12).hexdigest()


def _plain_error(error: Exception) -> str:
    if isinstance(error, discord.Forbidden):
        return "Lantern is missing a permission there (View Channel, Send Messages, Embed Links)"
    if isinstance(error, discord.HTTPException):
        return f"Discord answered {error.status}"
    return str(error) or type(error).__name__
