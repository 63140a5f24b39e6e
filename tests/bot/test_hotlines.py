"""The hotline file: every country loads with sources, bad entries are named, search finds them."""

from __future__ import annotations

import re
import textwrap
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.content_errors import ContentError
from bot.hotlines import (
    Country,
    HotlineDirectory,
    UnlistedCountry,
    iso_country_codes,
    normalise,
)

if TYPE_CHECKING:
    from pathlib import Path

INTERNATIONAL = """
[[international]]
name = "Find A Helpline"
website = "https://findahelpline.com"
sources = ["https://example.org/directory"]
last_verified = 2026-11-22
"""

COUNTRY = """
[[country]]
code = "{code}"
name = "{name}"
emergency_number = "112"
emergency_sources = ["https://example.org/emergency"]

[[country.hotline]]
name = "{service}"
phone = "116 123"
sources = ["{source}"]
last_verified = {verified}
"""


def country(
    code: str = "DE",
    name: str = "Germany",
    service: str = "Helpline",
    source: str = "https://example.org/helpline",
    verified: str = "2026-11-22",
) -> str:
    return COUNTRY.format(code=code, name=name, service=service, source=source, verified=verified)


def write(tmp_path: Path, *parts: str) -> Path:
    path = tmp_path / "hotlines.toml"
    path.write_text("\n".join(textwrap.dedent(part) for part in parts), encoding="utf-8")
    return path


@cache
def real_directory() -> HotlineDirectory:
    return HotlineDirectory.load()


@pytest.fixture
def directory() -> HotlineDirectory:
    return real_directory()


# --- the real file ----------------------------------------------------------------------------


def test_the_real_file_covers_at_least_forty_countries(directory: HotlineDirectory) -> None:
    assert len(directory.countries()) >= 40


def test_the_real_file_reaches_every_continent(directory: HotlineDirectory) -> None:
    codes = {country.code for country in directory.countries()}
    for continent in ({"US", "BR", "MX"}, {"GB", "DE", "FR"}, {"JP", "IN"}, {"ZA", "KE"}, {"AU"}):
        assert continent <= codes


def test_every_country_has_an_emergency_number_with_a_source(directory: HotlineDirectory) -> None:
    for country in directory.countries():
        assert country.emergency_number, country.code
        assert country.emergency_sources, country.code
        assert country.code in iso_country_codes()


def test_every_service_has_a_source_a_check_date_and_a_way_to_reach_it(
    directory: HotlineDirectory,
) -> None:
    services = [hotline for country in directory.countries() for hotline in country.hotlines]
    for hotline in (*services, *directory.international()):
        assert hotline.sources, hotline.name
        assert all(source.startswith(("https://", "http://")) for source in hotline.sources)
        assert hotline.last_verified <= date(2026, 11, 22), hotline.name
        assert hotline.phone or hotline.text or hotline.chat_url or hotline.website, hotline.name


def test_the_international_directories_are_there(directory: HotlineDirectory) -> None:
    websites = {hotline.website for hotline in directory.international()}
    assert websites == {"https://findahelpline.com", "https://www.befrienders.org"}


def test_country_lookup_ignores_case_and_spaces(directory: HotlineDirectory) -> None:
    united_states = directory.country(" us ")
    assert united_states is not None
    assert united_states.name == "United States"
    assert directory.country("XX") is None


