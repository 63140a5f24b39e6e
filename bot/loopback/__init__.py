"""A loopback Discord: REST v10 and the gateway on 127.0.0.1, for end-to-end tests and a sandbox.

It is the other side of the wire, so nothing here imports discord.

    async with LoopbackDiscord.running() as fake:
        guild = fake.create_guild("Support Server")
        alice = fake.create_member(guild, "alice", display_name="Alice")
        discord.http.Route.BASE = fake.api_base
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
        ...start the bot with fake.token...
        await fake.wait_until_connected()
        reply = await alice.slash("checkin", mood=4)
        fake.assert_clean()
"""

from bot.loopback.hub import RecordedRequest
from bot.loopback.inbox import InteractionRejectedError, LoopbackTimeoutError
from bot.loopback.people import (
    ChannelHandle,
    CommandUnavailableError,
    GuildHandle,
    InteractionHandle,
    Modal,
    Person,
    RoleHandle,
)
from bot.loopback.server import ChannelTally, LoopbackDiscord

__all__ = [
    "ChannelHandle",
    "ChannelTally",
    "CommandUnavailableError",
    "GuildHandle",
    "InteractionHandle",
    "InteractionRejectedError",
    "LoopbackDiscord",
    "LoopbackTimeoutError",
    "Modal",
    "Person",
    "RecordedRequest",
    "RoleHandle",
]
