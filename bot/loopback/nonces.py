"""Discord's message nonces: a create sent with `nonce` and `enforce_nonce: true` within a few
minutes of an earlier message by the same author with the same nonce gets that message back, and
no new one is made, so a client may retry a send whose answer it never got.

https://discord.com/developers/docs/resources/message#create-message (`enforce_nonce`): "checked
for uniqueness in the past few minutes. If another message was created by the same author with
the same nonce, that message will be returned and no new message will be created."

Where the docs leave room, the loopback takes the reading that fails first:
- the window: none is named; two minutes is the shortest fair reading of "a few", so a client
  leaning on a longer one fails here rather than in production;
- the scope: the docs name the author and not the channel, so a nonce reused in another channel
  returns the first message there too, and the second send is lost; nonces should be unique per
  message, not per channel;
- deletion: per Discord's staff in discord-api-docs#6647, a retry whose first message was deleted
  meanwhile gets 404 Unknown Message rather than a new message.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.loopback.state import Message

NONCE_REMEMBERED_FOR = timedelta(minutes=2)

_Key = tuple[int, str]  # author, nonce


class NonceBook:
    """The nonces of recent messages, oldest first, forgotten once out of the window."""

    def __init__(self, clock: Clock, remembered_for: timedelta = NONCE_REMEMBERED_FOR) -> None:
        self._clock = clock
        self._remembered_for = remembered_for
        self._recent: OrderedDict[_Key, tuple[datetime, Message]] = OrderedDict()

    def earlier(self, author_id: int, nonce: str | int) -> Message | None:
        """The message this author made with this nonce within the window (deleted or not)."""
        self._forget_old()
        found = self._recent.get((author_id, str(nonce)))
        return None if found is None else found[1]

    def remember(self, message: Message, nonce: str | int) -> None:
        self._forget_old()
        key = (message.author.id, str(nonce))
        self._recent.pop(key, None)
        self._recent[key] = (self._clock.now(), message)

    def _forget_old(self) -> None:
        oldest_kept = self._clock.now() - self._remembered_for
        while self._recent:
            made_at, _ = next(iter(self._recent.values()))
            if made_at > oldest_kept:
                return
            self._recent.popitem(last=False)
