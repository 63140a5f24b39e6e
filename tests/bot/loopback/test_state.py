from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.clock import FakeClock
from bot.loopback.permissions import Permission
from bot.loopback.state import DISCORD_EPOCH_MS, SnowflakeFactory, World

START = datetime(2026, 3, 1, tzinfo=UTC)


@given(st.lists(st.integers(0, 5_000), max_size=50))
def test_snowflakes_always_increase_and_carry_the_time(steps_ms: list[int]) -> None:
    clock = FakeClock(START)
    factory = SnowflakeFactory(clock)
    previous = factory.next()
    for step in steps_ms:
        clock.advance(timedelta(milliseconds=step))
        current = factory.next()
        assert current > previous
        assert (current >> 22) + DISCORD_EPOCH_MS >= int(START.timestamp() * 1000)
        previous = current


def test_a_new_guild_keeps_mods_to_moderators_and_the_bot() -> None:
    world = World(FakeClock(START), "Lantern")
    guild = world.add_guild("Support")
    alice = world.add_member(guild, "alice")
    moderator = world.add_member(guild, "mo", role_names=("Moderator",))
    mods = guild.channel_named("mods")
    general = guild.channel_named("general")
    view = Permission.VIEW_CHANNEL
    assert not world.member_channel_permissions(alice, mods) & view
    assert world.member_channel_permissions(moderator, mods) & view
    assert world.bot_channel_permissions(mods) & view
    assert world.member_channel_permissions(alice, general) & view


def test_one_dm_channel_per_person() -> None:
    world = World(FakeClock(START), "Lantern")
    guild = world.add_guild("Support")
    alice = world.add_member(guild, "alice").user
    assert world.dm_channel(alice) is world.dm_channel(alice)
    assert world.bot_channel_permissions(world.dm_channel(alice)) == 0


def test_deleted_channels_are_gone_from_lookups() -> None:
    world = World(FakeClock(START), "Lantern")
    guild = world.add_guild("Support")
    checkins = guild.channel_named("checkins")
    checkins.deleted = True
    assert world.channel(checkins.id) is None
