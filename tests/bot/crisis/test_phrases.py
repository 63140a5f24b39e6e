import re
from pathlib import Path

import pytest

from bot.content_errors import ContentError
from bot.crisis.kinds import Kind
from bot.crisis.phrases import (
    GappedPhrase,
    LanguageContext,
    load_phrase_set,
    load_phrase_sets,
)
from bot.paths import DATA_DIR

CRISIS_DATA = DATA_DIR / "crisis"
LANGUAGES = ("de", "en", "es", "fr", "nl", "pt")

VALID = """
language = "xx"
sources = ["A guideline we read"]

[lists]
adverb = ["really", "truly"]

[context]
first_person = ["i"]
third_person = ["she"]
negation = ["never"]
clause_breaks = ["but"]
common = ["to"]

[exclusions]
gaming = ["game"]

[aliases]
die = ["unalive"]

[[rules]]
id = "xx.crisis.want_to_die"
kind = "crisis"
phrases = ["want to [{adverb}] die"]
keep_despite = ["gaming"]
unless = ["rather die than"]
"""


PHRASES = 'phrases = ["want to [{adverb}] die"]'


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_files_load_one_per_language() -> None:
    phrase_sets = load_phrase_sets(CRISIS_DATA)
    assert tuple(phrase_set.language for phrase_set in phrase_sets) == LANGUAGES
    for phrase_set in phrase_sets:
        assert phrase_set.sources
        kinds = {rule.kind for rule in phrase_set.rules}
        assert kinds == {Kind.CRISIS, Kind.CONCERN, Kind.HARASSMENT}, phrase_set.language


def test_a_rule_expands_patterns_lists_and_aliases(tmp_path: Path) -> None:
    phrase_set = load_phrase_set(write(tmp_path, "xx.toml", VALID))
    (rule,) = phrase_set.rules
    assert rule.rule_id == "xx.crisis.want_to_die"
    assert rule.kind is Kind.CRISIS
    assert set(rule.keys) == {
        f"want to {adverb}{verb}"
        for adverb in ("", "really ", "truly ")
        for verb in ("die", "unalive")
    }
    assert rule.keep_despite == {"gaming"}
    assert rule.unless == {"rather die than"}
    assert rule.context.negation == {"never"}
    assert rule.context.exclusions == {"gaming": {"game"}}


def test_gapped_phrases_keep_their_parts_apart_with_aliases_in_each(tmp_path: Path) -> None:
    text = VALID.replace(PHRASES, 'phrases = ["(want|need) to ~2 (die|go)", "want to die"]')
    (rule,) = load_phrase_set(write(tmp_path, "xx.toml", text)).rules
    assert rule.keys == ("want to die", "want to unalive")
    assert rule.gapped == (GappedPhrase((("need to", "want to"), ("die", "go", "unalive")), (2,)),)


def test_a_gap_inside_a_group_makes_a_gapped_phrase_of_each_expansion(tmp_path: Path) -> None:
    text = VALID.replace(PHRASES, 'phrases = ["(want|need) [~2] die"]')
    (rule,) = load_phrase_set(write(tmp_path, "xx.toml", text)).rules
    assert rule.keys == ("need die", "need unalive", "want die", "want unalive")
    assert set(rule.gapped) == {
        GappedPhrase((("want",), ("die", "unalive")), (2,)),
        GappedPhrase((("need",), ("die", "unalive")), (2,)),
    }


def test_a_rule_of_gapped_phrases_alone_loads(tmp_path: Path) -> None:
    text = VALID.replace(PHRASES, 'phrases = ["want ~1 die"]')
    (rule,) = load_phrase_set(write(tmp_path, "xx.toml", text)).rules
    assert rule.keys == ()
    assert rule.gapped == (GappedPhrase((("want",), ("die", "unalive")), (1,)),)


