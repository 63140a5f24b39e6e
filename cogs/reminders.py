"""/reminders: a coping strategy by DM at a local time, on chosen days, with Snooze and Stop.

Reminders are jobs of kind "reminder" in the one scheduler. The payload holds the category asked
for, the member's DM channel and the strategy last sent (so the next one differs); a snoozed copy
also names the reminder it came from and the strategy it repeats. The DM's buttons are
DynamicItems whose custom ids carry the reminder's id, so they work days later, after restarts.
"""

from __future__ import annotations

import logging
import random
import re
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import Lantern
from bot.coping import Category, pick, strategy_card
from bot.embeds import LANTERN_COLOUR
from bot.errors import UserFacingError
from bot.scheduling.parsing import describe_days, parse_days, parse_time_of_day
from bot.scheduling.recurrence import Recurrence, explain, next_adjustment, next_run
from bot.storage.jobs import Delivery, Job, JsonObject, PauseNotice
from bot.timezones import canonical_timezone
from bot.ui import LanternModal, reports_errors, send_private, timezone_choices
from cogs.coping import CATEGORY_CHOICES, category_from, coping_embed
from cogs.scheduling import scheduling

log = logging.getLogger(__name__)

REMINDER = "reminder"
MAX_REMINDERS = 10
SNOOZE = timedelta(hours=1)
DAY_SUGGESTIONS = ("every day", "weekdays", "weekends", "mon, wed, fri")
REMINDER_GREETING = "Here's your reminder: a small moment for yourself. 🌱"
SNOOZED_GREETING = "Here's the one you snoozed, whenever you're ready. 🌱"
NOT_YOURS = "I couldn't find that reminder among yours. Please pick one from the list."
STOPPED = (
    "These reminders were stopped, so there's nothing to snooze. `/reminders add` starts new ones."
)
# Every kind of DM the scheduler pauses when DMs are refused: what members call it and how they
# get it back. One listener tells them about all kinds, so a notice is never taken unsaid.
PAUSED_KINDS = {
    REMINDER: ("your coping reminders", "`/reminders resume` brings them back"),
    "checkin_prompt": ("your daily check-in prompt", "`/settings checkin-prompt` turns it back on"),
}
OTHER_PAUSED_KIND = ("other scheduled messages", "the command that set them up turns them back on")

Handler = Callable[[Delivery], Awaitable[None]]


def first_run_note(recurrence: Recurrence, now: datetime) -> str:
    """When the first run comes and, if daylight saving moves or merges the time, how."""
    first = next_run(recurrence, now)
    note = f"The first one comes <t:{int(first.timestamp())}:R>."
    adjustment = next_adjustment(recurrence, now)
    explained = explain(adjustment, recurrence.timezone) if adjustment else None
    return f"{note} {explained}" if explained else note


def describe_reminder(job: Job) -> str:
    """A reminder in a few words, e.g. "08:30 Europe/Berlin · weekdays · breathing"."""
    recurrence = job.recurrence
    assert recurrence is not None
    category = category_from(job.payload.get("category"))
    kind = category.label if category else "any kind"
    text = (
        f"{recurrence.at:%H:%M} {recurrence.timezone} · {describe_days(recurrence.days)} · {kind}"
    )
    return f"{text} (paused)" if job.paused else text


def pause_notice_text(notices: list[PauseNotice]) -> str:
    kinds = dict.fromkeys(PAUSED_KINDS.get(notice.kind, OTHER_PAUSED_KIND) for notice in notices)
    steps = "\n".join(f"• {name}: {how}" for name, how in kinds)
    return (
        "A quick note: I couldn't reach you by DM a few times in a row, so I paused some "
        "messages. Once DMs from this server are allowed again (Privacy Settings):\n" + steps
    )


