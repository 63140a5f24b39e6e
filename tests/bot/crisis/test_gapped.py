import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.crisis.detector import Detection, Detector, Kind
from bot.crisis.gapped import ChainFinder, GapChain, part_owner

RULES = """
language = "xx"
sources = ["ours"]

[context]
first_person = ["ich", "i"]
third_person = ["er", "she"]
negation = ["nicht", "not", "no way"]
clause_breaks = ["aber", "but"]
common = ["ich", "mich", "i", "to", "just"]

[exclusions]
gaming = ["game"]

[aliases]
to = ["2"]

[[rules]]
id = "xx.crisis.verb_last"
kind = "crisis"
phrases = ["mich ~3 umbringen", "i ~2 (want|going) to ~1 end it", "denke ~3 an selbstmord"]
unless = ["vor lachen"]
"""
FILLERS = ["heute", "nacht", "einfach", "so", "endlich", "echt"]


@pytest.fixture(scope="module")
def detector(tmp_path_factory: pytest.TempPathFactory) -> Detector:
    data = tmp_path_factory.mktemp("data")
    (data / "crisis").mkdir()
    (data / "crisis" / "xx.toml").write_text(RULES, encoding="utf-8")
    return Detector.load_default(data)


def kind_of(detector: Detector, text: str) -> Kind:
    return detector.classify(text).kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("mich umbringen", Kind.CRISIS),
        ("ich will mich heute nacht umbringen", Kind.CRISIS),
        ("will mich heute nacht einfach umbringen", Kind.CRISIS),
        ("i'm going to end it", Kind.NONE),  # "im" is not the part "i"
        ("i am honestly going to just end it", Kind.CRISIS),
        ("i really want 2 end it", Kind.CRISIS),
        ("er sagt, er will mich umbringen", Kind.CONCERN),
        ("ich denke oft an selbstmord", Kind.CRISIS),
        ("ich denke dass er an selbstmord", Kind.CONCERN),  # the subject stands in the gap
    ],
)
def test_parts_in_order_within_their_gaps_match(detector: Detector, text: str, kind: Kind) -> None:
    assert kind_of(detector, text) is kind


@pytest.mark.parametrize(
    ("reason", "text"),
    [
        ("out of order", "umbringen will ich mich"),
        ("a part missing", "ich will mich heute nacht"),
        ("too far apart", "will mich heute nacht einfach so umbringen"),
        ("too far apart", "i am so so tired and want to end it"),
        ("across a comma", "mich, umbringen"),
        ("across sentences", "mich. umbringen"),
        ("across a clause break", "mich aber umbringen"),
        ("negation before the first part", "ich will nicht mich umbringen"),
        ("negation phrase before the first part", "no way i am going to end it"),
        ("negation in a gap", "ich will mich nicht umbringen"),
        ("negation in a later gap", "i am going to not end it"),
        ("exclusion in the clause", "ich will mich in dem game umbringen"),
        ("the rule's own unless", "ich will mich vor lachen umbringen"),
        ("inside a longer word", "mich heute umbringender"),
    ],
)
def test_gapped_phrases_keep_to_one_clause_and_its_checks(
    detector: Detector, reason: str, text: str
) -> None:
    assert kind_of(detector, text) is Kind.NONE, reason


def test_the_clause_ends_where_a_gapped_hit_ends(detector: Detector) -> None:
    assert kind_of(detector, "ich will mich heute umbringen, kein game") is Kind.CRISIS


def test_a_gapped_match_names_its_rule(detector: Detector) -> None:
    assert detector.classify("mich heute umbringen") == Detection(
        Kind.CRISIS, ("xx.crisis.verb_last",)
    )


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.lists(st.sampled_from(FILLERS), max_size=6), st.sampled_from(["", "ich will ", "so "]))
def test_up_to_the_gap_of_other_words_may_stand_between(
    detector: Detector, fillers: list[str], opening: str
) -> None:
    text = f"{opening}mich {' '.join(fillers)} umbringen"
    expected = Kind.CRISIS if len(fillers) <= 3 else Kind.NONE
    assert kind_of(detector, text) is expected


class OpenGate:
    def passes(self, _key: bytes) -> bool:
        return True


WORDS = ["ich", "mich", "umbringen", "i", "am", "going", "want", "to", "2", "end", "it", "nicht"]
DISGUISE = st.sampled_from(["", "1", "*", "!", "\u200b", " ", ".", ",", "lll", "😂"])


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS + FILLERS), DISGUISE, st.booleans()), max_size=10))
def test_the_gate_never_hides_a_gapped_phrase(
    detector: Detector, monkeypatch: pytest.MonkeyPatch, pieces: list[tuple[str, str, bool]]
) -> None:
    text = "".join(word + disguise + (" " if spaced else "") for word, disguise, spaced in pieces)
    expected = detector.classify(text)
    with monkeypatch.context() as patch:
        patch.setattr(detector, "_gate", OpenGate())
        assert detector.classify(text) == expected


def test_a_chain_is_found_through_its_anchor_only() -> None:
    finder = ChainFinder([GapChain(rule=7, parts=(0, 1), gaps=(1,), anchor=1)], [frozenset()] * 8)
    key = "blue and lantern"
    assert [rule for rule, _ in finder.matches(key, {0: [(0, 4)], 1: [(9, 16)]})] == [7]
    assert list(finder.matches(key, {0: [(0, 4)]})) == []


def test_part_owners_never_clash_with_rule_positions() -> None:
    assert all(part_owner(number) < 0 for number in range(100))
    assert all(part_owner(part_owner(number)) == number for number in range(100))


def test_a_chain_is_cut_only_by_its_own_rules_clause_breaks() -> None:
    chain = GapChain(rule=0, parts=(0, 1), gaps=(2,), anchor=1)
    found = {0: [(0, 4)], 1: [(10, 17)]}
    key = "blue mais lantern"
    assert list(ChainFinder([chain], [frozenset({"but"})]).matches(key, found))
    assert not list(ChainFinder([chain], [frozenset({"mais"})]).matches(key, found))
