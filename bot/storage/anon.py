"""Anonymous sharing: server settings, posts and replies, blocks and undelivered outcomes.

Authors appear only as keyed HMACs (see bot.anon.keys). The store needs the keys only for a
member's own data (/mydata), where it must find the posts that member can prove are theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import aiosqlite

from bot.anon.keys import AnonKeys
from bot.anon.limits import DEFAULT_COOLDOWN
from bot.anon.retention import DEFAULT_RETENTION_DAYS, purge_cutoff
from bot.storage.database import Database
from bot.storage.guild_settings import upsert_guild_settings
from bot.storage.timestamps import from_text, to_text

SETTINGS_COLUMNS = {
    "channel_id": "channel_id",
    "review_channel_id": "review_channel_id",
    "approval": "approval",
    "cooldown": "cooldown_minutes",
    "allow_links": "allow_links",
    "retention_days": "retention_days",
}


class PostStatus(StrEnum):
    PENDING = "pending"
    PUBLISHED = "published"
    REJECTED = "rejected"
    REMOVED = "removed"
    DELETED = "deleted"


@dataclass(frozen=True, slots=True)
class AnonSettings:
    channel_id: int | None = None
    review_channel_id: int | None = None
    approval: bool = False
    cooldown: timedelta = DEFAULT_COOLDOWN
    allow_links: bool = False
    retention_days: int = DEFAULT_RETENTION_DAYS


@dataclass(frozen=True, slots=True)
class NewPost:
    guild_id: int
    code: str
    author_key: str
    pseudonym: str
    text: str
    content_warning: str | None
    status: PostStatus
    created_at: datetime
    parent_id: int | None = None
    sealed_author: bytes | None = None


@dataclass(frozen=True, slots=True)
class AnonPost:
    post_id: int
    guild_id: int
    code: str
    parent_id: int | None
    author_key: str | None
    pseudonym: str
    text: str | None
    content_warning: str | None
    status: PostStatus
    channel_id: int | None
    message_id: int | None
    thread_id: int | None
    created_at: datetime

    @property
    def is_reply(self) -> bool:
        return self.parent_id is not None


@dataclass(frozen=True, slots=True)
class Block:
    block_id: int
    code: str
    reason: str
    until: datetime | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ReviewMessage:
    """Where the moderators' message about a reported post is."""

    channel_id: int
    message_id: int


class KeysMissingError(RuntimeError):
    """Member data was asked for before the anonymity keys were handed to the store."""


POST_COLUMNS = (
    "post_id, guild_id, code, parent_id, author_key, pseudonym, text, content_warning, status,"
    " channel_id, message_id, thread_id, created_at"
)

# A report's reason is the reporter's words about a post, so it goes when the post's text does.
FORGET_REPORT_REASONS = (
    "UPDATE anon_reports SET reason = NULL WHERE reason IS NOT NULL AND EXISTS"
    " (SELECT 1 FROM anon_posts p WHERE p.post_id = anon_reports.post_id AND p.text IS NULL)"
)


