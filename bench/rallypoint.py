"""The labelled RallyPoint messages shipped inside the public construct-tracker wheel.

The wheel is downloaded once with pip (never installed: it would pull in torch and spaCy),
cached under var/, and its CSVs are read straight out of the zip.
"""

import csv
import io
import subprocess
import sys
import zipfile
from pathlib import Path

from bot.crisis.evaluation import CRISIS, NO_RISK, LabelledMessage
from bot.paths import PROJECT_ROOT

# Pinned so the public figures stay comparable from run to run.
REQUIREMENT = "construct-tracker==1.0.16"
CACHE_DIR = PROJECT_ROOT / "var" / "construct_tracker"
DATASET_DIR = "construct_tracker/data/datasets/rally_point_reddit_mental_health/"
DOWNLOAD_TIMEOUT_SECONDS = 180

# Label mapping. Rows from RallyPoint (a forum for US service members and veterans) are labelled
# 1.0 when the message expresses suicidal thoughts or behaviour (ideation, plans, attempts,
# self-harm) and 0.0 otherwise; the 0.0 rows include deliberately negated look-alikes
# ("I don't want to kill myself"). 1.0 maps to crisis and 0.0 to none. The set has no
# concern or harassment labels. Rows from Reddit are all 1.0 because they were posted in
# mental-health subreddits (anxiety, ADHD, ...), not because they express suicide risk,
# so they say nothing about our crisis class and are left out.
CRISIS_LABEL = "1.0"
SOURCE_PREFIX = "rallypoint"


class PublicSetUnavailableError(Exception):
    """The wheel could not be downloaded or read; the message says why."""


def cached_wheel() -> Path:
    """Return the cached wheel, downloading it first if needed."""
    wheels = sorted(CACHE_DIR.glob("construct_tracker-*.whl"))
    if wheels:
        return wheels[-1]
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:"]
    command += ["--disable-pip-version-check", "--retries", "1", "--timeout", "20"]
    command += ["-d", str(CACHE_DIR), REQUIREMENT]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=DOWNLOAD_TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise PublicSetUnavailableError(f"pip download timed out: {REQUIREMENT}") from error
    wheels = sorted(CACHE_DIR.glob("construct_tracker-*.whl"))
    if result.returncode != 0 or not wheels:
        last_line = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise PublicSetUnavailableError(f"pip download failed: {last_line}")
    return wheels[-1]


def read_wheel(wheel: Path) -> tuple[LabelledMessage, ...]:
    """Map the RallyPoint rows of every CSV in the dataset folder onto our labels."""
    messages: dict[str, LabelledMessage] = {}
    try:
        with zipfile.ZipFile(wheel) as archive:
            names = [
                name
                for name in archive.namelist()
                if name.startswith(DATASET_DIR) and name.endswith(".csv")
            ]
            for name in sorted(names):
                with archive.open(name) as raw:
                    for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")):
                        source = row["source"]
                        if source.startswith(SOURCE_PREFIX):
                            label = CRISIS if row["label"] == CRISIS_LABEL else NO_RISK
                            # train and test files could overlap; each text counts once
                            messages.setdefault(
                                row["doc"], LabelledMessage(row["doc"], label, "en", source)
                            )
    except (zipfile.BadZipFile, KeyError) as error:
        raise PublicSetUnavailableError(
            f"{wheel.name} is not the expected wheel: {error}"
        ) from error
    if not messages:
        raise PublicSetUnavailableError(f"{wheel.name} has no RallyPoint rows under {DATASET_DIR}")
    return tuple(messages.values())


def load_rallypoint() -> tuple[LabelledMessage, ...]:
    return read_wheel(cached_wheel())
