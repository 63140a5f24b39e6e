"""/resources end to end: whatever a member calls their country, they get help in one reply."""

from __future__ import annotations

from bot.client import Lantern
from bot.loopback import Person
from bot.loopback.state import visible_text

DIRECTORY = "findahelpline.com"
EMERGENCY_UNKNOWN = "please call your local emergency number now"


async def test_country_names_codes_and_aliases_are_understood(
    lantern: Lantern, alice: Person
) -> None:
    for typed, code, name, service in [
        ("United Kingdom", "GB", "United Kingdom", "Samaritans"),
        ("uk", "GB", "United Kingdom", "Samaritans"),
        ("Germany", "DE", "Germany", "TelefonSeelsorge"),
        ("Deutschland", "DE", "Germany", "TelefonSeelsorge"),
        (" the U.S.A. ", "US", "United States", "988"),
    ]:
        answer = await alice.slash("resources", country=typed)
        assert answer.ephemeral
        assert answer.content == f"I'll remember {name} for you.", typed
        assert service in visible_text(answer.message), typed
        assert (await lantern.storage.crisis.member_prefs(alice.id)).country == code


async def test_an_unlisted_country_gets_the_emergency_line_and_the_directories(
    lantern: Lantern, alice: Person
) -> None:
    answer = await alice.slash("resources", country="Chad")
    assert answer.ephemeral
    assert "I don't have support lines for Chad yet" in answer.content
    card = visible_text(answer.message)
    assert EMERGENCY_UNKNOWN in card
    assert DIRECTORY in card
    assert "befrienders.org" in card
    # Remembered, so Lantern never shows them another country's numbers instead.
    assert (await lantern.storage.crisis.member_prefs(alice.id)).country == "TD"
    again = await alice.slash_in_dm("resources")
    assert EMERGENCY_UNKNOWN in visible_text(again.message)


async def test_a_word_that_is_no_country_gets_suggestions_and_the_directories(
    lantern: Lantern, alice: Person
) -> None:
    answer = await alice.slash("resources", country="Germny")
    assert answer.ephemeral
    assert "I don't know a country by that name" in answer.content
    assert "Germany" in answer.content
    assert "Germny" not in answer.content  # what they typed is never echoed back
    card = visible_text(answer.message)
    assert DIRECTORY in card
    assert EMERGENCY_UNKNOWN in card
    assert (await lantern.storage.crisis.member_prefs(alice.id)).country is None


async def test_autocomplete_offers_countries_by_any_of_their_names(
    lantern: Lantern, alice: Person
) -> None:
    for typed, expected in [
        ("deutsch", {"name": "Germany (DE)", "value": "DE"}),
        ("the neth", {"name": "Netherlands (NL)", "value": "NL"}),
        ("u.k.", {"name": "United Kingdom (GB)", "value": "GB"}),
        ("espana", {"name": "Spain (ES)", "value": "ES"}),
    ]:
        choices = await alice.autocomplete("resources", country=typed)
        assert choices[0] == expected, typed
