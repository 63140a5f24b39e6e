from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.crisis.evaluation import (
    ConfusionMatrix,
    LabelledMessage,
    Outcome,
    classify_all,
    crisis_misses,
    flag_rate,
    hard_negative_outcomes,
    read_labelled_messages,
)

LABELS = st.sampled_from(["crisis", "concern", "harassment", "none"])
PAIRS = st.lists(st.tuples(LABELS, LABELS), max_size=60)


def test_counts_land_in_true_row_and_predicted_column() -> None:
    matrix = ConfusionMatrix.from_pairs(
        [("crisis", "crisis"), ("crisis", "none"), ("none", "crisis"), ("none", "none")],
        labels=["crisis", "none"],
    )

    assert matrix.counts == ((1, 1), (1, 1))
    assert matrix.count("crisis", "none") == 1


def test_given_label_order_is_kept_and_unseen_labels_follow() -> None:
    matrix = ConfusionMatrix.from_pairs([("none", "concern")], labels=["crisis", "none"])

    assert matrix.labels == ("crisis", "none", "concern")
    assert matrix.counts == ((0, 0, 0), (0, 0, 1), (0, 0, 0))


def test_metrics_match_hand_computed_values() -> None:
    # crisis: 3 true, 2 found, 1 none wrongly called crisis -> precision 2/3, recall 2/3
    pairs = [
        ("crisis", "crisis"),
        ("crisis", "crisis"),
        ("crisis", "none"),
        ("none", "crisis"),
        ("none", "none"),
    ]
    crisis = ConfusionMatrix.from_pairs(pairs).metrics("crisis")

    assert crisis.precision == pytest.approx(2 / 3)
    assert crisis.recall == pytest.approx(2 / 3)
    assert crisis.f1 == pytest.approx(2 / 3)
    assert crisis.support == 3


def test_precision_and_recall_differ_when_errors_are_one_sided() -> None:
    pairs = [("crisis", "crisis"), ("none", "crisis"), ("none", "crisis"), ("none", "none")]
    crisis = ConfusionMatrix.from_pairs(pairs).metrics("crisis")

    assert crisis.precision == pytest.approx(1 / 3)
    assert crisis.recall == 1.0
    assert crisis.f1 == pytest.approx(0.5)


def test_label_never_seen_scores_zero_not_perfect() -> None:
    metrics = ConfusionMatrix.from_pairs([("none", "none")], labels=["crisis"]).metrics("crisis")

    assert (metrics.precision, metrics.recall, metrics.f1, metrics.support) == (0.0, 0.0, 0.0, 0)


def test_unknown_label_counts_as_zero() -> None:
    assert ConfusionMatrix.from_pairs([("none", "none")]).count("crisis", "none") == 0


@given(PAIRS)
def test_every_pair_is_counted_once(pairs: list[tuple[str, str]]) -> None:
    matrix = ConfusionMatrix.from_pairs(pairs)

    assert matrix.total == len(pairs)
    assert sum(matrix.support(label) for label in matrix.labels) == len(pairs)
    assert sum(matrix.predicted_total(label) for label in matrix.labels) == len(pairs)


@given(PAIRS)
def test_metrics_stay_between_zero_and_one(pairs: list[tuple[str, str]]) -> None:
    for metrics in ConfusionMatrix.from_pairs(pairs).all_metrics():
        assert 0.0 <= metrics.precision <= 1.0
        assert 0.0 <= metrics.recall <= 1.0
        # F1 is a harmonic mean, so it lies between precision and recall (up to rounding).
        low, high = sorted((metrics.precision, metrics.recall))
        assert low - 1e-12 <= metrics.f1 <= high + 1e-12


@given(st.lists(LABELS, min_size=1, max_size=60))
def test_perfect_predictions_score_one_for_every_present_label(labels: list[str]) -> None:
    matrix = ConfusionMatrix.from_pairs((label, label) for label in labels)

    for metrics in matrix.all_metrics():
        assert (metrics.precision, metrics.recall, metrics.f1) == (1.0, 1.0, 1.0)


def test_flag_rate_counts_everything_but_none() -> None:
    assert flag_rate(["none", "crisis", "concern", "none"]) == 0.5
    assert flag_rate([]) == 0.0


def test_hard_negatives_are_none_rows_other_than_chat() -> None:
    assert LabelledMessage("killstreak!", "none", "en", "gaming").is_hard_negative
    assert not LabelledMessage("hi all", "none", "en", "chat").is_hard_negative
    assert not LabelledMessage("kms", "crisis", "en", "algospeak").is_hard_negative


def test_reads_quoted_csv_rows(tmp_path: Path) -> None:
    path = tmp_path / "set.csv"
    path.write_text('text,label,language,category\n"ok, ""fine""",none,en,chat\n', encoding="utf-8")

    assert read_labelled_messages(path) == (LabelledMessage('ok, "fine"', "none", "en", "chat"),)


def test_rejects_unexpected_columns(tmp_path: Path) -> None:
    path = tmp_path / "set.csv"
    path.write_text("text,label\nhi,none\n", encoding="utf-8")

    with pytest.raises(ValueError, match="columns"):
        read_labelled_messages(path)


def _outcome(label: str, predicted: str, category: str = "direct") -> Outcome:
    return Outcome(LabelledMessage(f"{label}->{predicted}", label, "en", category), predicted)


def test_crisis_misses_are_crisis_rows_predicted_as_anything_else() -> None:
    missed = _outcome("crisis", "concern")
    outcomes = [_outcome("crisis", "crisis"), missed, _outcome("none", "crisis")]

    assert crisis_misses(outcomes) == [missed]


def test_hard_negative_outcomes_leave_out_chat_and_risky_rows() -> None:
    hard = _outcome("none", "crisis", category="gaming")
    outcomes = [hard, _outcome("none", "none", category="chat"), _outcome("crisis", "none")]

    assert hard_negative_outcomes(outcomes) == [hard]


def test_matrix_from_outcomes_uses_true_label_as_row() -> None:
    matrix = ConfusionMatrix.from_outcomes([_outcome("crisis", "none")], ["crisis", "none"])

    assert matrix.counts == ((0, 1), (0, 0))
    assert _outcome("crisis", "none").is_error
    assert not _outcome("none", "none").is_error


class _Kind(StrEnum):
    CRISIS = "crisis"


@dataclass(frozen=True, slots=True)
class _Detection:
    kind: _Kind
    rule_ids: tuple[str, ...]


def test_classify_all_keeps_plain_kind_values_and_rule_ids() -> None:
    message = LabelledMessage("kms", "crisis", "en", "algospeak")

    (outcome,) = classify_all(lambda _text: _Detection(_Kind.CRISIS, ("kms",)), [message])

    assert outcome == Outcome(message, "crisis", ("kms",))
    assert type(outcome.predicted) is str
