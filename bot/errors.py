"""Errors whose message is meant for the member who caused them."""


class UserFacingError(Exception):
    """Raised when a request can't be done; the message is shown to the member as it is.

    Write it in Lantern's voice: short, kind, and saying what to do instead.
    """
