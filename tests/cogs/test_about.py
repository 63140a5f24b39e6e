from bot.client import Lantern
from bot.loopback.people import Person


async def test_about_explains_lantern_privately(lantern: Lantern, alice: Person) -> None:
    answer = await alice.slash("about")
    assert answer.ephemeral
    (embed,) = answer.embeds
    text = embed["description"] + " ".join(field["value"] for field in embed["fields"])
    assert "not a substitute for professional help" in text
    assert "/mydata export" in text
    assert "/mydata delete" in text
    assert "after 30 days" in text
    assert "emergency number" in text
