"""The mood chart: daily averages and their 7-day average, as a PNG for Discord's dark theme.

Uses matplotlib's object API with the Agg canvas directly, so there is no pyplot global state and
no GUI backend; importing matplotlib is slow (about a second), so import this module lazily or at
start-up, not per request.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure

from bot.checkins.history import ROLLING_DAYS, DayAverage
from bot.checkins.moods import HIGHEST_MOOD, LOWEST_MOOD, MOODS

WIDTH_PX = 800
HEIGHT_PX = 400
DPI = 100
# Discord's dark theme: the message background and its body text.
BACKGROUND = "#313338"
TEXT = "#dbdee1"
GRID = "#4e5058"
DAILY_POINTS = "#949cf7"
ROLLING_LINE = "#f0b232"


def render_mood_chart(days: Sequence[DayAverage]) -> bytes:
    """PNG bytes, WIDTH_PX by HEIGHT_PX; mood words on the y axis, dates along the bottom."""
    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, facecolor=BACKGROUND)
    FigureCanvasAgg(figure)  # attaches itself: savefig renders with Agg, no pyplot backend
    # Fixed margins instead of tight_layout, which costs a full extra layout pass.
    figure.subplots_adjust(left=0.1, right=0.97, top=0.9, bottom=0.12)
    axes = figure.add_subplot()
    _style(axes)
    if days:
        dates = np.array([day.local_date for day in days], dtype="datetime64[D]")
        axes.plot(
            dates,
            [day.average for day in days],
            linestyle="none",
            marker="o",
            markersize=5,
            color=DAILY_POINTS,
            label="Daily average",
        )
        axes.plot(
            dates,
            [day.rolling_average for day in days],
            linewidth=2.5,
            color=ROLLING_LINE,
            label=f"{ROLLING_DAYS}-day average",
        )
        # At least a week wide, so a single day still gets sensible date ticks.
        last_shown = max(dates[-1], dates[0] + np.timedelta64(ROLLING_DAYS - 1, "D"))
        axes.set_xlim(dates[0] - np.timedelta64(1, "D"), last_shown + np.timedelta64(1, "D"))
        # matplotlib.dates ships without type hints.
        locator = AutoDateLocator(maxticks=8)  # type: ignore[no-untyped-call]
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
        legend = axes.legend(
            loc="upper left", bbox_to_anchor=(0, 1.13), ncols=2, frameon=False, labelcolor=TEXT
        )
        legend.set_in_layout(False)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor=BACKGROUND)
    return buffer.getvalue()


def _style(axes: Axes) -> None:
    axes.set_facecolor(BACKGROUND)
    axes.set_ylim(LOWEST_MOOD - 0.4, HIGHEST_MOOD + 0.4)
    axes.set_yticks([mood.value for mood in MOODS], [mood.word for mood in MOODS])
    axes.tick_params(colors=TEXT, labelsize=11)
    axes.grid(axis="y", color=GRID, linewidth=0.8)
    axes.set_axisbelow(True)
    for side, spine in axes.spines.items():
        spine.set_visible(side == "bottom")
        spine.set_color(GRID)
