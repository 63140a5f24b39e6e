"""`python -m bot`: run Lantern, or `--check` its settings, data and database without Discord."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

import aiohttp
import discord
import yarl
from dotenv import load_dotenv

from bot.client import Lantern
from bot.clock import SystemClock
from bot.content import Content
from bot.content_errors import ContentError
from bot.settings import Settings, SettingsError
from bot.storage import Storage, StorageError

log = logging.getLogger("bot")


class StartupError(Exception):
    """Lantern can't start; the message is one line saying what to do."""


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="Run the Lantern Discord bot."
    )
    parser.add_argument(
        "command",
        nargs="?",
        choices=("run", "sandbox"),
        default="run",
        help="run: connect to Discord (default); sandbox: try Lantern here, no Discord needed",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="validate settings and data files, migrate the database, print a summary and exit",
    )
    return parser.parse_args(argv)


# At DEBUG these libraries log raw gateway events and SQL parameters, which hold member ids:
# enough to tell who wrote an anonymous post. They never log below INFO.
LIBRARIES_KEPT_AT_INFO = ("discord", "aiosqlite")


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for name in LIBRARIES_KEPT_AT_INFO:
        logging.getLogger(name).setLevel(max(logging.INFO, logging.getLevelName(level)))


def point_at_discord(settings: Settings) -> None:
    """Send REST and gateway traffic to a proxy or the loopback Discord when configured."""
    if settings.api_base:
        discord.http.Route.BASE = settings.api_base
    if settings.gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)


async def check(settings: Settings) -> None:
    # The database first: it fails in milliseconds, compiling the phrase sets takes seconds.
    storage = await Storage.open(settings.database_path)
    try:
        content = Content.load()
        applied = await storage.database.fetch_all(
            "SELECT name FROM schema_migrations ORDER BY version"
        )
    finally:
        await storage.close()
    print("settings: ok")
    for line in content.summary():
        print(line)
    print(f"database: {settings.database_path} ({len(applied)} migrations applied)")


async def run(settings: Settings) -> None:
    storage = await Storage.open(settings.database_path)
    try:
        bot = Lantern(
            settings=settings, storage=storage, content=Content.load(), clock=SystemClock()
        )
        point_at_discord(settings)
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, lambda: asyncio.ensure_future(bot.close()))
        async with bot:
            await bot.start(settings.token)
    except discord.LoginFailure as error:
        raise StartupError(
            "Discord rejected DISCORD_TOKEN: reset the token in the Developer Portal (Bot > Reset "
            "Token) and paste the new one into .env."
        ) from error
    except discord.PrivilegedIntentsRequired as error:
        raise StartupError(
            "Discord refused the Message Content intent: turn it on in the Developer Portal "
            "(Bot > Privileged Gateway Intents), Lantern needs it to notice crisis messages."
        ) from error
    except (aiohttp.ClientConnectionError, discord.GatewayNotFound) as error:
        raise StartupError(
            f"cannot reach Discord ({error}); check the network and try again."
        ) from error
    finally:
        await storage.close()
        log.info("Lantern stopped")


async def read_terminal_line(prompt: str) -> str | None:
    """One line from the terminal without blocking the bot; None at end of input."""
    try:
        return await asyncio.to_thread(input, prompt)
    except EOFError:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    load_dotenv(Path(".env"))  # from where the bot is run, not from where this file lives
    try:
        if args.command == "sandbox":
            # Only the sandbox needs the loopback Discord; a real run never imports it.
            from bot.sandbox import run_sandbox  # noqa: PLC0415

            configure_logging("ERROR")  # the terminal is for the conversation
            return asyncio.run(run_sandbox(read_terminal_line, print))
        settings = Settings.from_env(os.environ, require_token=not args.check)
        configure_logging(settings.log_level)
        asyncio.run(check(settings) if args.check else run(settings))
    except (SettingsError, ContentError, StorageError, StartupError) as error:
        print(f"lantern: {error}", file=sys.stderr)
        return 2 if isinstance(error, SettingsError) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
