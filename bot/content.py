"""Everything Lantern reads from data/, loaded and validated once at start-up."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.crisis.detector import Detector
from bot.hotlines import HotlineDirectory
from bot.paths import DATA_DIR


@dataclass(frozen=True, slots=True)
class Content:
    hotlines: HotlineDirectory
    detector: Detector

    @classmethod
    def load(cls, data_dir: Path = DATA_DIR) -> Content:
        """Load every data file; a bad one raises ContentError naming the file and entry."""
        return cls(
            hotlines=HotlineDirectory.load(data_dir / "hotlines.toml"),
            detector=Detector.load_default(data_dir),
        )

    def summary(self) -> list[str]:
        return [
            f"hotlines: {len(self.hotlines.countries())} countries",
            f"crisis rules: {len(self.detector.rule_ids())}",
        ]
