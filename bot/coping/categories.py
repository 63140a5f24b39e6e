"""The fixed set of coping categories members can ask for."""

from enum import StrEnum


class Category(StrEnum):
    BREATHING = "breathing"
    GROUNDING = "grounding"
    MOVEMENT = "movement"
    CONNECTION = "connection"
    SLEEP = "sleep"
    SELF_COMPASSION = "self-compassion"
    MINDFULNESS = "mindfulness"
    CREATIVITY = "creativity"
    DISTRACTION = "distraction"
    PLANNING = "planning"

    @property
    def label(self) -> str:
        """The name shown to members, e.g. "Self-compassion"."""
        return self.value.capitalize()
