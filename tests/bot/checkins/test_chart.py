import io
import struct
import warnings
from datetime import date, timedelta

import pytest
from matplotlib.image import imread

from bot.checkins.chart import BACKGROUND, HEIGHT_PX, WIDTH_PX, render_mood_chart
from bot.checkins.history import DayAverage

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which always comes first."""
    assert png[:8] == PNG_SIGNATURE
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def month_of_days(count: int) -> list[DayAverage]:
    first = date(2026, 10, 1)
    return [
        DayAverage(first + timedelta(days=n), 1 + (n * 7 % 40) / 10, 2, 3.0) for n in range(count)
    ]


@pytest.mark.parametrize("days", [month_of_days(30), month_of_days(1), []])
def test_the_chart_is_an_800_by_400_png(days: list[DayAverage]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. a date locator that cannot place its ticks
        png = render_mood_chart(days)
    assert png_size(png) == (WIDTH_PX, HEIGHT_PX)


def test_the_chart_is_dark_for_discords_dark_theme() -> None:
    pixels = imread(io.BytesIO(render_mood_chart(month_of_days(30))), format="png")
    assert pixels.shape[:2] == (HEIGHT_PX, WIDTH_PX)
    corner = tuple(round(float(channel) * 255) for channel in pixels[0, 0, :3])
    assert corner == tuple(int(BACKGROUND[i : i + 2], 16) for i in (1, 3, 5))


def test_the_data_is_drawn() -> None:
    assert render_mood_chart(month_of_days(30)) != render_mood_chart([])
