"""How well the crisis detector labels our hand-written sets and the public RallyPoint set.

The held-out sets (tests/data/crisis_heldout*.csv) were written by people who had not seen the
rules, to measure how the detector does on messages it was not tuned on. They are only ever
scored in aggregate: this bench never prints their texts, even with --errors, and rules must
never be written from them, or they stop measuring anything.

Each figure is printed beside a naive English keyword match measured in the same run, so the
ratio shows what the detector adds over a grep.

    .venv/bin/python -m bench.crisis_eval [--errors]
"""

import argparse
from collections.abc import Iterable, Sequence

from bench.rallypoint import PublicSetUnavailableError, load_rallypoint
from bot.crisis.detector import Detector, Kind
from bot.crisis.evaluation import (
    CRISIS,
    NO_RISK,
    ConfusionMatrix,
    LabelledMessage,
    Outcome,
    classify_all,
    crisis_misses,
    flag_rate,
    hard_negative_outcomes,
    read_labelled_messages,
)
from bot.paths import PROJECT_ROOT

OUR_SET = PROJECT_ROOT / "tests" / "data" / "crisis_messages.csv"
HELD_OUT_SETS = {
    "held-out set A": PROJECT_ROOT / "tests" / "data" / "crisis_heldout.csv",
    "held-out set B": PROJECT_ROOT / "tests" / "data" / "crisis_heldout_b.csv",
}
LABELS = tuple(kind.value for kind in Kind)
ERROR_TEXT_WIDTH = 160

# What a moderator might grep for in a minute: English only, no normalisation, no context.
BASELINE_CRISIS_WORDS = ("suicid", "kill myself", "want to die", "end my life", "self harm", "kms")
BASELINE_HARASSMENT_WORDS = ("kys", "kill yourself")
HARASSMENT = "harassment"


def baseline_label(text: str) -> str:
    lowered = text.lower()
    if any(word in lowered for word in BASELINE_HARASSMENT_WORDS):
        return HARASSMENT
    if any(word in lowered for word in BASELINE_CRISIS_WORDS):
        return CRISIS
    return NO_RISK


def baseline_outcomes(messages: Iterable[LabelledMessage]) -> list[Outcome]:
    return [Outcome(message, baseline_label(message.text)) for message in messages]


def _ratio_text(figure: float, baseline: float) -> str:
    ratio = f"x{figure / baseline:.2f}" if baseline else "no ratio"
    return f"{figure:.3f}  (keyword baseline {baseline:.3f}, {ratio})"


def print_class_table(matrix: ConfusionMatrix) -> None:
    print(f"{'class':<12}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}")
    for metrics in matrix.all_metrics():
        print(
            f"{metrics.label:<12}{metrics.precision:>10.3f}{metrics.recall:>10.3f}"
            f"{metrics.f1:>10.3f}{metrics.support:>10}"
        )


def print_confusion(matrix: ConfusionMatrix) -> None:
    print("confusion (rows true, columns predicted)")
    print(f"{'':<12}" + "".join(f"{label:>12}" for label in matrix.labels))
    for label, row in zip(matrix.labels, matrix.counts, strict=True):
        print(f"{label:<12}" + "".join(f"{count:>12}" for count in row))


def crisis_recall_by_language(outcomes: Sequence[Outcome]) -> dict[str, tuple[float, int]]:
    languages = sorted({outcome.message.language for outcome in outcomes})
    by_language = {}
    for language in languages:
        subset = [o for o in outcomes if o.message.language == language]
        crisis = ConfusionMatrix.from_outcomes(subset, LABELS).metrics(CRISIS)
        by_language[language] = (crisis.recall, crisis.support)
    return by_language


def print_errors(outcomes: Iterable[Outcome]) -> None:
    errors = [outcome for outcome in outcomes if outcome.is_error]
    print(f"misclassified ({len(errors)}):")
    for outcome in errors:
        message = outcome.message
        # repr shows invisible characters such as zero-width spaces
        text = repr(message.text)
        if len(text) > ERROR_TEXT_WIDTH:
            text = text[: ERROR_TEXT_WIDTH - 3] + "..."
        rules = ",".join(outcome.rule_ids) or "-"
        print(
            f"  {message.label:>10} -> {outcome.predicted:<10} "
            f"{message.language} {message.category:<14} [{rules}] {text}"
        )


def report(
    title: str, outcomes: Sequence[Outcome], baseline: Sequence[Outcome], negatives_name: str
) -> None:
    matrix = ConfusionMatrix.from_outcomes(outcomes, LABELS)
    baseline_matrix = ConfusionMatrix.from_outcomes(baseline, LABELS)
    print(f"== {title}: {len(outcomes)} messages ==")
    print_class_table(matrix)
    print_confusion(matrix)
    crisis, baseline_crisis = matrix.metrics(CRISIS), baseline_matrix.metrics(CRISIS)
    print(f"crisis precision   {_ratio_text(crisis.precision, baseline_crisis.precision)}")
    print(f"crisis recall      {_ratio_text(crisis.recall, baseline_crisis.recall)}")
    print(f"crisis f1          {_ratio_text(crisis.f1, baseline_crisis.f1)}")
    negatives = hard_negative_outcomes(outcomes)
    false_alarms = flag_rate(o.predicted for o in negatives)
    baseline_false_alarms = flag_rate(o.predicted for o in hard_negative_outcomes(baseline))
    print(
        f"false alarms on {len(negatives)} {negatives_name}: "
        f"{_ratio_text(false_alarms, baseline_false_alarms)}"
    )
    recall_by_language = crisis_recall_by_language(outcomes)
    print(
        "crisis recall by language: "
        + "  ".join(
            f"{language} {recall:.3f} (n={support})"
            for language, (recall, support) in recall_by_language.items()
        )
    )
    print(f"crisis misses: {len(crisis_misses(outcomes))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--errors", action="store_true", help="list misclassified messages")
    arguments = parser.parse_args()
    detector = Detector.load_default()

    ours = read_labelled_messages(OUR_SET)
    our_outcomes = classify_all(detector.classify, ours)
    report("our set", our_outcomes, baseline_outcomes(ours), "hard negatives")
    if arguments.errors:
        print_errors(our_outcomes)

    for name, path in HELD_OUT_SETS.items():
        print()
        held_out = read_labelled_messages(path)
        held_out_outcomes = classify_all(detector.classify, held_out)
        report(
            f"{name} (aggregates only)",
            held_out_outcomes,
            baseline_outcomes(held_out),
            "hard negatives",
        )

    print()
    try:
        public = load_rallypoint()
    except PublicSetUnavailableError as error:
        print(f"== public RallyPoint set skipped: {error} ==")
        return
    public_outcomes = classify_all(detector.classify, public)
    # RallyPoint has no "chat" category, so every "none" row counts among the negatives.
    report("public RallyPoint set", public_outcomes, baseline_outcomes(public), "negatives")
    if arguments.errors:
        print_errors(public_outcomes)


if __name__ == "__main__":
    main()
