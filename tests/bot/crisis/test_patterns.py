import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.crisis.patterns import (
    MAX_EXPANSIONS,
    MAX_GAP,
    PatternError,
    expand,
    split_at_gaps,
    split_gaps,
)


@pytest.mark.parametrize(
    ("pattern", "phrases"),
    [
        ("kill myself", ("kill myself",)),
        ("(want|need) to die", ("want to die", "need to die")),
        ("want to die [tonight]", ("want to die tonight", "want to die")),
        ("[really|truly] done", ("really done", "truly done", "done")),
        ("end (it [all]|my life)", ("end it all", "end it", "end my life")),
        ("a (b|) c", ("a b c", "a c")),
        ("(a|a) b", ("a b",)),
    ],
)
def test_expand(pattern: str, phrases: tuple[str, ...]) -> None:
    assert expand(pattern) == phrases


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("a (b", "without a matching ')'"),
        ("a [b", "without a matching ']'"),
        ("a ]", "unexpected ']'"),
        ("b|c", "unexpected '|'"),
        ("(a|b]", "without a matching ')'"),
    ],
)
def test_malformed_patterns_are_refused(pattern: str, problem: str) -> None:
    with pytest.raises(PatternError, match=re.escape(problem)):
        expand(pattern)


def test_too_many_phrases_are_refused() -> None:
    with pytest.raises(PatternError, match=f"more than {MAX_EXPANSIONS}"):
        expand("(a|b|c|d|e|f|g|h|i|j) " * 4)


@given(st.text(alphabet=st.characters(blacklist_characters="()[]|")))
def test_text_without_pattern_marks_stands_for_itself(text: str) -> None:
    assert expand(text) == (" ".join(text.split()),)


@given(st.text(alphabet="ab ()[]|", max_size=30))
def test_expand_either_succeeds_or_raises_pattern_error(pattern: str) -> None:
    try:
        phrases = expand(pattern)
    except PatternError:
        return
    assert phrases


def test_gaps_survive_expansion_and_may_be_optional() -> None:
    assert expand("(want|going) to [~2] die") == (
        "want to ~2 die",
        "want to die",
        "going to ~2 die",
        "going to die",
    )


@pytest.mark.parametrize(
    ("phrase", "parts", "gaps"),
    [
        ("kill myself", ("kill myself",), ()),
        ("mich ~3 umbringen", ("mich", "umbringen"), (3,)),
        ("i ~2 want to ~1 end it", ("i", "want to", "end it"), (2, 1)),
    ],
)
def test_split_gaps(phrase: str, parts: tuple[str, ...], gaps: tuple[int, ...]) -> None:
    assert split_gaps(phrase) == (parts, gaps)


@pytest.mark.parametrize(
    ("phrase", "problem"),
    [
        ("~2 die", "between two words"),
        ("die ~2", "between two words"),
        ("want ~2 ~1 die", "between two words"),
        ("want ~0 die", "a gap is a word ~1 to"),
        (f"want ~{MAX_GAP + 1} die", "a gap is a word ~1 to"),
        ("want ~two die", "a gap is a word ~1 to"),
        ("want~2 die", "a gap is a word ~1 to"),
    ],
)
def test_misplaced_gaps_are_refused(phrase: str, problem: str) -> None:
    with pytest.raises(PatternError, match=re.escape(problem)):
        split_gaps(phrase)


WORD = st.text(alphabet="abcxyz", min_size=1, max_size=5)


@given(
    st.lists(st.lists(WORD, min_size=1, max_size=3), min_size=1, max_size=4),
    st.lists(st.integers(1, MAX_GAP), min_size=3, max_size=3),
)
def test_split_gaps_recovers_the_parts_and_gaps_joined(
    parts: list[list[str]], gaps: list[int]
) -> None:
    texts = [" ".join(words) for words in parts]
    used_gaps = gaps[: len(parts) - 1]
    phrase = texts[0] + "".join(
        f" ~{gap} {text}" for gap, text in zip(used_gaps, texts[1:], strict=True)
    )
    assert split_gaps(phrase) == (tuple(texts), tuple(used_gaps))


@pytest.mark.parametrize(
    ("pattern", "segments", "gaps"),
    [
        ("(want|need) to die", ("(want|need) to die",), ()),
        ("(want|need) to ~2 (die|go)", ("(want|need) to ", " (die|go)"), (2,)),
        ("a ~1 b ~3 c", ("a ", " b ", " c"), (1, 3)),
        ("a [~1] b", ("a [~1] b",), ()),
        ("(a ~1 b|c) d", ("(a ~1 b|c) d",), ()),
    ],
)
def test_split_at_gaps_cuts_only_outside_groups(
    pattern: str, segments: tuple[str, ...], gaps: tuple[int, ...]
) -> None:
    assert split_at_gaps(pattern) == (segments, gaps)


@pytest.mark.parametrize("pattern", ["~2 a", "a ~2", "a ~2 ~1 b", "a ~0 b"])
def test_split_at_gaps_refuses_misplaced_gaps(pattern: str) -> None:
    with pytest.raises(PatternError):
        split_at_gaps(pattern)
