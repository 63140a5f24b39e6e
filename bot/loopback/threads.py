"""Discord's rules for changing a thread and posting in it. Pure: no I/O.

From https://discord.com/developers/docs/topics/threads ("Editing & Deleting Threads",
"Locked Threads", "Active & Archived Threads") and Modify Channel's thread parameters:
renaming, archiving or changing auto_archive_duration takes Manage Threads or having created
the thread; locking takes Manage Threads; unarchiving takes being in the thread, and Manage
Threads when it is locked; without Manage Threads nothing else of a locked thread may change;
an archived thread must be unarchived by the same request to change at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.loopback.limits import Problem
from bot.loopback.state import Channel

# What PATCH /channels/{id} may change in the loopback; Discord takes more, which is refused
# loudly rather than dropped, so a test never passes on a change nobody made.
THREAD_FIELDS = frozenset({"name", "archived", "locked", "auto_archive_duration"})
CHANNEL_FIELDS = frozenset({"name"})
NAME_MAX = 100


@dataclass(frozen=True, slots=True)
class Refusal:
    status: int
    code: int
    message: str


MISSING_PERMISSIONS = Refusal(403, 50013, "Missing Permissions")
THREAD_ARCHIVED = Refusal(400, 50083, "Thread is archived")
THREAD_LOCKED = Refusal(400, 160005, "Thread is locked")


@dataclass(frozen=True, slots=True)
class ThreadSettings:
    name: str
    archived: bool
    locked: bool
    auto_archive_minutes: int

    @classmethod
    def of(cls, thread: Channel) -> ThreadSettings:
        return cls(thread.name, thread.archived, thread.locked, thread.auto_archive_minutes)


@dataclass(frozen=True, slots=True)
class Editor:
    """Who changes the thread, as far as Discord's rules ask."""

    manages_threads: bool
    created_thread: bool
    in_thread: bool


def unmodelled_fields(body: Mapping[str, object], *, thread: bool) -> list[str]:
    modelled = THREAD_FIELDS if thread else CHANNEL_FIELDS
    return sorted(key for key in body if key not in modelled)


def name_problems(body: Mapping[str, object]) -> list[Problem]:
    """Discord takes a 1 to 100 character name; the published schema allows an empty one."""
    name = body.get("name")
    if isinstance(name, str) and not 1 <= len(name) <= NAME_MAX:
        return [Problem("name", f"Must be between 1 and {NAME_MAX} in length.")]
    return []


def requested(current: ThreadSettings, body: Mapping[str, object]) -> ThreadSettings:
    """The settings `body` asks for; a missing or null field keeps its value."""
    name, archived, locked, minutes = (
        body.get(key) for key in ("name", "archived", "locked", "auto_archive_duration")
    )
    return ThreadSettings(
        name if isinstance(name, str) else current.name,
        archived if isinstance(archived, bool) else current.archived,
        locked if isinstance(locked, bool) else current.locked,
        minutes if isinstance(minutes, int) else current.auto_archive_minutes,
    )


def edit_refusal(current: ThreadSettings, wanted: ThreadSettings, editor: Editor) -> Refusal | None:
    """Why Discord refuses to change `current` into `wanted`, or None when it allows it."""
    if current.archived and wanted.archived:
        return THREAD_ARCHIVED
    if editor.manages_threads:
        return None
    if wanted.locked != current.locked or (current.locked and wanted != current):
        return MISSING_PERMISSIONS
    unarchiving = current.archived and not wanted.archived
    if unarchiving and not (editor.in_thread or editor.created_thread):
        return MISSING_PERMISSIONS
    creator_only = (
        wanted.name != current.name
        or wanted.auto_archive_minutes != current.auto_archive_minutes
        or (wanted.archived and not current.archived)
    )
    if creator_only and not editor.created_thread:
        return MISSING_PERMISSIONS
    return None


def posting_refusal(thread: Channel, *, manages_threads: bool) -> Refusal | None:
    """Why a message may not go into `thread`; an archived thread that is not locked reopens."""
    if not thread.locked or manages_threads:
        return None
    return THREAD_ARCHIVED if thread.archived else THREAD_LOCKED


def apply(thread: Channel, wanted: ThreadSettings, now: datetime) -> None:
    if wanted.archived != thread.archived:
        thread.archive_changed_at = now
    thread.name = wanted.name
    thread.archived = wanted.archived
    thread.locked = wanted.locked
    thread.auto_archive_minutes = wanted.auto_archive_minutes
