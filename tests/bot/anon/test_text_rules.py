import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.anon.text_rules import (
    ZERO_WIDTH_SPACE,
    Refusal,
    check_text,
    escape_spoiler_bars,
    neutralise_mentions,
)

INVITES = [
    "discord.gg/abc",
    "https://discord.gg/abc",
    "join DISCORD.GG/abc please",
    "discord . gg / abc",
    "discord(dot)gg/abc",
    "discordapp.com/invite/abc",
    "https://discord.com/invite/abc",
    "dsc.gg/abc",
]
LINKS = [
    "https://example.org",
    "see http://example.org/page",
    "www.example.org",
    "example.com",
    "look at example(dot)com",
    "ftp://files.example.org/x",
]
PLAIN = [
    "I feel lost today.",
    "it's 3 a.m. and I can't sleep",
    "my therapist said e.g. write things down",
    "the end. Then again...",
    "discord is where I talk to friends",
]


@pytest.mark.parametrize("text", INVITES)
def test_invites_are_refused_even_when_links_are_allowed(text: str) -> None:
    assert check_text(text, allow_links=True) is Refusal.INVITE
    assert check_text(text, allow_links=False) is Refusal.INVITE


@pytest.mark.parametrize("text", LINKS)
def test_links_are_refused_unless_allowed(text: str) -> None:
    assert check_text(text, allow_links=False) is Refusal.LINK
    assert check_text(text, allow_links=True) is None


@pytest.mark.parametrize("text", PLAIN)
def test_ordinary_words_pass(text: str) -> None:
    assert check_text(text, allow_links=False) is None


def test_mass_mentions_are_broken_up_but_still_read_the_same() -> None:
    shown = neutralise_mentions("hey @everyone and @Here, <@123> <@&456>")
    assert "@everyone" not in shown
    assert "@Here" not in shown
    assert shown.replace(ZERO_WIDTH_SPACE, "") == "hey @everyone and @Here, <@123> <@&456>"


@given(st.text())
def test_no_mass_mention_survives(text: str) -> None:
    shown = neutralise_mentions(text).casefold()
    assert "@everyone" not in shown
    assert "@here" not in shown
    assert neutralise_mentions(text).replace(ZERO_WIDTH_SPACE, "") == text.replace(
        ZERO_WIDTH_SPACE, ""
    )


@given(st.text())
def test_escaped_text_cannot_close_a_spoiler(text: str) -> None:
    escaped = escape_spoiler_bars(text)
    # Every bar is preceded by an odd run of backslashes, so none of them is markup.
    for index, char in enumerate(escaped):
        if char == "|":
            run = len(escaped[:index]) - len(escaped[:index].rstrip("\\"))
            assert run % 2 == 1
    assert len(escaped) <= 2 * len(text)
