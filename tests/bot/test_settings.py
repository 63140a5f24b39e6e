from pathlib import Path

import pytest

from bot.settings import DEFAULT_DATABASE_URL, Settings, SettingsError

VALID = {"DISCORD_TOKEN": "abc.def.ghi"}


def test_defaults_with_only_a_token() -> None:
    settings = Settings.from_env(VALID)
    assert settings.token == "abc.def.ghi"
    assert settings.database_path == Path(DEFAULT_DATABASE_URL.removeprefix("sqlite:///"))
    assert settings.log_level == "INFO"
    assert settings.dev_guild_id is None
    assert settings.api_base is None
    assert settings.gateway_url is None
    assert settings.guild_data_grace_days == 30


def test_every_setting_is_read() -> None:
    settings = Settings.from_env(
        {
            **VALID,
            "DATABASE_URL": "sqlite:////tmp/lantern/x.sqlite3",
            "LOG_LEVEL": "debug",
            "DEV_GUILD_ID": "123456789012345678",
            "DISCORD_API_BASE": "http://127.0.0.1:8080/api/v10/",
            "DISCORD_GATEWAY_URL": "ws://127.0.0.1:8080/",
            "GUILD_DATA_GRACE_DAYS": "7",
        }
    )
    assert settings.database_path == Path("/tmp/lantern/x.sqlite3")
    assert settings.log_level == "DEBUG"
    assert settings.dev_guild_id == 123456789012345678
    assert settings.api_base == "http://127.0.0.1:8080/api/v10"
    assert settings.gateway_url == "ws://127.0.0.1:8080"
    assert settings.guild_data_grace_days == 7


def test_missing_token_names_the_variable_and_what_to_do() -> None:
    with pytest.raises(SettingsError, match=r"DISCORD_TOKEN is not set: copy \.env\.example"):
        Settings.from_env({})


def test_token_is_optional_for_the_check() -> None:
    assert Settings.from_env({}, require_token=False).token == ""


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DISCORD_TOKEN", "abc def", "DISCORD_TOKEN contains spaces"),
        ("DATABASE_URL", "postgres://localhost/x", "DATABASE_URL must start with sqlite:///"),
        ("DATABASE_URL", "sqlite:///", "DATABASE_URL names no file"),
        ("DATABASE_URL", "sqlite:///var/", "DATABASE_URL names no file"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL must be one of DEBUG, INFO"),
        ("DEV_GUILD_ID", "my-server", "DEV_GUILD_ID must be a Discord id"),
        ("DEV_GUILD_ID", "1234", "DEV_GUILD_ID must be a Discord id"),
        (
            "DISCORD_API_BASE",
            "127.0.0.1:8080",
            "DISCORD_API_BASE must be a http:// or https:// URL",
        ),
        (
            "DISCORD_API_BASE",
            "ws://127.0.0.1",
            "DISCORD_API_BASE must be a http:// or https:// URL",
        ),
        (
            "DISCORD_GATEWAY_URL",
            "http://127.0.0.1",
            "DISCORD_GATEWAY_URL must be a ws:// or wss://",
        ),
        (
            "GUILD_DATA_GRACE_DAYS",
            "0",
            "GUILD_DATA_GRACE_DAYS must be a whole number from 1 to 365",
        ),
        ("GUILD_DATA_GRACE_DAYS", "soon", "GUILD_DATA_GRACE_DAYS must be a whole number"),
        ("GUILD_DATA_GRACE_DAYS", "366", "GUILD_DATA_GRACE_DAYS must be a whole number"),
    ],
)
def test_each_invalid_setting_is_named(name: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError) as raised:
        Settings.from_env({**VALID, name: value})
    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)


def test_empty_values_mean_defaults() -> None:
    settings = Settings.from_env(
        {**VALID, "LOG_LEVEL": " ", "DEV_GUILD_ID": "", "DATABASE_URL": ""}
    )
    assert settings.log_level == "INFO"
    assert settings.dev_guild_id is None


def test_anon_secret_is_optional_and_never_shown() -> None:
    assert Settings.from_env(VALID).anon_secret is None
    secret = "s3cret-" + "x" * 40
    settings = Settings.from_env({**VALID, "ANON_SECRET": f"  {secret} "})
    assert settings.anon_secret == secret
    assert secret not in repr(settings)


@pytest.mark.parametrize("value", ["too-short", "has a space in it " * 3])
def test_a_weak_anon_secret_is_refused_without_echoing_it(value: str) -> None:
    with pytest.raises(SettingsError, match="ANON_SECRET") as caught:
        Settings.from_env({**VALID, "ANON_SECRET": value})
    assert value.strip() not in str(caught.value)
