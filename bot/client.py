"""The Lantern bot: resources in, cogs loaded explicitly, commands synced only when they change."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from typing import Any

import discord
from discord.ext import commands

from bot.clock import Clock
from bot.content import Content
from bot.http_buckets import prune_buckets_lazily
from bot.settings import Settings
from bot.storage import Storage
from bot.tree import LanternTree

log = logging.getLogger(__name__)

EXTENSIONS = (
    "cogs.about",
    "cogs.config",
    "cogs.guilds",
    "cogs.scheduling",
    "cogs.coping",
    "cogs.reminders",
    "cogs.daily_post",
    "cogs.crisis",
    "cogs.crisis_admin",
    "cogs.anon",
    "cogs.anon_admin",
    "cogs.resources",
    "cogs.mydata",
    "cogs.checkins",
    "cogs.settings",
)

# Guilds for the server list, guild messages and their content for crisis scanning, DMs for the
# buttons on our own DMs. No members intent: Lantern never needs the member list.
INTENTS = discord.Intents(guilds=True, guild_messages=True, message_content=True, dm_messages=True)


class Lantern(commands.Bot):
    def __init__(
        self,
        *,
        settings: Settings,
        storage: Storage,
        content: Content,
        clock: Clock,
        extensions: Sequence[str] = EXTENSIONS,
        **options: Any,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            tree_cls=LanternTree,
            intents=INTENTS,
            member_cache_flags=discord.MemberCacheFlags.none(),
            chunk_guilds_at_startup=False,
            max_messages=200,
            # Nothing Lantern sends may ping anyone unless a call site asks for it explicitly.
            allowed_mentions=discord.AllowedMentions.none(),
            **options,
        )
        prune_buckets_lazily(self.http)
        self.settings = settings
        self.storage = storage
        self.content = content
        self.clock = clock
        self._extensions = tuple(extensions)

    async def setup_hook(self) -> None:
        for extension in self._extensions:
            await self.load_extension(extension)
        await self.sync_commands()

    async def on_message(self, message: discord.Message, /) -> None:
        """Lantern has no text commands; cogs listen to messages themselves."""

    async def sync_commands(self) -> bool:
        """Sync app commands to the dev guild or globally, only if they changed; True if synced."""
        guild = discord.Object(self.settings.dev_guild_id) if self.settings.dev_guild_id else None
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        payload = [command.to_dict(self.tree) for command in self.tree.get_commands(guild=guild)]
        digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
        scope = f"{self.application_id}:{'guild:' + str(guild.id) if guild else 'global'}"
        if await self.storage.command_sync.last_hash(scope) == digest:
            log.info("app commands unchanged since the last sync (%s)", scope)
            return False
        await self.tree.sync(guild=guild)
        await self.storage.command_sync.record(scope, digest, self.clock.now())
        log.info("synced %d app commands (%s)", len(payload), scope)
        return True
