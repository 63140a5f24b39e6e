"""What Lantern says about check-ins: warm, short, never blaming a gap, never advice."""

from __future__ import annotations

from bot.checkins.history import History, TagCount
from bot.checkins.moods import LOWEST_MOOD, mood_for
from bot.checkins.streaks import Streaks
from bot.checkins.tags import TagCatalogue

FIRST_CHECKIN = "Thanks for your first check-in. I'm glad you're here."
THANKS = "Thanks for checking in."
# After a gap: a greeting, never a word about what was missed.
WELCOME_BACK = "Welcome back, and thanks for checking in."
HARD_DAY = "Hard days happen, and it's okay to not be okay. Be gentle with yourself today."
MILESTONE_CONGRATULATIONS = {
    3: "Three days in a row: that's a lovely start.",
    7: "A whole week of check-ins. That's real care for yourself.",
    30: "30 days in a row! Showing up for yourself like this matters.",
    100: "100 days in a row. Take a moment to feel proud of that.",
}
NO_HISTORY_YET = (
    "No check-ins yet. Whenever you're ready, /checkin takes a few seconds, and only you see it."
)
# Changes smaller than this read as "about the same".
STEADY_CHANGE = 0.05


def confirmation(mood: int, before: Streaks, after: Streaks, milestone: int | None) -> str:
    """The private reply to a check-in, from the streaks before and after it."""
    if before.best == 0:
        lines = [FIRST_CHECKIN]
    elif before.current == 0:
        lines = [WELCOME_BACK]
    else:
        lines = [THANKS]
    if after.current >= 2:
        lines.append(f"You're on a {after.current}-day streak.")
    if milestone is not None:
        lines.append(MILESTONE_CONGRATULATIONS[milestone])
    if mood == LOWEST_MOOD:
        lines.append(HARD_DAY)
    return " ".join(lines)


def milestone_announcement(member_mention: str, milestone: int) -> str:
    """Shared in the server only if the member turned milestone sharing on."""
    return f"{member_mention} has checked in {milestone} days in a row. 🌱"


def describe_history(history: History, tags: TagCatalogue) -> list[str]:
    """The history answer as lines, for an embed or a plain message."""
    if history.is_empty:
        return [NO_HISTORY_YET]
    period = f"the last {history.period_days} days"
    if history.average_mood is None:
        lines = [f"No check-ins in {period}. It's good to see you again."]
    else:
        # Halves round up, unlike round(), so 2.5 reads as Okay rather than Low.
        closest = mood_for(int(history.average_mood + 0.5))
        count = _plural(history.period_checkins, "check-in")
        lines = [
            f"In {period}: {count}, average mood {history.average_mood:.1f} "
            f"(about {closest.label})."
        ]
    change = _describe_change(history)
    if change:
        lines.append(change)
    lines.append(_describe_streaks(history.streaks))
    if history.top_tags:
        lines.append("Came up most: " + ", ".join(_tag_text(tag, tags) for tag in history.top_tags))
    return lines


def _describe_change(history: History) -> str | None:
    change = history.mood_change
    if change is None:
        return None
    before = f"the {history.period_days} days before"
    if abs(change) < STEADY_CHANGE:
        return f"About the same as {before}."
    if change > 0:
        return f"Up {change:.1f} on {before}."
    return f"A little lower than {before} ({change:.1f}). Moods move, and that's okay."


def _describe_streaks(streaks: Streaks) -> str:
    best = _plural(streaks.best, "day")
    if streaks.current:
        return f"Current streak: {_plural(streaks.current, 'day')}. Best so far: {best}."
    return f"Best streak so far: {best}. A new one starts whenever you check in."


def _tag_text(tag_count: TagCount, tags: TagCatalogue) -> str:
    tag = tags.get(tag_count.tag_id)
    name = tag_count.tag_id if tag is None else f"{tag.emoji} {tag.label}"
    return f"{name} ({tag_count.count})"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
