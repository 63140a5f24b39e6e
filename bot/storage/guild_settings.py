"""A feature's per-server settings row, changed a few columns at a time."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import timedelta

from bot.storage.database import Database


async def upsert_guild_settings(
    database: Database,
    *,
    table: str,
    columns: Mapping[str, str],
    guild_id: int,
    changes: Mapping[str, object],
) -> None:
    """Set `changes` (setting name -> value) in `table`'s row for the server, creating it if new.

    `table` and `columns` (setting name -> column) are the caller's constants, never user input.
    """
    if not changes:
        return
    unknown = set(changes) - set(columns)
    if unknown:
        raise ValueError(f"not {table} settings: {sorted(unknown)}")
    names = [columns[name] for name in changes]
    values = [column_value(value) for value in changes.values()]
    assignments = ", ".join(f"{name} = excluded.{name}" for name in names)
    async with database.transaction() as tx:
        await tx.execute("INSERT OR IGNORE INTO guilds (guild_id) VALUES (?)", (guild_id,))
        await tx.execute(
            f"INSERT INTO {table} (guild_id, {', '.join(names)})"  # noqa: S608 - constants only
            f" VALUES (?{', ?' * len(names)})"
            f" ON CONFLICT (guild_id) DO UPDATE SET {assignments}",
            (guild_id, *values),
        )


def column_value(value: object) -> object:
    """How a setting is stored: durations in whole minutes, flags as 0/1, enums by value."""
    if isinstance(value, timedelta):
        return int(value.total_seconds() // 60)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, enum.Enum):
        return value.value
    return value
