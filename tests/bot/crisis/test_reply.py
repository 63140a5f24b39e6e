"""Crisis cards: safe words, the right services, honest about alerts, inside embed limits."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.content_errors import ContentError
from bot.crisis.reply import (
    IN_CHANNEL_NUDGE,
    SERVICES_IN_CRISIS_REPLY,
    ReplyCard,
    ReplyTexts,
    concern_card,
    crisis_reply,
    resources_card,
    still_here_line,
)
from bot.hotlines import Country, HotlineDirectory
from bot.paths import DATA_DIR

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

# Phrases safe-messaging guidance rules out: method talk, blame, lecturing, false promises.
FORBIDDEN = [
    r"commit(ted)? suicide",
    r"never the answer",
    r"(successful|failed|unsuccessful) attempt",
    r"epidemic",
    r"selfish",
    r"coward",
    r"attention[- ]seeking",
    r"on (their|its) way",
    r"help is coming",
    r"\bmethods?\b",
    r"\bkill",
    r"\bpills?\b",
    r"\bjump",
    r"\bguns?\b",
    r"\bropes?\b",
    r"\boverdose",
    r"\bdiagnos",
]
# Discord allows server names up to 100 characters; this one also tries markdown tricks.
LONGEST_SERVER_NAME = ("**Cozy** _Corner_ ~~for~~ `everyone` ||hi|| " * 3)[:100]
MODERATORS_SENTENCE = "private note to the moderators"


@cache
def directory() -> HotlineDirectory:
    return HotlineDirectory.load()


def every_place() -> list[Country | None]:
    return [*directory().countries(), None]


def every_card(server_name: str = LONGEST_SERVER_NAME) -> Iterator[ReplyCard]:
    for country in every_place():
        for alerted in (True, False):
            for channel in ("<#123456789012345678>", None):
                yield crisis_reply(
                    country,
                    directory(),
                    server_name=server_name,
                    moderators_alerted=alerted,
                    support_channel_mention=channel,
                )
        yield concern_card(country, directory(), server_name=server_name)
        yield resources_card(country, directory())


def test_every_card_for_every_country_fits_discord_embed_limits() -> None:
    cards = list(every_card())
    assert len(cards) == 6 * len(every_place())
    for card in cards:
        assert 0 < len(card.title) <= 256
        assert 0 < len(card.description) <= 4096
        assert 0 < len(card.footer) <= 2048
        assert 0 < len(card.fields) <= 25
        for name, value in card.fields:
            assert 0 < len(name) <= 256
            assert 0 < len(value) <= 1024
        total = sum(len(text) for text in card.texts())
        assert total == card.length
        assert total <= 6000


def test_no_card_says_anything_safe_messaging_rules_out() -> None:
    for card in every_card():
        text = "\n".join(card.texts()).casefold()
        for phrase in FORBIDDEN:
            assert not re.search(phrase, text), (phrase, card.title)


def test_the_texts_file_itself_avoids_those_phrases_outside_its_header() -> None:
    document = tomllib.loads((DATA_DIR / "crisis_replies.toml").read_text(encoding="utf-8"))
    del document["sources"]
    words = str(document).casefold()
    for phrase in FORBIDDEN:
        assert not re.search(phrase, words), phrase


@pytest.mark.parametrize(
    "country", every_place(), ids=lambda country: getattr(country, "code", "none")
)
def test_the_crisis_reply_has_everything_the_guidelines_ask_for(country: Country | None) -> None:
    card = crisis_reply(
        country,
        directory(),
        server_name="Cozy Corner",
        moderators_alerted=True,
        support_channel_mention="<#42>",
    )
    text = "\n".join(card.texts())
    assert "sounds like things are really hard" in card.description  # acknowledges
    assert "automatic" in card.description  # honest that a bot sent it
    assert "Cozy Corner" in card.description
    assert "people do get through" in card.description  # hope
    assert "<#42>" in text  # a human in the community
    assert "auto:off" not in text  # no cold opt-out: the "Not what I meant" answer has it
    for hotline in directory().international():
        assert hotline.website is not None
        assert hotline.website in text
    first_paragraphs = card.description.split("\n\n")[1]
    if country is None:
        assert "your local emergency number" in first_paragraphs
        assert "/resources country:" in first_paragraphs  # how to get numbers, near the top
    else:
        assert f"**{country.emergency_number}**" in first_paragraphs
        # One line to call or text now, before anything else is said.
        assert country.hotlines[0].name in first_paragraphs
        for hotline in country.hotlines[:SERVICES_IN_CRISIS_REPLY]:
            assert hotline.name in text, hotline.name
        if len(country.hotlines) > SERVICES_IN_CRISIS_REPLY:
            assert "`/resources` shows every line" in text


@pytest.mark.parametrize(
    "country", every_place(), ids=lambda country: getattr(country, "code", "none")
)
def test_the_crisis_reply_fits_one_phone_screen(country: Country | None) -> None:
    card = crisis_reply(
        country,
        directory(),
        server_name="Cozy Corner",
        moderators_alerted=True,
        support_channel_mention="<#42>",
        country_guessed=True,
    )
    lines = [line for text in card.texts() for line in text.splitlines() if line.strip()]
    # A phone shows about 30 lines of an embed, some 48 characters wide; longer lines wrap.
    screen_lines = sum(1 + len(line) // 48 for line in lines)
    assert screen_lines <= 30, screen_lines
    assert len(card.fields) <= 3


def test_a_guessed_country_says_so_and_how_to_change_it() -> None:
    germany = directory().country("DE")
    assert germany is not None
    guessed, known = (
        crisis_reply(
            germany,
            directory(),
            server_name="Cozy",
            moderators_alerted=False,
            support_channel_mention=None,
            country_guessed=flag,
        )
        for flag in (True, False)
    )
    assert "Germany, my best guess" in guessed.description
    assert "/resources country:" in guessed.description
    assert "best guess" not in known.description


def test_the_still_here_line_is_short_and_says_nothing_about_why() -> None:
    line = still_here_line()
    assert len(line) <= 200
    for word in ("suicid", "crisis", "harm", "worried", "danger"):
        assert word not in line.casefold()


def test_the_moderators_sentence_appears_only_when_they_were_alerted() -> None:
    for country in every_place():
        for channel in ("<#1>", None):
            alerted, quiet = (
                crisis_reply(
                    country,
                    directory(),
                    server_name="Cozy",
                    moderators_alerted=flag,
                    support_channel_mention=channel,
                )
                for flag in (True, False)
            )
            assert MODERATORS_SENTENCE in alerted.description
            assert not any(MODERATORS_SENTENCE in text for text in quiet.texts())


def test_without_a_support_channel_the_reply_points_to_the_moderators() -> None:
    card = crisis_reply(
        None,
        directory(),
        server_name="Cozy",
        moderators_alerted=False,
        support_channel_mention=None,
    )
    assert any("message a moderator" in value for _, value in card.fields)
    assert not any("<#" in text for text in card.texts())


def test_services_show_how_to_reach_them_and_who_they_are_for() -> None:
    united_states = directory().country("US")
    assert united_states is not None
    card = resources_card(united_states, directory())
    fields = dict(card.fields)
    assert fields["988 Suicide & Crisis Lifeline"].startswith("Call **988**\nText 988\n")
    assert "Chat online: https://988lifeline.org/chat" in fields["988 Suicide & Crisis Lifeline"]
    assert "The Trevor Project · for LGBTQ+ young people" in fields


def test_markdown_in_data_and_server_names_is_shown_as_written() -> None:
    chile = directory().country("CL")
    assert chile is not None
    card = crisis_reply(
        chile,
        directory(),
        server_name="**loud**",
        moderators_alerted=False,
        support_channel_mention=None,
    )
    assert r"\*\*loud\*\*" in card.footer
    assert r"Call **\*4141**" in card.description


def test_the_concern_card_walks_through_helping_a_friend() -> None:
    card = concern_card(directory().country("GB"), directory(), server_name="Cozy")
    titles = [name for name, _ in card.fields]
    for step in ("Ask them directly", "Listen", "Don't promise to keep it secret"):
        assert step in titles
    assert "Look after yourself too" in titles
    assert "Samaritans" in titles
    emergency = "If they're in immediate danger, call **999** now."
    assert ("If they're in danger right now", emergency) in card.fields
    assert not any(name.startswith("If you're") for name, _ in card.fields)


def test_resources_show_when_the_numbers_were_last_checked() -> None:
    japan = directory().country("JP")
    assert japan is not None
    assert japan.last_verified.isoformat() in resources_card(japan, directory()).footer


def test_the_in_channel_nudge_is_short_and_says_nothing_about_why() -> None:
    assert len(IN_CHANNEL_NUDGE) <= 120
    assert "support info" in IN_CHANNEL_NUDGE
    for word in ("suicid", "crisis", "harm", "worried", "danger"):
        assert word not in IN_CHANNEL_NUDGE.casefold()


@given(st.text(min_size=1, max_size=100))
def test_any_server_name_still_gives_a_card_that_fits(server_name: str) -> None:
    card = crisis_reply(
        directory().country("US"),
        directory(),
        server_name=server_name,
        moderators_alerted=True,
        support_channel_mention="<#1>",
    )
    assert card.length <= 6000
    assert card.footer.startswith("An automated message from Lantern on ")


def test_a_card_over_the_limits_cannot_be_built() -> None:
    with pytest.raises(ValueError, match="title has 257 characters"):
        ReplyCard(title="x" * 257, description="d", fields=(), footer="f")
    with pytest.raises(ValueError, match="26 fields"):
        ReplyCard(title="t", description="d", fields=(("n", "v"),) * 26, footer="f")
    with pytest.raises(ValueError, match="in all"):
        ReplyCard(title="t", description="d" * 4000, fields=(("n", "v" * 1000),) * 3, footer="f")
    with pytest.raises(ValueError, match="empty name or value"):
        ReplyCard(title="t", description="d", fields=(("n", " "),), footer="f")


# --- the texts file is checked when it loads --------------------------------------------------


def edited_texts(tmp_path: Path, old: str, new: str) -> Path:
    original = (DATA_DIR / "crisis_replies.toml").read_text(encoding="utf-8")
    assert old in original
    path = tmp_path / "crisis_replies.toml"
    path.write_text(original.replace(old, new, 1), encoding="utf-8")
    return path


def test_the_real_texts_load_with_their_sources() -> None:
    texts = ReplyTexts.load()
    assert len(texts.sources) >= 5
    assert all(url.startswith("https://") for _, url in texts.sources)
    assert len(texts.concern_steps) == 5


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('title = "Worried about someone?"', "", "[concern] 'title' is missing"),
        ('call = "Call **{phone}**"', 'call = "Call {phone_number}"', "unknown placeholder"),
        ('hours = "Open: {hours}"', 'hours = "Open: {hours"', "unbalanced braces"),
        ("[resources]", '[resources]\ncolour = "red"', "[resources] has unknown key(s) colour"),
        ("documents = [", "old_documents = [", "[sources] documents: needs at least one"),
        (
            'footer = "From Lantern on {server_name}.',
            'footer = "From Lantern on {emergency_number}.',
            "unknown placeholder {emergency_number}",
        ),
    ],
)
def test_bad_texts_raise_content_error_naming_the_entry(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(ContentError, match=re.escape(message)):
        ReplyTexts.load(edited_texts(tmp_path, old, new))


def test_edited_texts_are_what_the_cards_show(tmp_path: Path) -> None:
    texts = ReplyTexts.load(
        edited_texts(
            tmp_path, 'title = "Worried about someone?"', 'title = "Is a friend struggling?"'
        )
    )
    card = concern_card(None, directory(), server_name="Cozy", texts=texts)
    assert card.title == "Is a friend struggling?"


def test_overlong_edited_texts_are_clipped_to_fit(tmp_path: Path) -> None:
    long_title = "Worried? " * 40
    texts = ReplyTexts.load(
        edited_texts(tmp_path, 'title = "Worried about someone?"', f'title = "{long_title}"')
    )
    card = concern_card(None, directory(), server_name="Cozy", texts=texts)
    assert len(card.title) == 256
    assert card.title.endswith("…")
    assert long_title.startswith(card.title[:-1])


def test_a_reply_outside_any_server_still_reads_well() -> None:
    card = crisis_reply(
        None, directory(), server_name=" ", moderators_alerted=False, support_channel_mention=None
    )
    assert "a bot on Discord," in card.description
    assert card.footer.startswith("An automated message from Lantern on Discord.")