# --- what people type as their country --------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("United Kingdom", "GB"),
        ("uk", "GB"),
        ("U.K.", "GB"),
        ("the UK", "GB"),
        ("Britain", "GB"),
        ("Great Britain", "GB"),
        ("England", "GB"),
        ("Scotland", "GB"),
        ("Wales", "GB"),
        ("gb", "GB"),
        ("Germany", "DE"),
        ("Deutschland", "DE"),
        ("DEUTSCHLAND ", "DE"),
        ("de", "DE"),
        ("USA", "US"),
        ("U.S.A.", "US"),
        ("US", "US"),
        ("the United States", "US"),
        ("America", "US"),
        ("España", "ES"),
        ("Espana", "ES"),
        ("Brasil", "BR"),
        ("Nederland", "NL"),
        ("Holland", "NL"),
        ("The Netherlands", "NL"),
        ("México", "MX"),
        ("mexico!", "MX"),
        ("Österreich", "AT"),
        ("Osterreich", "AT"),
        ("Schweiz", "CH"),
        ("Suisse", "CH"),
        ("Svizzera", "CH"),
        ("Belgique", "BE"),
        ("België", "BE"),
        ("Éire", "IE"),
        ("eire", "IE"),
        ("  sri   lanka ", "LK"),
        ("Sri-Lanka", "LK"),
        ("Czechia", "CZ"),
        ("日本", "JP"),
    ],
)
def test_resolve_finds_listed_countries_by_code_name_or_alias(
    directory: HotlineDirectory, typed: str, code: str
) -> None:
    found = directory.resolve(typed)
    assert isinstance(found, Country)
    assert found.code == code


@pytest.mark.parametrize(
    ("typed", "code", "name"),
    [
        ("Chad", "TD", "Chad"),
        ("td", "TD", "Chad"),
        ("Trinidad and Tobago", "TT", "Trinidad & Tobago"),
        ("trinidad & tobago", "TT", "Trinidad & Tobago"),
        ("Saint Lucia", "LC", "St Lucia"),
        ("North Korea", "KP", "Korea (North)"),
        ("Côte d'Ivoire", "CI", "Côte d’Ivoire"),
        ("the gambia", "GM", "Gambia"),
    ],
)
def test_resolve_knows_real_countries_that_have_no_lines_yet(
    directory: HotlineDirectory, typed: str, code: str, name: str
) -> None:
    assert directory.country(code) is None  # this test is about countries the file leaves out
    assert directory.resolve(typed) == UnlistedCountry(code, name)


@pytest.mark.parametrize("typed", ["Narnia", "", "   ", "the", "?!", "xx", "not sure"])
def test_resolve_answers_none_for_words_that_are_not_countries(
    directory: HotlineDirectory, typed: str
) -> None:
    assert directory.resolve(typed) is None


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [("Germny", "Germany"), ("Untied Kingdom", "United Kingdom"), ("Frnace", "France")],
)
def test_closest_names_suggest_what_was_probably_meant(
    directory: HotlineDirectory, typed: str, suggested: str
) -> None:
    names = directory.closest_names(typed)
    assert names[0] == suggested
    assert 1 <= len(names) <= 3
    assert len(set(names)) == len(names)


def test_closest_names_for_a_half_typed_name_offer_the_countries_it_starts() -> None:
    assert set(real_directory().closest_names("united")) == {
        "United Kingdom",
        "United States",
        "United Arab Emirates",
    }


def test_closest_names_for_nonsense_are_empty(directory: HotlineDirectory) -> None:
    assert directory.closest_names("qqqzzz") == ()
    assert directory.closest_names("") == ()


def names_of(country: Country) -> list[str]:
    return [country.code, country.name, *country.aliases]


def dress_up(name: str, cased: list[bool], before: str, after: str, the: bool) -> str:
    """A name as someone might type it: odd capitals, stray spaces and punctuation, a "the"."""
    letters = "".join(
        char.upper() if upper else char.lower()
        for char, upper in zip(name, cased + [False] * len(name), strict=False)
    )
    return f"{before}{'the ' if the else ''}{letters}{after}"


@given(
    st.sampled_from([n for c in real_directory().countries() for n in names_of(c)]),
    st.lists(st.booleans(), max_size=30),
    st.sampled_from(["", " ", "  ", "\t", '"', "(", "'"]),
    st.sampled_from(["", " ", ".", "!", "?", '"', ")", " ."]),
    st.booleans(),
)
def test_every_name_and_alias_resolves_however_it_is_typed(
    name: str, cased: list[bool], before: str, after: str, the: bool
) -> None:
    directory = real_directory()
    owner = next(c for c in directory.countries() if name in names_of(c))
    found = directory.resolve(dress_up(name, cased, before, after, the))
    assert found == owner


