import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.crisis.likely_country import LANGUAGE_COUNTRIES, likely_country, message_language
from bot.hotlines import HotlineDirectory


@pytest.mark.parametrize(
    ("locale", "language", "country"),
    [
        ("en-US", None, "US"),
        ("en-GB", None, "GB"),
        ("en-GB", "en", "GB"),
        ("pt-BR", "pt", "BR"),
        ("es-ES", "es", "ES"),
        ("es-419", "es", "MX"),  # Latin America: the largest Spanish-speaking country
        ("de", None, "DE"),
        ("nl", "nl", "NL"),
        ("en-US", "de", "DE"),  # a German message in an English server
        ("en-GB", "pt", "BR"),
        (None, "fr", "FR"),
        (None, None, None),
        ("xx", None, None),
    ],
)
def test_the_likely_country(locale: str | None, language: str | None, country: str | None) -> None:
    assert likely_country(server_locale=locale, message_language=language) == country


def test_every_language_the_rules_speak_guesses_a_country_with_lines() -> None:
    directory = HotlineDirectory.load()
    for language in ("en", "es", "fr", "de", "pt", "nl"):
        code = likely_country(server_locale=None, message_language=language)
        assert code is not None
        assert directory.country(code) is not None, language
    assert all(len(code) == 2 and code.isupper() for code in LANGUAGE_COUNTRIES.values())


@given(st.text(max_size=12), st.one_of(st.none(), st.text(max_size=4)))
def test_any_locale_gives_a_two_letter_code_or_none(locale: str, language: str | None) -> None:
    code = likely_country(server_locale=locale, message_language=language)
    assert code is None or (len(code) == 2 and code.isupper())


def test_the_message_language_comes_from_the_built_in_rules() -> None:
    assert message_language(("de.crisis.umbringen",)) == "de"
    assert message_language(("server.3", "pt.crisis.morrer")) == "pt"
    assert message_language(("server.3",)) is None
    assert message_language(()) is None
