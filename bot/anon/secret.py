"""The anonymity secret: from ANON_SECRET, else a generated file only the bot's user can read."""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from bot.anon.keys import MIN_SECRET_BYTES

log = logging.getLogger(__name__)

SECRET_FILE_NAME = "anon-secret"  # noqa: S105 - a file name, not a secret
OWNER_ONLY = 0o600


class SecretFileError(Exception):
    """The secret file exists but can't be used; the message says what to do."""


def secret_file_beside(database_path: Path) -> Path:
    return database_path.parent / SECRET_FILE_NAME


def load_secret(configured: str | None, generated_path: Path) -> bytes:
    """The configured secret, else the one in `generated_path`, created (mode 0600) if missing."""
    if configured:
        return configured.encode()
    try:
        text = generated_path.read_text("ascii").strip()
    except FileNotFoundError:
        return _generate(generated_path)
    if len(text) < MIN_SECRET_BYTES:
        raise SecretFileError(
            f"{generated_path} is too short to be Lantern's anonymity secret; restore it from a "
            "backup or set ANON_SECRET (deleting it makes existing anonymous posts unowned)."
        )
    return text.encode()


def _generate(path: Path) -> bytes:
    text = secrets.token_hex(MIN_SECRET_BYTES)
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL: never overwrite a secret another process just wrote; the mode applies at creation.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(text + "\n")
    log.warning(
        "ANON_SECRET is not set: generated one in %s (readable only by this user). Back it up "
        "with the database, or set ANON_SECRET in .env; losing it unlinks every anonymous post.",
        path,
    )
    return text.encode()
