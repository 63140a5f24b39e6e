"""/coping-post end to end: a daily strategy in a channel, rotating, themed, and switched off
(and shown in /config show) when its channel goes away."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.client import Lantern
from bot.clock import FakeClock
from bot.loopback import (
    ChannelHandle,
    CommandUnavailableError,
    GuildHandle,
    InteractionHandle,
    LoopbackDiscord,
    Person,
)
from bot.loopback.state import JSON
from bot.scheduling.scheduler import Scheduler
from bot.storage.jobs import Job

# The test-driven scheduler fixture (until it moves to tests/conftest.py).


async def set_up(admin: Person, channel: ChannelHandle, **options: Any) -> InteractionHandle:
    answer = await admin.slash(
        "coping-post", "setup", channel=channel, **({"time": "13:00", "timezone": "UTC"} | options)
    )
    assert answer.ephemeral
    return answer


async def the_post(lantern: Lantern, guild: GuildHandle) -> Job:
    [job] = await lantern.storage.jobs.list_for_guild(guild.id)
    return job


async def config_lines(admin: Person) -> str:
    answer = await admin.slash("config", "show")
    [embed] = answer.embeds
    fields: list[JSON] = embed["fields"]
    return next(str(f["value"]) for f in fields if f["name"] == "Daily coping post")


async def test_a_strategy_is_posted_each_day_without_repeats(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    clock: FakeClock,
    scheduler: Scheduler,
    guild: GuildHandle,
    admin: Person,
) -> None:
    general = guild.channel("general")
    answer = await set_up(admin, general, time="1pm", timezone="utc")
    assert answer.content.startswith(
        f"Done: I'll post a coping strategy in {general.mention} every day at 13:00 (UTC)."
    )
    assert f"{general.mention} at 13:00 (UTC)" in await config_lines(admin)

    titles = []
    clock.advance(timedelta(hours=1))
    for _ in range(6):
        await scheduler.run_due()
        post = await loopback.next_message(general)
        [embed] = post.embeds
        titles.append(embed["title"])
        clock.advance(timedelta(days=1))
    assert len(set(titles)) == len(titles)
    job = await the_post(lantern, guild)
    strategies = {s.id: s.title for s in lantern.content.coping.strategies}
    assert [strategies[strategy_id] for strategy_id in job.payload["cycle"]] == titles


async def test_an_awareness_day_gets_a_themed_post(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    clock: FakeClock,
    scheduler: Scheduler,
    guild: GuildHandle,
    admin: Person,
) -> None:
    clock.advance(datetime(2027, 3, 19, 8, tzinfo=UTC) - clock.now())  # World Sleep Day
    general = guild.channel("general")
    await set_up(admin, general, time="09:00", timezone="Europe/London")
    clock.advance(timedelta(hours=1))
    await scheduler.run_due()
    [embed] = (await loopback.next_message(general)).embeds
    assert str(embed["description"]).startswith("It's World Sleep Day.")
    assert str(embed["footer"]["text"]).startswith("Sleep")


async def test_a_deleted_channel_switches_the_post_off_and_config_show_says_so(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    clock: FakeClock,
    scheduler: Scheduler,
    guild: GuildHandle,
    admin: Person,
) -> None:
    checkins = guild.channel("checkins")
    await set_up(admin, checkins)
    await checkins.delete()
    assert "The daily post's channel was deleted" in await config_lines(admin)

    clock.advance(timedelta(hours=1))
    assert (await scheduler.run_due()).target_gone == 1
    assert (await the_post(lantern, guild)).disabled_reason == "the channel was deleted"
    assert "The daily post has stopped: the channel was deleted." in await config_lines(admin)
    clock.advance(timedelta(days=1))
    assert (await scheduler.run_due()).target_gone == 0

    # Setting it up again in a live channel brings it back.
    general = guild.channel("general")
    await set_up(admin, general, time="14:00")
    clock.advance(timedelta(hours=1))
    await scheduler.run_due()
    await loopback.next_message(general)
    assert "⚠️" not in await config_lines(admin)


async def test_losing_permission_to_post_switches_the_post_off(
    lantern: Lantern,
    clock: FakeClock,
    scheduler: Scheduler,
    guild: GuildHandle,
    admin: Person,
) -> None:
    general = guild.channel("general")
    await set_up(admin, general)
    await general.forbid_bot("send_messages")
    clock.advance(timedelta(hours=1))
    await scheduler.run_due()
    job = await the_post(lantern, guild)
    assert job.disabled_reason == "Lantern is no longer allowed to post there"
    lines = await config_lines(admin)
    assert "The daily post has stopped: Lantern is no longer allowed to post there." in lines


async def test_setup_refuses_a_channel_lantern_cannot_post_in(
    lantern: Lantern, guild: GuildHandle, admin: Person
) -> None:
    general = guild.channel("general")
    await general.forbid_bot("embed_links")
    answer = await admin.slash(
        "coping-post", "setup", channel=general, time="09:00", timezone="UTC"
    )
    assert "I'm missing Embed Links there" in answer.content
    assert await lantern.storage.jobs.list_for_guild(guild.id) == []


async def test_setting_up_again_moves_the_post_and_keeps_the_rotation(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    clock: FakeClock,
    scheduler: Scheduler,
    guild: GuildHandle,
    admin: Person,
) -> None:
    await set_up(admin, guild.channel("general"))
    clock.advance(timedelta(hours=1))
    await scheduler.run_due()
    await loopback.next_message(guild.channel("general"))
    cycle = (await the_post(lantern, guild)).payload["cycle"]

    await set_up(admin, guild.channel("checkins"), time="08:30", timezone="America/New_York")
    job = await the_post(lantern, guild)
    assert job.payload["cycle"] == cycle
    assert job.payload["channel_id"] == guild.channel("checkins").id


async def test_disable_stops_the_post(lantern: Lantern, guild: GuildHandle, admin: Person) -> None:
    off = await admin.slash("coping-post", "disable")
    assert off.content == "The daily post is already off."
    await set_up(admin, guild.channel("general"))
    done = await admin.slash("coping-post", "disable")
    assert done.content.startswith("Done: no more daily posts.")
    assert await lantern.storage.jobs.list_for_guild(guild.id) == []
    assert "off (`/coping-post setup`)" in await config_lines(admin)


async def test_only_server_managers_can_set_up_the_post(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, alice: Person
) -> None:
    with pytest.raises(CommandUnavailableError):
        await alice.slash("coping-post", "disable")
    loopback.allow_everyone_to_use(guild, "coping-post")
    answer = await alice.slash(
        "coping-post", "setup", channel=guild.channel("general"), time="09:00", timezone="UTC"
    )
    assert "Manage Server" in answer.content
    assert await lantern.storage.jobs.list_for_guild(guild.id) == []


async def test_the_timezone_option_is_autocompleted(lantern: Lantern, admin: Person) -> None:
    choices = await admin.autocomplete(
        "coping-post", "setup", focused="timezone", time="09:00", timezone="london"
    )
    assert choices[0] == {"name": "Europe/London (now 12:00)", "value": "Europe/London"}
