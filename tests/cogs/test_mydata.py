import json

from bot.client import Lantern
from bot.loopback import Person
from bot.storage.crisis import MemberPrefs


async def test_export_holds_exactly_the_members_data(
    lantern: Lantern, alice: Person, bob: Person
) -> None:
    await alice.slash("resources", country="GB", auto="off")
    await bob.slash("resources", country="DE")
    answer = await alice.slash("mydata", "export")
    assert answer.deferred
    followup = await answer.next_followup()
    assert followup.flags & 64
    attachment, _checkins_csv = followup.attachments
    assert attachment.filename == "lantern-data-2026-11-22.json"
    data = json.loads(attachment.data)
    assert data["user_id"] == str(alice.id)
    assert data["crisis_preferences"] == {"country": "GB", "auto_replies": False}
    assert str(bob.id) not in attachment.data.decode()
    assert "DE" not in json.dumps(data["crisis_preferences"])


async def test_delete_asks_first_then_erases_only_that_member(
    lantern: Lantern, alice: Person, bob: Person
) -> None:
    await alice.slash("resources", country="GB", auto="off")
    await bob.slash("resources", country="DE")
    asked = await alice.slash("mydata", "delete")
    assert asked.ephemeral
    assert "can't be undone" in asked.content
    assert await lantern.storage.crisis.member_prefs(alice.id) == MemberPrefs("GB", False)

    done = await alice.click(asked, "Delete everything")
    assert done.response_type == 7
    assert "Done. Here's what I deleted:" in asked.message.content  # type: ignore[union-attr]
    assert "crisis reply preferences and cooldowns: 1" in asked.message.content  # type: ignore[union-attr]
    assert asked.components == []
    assert await lantern.storage.crisis.member_prefs(alice.id) == MemberPrefs()
    assert await lantern.storage.crisis.member_prefs(bob.id) == MemberPrefs("DE", True)


async def test_delete_can_be_called_off(lantern: Lantern, alice: Person) -> None:
    await alice.slash("resources", country="GB")
    asked = await alice.slash("mydata", "delete")
    await alice.click(asked, "Keep my data")
    assert asked.message is not None
    assert asked.message.content == "Okay, nothing was deleted."
    assert (await lantern.storage.crisis.member_prefs(alice.id)).country == "GB"