class Reminders(commands.Cog):
    reminders = app_commands.Group(
        name="reminders", description="A coping strategy by DM at a time you choose"
    )

    def __init__(self, bot: Lantern) -> None:
        self.bot = bot
        # Variety, not secrecy: which strategy comes next needs no cryptographic randomness.
        self.rng = random.Random()  # noqa: S311

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(SnoozeButton, StopButton)
        scheduling(self.bot).handle(REMINDER, self.deliver_reminder)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(SnoozeButton, StopButton)

    # --- delivery ------------------------------------------------------------------------

    async def deliver_reminder(self, delivery: Delivery) -> None:
        """Send the DM; Discord's errors go up to the Scheduling cog, which decides what next."""
        payload = delivery.payload
        assert delivery.user_id is not None
        reminder_id = int(payload.get("reminder_id", delivery.job_id))
        snoozed = self.bot.content.coping.by_id(payload.get("snoozed_strategy", ""))
        strategy = snoozed or pick(
            self.bot.content.coping.strategies,
            category_from(payload.get("category")),
            payload.get("last"),
            await self.bot.storage.coping.favourites(delivery.user_id),
            rng=self.rng,
        )
        assert strategy is not None  # every category holds a strategy
        channel = self.bot.get_partial_messageable(
            int(payload["dm_channel_id"]), type=discord.ChannelType.private
        )
        await channel.send(
            SNOOZED_GREETING if snoozed else REMINDER_GREETING,
            embed=coping_embed(strategy_card(strategy)),
            view=reminder_view(reminder_id, strategy.id),
        )
        if snoozed is None:
            await self.bot.storage.jobs.set_payload(reminder_id, payload | {"last": strategy.id})

    # --- commands ------------------------------------------------------------------------

    @reminders.command(name="add", description="Get a coping strategy by DM at a time each day")
    @app_commands.describe(
        time="Your local time, like 08:30 or 8pm",
        timezone="Where you are; leave it out to use your /settings timezone",
        category="The kind of strategy; leave it out for any",
        days="every day (the default), weekdays, weekends, or days like mon, wed, fri",
    )
    @app_commands.choices(category=CATEGORY_CHOICES)
    async def add(
        self,
        interaction: discord.Interaction[Any],
        time: str,
        timezone: str | None = None,
        category: app_commands.Choice[str] | None = None,
        days: str | None = None,
    ) -> None:
        await self.add_reminder(
            interaction, time, timezone, category_from(category.value if category else None), days
        )

    @add.autocomplete("timezone")
    async def add_timezone_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        return timezone_choices(self.bot.clock.now(), current)

    @add.autocomplete("days")
    async def add_days_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        typed = current.strip()
        suggestions = [s for s in DAY_SUGGESTIONS if s.startswith(typed.lower())]
        if typed and typed.lower() not in suggestions:
            suggestions.insert(0, typed[:100])
        return [app_commands.Choice(name=s, value=s) for s in suggestions]

    async def add_reminder(
        self,
        interaction: discord.Interaction[Any],
        time_text: str,
        timezone_text: str | None,
        category: Category | None,
        days_text: str | None,
    ) -> None:
        """Check everything typed, then save the reminder and say when it first comes."""
        at = parse_time_of_day(time_text)
        days = parse_days(days_text) if days_text and days_text.strip() else parse_days("every day")
        user_id = interaction.user.id
        zone = (
            canonical_timezone(timezone_text)
            if timezone_text and timezone_text.strip()
            else (await self.bot.storage.members.get(user_id)).timezone
        )
        if len(await self.own_reminders(user_id)) >= MAX_REMINDERS:
            raise UserFacingError(
                f"You already have {MAX_REMINDERS} reminders, which is as many as I keep. "
                "`/reminders remove` makes room for a new one."
            )
        # Opening the DM channel is a call to Discord; answer the interaction first.
        await interaction.response.defer(ephemeral=True, thinking=True)
        dm = interaction.user.dm_channel or await interaction.user.create_dm()
        recurrence = Recurrence(at, zone, days)
        now = self.bot.clock.now()
        payload: JsonObject = {
            "category": category.value if category else None,
            "dm_channel_id": dm.id,
        }
        job = await self.bot.storage.jobs.add_recurring(
            REMINDER, recurrence, now, user_id=user_id, payload=payload
        )
        log.info("reminder %s added", job.job_id)
        await interaction.edit_original_response(
            content=f"Done: I'll DM you a coping strategy at {at:%H:%M} ({zone}), "
            f"{describe_days(days)}. {first_run_note(recurrence, now)}\n"
            "Each one has Snooze and Stop buttons, and `/reminders list` shows them all.",
        )

    async def open_reminder_form(
        self, interaction: discord.Interaction[Any], category: Category | None
    ) -> None:
        """The Remind me daily button's form, starting from the member's own timezone."""
        zone = (await self.bot.storage.members.get(interaction.user.id)).timezone
        await interaction.response.send_modal(ReminderModal(self, category, zone))

    @reminders.command(name="list", description="Your reminders and when each comes next")
    async def list_reminders(self, interaction: discord.Interaction[Any]) -> None:
        jobs = await self.own_reminders(interaction.user.id)
        if not jobs:
            await send_private(
                interaction,
                "You have no reminders yet. `/reminders add time:08:30` sets one up.",
            )
            return
        lines = [
            f"**{number}.** {describe_reminder(job)}"
            + ("" if job.paused or job.next_run_at is None else _next_at(job.next_run_at))
            for number, job in enumerate(jobs, 1)
        ]
        embed = discord.Embed(
            title="Your reminders", description="\n".join(lines), colour=LANTERN_COLOUR
        )
        await send_private(interaction, embed=embed)

    @reminders.command(name="pause", description="Pause one of your reminders for now")
    @app_commands.describe(reminder="Which reminder")
    async def pause(self, interaction: discord.Interaction[Any], reminder: int) -> None:
        job = await self.own_reminder(interaction.user.id, reminder)
        if job.paused:
            await send_private(interaction, "That one is already paused.")
            return
        await self.bot.storage.jobs.pause(job.job_id)
        await send_private(
            interaction,
            f"Paused: {describe_reminder(job)}. `/reminders resume` brings it back.",
        )

    @reminders.command(name="resume", description="Switch a paused reminder back on")
    @app_commands.describe(reminder="Which reminder")
    async def resume(self, interaction: discord.Interaction[Any], reminder: int) -> None:
        job = await self.own_reminder(interaction.user.id, reminder)
        if not job.paused and job.disabled_reason is None:
            await send_private(interaction, "That one is already on.")
            return
        now = self.bot.clock.now()
        await self.bot.storage.jobs.resume(job.job_id, now)
        resumed = await self.own_reminder(interaction.user.id, job.job_id)
        next_at = _next_at(resumed.next_run_at) if resumed.next_run_at else ""
        await send_private(interaction, f"Back on: {describe_reminder(resumed)}{next_at}.")

    @reminders.command(name="remove", description="Delete one of your reminders")
    @app_commands.describe(reminder="Which reminder")
    async def remove(self, interaction: discord.Interaction[Any], reminder: int) -> None:
        job = await self.own_reminder(interaction.user.id, reminder)
        await self.stop_reminder(interaction.user.id, job.job_id)
        await send_private(interaction, f"Removed: {describe_reminder(job)}.")

    @pause.autocomplete("reminder")
    @resume.autocomplete("reminder")
    @remove.autocomplete("reminder")
    async def reminder_autocomplete(
        self, interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[int]]:
        typed = current.strip().casefold()
        return [
            app_commands.Choice(name=f"{number}. {describe_reminder(job)}", value=job.job_id)
            for number, job in enumerate(await self.own_reminders(interaction.user.id), 1)
            if typed in f"{number}. {describe_reminder(job)}".casefold()
        ][:25]

    # --- ownership -----------------------------------------------------------------------

    async def own_reminders(self, user_id: int) -> list[Job]:
        """The member's repeating reminders (snoozed one-off copies are not listed)."""
        jobs = await self.bot.storage.jobs.list_for_member(user_id)
        return [job for job in jobs if job.kind == REMINDER and job.recurrence is not None]

    async def own_reminder(self, user_id: int, job_id: int) -> Job:
        """The reminder, checked to be this member's; autocomplete values can be typed freely."""
        job = await self.bot.storage.jobs.get(job_id)
        if job is None or job.kind != REMINDER or job.user_id != user_id or job.recurrence is None:
            raise UserFacingError(NOT_YOURS)
        return job

    async def stop_reminder(self, user_id: int, reminder_id: int) -> bool:
        """Remove the reminder and any snoozed copy of it; False if it was already gone."""
        jobs = self.bot.storage.jobs
        for job in await jobs.list_for_member(user_id):
            if job.kind == REMINDER and job.payload.get("reminder_id") == reminder_id:
                await jobs.remove(job.job_id)
        return await jobs.remove(reminder_id)

    # --- telling members their reminders were paused --------------------------------------

    @commands.Cog.listener()
    async def on_app_command_completion(
        self,
        interaction: discord.Interaction[Any],
        command: app_commands.Command[Any, ..., Any] | app_commands.ContextMenu,
    ) -> None:
        # A followup needs a message (or a deferral) to follow; a modal answer has none.
        if interaction.response.type not in {
            discord.InteractionResponseType.channel_message,
            discord.InteractionResponseType.deferred_channel_message,
        }:
            return
        notices = await self.bot.storage.jobs.take_pause_notices(interaction.user.id)
        if notices:
            log.info("told a member their scheduled DMs were paused")
            await interaction.followup.send(pause_notice_text(notices), ephemeral=True)


