"""What an anonymous post may contain, and how its text is made safe to show.

Invites are always refused (they point readers at places moderators can't see); other links only
when the server hasn't allowed them. Mentions are neutralised twice: posts are sent with no
allowed mentions, and @everyone/@here are broken up here so they don't even look like a ping.
"""

from __future__ import annotations

import re
from enum import StrEnum

# Also catches the spaced-out and bracketed spellings people use to slip past filters.
_DOT = r"\s*(?:\.|\(\s*dot\s*\)|\[\s*dot\s*\])\s*"
INVITE = re.compile(
    rf"(?:discord(?:app)?{_DOT}(?:gg|com\s*/\s*invite|io|me|li)|dsc{_DOT}gg)\s*/\s*\S",
    re.IGNORECASE,
)
LINK = re.compile(
    r"\b(?:https?|ftp)://\S"
    r"|\bwww\.\S"
    # A bare domain with a path, or a common top-level domain on its own (example.com).
    rf"|\b[a-z0-9-]+(?:{_DOT}[a-z0-9-]+)*{_DOT}"
    r"(?:com|net|org|io|gg|co|me|ly|app|xyz|info|link|site|online|ru|uk|de|tv)\b",
    re.IGNORECASE,
)
MASS_MENTION = re.compile(r"@(everyone|here)", re.IGNORECASE)
ZERO_WIDTH_SPACE = "\u200b"


class Refusal(StrEnum):
    INVITE = "invite"
    LINK = "link"


REFUSAL_TEXTS = {
    Refusal.INVITE: (
        "Server invites can't go in anonymous posts, so nobody gets led somewhere moderators "
        "can't look out for them."
    ),
    Refusal.LINK: (
        "Links aren't allowed in anonymous posts on this server. You could describe the page "
        "in words instead."
    ),
}


def check_text(text: str, *, allow_links: bool) -> Refusal | None:
    if INVITE.search(text):
        return Refusal.INVITE
    if not allow_links and LINK.search(text):
        return Refusal.LINK
    return None


def neutralise_mentions(text: str) -> str:
    """'@everyone' -> '@\u200beveryone': shown as written, never read as a mass mention."""
    return MASS_MENTION.sub(lambda match: f"@{ZERO_WIDTH_SPACE}{match[1]}", text)


def escape_spoiler_bars(text: str) -> str:
    """Escape '|' so text inside a spoiler can't close it early and show the rest."""
    return text.replace("\\", "\\\\").replace("|", "\\|")
