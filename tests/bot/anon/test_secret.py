import logging
import stat
from pathlib import Path

import pytest

from bot.anon.secret import SecretFileError, load_secret, secret_file_beside


def test_a_configured_secret_wins_and_no_file_is_written(tmp_path: Path) -> None:
    path = tmp_path / "anon-secret"
    assert load_secret("c" * 40, path) == b"c" * 40
    assert not path.exists()


def test_without_one_a_private_file_is_generated_once_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = secret_file_beside(tmp_path / "var" / "lantern.sqlite3")
    assert path == tmp_path / "var" / "anon-secret"
    with caplog.at_level(logging.WARNING):
        first = load_secret(None, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) == 64
    assert "ANON_SECRET is not set" in caplog.text
    assert first.decode() not in caplog.text
    assert load_secret(None, path) == first
    assert load_secret("", path) == first


def test_a_damaged_file_is_reported_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "anon-secret"
    path.write_text("short\n")
    with pytest.raises(SecretFileError, match="too short"):
        load_secret(None, path)
    assert path.read_text() == "short\n"