class AnonStore:
    def __init__(self, database: Database) -> None:
        self._db = database
        self._keys: AnonKeys | None = None

    def use_keys(self, keys: AnonKeys) -> None:
        """Called once the secret is loaded, so /mydata can recognise a member's posts."""
        self._keys = keys

    # Server settings

    async def settings(self, guild_id: int) -> AnonSettings:
        row = await self._db.fetch_one(
            "SELECT * FROM anon_settings WHERE guild_id = ?", (guild_id,)
        )
        if row is None:
            return AnonSettings()
        return AnonSettings(
            channel_id=row["channel_id"],
            review_channel_id=row["review_channel_id"],
            approval=bool(row["approval"]),
            cooldown=timedelta(minutes=row["cooldown_minutes"]),
            allow_links=bool(row["allow_links"]),
            retention_days=row["retention_days"],
        )

    async def update_settings(self, guild_id: int, **changes: Any) -> None:
        """Change some settings; keys are AnonSettings field names."""
        await upsert_guild_settings(
            self._db,
            table="anon_settings",
            columns=SETTINGS_COLUMNS,
            guild_id=guild_id,
            changes=changes,
        )

    # Posts

    async def add_post(self, post: NewPost) -> AnonPost | None:
        """Store a new post or reply; None if the server already has a post with its code."""
        async with self._db.transaction() as tx:
            await tx.execute("INSERT OR IGNORE INTO guilds (guild_id) VALUES (?)", (post.guild_id,))
            rows = list(
                await tx.execute_fetchall(
                    "INSERT OR IGNORE INTO anon_posts (guild_id, code, parent_id, author_key,"  # noqa: S608
                    " sealed_author, pseudonym, text, content_warning, status, created_at)"
                    f" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING {POST_COLUMNS}",
                    (
                        post.guild_id,
                        post.code,
                        post.parent_id,
                        post.author_key,
                        post.sealed_author,
                        post.pseudonym,
                        post.text,
                        post.content_warning,
                        post.status.value,
                        to_text(post.created_at),
                    ),
                )
            )
        return _post(rows[0]) if rows else None

    async def post(self, post_id: int) -> AnonPost | None:
        row = await self._db.fetch_one(
            f"SELECT {POST_COLUMNS} FROM anon_posts WHERE post_id = ?",  # noqa: S608 - fixed names
            (post_id,),
        )
        return None if row is None else _post(row)

    async def post_by_code(self, guild_id: int, code: str) -> AnonPost | None:
        row = await self._db.fetch_one(
            f"SELECT {POST_COLUMNS} FROM anon_posts WHERE guild_id = ? AND code = ?",  # noqa: S608
            (guild_id, code),
        )
        return None if row is None else _post(row)

    async def mark_published(self, post_id: int, channel_id: int, message_id: int) -> None:
        await self._db.execute(
            "UPDATE anon_posts SET status = 'published', channel_id = ?, message_id = ?"
            " WHERE post_id = ?",
            (channel_id, message_id, post_id),
        )

    async def set_thread(self, post_id: int, thread_id: int) -> None:
        await self._db.execute(
            "UPDATE anon_posts SET thread_id = ? WHERE post_id = ?", (thread_id, post_id)
        )

    async def decide_pending(self, post_id: int, status: PostStatus) -> bytes | None:
        """Settle a pending post once; return its sealed author (now erased), None if settled."""
        async with self._db.transaction() as tx:
            # RETURNING would give the erased value, so read it first.
            rows = list(
                await tx.execute_fetchall(
                    "SELECT sealed_author FROM anon_posts WHERE post_id = ? AND status = 'pending'",
                    (post_id,),
                )
            )
            await tx.execute(
                "UPDATE anon_posts SET status = ?, sealed_author = NULL"
                " WHERE post_id = ? AND status = 'pending'",
                (status.value, post_id),
            )
        if not rows:
            return None
        sealed = rows[0][0]
        return b"" if sealed is None else bytes(sealed)

    async def reopen_pending(self, post_id: int, sealed_author: bytes) -> None:
        """Put an approved post back in review when it could not be published after all."""
        await self._db.execute(
            "UPDATE anon_posts SET status = 'pending', sealed_author = ?"
            " WHERE post_id = ? AND status = 'published' AND message_id IS NULL",
            (sealed_author or None, post_id),
        )

    async def take_down(self, post_id: int, status: PostStatus) -> AnonPost | None:
        """Remove (moderators) or delete (its author) a live post and the replies to it.

        None if it was not live. An author's own deletion forgets the texts at once; a removal
        keeps them for moderation until the retention purge.
        """
        if status not in (PostStatus.REMOVED, PostStatus.DELETED):
            raise ValueError(f"{status} is not a way of taking a post down")
        forget = status is PostStatus.DELETED
        update = (
            "UPDATE anon_posts SET status = ?, sealed_author = NULL,"
            " text = CASE WHEN ? THEN NULL ELSE text END,"
            " content_warning = CASE WHEN ? THEN NULL ELSE content_warning END"
            " WHERE {target} = ? AND status IN ('pending', 'published')"
        )
        values = (status.value, forget, forget, post_id)
        async with self._db.transaction() as tx:
            rows = list(
                await tx.execute_fetchall(
                    update.format(target="post_id") + f" RETURNING {POST_COLUMNS}", values
                )
            )
            if rows:
                await tx.execute(update.format(target="parent_id"), values)
                await tx.execute(FORGET_REPORT_REASONS)
        return _post(rows[0]) if rows else None

    async def own_live_posts(self, guild_id: int, author_key: str) -> list[AnonPost]:
        """An author's posts and replies that are still up or waiting, newest first."""
        rows = await self._db.fetch_all(
            f"SELECT {POST_COLUMNS} FROM anon_posts"  # noqa: S608 - fixed names
            " WHERE guild_id = ? AND author_key = ? AND status IN ('pending', 'published')"
            " ORDER BY created_at DESC, post_id DESC",
            (guild_id, author_key),
        )
        return [_post(row) for row in rows]

    async def last_post_at(
        self, guild_id: int, author_key: str, *, replies: bool
    ) -> datetime | None:
        row = await self._db.fetch_one(
            "SELECT MAX(created_at) FROM anon_posts WHERE guild_id = ? AND author_key = ?"
            " AND (parent_id IS NOT NULL) = ?",
            (guild_id, author_key, replies),
        )
        return None if row is None or row[0] is None else from_text(row[0])

    async def post_times_since(self, guild_id: int, since: datetime) -> list[datetime]:
        """When the server's top-level posts (not replies) were made, from `since` on."""
        rows = await self._db.fetch_all(
            "SELECT created_at FROM anon_posts"
            " WHERE guild_id = ? AND parent_id IS NULL AND created_at > ?",
            (guild_id, to_text(since)),
        )
        return [from_text(row[0]) for row in rows]

    # Blocks

    async def add_block(
        self,
        guild_id: int,
        author_key: str,
        *,
        code: str,
        reason: str,
        until: datetime | None,
        at: datetime,
    ) -> int:
        async with self._db.transaction() as tx:
            await tx.execute("INSERT OR IGNORE INTO guilds (guild_id) VALUES (?)", (guild_id,))
            cursor = await tx.execute(
                "INSERT INTO anon_blocks (guild_id, author_key, code, reason, until, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (guild_id, author_key, code, reason, _optional_text(until), to_text(at)),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def active_block(self, guild_id: int, author_key: str, now: datetime) -> Block | None:
        """The block that lasts longest among those in force for this author, if any."""
        rows = await self._db.fetch_all(
            "SELECT block_id, code, reason, until, created_at FROM anon_blocks"
            " WHERE guild_id = ? AND author_key = ? AND (until IS NULL OR until > ?)"
            " ORDER BY until IS NULL DESC, until DESC LIMIT 1",
            (guild_id, author_key, to_text(now)),
        )
        return _block(rows[0]) if rows else None

    async def active_blocks(self, guild_id: int, now: datetime) -> list[Block]:
        rows = await self._db.fetch_all(
            "SELECT block_id, code, reason, until, created_at FROM anon_blocks"
            " WHERE guild_id = ? AND (until IS NULL OR until > ?) ORDER BY created_at, block_id",
            (guild_id, to_text(now)),
        )
        return [_block(row) for row in rows]

    async def remove_block(self, guild_id: int, block_id: int) -> Block | None:
        rows = await self._db.fetch_all(
            "DELETE FROM anon_blocks WHERE guild_id = ? AND block_id = ?"
            " RETURNING block_id, code, reason, until, created_at",
            (guild_id, block_id),
        )
        return _block(rows[0]) if rows else None

    # Reports: which post, the reporter's words and when; never who reported it

    async def add_report(self, post_id: int, reason: str, at: datetime) -> int:
        """Store a report; return how many times the post has been reported, this one included."""
        async with self._db.transaction() as tx:
            await tx.execute(
                "INSERT INTO anon_reports (post_id, reason, created_at) VALUES (?, ?, ?)",
                (post_id, reason, to_text(at)),
            )
            rows = list(
                await tx.execute_fetchall(
                    "SELECT COUNT(*) FROM anon_reports WHERE post_id = ?", (post_id,)
                )
            )
        count: int = rows[0][0]
        return count

    async def latest_report_reasons(self, post_id: int, limit: int) -> tuple[str, ...]:
        """The reasons of a post's latest reports, newest first, while its text is held."""
        rows = await self._db.fetch_all(
            "SELECT reason FROM anon_reports WHERE post_id = ? AND reason IS NOT NULL"
            " ORDER BY report_id DESC LIMIT ?",
            (post_id, limit),
        )
        return tuple(row["reason"] for row in rows)

    async def report_review(self, post_id: int) -> ReviewMessage | None:
        row = await self._db.fetch_one(
            "SELECT channel_id, message_id FROM anon_report_reviews WHERE post_id = ?", (post_id,)
        )
        return None if row is None else ReviewMessage(row["channel_id"], row["message_id"])

    async def set_report_review(self, post_id: int, review: ReviewMessage) -> None:
        await self._db.execute(
            "INSERT INTO anon_report_reviews (post_id, channel_id, message_id) VALUES (?, ?, ?)"
            " ON CONFLICT (post_id) DO UPDATE"
            " SET channel_id = excluded.channel_id, message_id = excluded.message_id",
            (post_id, review.channel_id, review.message_id),
        )

    # Outcomes the author couldn't be told by DM

    async def add_notice(self, guild_id: int, author_key: str, text: str, at: datetime) -> None:
        async with self._db.transaction() as tx:
            await tx.execute("INSERT OR IGNORE INTO guilds (guild_id) VALUES (?)", (guild_id,))
            await tx.execute(
                "INSERT INTO anon_notices (guild_id, author_key, text, created_at)"
                " VALUES (?, ?, ?, ?)",
                (guild_id, author_key, text, to_text(at)),
            )

    async def take_notices(self, guild_id: int, author_key: str) -> list[str]:
        """The author's waiting notices, oldest first; each is handed out once."""
        rows = await self._db.fetch_all(
            "DELETE FROM anon_notices WHERE guild_id = ? AND author_key = ?"
            " RETURNING notice_id, text",
            (guild_id, author_key),
        )
        return [row["text"] for row in sorted(rows, key=lambda row: row["notice_id"])]

    # Retention

    async def purge_texts(self, now: datetime) -> int:
        """Forget texts older than each server's retention; return how many posts lost theirs.

        A post still waiting for approval that long also loses its sealed author.
        """
        async with self._db.transaction() as tx:
            guilds = await tx.execute_fetchall(
                "SELECT DISTINCT p.guild_id, COALESCE(s.retention_days, ?) FROM anon_posts p"
                " LEFT JOIN anon_settings s ON s.guild_id = p.guild_id WHERE p.text IS NOT NULL",
                (DEFAULT_RETENTION_DAYS,),
            )
            purged = 0
            for guild_id, days in guilds:
                cursor = await tx.execute(
                    "UPDATE anon_posts"
                    " SET text = NULL, content_warning = NULL, sealed_author = NULL"
                    " WHERE guild_id = ? AND text IS NOT NULL AND created_at < ?",
                    (guild_id, to_text(purge_cutoff(now, days))),
                )
                purged += cursor.rowcount
            await tx.execute(FORGET_REPORT_REASONS)
        return purged

    # A member's own data: the posts they can prove are theirs through the keys

    async def export_member(self, user_id: int) -> dict[str, Any]:
        async with self._db.transaction() as tx:
            rows = await _own_rows(tx, self._require_keys(), user_id, f"SELECT {POST_COLUMNS}")
        posts = [_post(row) for row in rows]
        return {
            "anonymous_posts": [
                {
                    "server_id": str(post.guild_id),
                    "code": post.code,
                    "kind": "reply" if post.is_reply else "post",
                    "posted_at": to_text(post.created_at),
                    "status": post.status.value,
                    "shown_as": post.pseudonym,
                    "text": post.text,
                    "content_warning": post.content_warning,
                }
                for post in sorted(posts, key=lambda post: (post.created_at, post.post_id))
            ]
        }

    async def delete_member(self, user_id: int) -> int:
        """Forget which posts are the member's; the posts stay, owned by nobody."""
        keys = self._require_keys()
        async with self._db.transaction() as tx:
            rows = await _own_rows(tx, keys, user_id, "SELECT post_id")
            await tx.executemany(
                "UPDATE anon_posts SET author_key = NULL, sealed_author = NULL WHERE post_id = ?",
                [(row[0],) for row in rows],
            )
            guild_ids = await tx.execute_fetchall("SELECT DISTINCT guild_id FROM anon_notices")
            await tx.executemany(
                "DELETE FROM anon_notices WHERE guild_id = ? AND author_key = ?",
                [(row[0], keys.author_key(row[0], user_id)) for row in guild_ids],
            )
        return len(rows)

    def _require_keys(self) -> AnonKeys:
        if self._keys is None:
            raise KeysMissingError("the anonymity keys were never given to the store")
        return self._keys


async def _own_rows(
    tx: aiosqlite.Connection, keys: AnonKeys, user_id: int, select: str
) -> list[aiosqlite.Row]:
    """Rows of the member's posts in every server: their author key differs per server."""
    guild_ids = [
        row[0]
        for row in await tx.execute_fetchall(
            "SELECT DISTINCT guild_id FROM anon_posts WHERE author_key IS NOT NULL"
        )
    ]
    found: list[aiosqlite.Row] = []
    for guild_id in guild_ids:
        found += await tx.execute_fetchall(
            f"{select} FROM anon_posts WHERE guild_id = ? AND author_key = ?",
            (guild_id, keys.author_key(guild_id, user_id)),
        )
    return found


def _post(row: aiosqlite.Row) -> AnonPost:
    return AnonPost(
        post_id=row["post_id"],
        guild_id=row["guild_id"],
        code=row["code"],
        parent_id=row["parent_id"],
        author_key=row["author_key"],
        pseudonym=row["pseudonym"],
        text=row["text"],
        content_warning=row["content_warning"],
        status=PostStatus(row["status"]),
        channel_id=row["channel_id"],
        message_id=row["message_id"],
        thread_id=row["thread_id"],
        created_at=from_text(row["created_at"]),
    )


def _block(row: aiosqlite.Row) -> Block:
    return Block(
        block_id=row["block_id"],
        code=row["code"],
        reason=row["reason"],
        until=None if row["until"] is None else from_text(row["until"]),
        created_at=from_text(row["created_at"]),
    )


def _optional_text(moment: datetime | None) -> str | None:
    return None if moment is None else to_text(moment)
