import pytest
from discord import app_commands

from bot.admin import AdminGroup
from bot.client import Lantern
from bot.loopback import CommandUnavailableError, GuildHandle, LoopbackDiscord, Person
from bot.loopback.state import visible_text
from bot.storage import GuildConfig


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
    assert "you can message a moderator" in to_alice
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
    assert "you can message a moderator" in answer
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
