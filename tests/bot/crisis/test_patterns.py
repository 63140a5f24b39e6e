import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.crisis.patterns import MAX_EXPANSIONS, PatternError, expand


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
