"""How long the /checkin history answer takes for a member with 1,000 check-ins.

One answer is: read the member's check-ins from SQLite, compute the stats, render the chart. Its
median over repeats is printed beside the median of rendering an empty chart in the same run (the
fixed cost of a matplotlib figure), and the budget is 300 ms. Matplotlib's first import is paid
once at start-up, so it is measured separately, in fresh interpreters.

    .venv/bin/python bench/history_speed.py [--repeats 15]
"""

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

from bot.checkins.chart import render_mood_chart
from bot.checkins.history import summarise_history
from bot.checkins.moments import LocalMoment
from bot.storage.checkins import CheckinStore
from bot.storage.database import Database

CHECKINS = 1_000
BUDGET_MS = 300.0
MEMBER = 1
TIMEZONE = "Europe/Berlin"
NOW = datetime(2026, 11, 22, 20, 0, tzinfo=UTC)
# Two or three check-ins a day: 1,000 of them span about a year.
SPACING = timedelta(hours=9)
IMPORT_PROBE = (
    "import time; started = time.perf_counter(); import bot.checkins.chart; "
    "print(time.perf_counter() - started)"
)


async def fill(store: CheckinStore) -> None:
    tags = ("sleep", "stress", "grateful", "energy")
    for number in range(CHECKINS):
        instant = NOW - SPACING * (CHECKINS - number)
        await store.add(
            user_id=MEMBER,
            guild_id=None,
            moment=LocalMoment.at(instant, TIMEZONE),
            mood=1 + (number * 7 + number // 5) % 5,
            note="a note" if number % 3 else None,
            tags=tags[: number % 3],
        )
        # Another member's check-ins share the table, as they would in real use.
        await store.add(
            user_id=MEMBER + 1,
            guild_id=None,
            moment=LocalMoment.at(instant, "UTC"),
            mood=3,
            note=None,
            tags=(),
        )


async def one_answer(store: CheckinStore, period_days: int) -> int:
    checkins = await store.list_since(MEMBER)
    history = summarise_history(checkins, LocalMoment.at(NOW, TIMEZONE), period_days)
    return len(render_mood_chart(history.days))


async def empty_chart() -> int:
    return len(render_mood_chart([]))


async def median_ms(repeats: int, run: Callable[[], Awaitable[object]]) -> float:
    await run()  # warm-up: font cache and first-draw costs
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        await run()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def import_seconds(repeats: int) -> float:
    timings = [
        float(
            subprocess.run(
                [sys.executable, "-c", IMPORT_PROBE], capture_output=True, check=True, text=True
            ).stdout
        )
        for _ in range(repeats)
    ]
    return statistics.median(timings)


async def measure(repeats: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        database = await Database.open(Path(folder) / "bench.sqlite3")
        try:
            await database.migrate()
            store = CheckinStore(database)
            await fill(store)
            baseline = await median_ms(repeats, empty_chart)
            print(f"baseline, empty chart: {baseline:.1f} ms (median of {repeats})")
            for period_days, what in ((30, "last 30 days"), (400, "all 1,000 in the chart")):
                answer = await median_ms(repeats, partial(one_answer, store, period_days))
                verdict = "within" if answer < BUDGET_MS else "OVER"
                print(
                    f"history answer, {CHECKINS} check-ins, {what}: {answer:.1f} ms "
                    f"(x{answer / baseline:.2f} the empty chart; {verdict} the "
                    f"{BUDGET_MS:.0f} ms budget)"
                )
        finally:
            await database.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    arguments = parser.parse_args()
    asyncio.run(measure(arguments.repeats))
    seconds = import_seconds(max(3, arguments.repeats // 5))
    print(f"first import of the chart module (matplotlib), once per process: {seconds:.2f} s")


if __name__ == "__main__":
    main()
