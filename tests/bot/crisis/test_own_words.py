import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.crisis.own_words import own_words


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("> i want to die\nhey, that's a lyric", "\n\nhey, that's a lyric"),
        (">>> quoted\nand this too\nall of it", "\n"),
        ("before ```kill -9\nstuff``` after", "before \n after"),
        ("run `kill myself.sh` please", "run \n please"),
        ('the song goes "i want to die" lol', "the song goes \n lol"),
        ("they wrote “goodbye forever” on it", "they wrote \n on it"),
        ("er sagte „ich will sterben“ im Film", "er sagte \n im Film"),
        ("« je veux mourir » dit-elle", "\n dit-elle"),
        ("||i want to die||", "||i want to die||"),
        ("i'm fine, really", "i'm fine, really"),
        ("a >b", "a >b"),
    ],
)
def test_own_words(text: str, kept: str) -> None:
    assert own_words(text) == kept


def test_an_unclosed_code_block_runs_to_the_end() -> None:
    assert own_words("look ```rm -rf\nkill it") == "look \n"


@given(st.text())
def test_own_words_never_adds_text(text: str) -> None:
    kept = own_words(text)
    assert len(kept) <= len(text) + 1
