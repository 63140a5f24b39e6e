"""The text of anonymous posts, replies and the cards moderators review, within Discord's limits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.anon.text_rules import escape_spoiler_bars, neutralise_mentions

TEXT_LIMIT = 2000
# Short enough that a warning plus fully escaped text still fits an embed description (4096).
WARNING_LIMIT = 50
OP_MARK = "OP"
# Reasons a report card lists, and how much of each: three fit an embed field (1,024).
REPORT_REASONS_SHOWN = 3
REPORT_REASON_SHOWN = 300


@dataclass(frozen=True, slots=True)
class AnonCard:
    title: str
    description: str
    fields: tuple[tuple[str, str], ...] = ()
    footer: str = ""


def shown_text(text: str, content_warning: str | None) -> str:
    """The body as readers see it: behind a spoiler, under its warning, when there is one."""
    safe = neutralise_mentions(text)
    if not content_warning:
        return safe
    warning = neutralise_mentions(" ".join(content_warning.split()))
    return f"**Content warning:** {warning}\n||{escape_spoiler_bars(safe)}||"


def post_card(pseudonym: str, code: str, text: str, content_warning: str | None) -> AnonCard:
    return AnonCard(
        title=pseudonym,
        description=shown_text(text, content_warning),
        footer=f"Anonymous post {code} · Reply anonymously, or report it if something's wrong",
    )


def reply_card(
    pseudonym: str, code: str, text: str, content_warning: str | None, *, by_op: bool
) -> AnonCard:
    return AnonCard(
        title=f"{pseudonym} ({OP_MARK})" if by_op else pseudonym,
        description=shown_text(text, content_warning),
        footer=f"Anonymous reply {code}",
    )


def review_card(code: str, text: str | None, content_warning: str | None) -> AnonCard:
    """A post waiting for approval; moderators see the text as readers would, never the author."""
    return AnonCard(
        title=f"Anonymous post {code} is waiting for approval",
        description=_held_text(text, content_warning),
        footer="Nobody, moderators included, can see who wrote this.",
    )


def report_card(
    code: str,
    reasons: Sequence[str],
    text: str | None,
    content_warning: str | None,
    *,
    times: int,
) -> AnonCard:
    """A reported post; `reasons` are the latest reports' (newest first), `times` how often it
    was reported in all."""
    shown = [_shortened(neutralise_mentions(reason), REPORT_REASON_SHOWN) for reason in reasons]
    if not shown:
        reason_field = ("Reason given", "*No longer held.*")
    elif times == 1 or len(shown) == 1:
        reason_field = ("Reason given" if times == 1 else "Latest reason given", shown[0])
    else:
        reason_field = ("Latest reasons given", "\n".join(f"• {reason}" for reason in shown))
    return AnonCard(
        title=f"Report on anonymous post {code}",
        description=_held_text(text, content_warning),
        fields=(reason_field, ("Reports", f"Reported {times} time{'' if times == 1 else 's'}")),
        footer="The reporter and the author both stay anonymous.",
    )


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _held_text(text: str | None, content_warning: str | None) -> str:
    if text is None:
        return "*The text is no longer held.*"
    return shown_text(text, content_warning)
