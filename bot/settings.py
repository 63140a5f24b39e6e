"""Settings read from the environment, validated once at start-up.

Every problem is reported as a `SettingsError` whose message names the variable and says what to do,
so the entry point can print it as one line instead of a traceback.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
DEFAULT_DATABASE_URL = "sqlite:///var/lantern.sqlite3"
SQLITE_PREFIX = "sqlite:///"
MIN_SECRET_LENGTH = 32


class SettingsError(Exception):
    """A setting is missing or malformed; the message says which one and how to fix it."""


@dataclass(frozen=True, slots=True)
class Settings:
    token: str
    database_path: Path
    log_level: str = "INFO"
    dev_guild_id: int | None = None
    api_base: str | None = None
    gateway_url: str | None = None
    guild_data_grace_days: int = 30
    schedule_grace_minutes: int = 60
    deliveries_per_second: int = 40
    # Keys anonymous authors' pseudonyms; None: a generated file beside the database is used.
    anon_secret: str | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str], *, require_token: bool = True) -> Settings:
        token = env.get("DISCORD_TOKEN", "").strip()
        if require_token and not token:
            raise SettingsError(
                "DISCORD_TOKEN is not set: copy .env.example to .env and paste your bot token "
                "from https://discord.com/developers/applications (Bot > Reset Token)."
            )
        if any(char.isspace() for char in token):
            raise SettingsError(
                "DISCORD_TOKEN contains spaces: paste the token exactly as Discord shows it."
            )
        return cls(
            token=token,
            database_path=_database_path(
                env.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL
            ),
            log_level=_log_level(env.get("LOG_LEVEL", "").strip() or "INFO"),
            dev_guild_id=_optional_snowflake(env, "DEV_GUILD_ID"),
            api_base=_optional_url(env, "DISCORD_API_BASE", ("http", "https")),
            gateway_url=_optional_url(env, "DISCORD_GATEWAY_URL", ("ws", "wss")),
            guild_data_grace_days=_int_in_range(env, "GUILD_DATA_GRACE_DAYS", 30, 1, 365),
            schedule_grace_minutes=_int_in_range(env, "SCHEDULE_GRACE_MINUTES", 60, 1, 1440),
            deliveries_per_second=_int_in_range(env, "DELIVERIES_PER_SECOND", 40, 1, 10000),
            anon_secret=_optional_secret(env, "ANON_SECRET"),
        )


def _database_path(url: str) -> Path:
    if not url.startswith(SQLITE_PREFIX):
        raise SettingsError(
            f"DATABASE_URL must start with {SQLITE_PREFIX} (only SQLite is supported for now), "
            f"for example {DEFAULT_DATABASE_URL}."
        )
    path = url.removeprefix(SQLITE_PREFIX)
    if not path or path.endswith("/"):
        raise SettingsError(
            f"DATABASE_URL names no file: use a path such as {DEFAULT_DATABASE_URL}."
        )
    return Path(path)


def _log_level(value: str) -> str:
    level = value.upper()
    if level not in LOG_LEVELS:
        raise SettingsError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)} (got {value!r}).")
    return level


def _optional_snowflake(env: Mapping[str, str], name: str) -> int | None:
    value = env.get(name, "").strip()
    if not value:
        return None
    if not value.isdigit() or not 17 <= len(value) <= 20:
        raise SettingsError(
            f"{name} must be a Discord id of 17 to 20 digits (right-click the server > "
            f"Copy Server ID), got {value!r}."
        )
    return int(value)


def _optional_url(env: Mapping[str, str], name: str, schemes: tuple[str, ...]) -> str | None:
    value = env.get(name, "").strip()
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in schemes or not parts.netloc:
        raise SettingsError(
            f"{name} must be a {' or '.join(s + '://' for s in schemes)} URL, got {value!r}; "
            "leave it empty to talk to Discord itself."
        )
    return value.rstrip("/")


def _int_in_range(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    value = env.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise SettingsError(f"{name} must be a whole number from {low} to {high}, got {value!r}.")
    return int(value)


def _optional_secret(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    if not value:
        return None
    if len(value) < MIN_SECRET_LENGTH or any(char.isspace() for char in value):
        raise SettingsError(
            f"{name} must be at least {MIN_SECRET_LENGTH} characters with no spaces; generate "
            'one with: python -c "import secrets; print(secrets.token_hex(32))"'
        )
    return value
