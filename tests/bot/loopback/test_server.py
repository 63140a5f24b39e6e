from discord.ext import commands

from bot.loopback import GuildHandle, LoopbackDiscord, Person


async def test_login_ready_and_guild_create(
    fake: LoopbackDiscord, bot: commands.Bot, guild: GuildHandle, alice: Person
) -> None:
    seen = bot.get_guild(guild.id)
    assert seen is not None
    assert {c.name for c in seen.text_channels} >= {"general", "mods", "anonymous", "checkins"}
    assert seen.get_member(alice.id) is not None
    assert fake.hub.gateway.identifies == 1
