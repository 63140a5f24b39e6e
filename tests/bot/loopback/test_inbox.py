import pytest

from bot.loopback.inbox import Answer, Inbox, InteractionRejectedError, LoopbackTimeoutError


async def test_items_come_out_once_in_order() -> None:
    inbox: Inbox[str] = Inbox("a word")
    inbox.put("one")
    inbox.put("two")
    assert [await inbox.next(1, str), await inbox.next(1, str)] == ["one", "two"]
    assert inbox.received == ["one", "two"]


async def test_a_timeout_says_what_happened_instead() -> None:
    inbox: Inbox[str] = Inbox("a word")
    with pytest.raises(LoopbackTimeoutError, match=r"(?s)for a word, none came\..*the bot said hi"):
        await inbox.next(0, lambda: "the bot said hi")


async def test_an_answer_is_accepted_or_refused_once() -> None:
    accepted = Answer()
    accepted.accept()
    accepted.refuse("too late")
    await accepted.wait(1, "x", str)
    refused = Answer()
    refused.refuse("too late")
    with pytest.raises(InteractionRejectedError, match="too late"):
        await refused.wait(1, "x", str)
    silent = Answer()
    with pytest.raises(LoopbackTimeoutError, match="did not answer /checkin"):
        await silent.wait(0, "/checkin", str)