def test_exclusions_are_kept_with_double_letters_cut(tmp_path: Path) -> None:
    text = VALID.replace('gaming = ["game"]', 'gaming = ["killstreak"]')
    phrase_set = load_phrase_set(write(tmp_path, "xx.toml", text))
    assert phrase_set.context.exclusions["gaming"] == {"kilstreak"}


def test_contexts_unite() -> None:
    first = LanguageContext(negation=frozenset({"not"}), exclusions={"news": frozenset({"news"})})
    second = LanguageContext(negation=frozenset({"nie"}), exclusions={"news": frozenset({"laut"})})
    united = LanguageContext.union([first, second])
    assert united.negation == {"not", "nie"}
    assert united.exclusions == {"news": {"news", "laut"}}


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('language = "xx"', 'language = "XX"', "language: must be a lower-case code"),
        ('sources = ["A guideline we read"]', "sources = []", "sources: list at least one"),
        ("[lists]", "colour = 1\n[lists]", "top level: unknown keys ['colour']"),
        ('kind = "crisis"', 'kind = "none"', "rule 'xx.crisis.want_to_die': kind must be one of"),
        ('kind = "crisis"', 'kind = "concern"', "the id must look like 'xx.concern.<name>'"),
        (PHRASES, "phrases = []", "has no phrases"),
        (PHRASES, 'phrases = "die"', "must be a list of strings"),
        (
            'phrases = ["want to [{adverb}] die"]',
            'phrases = ["(want to die"]',
            "without a matching",
        ),
        (PHRASES, 'phrases = ["{nope} die"]', "{nope} names no"),
        (PHRASES, 'phrases = ["die?"]', "cannot span sentences"),
        (
            'phrases = ["want to [{adverb}] die"]',
            'phrases = ["!!"]',
            "has a phrase with nothing to match",
        ),
        ('keep_despite = ["gaming"]', 'keep_despite = ["news"]', "unknown exclusions ['news']"),
        ('unless = ["rather die than"]', 'colour = "red"', "unknown keys ['colour']"),
        ('first_person = ["i"]', 'fourth_person = ["you"]', "context: unknown lists"),
        ('third_person = ["she"]', 'third_person = ["my friend"]', "holds single words only"),
        (
            'die = ["unalive"]',
            '"to die" = ["unalive"]',
            "aliases.to die: an alias is given for one",
        ),
        (PHRASES, 'phrases = ["want ~9 die"]', "a gap is a word ~1 to"),
        (PHRASES, 'phrases = ["want ~2 (die|go ~1 away)"]', "a gap inside a group cannot join"),
        (PHRASES, 'phrases = ["want ~2 [die]"]', "a phrase with nothing to match"),
        (PHRASES, 'phrases = ["to ~2 to"]', "'to ~ to': every part is one everyday word"),
        ('negation = ["never"]', 'negation = ["never ~2 ever"]', "only rule phrases may have gaps"),
        ('unless = ["rather die than"]', 'unless = ["rather ~1 die"]', "only rule phrases may"),
    ],
)
def test_bad_files_name_the_file_and_the_entry(
    tmp_path: Path, old: str, new: str, problem: str
) -> None:
    assert old in VALID
    path = write(tmp_path, "xx.toml", VALID.replace(old, new))
    with pytest.raises(ContentError) as raised:
        load_phrase_set(path)
    assert str(raised.value).startswith("xx.toml: ")
    assert problem in str(raised.value)


def test_unreadable_toml_is_a_content_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=re.escape("xx.toml: cannot read phrase file")):
        load_phrase_set(write(tmp_path, "xx.toml", "language = "))


def test_a_rule_id_may_be_defined_once(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", VALID)
    write(tmp_path, "b.toml", VALID)
    with pytest.raises(
        ContentError, match=re.escape("b.toml: rule 'xx.crisis.want_to_die' is also defined")
    ):
        load_phrase_sets(tmp_path)


def test_an_empty_folder_is_a_content_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="no phrase files"):
        load_phrase_sets(tmp_path)
