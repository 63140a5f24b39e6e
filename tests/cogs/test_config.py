import asyncio
from datetime import timedelta
from typing import TYPE_CHECKING, cast

import pytest
from discord import app_commands

from bot.admin import AdminGroup
from bot.client import Lantern
from bot.clock import FakeClock
from bot.loopback import CommandUnavailableError, GuildHandle, LoopbackDiscord, Person
from bot.loopback.state import visible_text
from bot.loops import ResilientLoop, RunsLoops
from bot.storage import GuildConfig
from bot.storage.faults import WriteLockHeld

if TYPE_CHECKING:
    from cogs.crisis import Crisis
    from cogs.guilds import Guilds


def embed_text(embed: dict[str, object]) -> str:
    fields = embed.get("fields") or []
    assert isinstance(fields, list)
    parts = [str(embed.get("description") or "")]
    parts += [f"{field['name']}\n{field['value']}" for field in fields]
    return "\n".join(parts)


async def test_show_lists_every_setting_including_what_is_not_set(
    lantern: Lantern, admin: Person
) -> None:
    answer = await admin.slash("config", "show")
    assert answer.ephemeral
    (embed,) = answer.embeds
    text = embed_text(embed)
    assert "Country for support lines: *not set" in text
    assert "Support channel: *not set" in text
    assert "Crisis replies" in text
    assert "Moderator alerts: *off" in text


async def test_admin_sets_the_country_with_autocomplete(
    lantern: Lantern, admin: Person, guild: GuildHandle
) -> None:
    choices = await admin.autocomplete("config", "country", focused="country", country="germ")
    assert {"name": "Germany (DE)", "value": "DE"} in choices
    answer = await admin.slash("config", "country", country="DE")
    assert answer.ephemeral
    assert answer.content == "Done: support lines now default to Germany."
    assert (await lantern.storage.guilds.get(guild.id)).country == "DE"
    shown = embed_text((await admin.slash("config", "show")).embeds[0])
    assert "Country for support lines: Germany (DE)" in shown


async def test_an_unknown_country_is_refused_kindly_and_nothing_changes(
    lantern: Lantern, admin: Person, guild: GuildHandle
) -> None:
    answer = await admin.slash("config", "country", country="Narnia")
    assert answer.ephemeral
    assert "I don't know a country by that name" in answer.content
    assert "pick one from the list" in answer.content
    assert await lantern.storage.guilds.get(guild.id) == GuildConfig(guild.id)


async def test_admins_can_type_a_countrys_name_in_every_command_that_takes_one(
    lantern: Lantern, admin: Person, guild: GuildHandle
) -> None:
    answer = await admin.slash("config", "country", country="Deutschland")
    assert answer.content == "Done: support lines now default to Germany."
    assert (await lantern.storage.guilds.get(guild.id)).country == "DE"
    await admin.slash("crisis", "setup", country="the UK")
    assert (await lantern.storage.guilds.get(guild.id)).country == "GB"
    choices = await admin.autocomplete("crisis", "setup", focused="country", country="holland")
    assert choices[0] == {"name": "Netherlands (NL)", "value": "NL"}


async def test_a_country_without_lines_is_refused_with_the_reason(
    lantern: Lantern, admin: Person, guild: GuildHandle
) -> None:
    answer = await admin.slash("config", "country", country="Chad")
    assert answer.ephemeral
    assert "I don't have support lines for Chad yet" in answer.content
    assert "international directories" in answer.content
    assert await lantern.storage.guilds.get(guild.id) == GuildConfig(guild.id)


async def test_support_channel_is_checked_before_it_is_accepted(
    lantern: Lantern, admin: Person, guild: GuildHandle
) -> None:
    closed = guild.channel("mods")
    await closed.forbid_bot("SEND_MESSAGES")
    refused = await admin.slash("config", "support-channel", channel=closed)
    assert refused.ephemeral
    assert "I can't post in" in refused.content
    assert "Send Messages" in refused.content
    assert (await lantern.storage.guilds.get(guild.id)).support_channel_id is None

    accepted = await admin.slash("config", "support-channel", channel=guild.channel("general"))
    assert accepted.content.startswith("Done:")
    assert (await lantern.storage.guilds.get(guild.id)).support_channel_id == guild.channel(
        "general"
    ).id


