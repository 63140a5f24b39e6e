"""Post codes: short, random, easy to read aloud, and forgiving about how they are typed."""

from __future__ import annotations

import secrets

# No 0/O, 1/I/L or U/V, which people confuse when copying a code by hand.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
CODE_LENGTH = 6


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str | None:
    """The code as stored ('#k7m 2qx' -> 'K7M2QX'), or None if `text` can't be a code."""
    cleaned = "".join(text.split()).removeprefix("#").upper()
    if len(cleaned) != CODE_LENGTH or any(char not in ALPHABET for char in cleaned):
        return None
    return cleaned
