"""Discord's rules for changing threads and posting in them."""

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.loopback.state import Channel, ChannelType
from bot.loopback.threads import (
    MISSING_PERMISSIONS,
    THREAD_ARCHIVED,
    THREAD_LOCKED,
    Editor,
    Refusal,
    ThreadSettings,
    apply,
    edit_refusal,
    name_problems,
    posting_refusal,
    requested,
    unmodelled_fields,
)

OPEN = ThreadSettings("Replies", archived=False, locked=False, auto_archive_minutes=1440)
MODERATOR = Editor(manages_threads=True, created_thread=False, in_thread=False)
CREATOR = Editor(manages_threads=False, created_thread=True, in_thread=True)
MEMBER = Editor(manages_threads=False, created_thread=False, in_thread=True)
OUTSIDER = Editor(manages_threads=False, created_thread=False, in_thread=False)
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

settings = st.builds(
    ThreadSettings,
    name=st.text(min_size=1, max_size=100),
    archived=st.booleans(),
    locked=st.booleans(),
    auto_archive_minutes=st.sampled_from([60, 1440, 4320, 10080]),
)
editors = st.builds(Editor, st.booleans(), st.booleans(), st.booleans())


def thread(**changes: object) -> Channel:
    made = Channel(1, ChannelType.PUBLIC_THREAD, "Replies", 2, START, parent_id=3, owner_id=4)
    for name, value in changes.items():
        setattr(made, name, value)
    return made


@pytest.mark.parametrize(
    ("current", "body", "editor", "refusal"),
    [
        (OPEN, {"archived": True, "locked": True}, MODERATOR, None),
        (OPEN, {"archived": True, "locked": True}, CREATOR, MISSING_PERMISSIONS),
        (OPEN, {"archived": True}, CREATOR, None),
        (OPEN, {"name": "Kind words"}, CREATOR, None),
        (OPEN, {"auto_archive_duration": 60}, CREATOR, None),
        (OPEN, {"archived": True}, MEMBER, MISSING_PERMISSIONS),
        (OPEN, {"name": "Kind words"}, MEMBER, MISSING_PERMISSIONS),
        (OPEN, {"locked": True}, CREATOR, MISSING_PERMISSIONS),
        (replace(OPEN, archived=True), {"archived": False}, MEMBER, None),
        (replace(OPEN, archived=True), {"archived": False}, OUTSIDER, MISSING_PERMISSIONS),
        (replace(OPEN, archived=True), {"name": "Kind words"}, MODERATOR, THREAD_ARCHIVED),
        (replace(OPEN, archived=True), {"archived": True}, MODERATOR, THREAD_ARCHIVED),
        (
            replace(OPEN, archived=True, locked=True),
            {"archived": False},
            CREATOR,
            MISSING_PERMISSIONS,
        ),
        (replace(OPEN, archived=True, locked=True), {"archived": False}, MODERATOR, None),
        (replace(OPEN, locked=True), {"name": "Kind words"}, CREATOR, MISSING_PERMISSIONS),
        (replace(OPEN, locked=True), {"locked": False}, MODERATOR, None),
    ],
)
def test_who_may_change_what(
    current: ThreadSettings, body: dict[str, object], editor: Editor, refusal: Refusal | None
) -> None:
    assert edit_refusal(current, requested(current, body), editor) == refusal


@given(current=settings, editor=editors)
def test_asking_for_nothing_is_refused_only_on_an_archived_thread(
    current: ThreadSettings, editor: Editor
) -> None:
    refusal = edit_refusal(current, current, editor)
    assert refusal == (THREAD_ARCHIVED if current.archived else None)


@given(current=settings, wanted=settings)
def test_managing_threads_allows_any_change_to_an_active_thread(
    current: ThreadSettings, wanted: ThreadSettings
) -> None:
    active = replace(current, archived=False)
    assert edit_refusal(active, wanted, MODERATOR) is None


@given(current=settings, wanted=settings, editor=editors)
def test_without_managing_threads_locking_or_unlocking_is_refused(
    current: ThreadSettings, wanted: ThreadSettings, editor: Editor
) -> None:
    unmanaged = replace(editor, manages_threads=False)
    flipped = replace(wanted, locked=not current.locked)
    assert edit_refusal(current, flipped, unmanaged) is not None


def test_null_and_missing_fields_keep_their_value() -> None:
    assert requested(OPEN, {}) == OPEN
    assert requested(OPEN, {"name": None, "archived": None, "locked": None}) == OPEN
    wanted = requested(OPEN, {"name": "Kind words", "archived": True, "locked": True})
    assert wanted == ThreadSettings("Kind words", True, True, 1440)


def test_names_are_one_to_a_hundred_characters() -> None:
    assert name_problems({"name": "x" * 100}) == []
    assert name_problems({}) == []
    assert [p.path for p in name_problems({"name": ""})] == ["name"]
    assert [p.path for p in name_problems({"name": "x" * 101})] == ["name"]


def test_fields_the_loopback_does_not_model_are_named() -> None:
    body = {"name": "a", "archived": True, "rate_limit_per_user": 5, "invitable": False}
    assert unmodelled_fields(body, thread=True) == ["invitable", "rate_limit_per_user"]
    assert unmodelled_fields({"name": "a", "topic": "t"}, thread=False) == ["topic"]


def test_a_locked_thread_takes_messages_only_from_those_who_manage_threads() -> None:
    assert posting_refusal(thread(), manages_threads=False) is None
    assert posting_refusal(thread(archived=True), manages_threads=False) is None
    assert posting_refusal(thread(locked=True), manages_threads=False) == THREAD_LOCKED
    closed = thread(locked=True, archived=True)
    assert posting_refusal(closed, manages_threads=False) == THREAD_ARCHIVED
    assert posting_refusal(closed, manages_threads=True) is None


def test_applying_moves_the_archive_timestamp_only_when_archiving_changes() -> None:
    renamed = thread()
    apply(renamed, replace(OPEN, name="Kind words"), START.replace(hour=10))
    assert (renamed.name, renamed.archive_changed_at) == ("Kind words", None)
    closed = thread()
    later = START.replace(hour=11)
    apply(closed, replace(OPEN, archived=True, locked=True), later)
    assert (closed.archived, closed.locked, closed.archive_changed_at) == (True, True, later)
