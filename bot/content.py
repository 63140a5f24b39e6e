"""Everything Lantern reads from data/, loaded and validated once at start-up."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.checkins.tags import TagCatalogue
from bot.coping import AwarenessCalendar, CopingLibrary
from bot.crisis.detector import Detector
from bot.crisis.reply import ReplyTexts, default_texts
from bot.hotlines import HotlineDirectory
from bot.paths import DATA_DIR


@dataclass(frozen=True, slots=True)
class Content:
    hotlines: HotlineDirectory
    detector: Detector
    reply_texts: ReplyTexts
    coping: CopingLibrary
    awareness: AwarenessCalendar
    checkin_tags: TagCatalogue

    @classmethod
    def load(cls, data_dir: Path = DATA_DIR) -> Content:
        """Load every data file; a bad one raises ContentError naming the file and entry."""
        return cls(
            hotlines=HotlineDirectory.load(data_dir / "hotlines.toml"),
            detector=Detector.load_default(data_dir),
            # The cards read these lazily; loading them here makes a broken file fail at start-up.
            reply_texts=default_texts(),
            coping=CopingLibrary.load(data_dir / "coping.toml"),
            awareness=AwarenessCalendar.load(data_dir / "awareness_days.toml"),
            checkin_tags=TagCatalogue.load(data_dir / "checkin_tags.toml"),
        )

    def summary(self) -> list[str]:
        return [
            f"hotlines: {len(self.hotlines.countries())} countries",
            f"crisis rules: {len(self.detector.rule_ids())}",
            f"coping strategies: {len(self.coping.strategies)}",
            f"awareness days: {len(self.awareness.days)}",
            f"check-in tags: {len(self.checkin_tags.tags)}",
        ]