@given(st.sampled_from([n for c in real_directory().countries() for n in names_of(c)]))
def test_accents_never_matter(name: str) -> None:
    directory = real_directory()
    assert directory.resolve(name) == directory.resolve(normalise(name))


@given(st.sampled_from(sorted(iso_country_codes())))
def test_every_iso_code_resolves_to_that_country_listed_or_not(code: str) -> None:
    found = real_directory().resolve(code.lower())
    assert isinstance(found, Country | UnlistedCountry)
    assert found.code == code
    assert isinstance(found, Country) == (real_directory().country(code) is not None)


@given(st.text(max_size=40))
def test_resolve_and_closest_names_never_fail(typed: str) -> None:
    directory = real_directory()
    found = directory.resolve(typed)
    assert found is None or found.code in iso_country_codes()
    assert len(directory.closest_names(typed)) <= 3


def test_an_alias_naming_two_countries_is_refused(tmp_path: Path) -> None:
    germany = country().replace("emergency_number", 'aliases = ["Holland"]\nemergency_number')
    netherlands = country(code="NL", name="Netherlands").replace(
        "emergency_number", 'aliases = ["Holland"]\nemergency_number'
    )
    with pytest.raises(ContentError, match="'Holland' names both"):
        HotlineDirectory.load(write(tmp_path, INTERNATIONAL, germany, netherlands))


# --- search, for autocomplete -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("de", "DE"),  # a code beats names that merely start with it (Denmark)
        ("DE", "DE"),
        ("germ", "DE"),
        ("deutschland", "DE"),
        ("MEXICO", "MX"),
        ("méxico", "MX"),
        ("espana", "ES"),
        ("Österreich", "AT"),
        ("osterreich", "AT"),
        ("uk", "GB"),
        ("england", "GB"),
        ("zealand", "NZ"),
        ("korea", "KR"),
        ("  sri   lanka ", "LK"),
    ],
)
def test_search_finds_countries_by_code_name_or_alias(
    directory: HotlineDirectory, query: str, expected_first: str
) -> None:
    results = directory.search(query)
    assert results
    assert results[0].code == expected_first


def test_search_ranks_prefixes_before_substrings(directory: HotlineDirectory) -> None:
    codes = [country.code for country in directory.search("ma")]
    assert codes.index("MY") < codes.index("DE")  # Malaysia starts with it; Germany contains it


def test_search_with_nothing_typed_lists_countries_by_name(directory: HotlineDirectory) -> None:
    results = directory.search("", limit=5)
    assert [country.name for country in results] == sorted(country.name for country in results)
    assert len(results) == 5


def test_search_respects_the_limit(directory: HotlineDirectory) -> None:
    assert len(directory.search("a")) == 25
    assert len(directory.search("a", limit=3)) == 3
    assert directory.search("a", limit=0) == []


def test_search_for_nonsense_finds_nothing(directory: HotlineDirectory) -> None:
    assert directory.search("qqqzzz") == []


@given(st.text(max_size=40), st.integers(min_value=-3, max_value=60))
def test_search_never_fails_and_never_exceeds_the_limit(query: str, limit: int) -> None:
    results = real_directory().search(query, limit)
    assert len(results) <= max(limit, 0)
    assert len({country.code for country in results}) == len(results)


@given(st.text(max_size=40))
def test_normalise_is_idempotent(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)


# Letters people type into country names; Turkish dotless i has no case pair, so it is left out.
@given(st.text(alphabet="abczABCZéÉöÖçÇñÑåÅłŁ ", max_size=20))
def test_normalise_ignores_case(text: str) -> None:
    assert normalise(text.upper()) == normalise(text.lower())


