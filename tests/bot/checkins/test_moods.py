import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.checkins.moods import (
    MOODS,
    NOTE_MAX_LENGTH,
    InvalidCheckinError,
    clean_note,
    mood_for,
)


def test_five_moods_from_one_to_five_each_with_an_emoji_and_a_word() -> None:
    assert [mood.value for mood in MOODS] == [1, 2, 3, 4, 5]
    assert len({mood.emoji for mood in MOODS}) == 5
    assert len({mood.word for mood in MOODS}) == 5
    assert mood_for(4).label == "🙂 Good"


@pytest.mark.parametrize("value", [0, 6, -1])
def test_a_mood_out_of_range_is_refused(value: int) -> None:
    with pytest.raises(InvalidCheckinError, match="from 1 to 5"):
        mood_for(value)


def test_notes_are_trimmed_and_blank_notes_are_none() -> None:
    assert clean_note("  a calm walk \n") == "a calm walk"
    assert clean_note("   ") is None
    assert clean_note(None) is None
    assert clean_note("x" * NOTE_MAX_LENGTH) == "x" * NOTE_MAX_LENGTH


def test_a_note_over_the_limit_says_how_long_it_is() -> None:
    with pytest.raises(InvalidCheckinError, match="yours has 501"):
        clean_note("x" * (NOTE_MAX_LENGTH + 1))


@given(st.text(max_size=NOTE_MAX_LENGTH + 20))
def test_clean_note_returns_a_trimmed_note_within_the_limit_or_refuses(text: str) -> None:
    try:
        note = clean_note(text)
    except InvalidCheckinError:
        assert len(text.strip()) > NOTE_MAX_LENGTH
        return
    if note is not None:
        assert note == note.strip()
        assert 0 < len(note) <= NOTE_MAX_LENGTH
