"""The error every content loader raises for a bad data file."""


class ContentError(Exception):
    """A data file is malformed; the message names the file and the entry."""