async def test_a_support_channel_members_cannot_see_is_refused(
    lantern: Lantern, admin: Person, guild: GuildHandle
) -> None:
    mods = guild.channel("mods")  # only moderators can open it
    refused = await admin.slash("config", "support-channel", channel=mods)
    assert refused.ephemeral
    assert f"Members can't open {mods.mention}" in refused.content
    assert "everyone can see" in refused.content
    assert (await lantern.storage.guilds.get(guild.id)).support_channel_id is None


async def test_a_support_channel_hidden_later_is_not_named_to_who_cannot_see_it(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    admin: Person,
    alice: Person,
    bob: Person,
    guild: GuildHandle,
) -> None:
    support = guild.channel("checkins")
    await admin.slash("config", "support-channel", channel=support)
    await admin.slash("crisis", "setup", moderator_channel=guild.channel("mods"), country="GB")
    await support.forbid(alice, "VIEW_CHANNEL")
    general = guild.channel("general")

    await alice.says("honestly i want to die, i can't do this anymore", general)
    to_alice = visible_text(await alice.next_dm())
    assert support.mention not in to_alice
    assert "You can message a moderator" in to_alice
    assert "Samaritans" in to_alice

    await bob.says("honestly i want to die, i can't do this anymore", general)
    assert f"{support.mention} is a good place" in visible_text(await bob.next_dm())

    await support.forbid(guild.role("@everyone"), "VIEW_CHANNEL")
    shown = embed_text((await admin.slash("config", "show")).embeds[0])
    assert f"⚠️ Members can't open the support channel {support.mention}" in shown


async def test_the_discreet_buttons_answer_also_leaves_out_a_channel_the_member_cannot_see(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    admin: Person,
    alice: Person,
    guild: GuildHandle,
) -> None:
    support = guild.channel("checkins")
    await admin.slash("config", "support-channel", channel=support)
    await support.forbid(alice, "VIEW_CHANNEL")
    alice.closes_dms()
    general = guild.channel("general")
    await alice.says("honestly i want to die, i can't do this anymore", general)
    nudge = await loopback.next_message(general)
    answer = visible_text((await alice.click(nudge, "Show me support options")).message)
    assert "You can message a moderator" in answer
    assert support.mention not in answer


async def test_show_reports_what_the_bot_cannot_do(
    lantern: Lantern, admin: Person, guild: GuildHandle
) -> None:
    general = guild.channel("general")
    await admin.slash("config", "support-channel", channel=general)
    await general.forbid_bot("EMBED_LINKS")
    answer = await admin.slash("config", "show", in_channel=guild.channel("mods"))
    text = embed_text(answer.embeds[0])
    assert "⚠️ Support channel" in text
    assert "Embed Links" in text


async def test_members_do_not_see_admin_commands(lantern: Lantern, alice: Person) -> None:
    with pytest.raises(CommandUnavailableError):
        await alice.slash("config", "show")


async def test_admin_commands_are_checked_again_when_the_owner_opens_them_to_everyone(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, alice: Person
) -> None:
    # Server owners can let anyone use a command in Server Settings > Integrations;
    # Lantern must still refuse members without Manage Server.
    loopback.allow_everyone_to_use(guild, "config")
    answer = await alice.slash("config", "country", country="FR")
    assert answer.ephemeral
    assert "Manage Server" in answer.content
    assert await lantern.storage.guilds.get(guild.id) == GuildConfig(guild.id)


async def test_every_admin_command_is_registered_for_managers_only(lantern: Lantern) -> None:
    for command in lantern.tree.walk_commands():
        root = command.root_parent
        if isinstance(command, app_commands.Command) and isinstance(root, AdminGroup):
            # discord.py runs only the immediate parent's check: it must be an AdminGroup too.
            assert isinstance(command.parent, AdminGroup), command.qualified_name
            assert root.default_permissions is not None
            assert root.default_permissions.manage_guild


