import discord
from discord.ext import commands

from bot.loopback import ChannelTally, GuildHandle, LoopbackDiscord, Person


async def test_login_ready_and_guild_create(
    fake: LoopbackDiscord, bot: commands.Bot, guild: GuildHandle, alice: Person
) -> None:
    seen = bot.get_guild(guild.id)
    assert seen is not None
    assert {c.name for c in seen.text_channels} >= {"general", "mods", "anonymous", "checkins"}
    assert seen.get_member(alice.id) is not None
    assert fake.hub.gateway.identifies == 1


async def test_a_tally_counts_what_people_saw_deleted_or_not_but_no_private_answers(
    fake: LoopbackDiscord, bot: commands.Bot, guild: GuildHandle, alice: Person
) -> None:
    general = guild.channel("general")
    await alice.slash("checkin", mood=3, in_channel=general)
    await alice.slash("dm_me")
    channel = bot.get_channel(general.id)
    assert isinstance(channel, discord.TextChannel)
    await (await channel.send("Back soon.")).delete()
    assert fake.tally(general) == ChannelTally(created=1, duplicates_avoided=0, rate_limited=0)
    assert fake.tally(alice).created == 1