def _next_at(moment: datetime) -> str:
    return f" · next <t:{int(moment.timestamp())}:R>"


def reminders_cog(client: discord.Client) -> Reminders:
    cog = client.get_cog("Reminders") if isinstance(client, commands.Bot) else None
    assert isinstance(cog, Reminders)
    return cog


def reminder_view(reminder_id: int, strategy_id: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(SnoozeButton(reminder_id, strategy_id))
    view.add_item(StopButton(reminder_id))
    return view


class ReminderModal(LanternModal, title="A daily coping reminder"):
    def __init__(self, cog: Reminders, category: Category | None, timezone: str) -> None:
        super().__init__()
        self.cog = cog
        self.category = category
        self.time: discord.ui.TextInput[ReminderModal] = discord.ui.TextInput(
            label="What time?", placeholder="e.g. 08:30, 8am or 9:15 pm", max_length=20
        )
        self.timezone: discord.ui.TextInput[ReminderModal] = discord.ui.TextInput(
            label="Your timezone", default=timezone, max_length=60
        )
        self.days: discord.ui.TextInput[ReminderModal] = discord.ui.TextInput(
            label="Which days?",
            default="every day",
            placeholder="every day, weekdays, weekends, or mon, wed, fri",
            max_length=60,
        )
        for field in (self.time, self.timezone, self.days):
            self.add_item(field)

    async def on_submit(self, interaction: discord.Interaction[Any], /) -> None:
        await self.cog.add_reminder(
            interaction, self.time.value, self.timezone.value, self.category, self.days.value
        )


class SnoozeButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"reminder:snooze:(?P<reminder_id>\d+):(?P<strategy>[a-z0-9-]+)",
):
    """Send this strategy again in an hour, once; the reminder's own times stay as they were."""

    def __init__(self, reminder_id: int, strategy_id: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="Snooze 1 h",
                emoji="⏰",
                style=discord.ButtonStyle.secondary,
                custom_id=f"reminder:snooze:{reminder_id}:{strategy_id}",
            )
        )
        self.reminder_id = reminder_id
        self.strategy_id = strategy_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> SnoozeButton:
        return cls(int(match["reminder_id"]), match["strategy"])

    @reports_errors
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        cog = reminders_cog(interaction.client)
        jobs = cog.bot.storage.jobs
        if await jobs.get(self.reminder_id) is None:
            raise UserFacingError(STOPPED)
        job = await cog.own_reminder(interaction.user.id, self.reminder_id)
        now = cog.bot.clock.now()
        copy = await jobs.snooze(job.job_id, now, SNOOZE)
        if copy is None:
            raise UserFacingError(STOPPED)
        await jobs.set_payload(
            copy.job_id,
            copy.payload | {"reminder_id": job.job_id, "snoozed_strategy": self.strategy_id},
        )
        log.info("reminder %s snoozed", job.job_id)
        await send_private(
            interaction,
            f"Okay, I'll send this one again <t:{int((now + SNOOZE).timestamp())}:R>. "
            "Your usual reminder times stay the same.",
        )


class StopButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"reminder:stop:(?P<reminder_id>\d+)",
):
    """Stop this reminder for good (it can be set up again any time)."""

    def __init__(self, reminder_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Stop these",
                style=discord.ButtonStyle.secondary,
                custom_id=f"reminder:stop:{reminder_id}",
            )
        )
        self.reminder_id = reminder_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> StopButton:
        return cls(int(match["reminder_id"]))

    @reports_errors
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        cog = reminders_cog(interaction.client)
        job = await cog.bot.storage.jobs.get(self.reminder_id)
        if job is None:
            await send_private(interaction, "These reminders are already stopped.")
            return
        # The id is in the button; only the member it was sent to may stop it.
        if job.user_id != interaction.user.id or job.kind != REMINDER:
            raise UserFacingError(NOT_YOURS)
        await cog.stop_reminder(interaction.user.id, job.job_id)
        log.info("reminder %s stopped from its DM", job.job_id)
        await send_private(
            interaction,
            "Done: these reminders have stopped. Take care, and `/reminders add` sets up new "
            "ones whenever you like.",
        )


async def setup(bot: Lantern) -> None:
    await bot.add_cog(Reminders(bot))
