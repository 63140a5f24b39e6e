"""The five moods a member can pick, and what a check-in may carry."""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import UserFacingError

NOTE_MAX_LENGTH = 500


@dataclass(frozen=True, slots=True)
class Mood:
    value: int
    emoji: str
    word: str

    @property
    def label(self) -> str:
        return f"{self.emoji} {self.word}"


# Plain, kind words: how the day feels, never a diagnosis. The cog renders these as buttons.
MOODS = (
    Mood(1, "😞", "Rough"),
    Mood(2, "🙁", "Low"),
    Mood(3, "😐", "Okay"),
    Mood(4, "🙂", "Good"),
    Mood(5, "😄", "Great"),
)
LOWEST_MOOD = MOODS[0].value
HIGHEST_MOOD = MOODS[-1].value


class InvalidCheckinError(UserFacingError):
    """A check-in the member can fix: a mood out of range or a note that is too long."""


def mood_for(value: int) -> Mood:
    if not LOWEST_MOOD <= value <= HIGHEST_MOOD:
        raise InvalidCheckinError(
            f"Moods go from {LOWEST_MOOD} to {HIGHEST_MOOD}; please pick one of the buttons."
        )
    return MOODS[value - LOWEST_MOOD]


def clean_note(text: str | None) -> str | None:
    """The note without surrounding blanks, or None when there is nothing in it."""
    if text is None or not text.strip():
        return None
    note = text.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidCheckinError(
            f"Notes can be up to {NOTE_MAX_LENGTH} characters; yours has {len(note)}. "
            "Could you shorten it a little?"
        )
    return note
