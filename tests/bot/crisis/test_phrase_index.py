from bot.crisis.kinds import Kind
from bot.crisis.phrase_index import PhraseIndex, spellings
from bot.crisis.phrases import LanguageContext, PhraseRule


def test_double_letters_of_longer_words_match_either_way() -> None:
    assert spellings("kill myself") == {"kill myself", "kil myself", "killmyself", "kilmyself"}


def test_a_singled_word_that_is_another_known_word_is_left_out() -> None:
    assert spellings("off myself", frozenset({"of"})) == {"off myself", "offmyself"}
    assert "fel bad" not in spellings("feel bad", frozenset({"fel"}))


def test_only_short_long_enough_phrases_join_up() -> None:
    assert "endit" not in spellings("end it")
    assert "iwanttodienow" not in spellings("i want to die now")


def rule(rule_id: str, *keys: str) -> PhraseRule:
    context = LanguageContext(common=frozenset({"i", "to", "want", "my"}))
    return PhraseRule(rule_id, Kind.CRISIS, keys, context)


def test_anchors_avoid_everyday_words() -> None:
    index = PhraseIndex.of([rule("xx.crisis.die", "i want to die")])
    assert index.anchors == {"to die"}
    assert index.owners["i want to die"] == (0,)


def test_extending_keeps_the_base_and_adds_owners() -> None:
    base = PhraseIndex.of([rule("xx.crisis.die", "i want to die")])
    extended = base.extended([rule("server.crisis.x", "i want to die", "blue lantern")], 1)
    assert extended.owners["i want to die"] == (0, 1)
    assert extended.owners["blue lantern"] == (1,)
    assert base.owners.keys() == {"i want to die"}
    assert base.extended([], 1) is base
