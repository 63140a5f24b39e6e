from bot.crisis.gapped import GapChain, part_owner
from bot.crisis.kinds import Kind
from bot.crisis.phrase_index import PhraseIndex, spellings
from bot.crisis.phrases import GappedPhrase, LanguageContext, PhraseRule


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


def gapped_rule(rule_id: str, *parts: str) -> PhraseRule:
    phrase = GappedPhrase(tuple((part,) for part in parts), (2,) * (len(parts) - 1))
    return PhraseRule(rule_id, Kind.CRISIS, (), rule("", "x").context, gapped=(phrase,))


def test_a_gapped_phrase_is_anchored_by_its_rarest_part_alone() -> None:
    index = PhraseIndex.of([gapped_rule("xx.crisis.gap", "i want", "to die")])
    assert index.anchors == {"to die"}
    assert index.owners["i want"] == (part_owner(0),)
    assert index.owners["to die"] == (part_owner(1),)
    assert index.chains == (GapChain(rule=0, parts=(0, 1), gaps=(2,), anchor=1),)


def test_parts_shared_by_gapped_phrases_are_numbered_once() -> None:
    index = PhraseIndex.of(
        [gapped_rule("xx.crisis.a", "i want", "to die"), gapped_rule("xx.crisis.b", "i want", "go")]
    )
    assert index.part_count == 3
    assert [chain.parts for chain in index.chains] == [(0, 1), (0, 2)]


def test_extending_numbers_new_parts_after_the_base() -> None:
    base = PhraseIndex.of([gapped_rule("xx.crisis.gap", "i want", "to die")])
    extended = base.extended([gapped_rule("server.crisis.x", "i want", "blue lantern")], 1)
    assert extended.chains[1] == GapChain(rule=1, parts=(2, 3), gaps=(2,), anchor=3)
    assert extended.owners["i want"] == (part_owner(0), part_owner(2))
    assert extended.part_count == 4
