"""Crisis replies: server settings and phrases, member preferences, cooldowns, events, alerts."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.crisis.detector import Kind, ServerPhrase
from bot.crisis.outbox import Item, Pending, from_payload, item_kind, to_payload
from bot.crisis.policy import CrisisSettings, DeliveryMode, MemberState, Reply
from bot.storage.database import Database
from bot.storage.guild_settings import upsert_guild_settings
from bot.storage.timestamps import from_text, to_text

SETTINGS_COLUMNS = {
    "mode": "mode",
    "mod_channel_id": "mod_channel_id",
    "cooldown": "cooldown_minutes",
    "reping_after": "reping_minutes",
    "alert_opted_out": "alert_opted_out",
    "checkin_alerts": "checkin_alerts",
}


@dataclass(frozen=True, slots=True)
class MemberPrefs:
    country: str | None = None
    auto_replies: bool = True


@dataclass(frozen=True, slots=True)
class StoredPhrase:
    id: int
    phrase: ServerPhrase


@dataclass(frozen=True, slots=True)
class PendingAlert:
    id: int
    guild_id: int
    channel_id: int
    message_id: int


@dataclass(frozen=True, slots=True)
class OutboxBacklog:
    waiting: int
    oldest: datetime | None
    last_error: str | None


@dataclass(frozen=True, slots=True)
class CrisisStats:
    by_kind: dict[str, int]
    by_outcome: dict[str, int]
    false_positives_by_rule: dict[str, int]
    total: int


class CrisisStore:
    def __init__(self, database: Database) -> None:
        self._db = database

    # Server settings

    async def settings(self, guild_id: int) -> CrisisSettings:
        row = await self._db.fetch_one(
            "SELECT * FROM crisis_settings WHERE guild_id = ?", (guild_id,)
        )
        excluded = await self._db.fetch_all(
            "SELECT channel_id FROM crisis_excluded_channels WHERE guild_id = ?", (guild_id,)
        )
        excluded_ids = frozenset(int(r["channel_id"]) for r in excluded)
        if row is None:
            return CrisisSettings(excluded_channel_ids=excluded_ids)
        return CrisisSettings(
            mode=DeliveryMode(row["mode"]),
            mod_channel_id=row["mod_channel_id"],
            cooldown=timedelta(minutes=row["cooldown_minutes"]),
            reping_after=timedelta(minutes=row["reping_minutes"]),
            alert_opted_out=bool(row["alert_opted_out"]),
            checkin_alerts=bool(row["checkin_alerts"]),
            excluded_channel_ids=excluded_ids,
        )

    async def update_settings(self, guild_id: int, **changes: Any) -> None:
        """Change some settings; keys are CrisisSettings field names (not excluded channels)."""
        await upsert_guild_settings(
            self._db,
            table="crisis_settings",
            columns=SETTINGS_COLUMNS,
            guild_id=guild_id,
            changes=changes,
        )

    async def set_channel_excluded(self, guild_id: int, channel_id: int, excluded: bool) -> None:
        async with self._db.transaction() as tx:
            await tx.execute("INSERT OR IGNORE INTO guilds (guild_id) VALUES (?)", (guild_id,))
            if excluded:
                await tx.execute(
                    "INSERT OR IGNORE INTO crisis_excluded_channels VALUES (?, ?)",
                    (guild_id, channel_id),
                )
            else:
                await tx.execute(
                    "DELETE FROM crisis_excluded_channels WHERE guild_id = ? AND channel_id = ?",
                    (guild_id, channel_id),
                )

    # Server phrases

    async def phrases(self, guild_id: int) -> list[StoredPhrase]:
        rows = await self._db.fetch_all(
            "SELECT id, phrase, kind FROM crisis_phrases WHERE guild_id = ? ORDER BY id",
            (guild_id,),
        )
        return [StoredPhrase(r["id"], ServerPhrase(r["phrase"], Kind(r["kind"]))) for r in rows]

    async def add_phrase(self, guild_id: int, phrase: ServerPhrase) -> bool:
        """Add a server phrase; False if the server already has it."""
        async with self._db.transaction() as tx:
            await tx.execute("INSERT OR IGNORE INTO guilds (guild_id) VALUES (?)", (guild_id,))
            cursor = await tx.execute(
                "INSERT OR IGNORE INTO crisis_phrases (guild_id, phrase, kind) VALUES (?, ?, ?)",
                (guild_id, phrase.phrase, phrase.kind.value),
            )
        return cursor.rowcount == 1

    async def remove_phrase(self, guild_id: int, phrase: str) -> bool:
        removed = await self._db.execute(
            "DELETE FROM crisis_phrases WHERE guild_id = ? AND phrase = ?", (guild_id, phrase)
        )
        return removed == 1

    # Members

    async def member_prefs(self, user_id: int) -> MemberPrefs:
        row = await self._db.fetch_one(
            "SELECT country, auto_replies FROM crisis_member_prefs WHERE user_id = ?", (user_id,)
        )
        if row is None:
            return MemberPrefs()
        return MemberPrefs(row["country"], bool(row["auto_replies"]))

    async def set_member_country(self, user_id: int, country: str) -> None:
        await self._db.execute(
            "INSERT INTO crisis_member_prefs (user_id, country) VALUES (?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET country = excluded.country",
            (user_id, country),
        )

    async def set_auto_replies(self, user_id: int, enabled: bool) -> None:
        await self._db.execute(
            "INSERT INTO crisis_member_prefs (user_id, auto_replies) VALUES (?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET auto_replies = excluded.auto_replies",
            (user_id, int(enabled)),
        )

    async def member_state(self, guild_id: int, user_id: int) -> MemberState:
        prefs = await self.member_prefs(user_id)
        row = await self._db.fetch_one(
            "SELECT c.last_reply_at, c.last_reply_kind, c.repeats, s.sent_at AS still_here_at"
            " FROM (SELECT ? AS guild_id, ? AS user_id) AS m"
            " LEFT JOIN crisis_cooldowns AS c USING (guild_id, user_id)"
            " LEFT JOIN crisis_still_here AS s USING (guild_id, user_id)",
            (guild_id, user_id),
        )
        assert row is not None
        return MemberState(
            auto_replies=prefs.auto_replies,
            last_reply_at=from_text(row["last_reply_at"]) if row["last_reply_at"] else None,
            last_reply=Reply(row["last_reply_kind"] or Reply.CONCERN),
            repeats=row["repeats"] or 0,
            still_here_at=from_text(row["still_here_at"]) if row["still_here_at"] else None,
        )

    async def record_reply(self, guild_id: int, user_id: int, reply: Reply, at: datetime) -> None:
        """The member got a full card: its cooldown starts now, with a still-here line to come."""
        async with self._db.transaction() as tx:
            await tx.execute("INSERT OR IGNORE INTO guilds (guild_id) VALUES (?)", (guild_id,))
            await tx.execute(
                "INSERT INTO crisis_cooldowns (guild_id, user_id, last_reply_at, last_reply_kind)"
                " VALUES (?, ?, ?, ?)"
                " ON CONFLICT (guild_id, user_id) DO UPDATE SET"
                " last_reply_at = excluded.last_reply_at,"
                " last_reply_kind = excluded.last_reply_kind, repeats = 0",
                (guild_id, user_id, to_text(at), reply.value),
            )
            await tx.execute(
                "DELETE FROM crisis_still_here WHERE guild_id = ? AND user_id = ?",
                (guild_id, user_id),
            )

    async def record_repeat(self, guild_id: int, user_id: int) -> None:
        await self._db.execute(
            "UPDATE crisis_cooldowns SET repeats = repeats + 1 WHERE guild_id = ? AND user_id = ?",
            (guild_id, user_id),
        )

    async def record_still_here(self, guild_id: int, user_id: int, at: datetime) -> None:
        async with self._db.transaction() as tx:
            await tx.execute("INSERT OR IGNORE INTO guilds (guild_id) VALUES (?)", (guild_id,))
            await tx.execute(
                "INSERT INTO crisis_still_here (guild_id, user_id, sent_at) VALUES (?, ?, ?)"
                " ON CONFLICT (guild_id, user_id) DO UPDATE SET sent_at = excluded.sent_at",
                (guild_id, user_id, to_text(at)),
            )
            await tx.execute(
                "UPDATE crisis_cooldowns SET repeats = repeats + 1"
                " WHERE guild_id = ? AND user_id = ?",
                (guild_id, user_id),
            )

    # Events, for duplicates and /crisis stats; never any message text.

    async def record_event(
        self,
        *,
        guild_id: int | None,
        message_id: int | None,
        kind: Kind,
        rule_ids: tuple[str, ...],
        outcome: str,
        at: datetime,
    ) -> int:
        async with self._db.transaction() as tx:
            if guild_id is not None:
                await tx.execute("INSERT OR IGNORE INTO guilds (guild_id) VALUES (?)", (guild_id,))
            cursor = await tx.execute(
                "INSERT INTO crisis_events"
                " (guild_id, message_id, kind, rule_ids, outcome, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (guild_id, message_id, kind.value, " ".join(rule_ids), outcome, to_text(at)),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def was_flagged(self, message_id: int) -> bool:
        row = await self._db.fetch_one(
            "SELECT 1 FROM crisis_events WHERE message_id = ? LIMIT 1", (message_id,)
        )
        return row is not None

    async def mark_false_positive(self, event_id: int) -> bool:
        changed = await self._db.execute(
            "UPDATE crisis_events SET false_positive = 1 WHERE id = ? AND false_positive = 0",
            (event_id,),
        )
        return changed == 1

    async def stats(self, guild_id: int, since: datetime) -> CrisisStats:
        rows = await self._db.fetch_all(
            "SELECT kind, outcome, rule_ids, false_positive FROM crisis_events"
            " WHERE guild_id = ? AND created_at >= ?",
            (guild_id, to_text(since)),
        )
        by_kind = Counter(str(r["kind"]) for r in rows)
        by_outcome = Counter(str(r["outcome"]) for r in rows)
        false_positives = Counter(
            rule for r in rows if r["false_positive"] for rule in str(r["rule_ids"]).split()
        )
        return CrisisStats(dict(by_kind), dict(by_outcome), dict(false_positives), len(rows))

    # Moderator alerts

    async def add_alert(self, guild_id: int, channel_id: int, at: datetime) -> int:
        """Reserve an alert before it is posted, so its claim button can carry the id."""
        async with self._db.transaction() as tx:
            await tx.execute("INSERT OR IGNORE INTO guilds (guild_id) VALUES (?)", (guild_id,))
            cursor = await tx.execute(
                "INSERT INTO crisis_alerts (guild_id, channel_id, created_at) VALUES (?, ?, ?)",
                (guild_id, channel_id, to_text(at)),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def alert_posted(
        self, alert_id: int, message_id: int, reping_at: datetime | None
    ) -> None:
        """The alert is in the moderator channel; re-ping it at `reping_at` if nobody claims it."""
        await self._db.execute(
            "UPDATE crisis_alerts SET message_id = ?, reping_due_at = ? WHERE id = ?",
            (message_id, None if reping_at is None else to_text(reping_at), alert_id),
        )

    async def claim_alert(
        self, alert_id: int, guild_id: int, moderator_id: int, at: datetime
    ) -> int | None:
        """Claim the server's alert if nobody has; return who holds it afterwards (None: the
        server has no such alert)."""
        async with self._db.transaction() as tx:
            await tx.execute(
                "UPDATE crisis_alerts SET claimed_by = ?, claimed_at = ?"
                " WHERE id = ? AND guild_id = ? AND claimed_by IS NULL",
                (moderator_id, to_text(at), alert_id, guild_id),
            )
            rows = list(
                await tx.execute_fetchall(
                    "SELECT claimed_by FROM crisis_alerts WHERE id = ? AND guild_id = ?",
                    (alert_id, guild_id),
                )
            )
        return int(rows[0][0]) if rows else None

    async def alerts_to_reping(self, now: datetime) -> list[PendingAlert]:
        """Unclaimed alerts whose re-ping is due, oldest first.

        Reading them changes nothing: each stays due until `reping_done` (after Discord took the
        re-ping) or `reping_later`, so a re-ping that fails to send is never lost.
        """
        rows = await self._db.fetch_all(
            "SELECT id, guild_id, channel_id, message_id FROM crisis_alerts"
            " WHERE reping_due_at IS NOT NULL AND claimed_by IS NULL AND reping_due_at <= ?"
            " ORDER BY reping_due_at, id",
            (to_text(now),),
        )
        return [PendingAlert(r[0], r[1], r[2], r[3]) for r in rows]

    async def reping_done(self, alert_ids: Collection[int]) -> None:
        """These alerts have had their re-ping (or can't have one): none is due any more."""
        await self._db.execute(
            "UPDATE crisis_alerts SET reping_due_at = NULL"
            " WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(alert_ids)),),
        )

    async def reping_later(self, alert_id: int, at: datetime) -> None:
        """Try this alert's re-ping again at `at`, unless it was claimed meanwhile."""
        await self._db.execute(
            "UPDATE crisis_alerts SET reping_due_at = ?"
            " WHERE id = ? AND reping_due_at IS NOT NULL AND claimed_by IS NULL",
            (to_text(at), alert_id),
        )

    async def next_reping_at(self) -> datetime | None:
        row = await self._db.fetch_one(
            "SELECT MIN(reping_due_at) FROM crisis_alerts"
            " WHERE reping_due_at IS NOT NULL AND claimed_by IS NULL"
        )
        return from_text(row[0]) if row is not None and row[0] is not None else None

    # What waits to be delivered: alerts and in-channel buttons, deleted once Discord has them.

    async def enqueue(self, guild_id: int, channel_id: int, item: Item, at: datetime) -> int:
        async with self._db.transaction() as tx:
            await tx.execute("INSERT OR IGNORE INTO guilds (guild_id) VALUES (?)", (guild_id,))
            cursor = await tx.execute(
                "INSERT INTO crisis_outbox"
                " (guild_id, channel_id, kind, payload, created_at, due_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (guild_id, channel_id, item_kind(item), to_payload(item), to_text(at), to_text(at)),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def outbox_due(self, now: datetime) -> list[Pending]:
        rows = await self._db.fetch_all(
            "SELECT id, guild_id, channel_id, kind, payload, created_at, attempts"
            " FROM crisis_outbox WHERE due_at <= ? ORDER BY id",
            (to_text(now),),
        )
        return [
            Pending(
                r["id"],
                r["guild_id"],
                r["channel_id"],
                from_text(r["created_at"]),
                r["attempts"],
                from_payload(r["kind"], r["payload"]),
            )
            for r in rows
        ]

    async def outbox_next_due(self) -> datetime | None:
        row = await self._db.fetch_one("SELECT MIN(due_at) FROM crisis_outbox")
        return from_text(row[0]) if row is not None and row[0] is not None else None

    async def outbox_delivered(self, ids: list[int]) -> None:
        await self._db.execute(
            "DELETE FROM crisis_outbox WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(ids),),
        )

    async def outbox_retry(self, ids: list[int], due_at: datetime, error: str) -> None:
        await self._db.execute(
            "UPDATE crisis_outbox SET attempts = attempts + 1, due_at = ?, last_error = ?"
            " WHERE id IN (SELECT value FROM json_each(?))",
            (to_text(due_at), error[:500], json.dumps(ids)),
        )

    async def outbox_backlog(self, guild_id: int) -> OutboxBacklog:
        row = await self._db.fetch_one(
            "SELECT COUNT(*) AS waiting, MIN(created_at) AS oldest,"
            " (SELECT last_error FROM crisis_outbox WHERE guild_id = ? AND attempts > 0"
            "  ORDER BY id DESC LIMIT 1) AS last_error"
            " FROM crisis_outbox WHERE guild_id = ?",
            (guild_id, guild_id),
        )
        assert row is not None
        oldest = from_text(row["oldest"]) if row["oldest"] else None
        return OutboxBacklog(row["waiting"], oldest, row["last_error"])

    # A member's own data

    async def export_member(self, user_id: int) -> dict[str, Any]:
        prefs = await self.member_prefs(user_id)
        cooldowns = await self._db.fetch_all(
            "SELECT guild_id, last_reply_at FROM crisis_cooldowns WHERE user_id = ?", (user_id,)
        )
        still_here = await self._db.fetch_all(
            "SELECT guild_id, sent_at FROM crisis_still_here WHERE user_id = ?", (user_id,)
        )
        return {
            "crisis_preferences": {"country": prefs.country, "auto_replies": prefs.auto_replies},
            "crisis_replies_received": [
                {"server_id": str(r["guild_id"]), "last_reply_at": r["last_reply_at"]}
                for r in cooldowns
            ],
            "still_here_lines_received": [
                {"server_id": str(r["guild_id"]), "sent_at": r["sent_at"]} for r in still_here
            ],
        }

    async def delete_member(self, user_id: int) -> int:
        async with self._db.transaction() as tx:
            prefs = await tx.execute(
                "DELETE FROM crisis_member_prefs WHERE user_id = ?", (user_id,)
            )
            cooldowns = await tx.execute(
                "DELETE FROM crisis_cooldowns WHERE user_id = ?", (user_id,)
            )
            still_here = await tx.execute(
                "DELETE FROM crisis_still_here WHERE user_id = ?", (user_id,)
            )
        return prefs.rowcount + cooldowns.rowcount + still_here.rowcount
