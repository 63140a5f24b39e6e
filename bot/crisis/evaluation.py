"""Scoring a classifier against labelled messages: confusion matrix and per-class metrics.

Labels are plain strings so the same code scores our own set and public sets whose labels
were mapped onto ours, without depending on the detector itself.
"""

import csv
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

CRISIS = "crisis"
NO_RISK = "none"
# Ordinary chat is easy to get right; only the deliberately tricky "none" rows count as hard.
EASY_NEGATIVE_CATEGORY = "chat"
LABELLED_SET_COLUMNS = ("text", "label", "language", "category")


@dataclass(frozen=True, slots=True)
class LabelledMessage:
    text: str
    label: str
    language: str
    category: str

    @property
    def is_hard_negative(self) -> bool:
        return self.label == NO_RISK and self.category != EASY_NEGATIVE_CATEGORY


def read_labelled_messages(path: Path) -> tuple[LabelledMessage, ...]:
    """Read a UTF-8 CSV with the columns text, label, language, category."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != LABELLED_SET_COLUMNS:
            raise ValueError(f"{path} must have the columns {', '.join(LABELLED_SET_COLUMNS)}")
        return tuple(
            LabelledMessage(row["text"], row["label"], row["language"], row["category"])
            for row in reader
        )


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a classifier said about one labelled message, and which rules said it."""

    message: LabelledMessage
    predicted: str
    rule_ids: tuple[str, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.predicted != self.message.label


class Verdict(Protocol):
    """The shape of the detector's Detection, so this module never needs to import it."""

    @property
    def kind(self) -> str: ...

    @property
    def rule_ids(self) -> tuple[str, ...]: ...


def classify_all(
    classify: Callable[[str], Verdict], messages: Iterable[LabelledMessage]
) -> list[Outcome]:
    outcomes = []
    for message in messages:
        verdict = classify(message.text)
        # str() turns a StrEnum member into its plain value
        outcomes.append(Outcome(message, str(verdict.kind), verdict.rule_ids))
    return outcomes


def crisis_misses(outcomes: Iterable[Outcome]) -> list[Outcome]:
    return [o for o in outcomes if o.message.label == CRISIS and o.predicted != CRISIS]


def hard_negative_outcomes(outcomes: Iterable[Outcome]) -> list[Outcome]:
    return [o for o in outcomes if o.message.is_hard_negative]


@dataclass(frozen=True, slots=True)
class ClassMetrics:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


def _ratio(part: int, whole: int) -> float:
    # An empty denominator means there was nothing to get right, which scores as 0, not as perfect.
    return part / whole if whole else 0.0


@dataclass(frozen=True, slots=True)
class ConfusionMatrix:
    """Counts of (true label, predicted label); row i is true labels[i], column j predicted."""

    labels: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]

    @classmethod
    def from_pairs(
        cls, pairs: Iterable[tuple[str, str]], labels: Sequence[str] = ()
    ) -> "ConfusionMatrix":
        """Tally pairs; labels fixes the order, labels only seen in pairs follow as first seen."""
        tally = Counter(pairs)
        ordered = dict.fromkeys(labels)
        for true, predicted in tally:
            ordered.update(dict.fromkeys((true, predicted)))
        order = tuple(ordered)
        counts = tuple(tuple(tally[true, predicted] for predicted in order) for true in order)
        return cls(order, counts)

    @classmethod
    def from_outcomes(
        cls, outcomes: Iterable[Outcome], labels: Sequence[str] = ()
    ) -> "ConfusionMatrix":
        return cls.from_pairs(((o.message.label, o.predicted) for o in outcomes), labels)

    def count(self, true: str, predicted: str) -> int:
        if true not in self.labels or predicted not in self.labels:
            return 0
        return self.counts[self.labels.index(true)][self.labels.index(predicted)]

    def support(self, label: str) -> int:
        """How many messages truly carry the label."""
        return sum(self.count(label, predicted) for predicted in self.labels)

    def predicted_total(self, label: str) -> int:
        return sum(self.count(true, label) for true in self.labels)

    @property
    def total(self) -> int:
        return sum(map(sum, self.counts))

    def metrics(self, label: str) -> ClassMetrics:
        hits = self.count(label, label)
        precision = _ratio(hits, self.predicted_total(label))
        recall = _ratio(hits, self.support(label))
        both = precision + recall
        f1 = 2 * precision * recall / both if both else 0.0
        return ClassMetrics(label, precision, recall, f1, self.support(label))

    def all_metrics(self) -> tuple[ClassMetrics, ...]:
        return tuple(self.metrics(label) for label in self.labels)


def flag_rate(predicted: Iterable[str]) -> float:
    """Share of predictions other than no-risk; on true negatives this is the false-alarm rate."""
    labels = list(predicted)
    return _ratio(sum(label != NO_RISK for label in labels), len(labels))
