"""The real entry point, `python -m bot`, as a separate process."""

from __future__ import annotations

import asyncio
import logging
import signal
import sqlite3
import sys
from pathlib import Path

import pytest

from bot.__main__ import configure_logging
from bot.loopback import LoopbackDiscord
from bot.loopback.people import GuildHandle, Person
from bot.paths import PROJECT_ROOT


async def run_bot(*args: str, env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), 20)
    assert process.returncode is not None
    return process.returncode, stdout.decode(), stderr.decode()


@pytest.fixture
def clean_env(tmp_path: Path) -> dict[str, str]:
    """No settings at all, and a working directory without a .env, like a fresh checkout."""
    return {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(PROJECT_ROOT), "HOME": str(tmp_path)}


async def test_without_a_token_it_says_what_to_do_in_one_line(
    tmp_path: Path, clean_env: dict[str, str]
) -> None:
    code, stdout, stderr = await run_bot(env=clean_env, cwd=tmp_path)
    assert code == 2
    assert stdout == ""
    assert stderr.count("\n") == 1
    assert stderr.startswith("lantern: DISCORD_TOKEN is not set")
    assert "Traceback" not in stderr


async def test_a_malformed_setting_is_named_in_one_line(
    tmp_path: Path, clean_env: dict[str, str]
) -> None:
    env = clean_env | {"DISCORD_TOKEN": "x.y.z", "LOG_LEVEL": "LOUD"}
    code, _, stderr = await run_bot(env=env, cwd=tmp_path)
    assert code == 2
    assert (
        stderr
        == "lantern: LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL (got 'LOUD').\n"
    )


async def test_settings_come_from_the_dotenv_file(
    tmp_path: Path, clean_env: dict[str, str]
) -> None:
    (tmp_path / ".env").write_text("DEV_GUILD_ID=not-a-number\n")
    code, _, stderr = await run_bot("--check", env=clean_env, cwd=tmp_path)
    assert code == 2
    assert stderr.startswith("lantern: DEV_GUILD_ID must be a Discord id")


async def test_check_validates_and_migrates_without_token_or_network(
    tmp_path: Path, clean_env: dict[str, str]
) -> None:
    env = clean_env | {"DATABASE_URL": "sqlite:///data/lantern.sqlite3"}
    code, stdout, stderr = await run_bot("--check", env=env, cwd=tmp_path)
    assert code == 0, stderr
    assert "settings: ok" in stdout
    assert "hotlines: " in stdout
    assert "crisis rules: " in stdout
    with sqlite3.connect(tmp_path / "data" / "lantern.sqlite3") as database:
        applied = database.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0]
    assert f"({applied} migrations applied)" in stdout
    assert applied >= 2


async def test_an_unusable_database_path_is_one_line(
    tmp_path: Path, clean_env: dict[str, str]
) -> None:
    (tmp_path / "blocker").write_text("a file, not a folder")
    env = clean_env | {"DATABASE_URL": "sqlite:///blocker/lantern.sqlite3"}
    code, _, stderr = await run_bot("--check", env=env, cwd=tmp_path)
    assert code == 1
    assert stderr.startswith("lantern: cannot open the database at blocker/lantern.sqlite3")
    assert stderr.count("\n") == 1


async def test_a_rejected_token_is_one_line(
    tmp_path: Path, clean_env: dict[str, str], loopback: LoopbackDiscord
) -> None:
    env = clean_env | {
        "DISCORD_TOKEN": "not.the.token",
        "DISCORD_API_BASE": loopback.api_base,
        "DISCORD_GATEWAY_URL": loopback.gateway_url,
        "LOG_LEVEL": "CRITICAL",
    }
    code, _, stderr = await run_bot(env=env, cwd=tmp_path)
    assert code == 1
    assert stderr == (
        "lantern: Discord rejected DISCORD_TOKEN: reset the token in the Developer Portal "
        "(Bot > Reset Token) and paste the new one into .env.\n"
    )


async def test_the_real_entry_point_serves_members_and_stops_cleanly_on_sigterm(
    tmp_path: Path,
    clean_env: dict[str, str],
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    alice: Person,
) -> None:
    env = clean_env | {
        "DISCORD_TOKEN": loopback.token,
        "DISCORD_API_BASE": loopback.api_base,
        "DISCORD_GATEWAY_URL": loopback.gateway_url,
        "DATABASE_URL": "sqlite:///lantern.sqlite3",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await loopback.wait_until_connected(timeout=20)
        answer = await alice.slash("about")
        assert answer.ephemeral
        assert answer.embeds[0]["title"] == "About Lantern"
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), 15)
    log = stderr.decode()
    assert process.returncode == 0, log
    assert "Lantern stopped" in log
    assert "Traceback" not in log


def test_debug_logging_never_reaches_libraries_that_log_member_ids() -> None:
    configure_logging("DEBUG")
    try:
        assert logging.getLogger("discord.gateway").getEffectiveLevel() == logging.INFO
        assert logging.getLogger("aiosqlite").getEffectiveLevel() == logging.INFO
    finally:
        for name in ("discord", "aiosqlite"):
            logging.getLogger(name).setLevel(logging.NOTSET)
