"""Things a test waits for, with a timeout that says what arrived instead."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Generic, TypeVar

Item = TypeVar("Item")


class LoopbackTimeoutError(AssertionError):
    """A wait in a test ran out; the message lists what did happen."""


class Inbox(Generic[Item]):
    """Items in arrival order; `next` hands each one out once."""

    def __init__(self, what: str) -> None:
        self._what = what
        self._queue: asyncio.Queue[Item] = asyncio.Queue()
        self.received: list[Item] = []

    def put(self, item: Item) -> None:
        self.received.append(item)
        self._queue.put_nowait(item)

    async def next(self, within: float, meanwhile: Callable[[], str]) -> Item:
        try:
            return await asyncio.wait_for(self._queue.get(), within)
        except TimeoutError:
            raise LoopbackTimeoutError(
                f"waited {within:g} s for {self._what}, none came.\n{meanwhile()}"
            ) from None


class InteractionRejectedError(AssertionError):
    """The loopback refused the bot's answer to an interaction (late, twice, invalid)."""


class Answer:
    """Settles once: when the bot first answers an interaction, or when that answer is refused."""

    def __init__(self) -> None:
        self._future: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def accept(self) -> None:
        if not self._future.done():
            self._future.set_result(None)

    def refuse(self, reason: str) -> None:
        if not self._future.done():
            self._future.set_exception(InteractionRejectedError(reason))
            # Nobody may be waiting any more; the refusal is also recorded as a violation.
            self._future.exception()

    async def wait(self, within: float, what: str, meanwhile: Callable[[], str]) -> None:
        try:
            await asyncio.wait_for(asyncio.shield(self._future), within)
        except TimeoutError:
            raise LoopbackTimeoutError(
                f"the bot did not answer {what} within {within:g} s.\n{meanwhile()}"
            ) from None
