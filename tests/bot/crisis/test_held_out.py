"""A floor under the detector's recall on messages it was not tuned on.

tests/data/crisis_heldout*.csv were written blind to the rules (see tests/data/README.md). This
test reports aggregates only, never a message, so it cannot be used to write rules from them.
"""

from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.crisis.detector import Detector
from bot.crisis.evaluation import (
    CRISIS,
    ConfusionMatrix,
    classify_all,
    flag_rate,
    hard_negative_outcomes,
    read_labelled_messages,
)

HELD_OUT = Path(__file__).parents[2] / "data"


@dataclass(frozen=True, slots=True)
class Floor:
    file: str
    messages: int
    min_crisis_recall: float
    max_false_alarms: float


# Guards against regressions, set a little under what was measured on 2026-11-22 (set A: recall
# 0.602, false alarms 4/187; set B: recall 0.668, false alarms 6/193), to be raised as the
# detector improves. Set B's false alarms sit just above the 3% target; it is not tuned on.
FLOORS = (
    Floor("crisis_heldout.csv", 500, min_crisis_recall=0.58, max_false_alarms=0.03),
    Floor("crisis_heldout_b.csv", 510, min_crisis_recall=0.64, max_false_alarms=0.035),
)


@pytest.mark.parametrize("floor", FLOORS, ids=[floor.file for floor in FLOORS])
def test_recall_on_unseen_messages_does_not_fall_and_false_alarms_stay_rare(
    detector: Detector, floor: Floor
) -> None:
    messages = read_labelled_messages(HELD_OUT / floor.file)
    assert len(messages) >= floor.messages
    outcomes = classify_all(detector.classify, messages)
    recall = ConfusionMatrix.from_outcomes(outcomes).metrics(CRISIS).recall
    false_alarms = flag_rate(o.predicted for o in hard_negative_outcomes(outcomes))
    assert recall >= floor.min_crisis_recall, f"held-out crisis recall fell to {recall:.3f}"
    assert false_alarms <= floor.max_false_alarms, f"held-out false alarms {false_alarms:.3f}"


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector.load_default()
