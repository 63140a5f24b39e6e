"""What a message can be about, as far as the crisis detector is concerned."""

from enum import StrEnum


class Kind(StrEnum):
    CRISIS = "crisis"  # the writer is at risk
    CONCERN = "concern"  # the writer fears for someone else
    HARASSMENT = "harassment"  # the writer tells someone else to hurt themselves
    NONE = "none"


# When a message holds several kinds, the first here is the one reported.
SEVERITY_ORDER = (Kind.CRISIS, Kind.CONCERN, Kind.HARASSMENT)