def test_normalise_drops_accents_and_extra_spaces() -> None:
    assert normalise("  Česká   Republika ") == "ceska republika"
    assert normalise("MÉXICO") == normalise("mexico")


# --- every kind of bad entry is named ---------------------------------------------------------


def test_a_small_valid_file_loads(tmp_path: Path) -> None:
    loaded = HotlineDirectory.load(write(tmp_path, INTERNATIONAL, country()))
    germany = loaded.country("DE")
    assert germany is not None
    assert germany.hotlines[0].last_verified == date(2026, 11, 22)
    assert germany.hotlines[0].for_everyone


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (country(code="XX"), "country 'XX': unknown country code"),
        (country(code="de"), "unknown country code 'de'"),
        (country(source="not a url"), "'Helpline': bad URL"),
        (country(source="ftp://example.org/x"), "'Helpline': bad URL"),
        (country(service=""), "country 'DE', hotline #1: empty service name"),
        (country(verified='"last spring"'), "'Helpline': bad date"),
        (country(verified='"2026-13-01"'), "'Helpline': bad date"),
        (country(verified="2026-11-22T10:00:00"), "'Helpline': bad date"),
    ],
)
def test_bad_entries_raise_content_error_naming_them(
    tmp_path: Path, entry: str, message: str
) -> None:
    with pytest.raises(ContentError, match=re.escape(message)):
        HotlineDirectory.load(write(tmp_path, INTERNATIONAL, entry))


def test_a_duplicate_country_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, INTERNATIONAL, country(), country(name="Germany again"))
    with pytest.raises(ContentError, match="country 'DE' appears twice"):
        HotlineDirectory.load(path)


def test_a_service_without_sources_is_named(tmp_path: Path) -> None:
    entry = country().replace('sources = ["https://example.org/helpline"]\n', "")
    with pytest.raises(ContentError, match="'Helpline': missing source"):
        HotlineDirectory.load(write(tmp_path, INTERNATIONAL, entry))


def test_an_emergency_number_without_sources_is_named(tmp_path: Path) -> None:
    entry = country().replace('emergency_sources = ["https://example.org/emergency"]', "")
    with pytest.raises(ContentError, match="country 'DE': missing source"):
        HotlineDirectory.load(write(tmp_path, INTERNATIONAL, entry))


def test_a_country_without_an_emergency_number_is_named(tmp_path: Path) -> None:
    entry = country().replace('emergency_number = "112"', "")
    with pytest.raises(ContentError, match="country 'DE': missing or empty 'emergency_number'"):
        HotlineDirectory.load(write(tmp_path, INTERNATIONAL, entry))


def test_a_service_nobody_can_reach_is_named(tmp_path: Path) -> None:
    entry = country().replace('phone = "116 123"', "")
    with pytest.raises(ContentError, match="'Helpline': no phone"):
        HotlineDirectory.load(write(tmp_path, INTERNATIONAL, entry))


def test_a_misspelt_key_is_named(tmp_path: Path) -> None:
    entry = country().replace('phone = "116 123"', 'phone = "116 123"\nchat_ulr = "https://x.org"')
    with pytest.raises(ContentError, match="'Helpline': unknown key"):
        HotlineDirectory.load(write(tmp_path, INTERNATIONAL, entry))


def test_a_bad_directory_url_is_named(tmp_path: Path) -> None:
    entry = INTERNATIONAL.replace("https://findahelpline.com", "findahelpline.com")
    with pytest.raises(ContentError, match="international entry 'Find A Helpline': bad URL"):
        HotlineDirectory.load(write(tmp_path, entry, country()))


def test_a_file_without_directories_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=re.escape("at least one [[international]]")):
        HotlineDirectory.load(write(tmp_path, country()))


def test_broken_toml_is_reported_with_the_file_name(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=re.escape("hotlines.toml: cannot read")):
        HotlineDirectory.load(write(tmp_path, "[[country]\n"))
