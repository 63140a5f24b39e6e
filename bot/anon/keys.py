"""Keys that let Lantern recognise an anonymous author without ever storing who they are.

Everything derives from one secret kept outside the database, so a copy of the database alone
names nobody:

- the author key, HMAC(secret, guild | member), is the same for all of a member's posts in one
  server; blocks, cooldowns and "is this mine?" use it;
- the pseudonym digest, HMAC(secret, guild | post code | member), differs for every post, so the
  names people see can't be linked across posts, yet stays the same within one reply thread;
- a sealed member id (AES-GCM under a key derived from the secret) is kept only while Lantern
  must reach the author, to tell them whether a post was approved.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12
MIN_SECRET_BYTES = 32


class SealError(Exception):
    """A sealed id was not made with this secret, or was altered."""


@dataclass(frozen=True, slots=True)
class AnonKeys:
    secret: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.secret) < MIN_SECRET_BYTES:
            raise ValueError(f"the anonymity secret needs at least {MIN_SECRET_BYTES} bytes")

    def _digest(self, *parts: object) -> bytes:
        message = "|".join(str(part) for part in parts).encode()
        return hmac.new(self.secret, message, hashlib.sha256).digest()

    def author_key(self, guild_id: int, user_id: int) -> str:
        """One member's key in one server: the same for all their posts there."""
        return self._digest("author", guild_id, user_id).hex()

    def pseudonym_digest(self, guild_id: int, post_code: str, user_id: int) -> bytes:
        """What a member's name under one post (and in its replies) is drawn from."""
        return self._digest("pseudonym", guild_id, post_code, user_id)

    def _sealing_key(self) -> bytes:
        return self._digest("seal")

    def seal_user_id(self, user_id: int, guild_id: int) -> bytes:
        """The member id, encrypted; only this secret can open it, and only for this server."""
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(self._sealing_key()).encrypt(
            nonce, str(user_id).encode(), _context(guild_id)
        )
        return nonce + sealed

    def open_user_id(self, sealed: bytes, guild_id: int) -> int:
        nonce, body = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
        try:
            plain = AESGCM(self._sealing_key()).decrypt(nonce, body, _context(guild_id))
        except InvalidTag as error:
            raise SealError("this sealed id was not made with this secret") from error
        return int(plain.decode())


def _context(guild_id: int) -> bytes:
    return f"anon-author|{guild_id}".encode()