async def run_every_loop(lantern: Lantern) -> list[ResilientLoop]:
    loops = [
        loop
        for cog in lantern.cogs.values()
        if isinstance(cog, RunsLoops)
        for loop in cog.background_loops()
    ]
    for loop in loops:
        await asyncio.wait_for(loop.run_now(), 5)
    return loops


async def test_show_tells_how_the_background_work_is_doing_failing_and_recovered(
    lantern: Lantern, admin: Person, clock: FakeClock
) -> None:
    loop = cast("Guilds", lantern.get_cog("Guilds")).purge_loop
    shown = embed_text((await admin.slash("config", "show")).embeds[0])
    assert "Lantern's background work" in shown
    assert "Re-pings of unclaimed alerts: last ran just now" in shown
    assert "Scheduled messages (reminders, check-ins, daily posts): last ran" in shown
    assert "Forgetting old anonymous post texts: last ran just now" in shown

    failed_at = clock.now()
    async with WriteLockHeld(lantern.storage.database) as lock:
        await asyncio.wait_for(loop.run_now(), 5)
        clock.advance(timedelta(minutes=3))
        failing = (await admin.slash("config", "show")).embeds[0]
        stamp = int(failed_at.timestamp())
        assert (
            f"⚠️ Deleting data of servers Lantern left: failing since <t:{stamp}:t> — "
            "the database is locked; retrying"
        ) in embed_text(failing)
        assert "stop part of Lantern from working" in str(failing["footer"])
        await lock.release()
    # Every loop runs on real time while the test's clock stands still: run them all now.
    await run_every_loop(lantern)
    clock.advance(timedelta(minutes=1))
    recovered = (await admin.slash("config", "show")).embeds[0]
    assert "Deleting data of servers Lantern left: last ran 1 min ago" in embed_text(recovered)
    assert "⚠️" not in embed_text(recovered)
    assert "footer" not in recovered


async def test_show_stays_within_discords_limits_when_every_loop_is_failing(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    admin: Person,
    alice: Person,
    bob: Person,
    guild: GuildHandle,
    clock: FakeClock,
) -> None:
    general, mods = guild.channel("general"), guild.channel("mods")
    await admin.slash("config", "support-channel", channel=general)
    await general.forbid_bot("EMBED_LINKS")
    # An alert due for its re-ping, so that loop has a write to fail too.
    await admin.slash("crisis", "setup", moderator_channel=mods, reping_minutes=10)
    await alice.says("honestly i want to die, i can't do this anymore", general)
    await loopback.next_message(mods)
    # An alert Discord turned away waits in the outbox, so its delivery has a write to fail too.
    await mods.forbid_bot("SEND_MESSAGES")
    scanned = asyncio.ensure_future(
        lantern.wait_for("message_scanned", check=lambda m, _: m.author.id == bob.id, timeout=3)
    )
    await asyncio.sleep(0)
    await bob.says("honestly i want to die, i can't do this anymore", general)
    await scanned
    delivery = cast("Crisis", lantern.get_cog("Crisis")).delivery.loop
    await delivery.run_now()
    backlog = await lantern.storage.crisis.outbox_backlog(guild.id)
    assert backlog.waiting == 1
    assert backlog.last_error is not None
    clock.advance(timedelta(minutes=10))
    async with WriteLockHeld(lantern.storage.database):
        for loop in await run_every_loop(lantern):
            assert loop.health().failing_since is not None, loop.label
        # The loopback refuses any embed over Discord's limits, so an answer at all is the check.
        answer = await admin.slash("config", "show", in_channel=mods)
    (embed,) = answer.embeds
    assert embed_text(embed).count("the database is locked; retrying") == 5
    assert "1 alert(s) or support button(s) waiting to be delivered" in embed_text(embed)
    assert "missing a permission" in embed_text(embed)
