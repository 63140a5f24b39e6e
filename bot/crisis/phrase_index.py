"""Every spelling of every phrase, and the anchors that let ordinary messages skip them.

Compiled into two Aho-Corasick automata: :meth:`PhraseIndex.matcher` of every spelling, and
the small :meth:`PhraseIndex.gate` of anchors and repair triggers.

Each part of a phrase with gaps is a phrase of its own here, owned by its part number (see
:func:`~bot.crisis.gapped.part_owner`) rather than by a rule; :class:`~bot.crisis.gapped.GapChain`
ties the parts of each gapped phrase to its rule.
"""

import functools
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.crisis.automata import Gate, PhraseMatcher
from bot.crisis.gapped import GapChain, part_owner
from bot.crisis.normalise import repair_triggers
from bot.crisis.phrases import PhraseRule

# Joined-up forms ("killmyself", "#wanttodie") only for short phrases, long enough not to hide
# in other words; longer phrases are not typed as one word.
_SHORTEST_JOINED_KEY = 8
_MOST_JOINED_WORDS = 3
# Shorter words keep their double letters: "off" and "too" singled are everyday words.
_SHORTEST_SINGLED_WORD = 4
# A single-word anchor longer than this is cut to it: a prefix that long is rare enough.
_LONGEST_ANCHOR = 10
# Words this long are no longer the tiny, common kind ("e", "se", "is").
_PLAIN_ANCHOR_WORD = 3


@dataclass(frozen=True, slots=True)
class PhraseIndex:
    """Every spelling of every phrase, with the rules (by position) or gap parts that own it.

    Each spelling also has an anchor: a pair of neighbouring words (or its one word), as pairs
    are far rarer in chat than single words; of the pairs with the fewest everyday words, the
    one most spellings share, to keep the gate small. A message whose normalised text holds a
    phrase holds its anchor in the quick key, or else a repair trigger of one of the anchor's
    words; so a small automaton of anchors and triggers (the gate) rules out ordinary
    messages before the full automaton is needed. A gapped phrase needs all of its parts, so
    only its rarest part (:attr:`GapChain.anchor`) is anchored.
    """

    owners: Mapping[str, tuple[int, ...]]
    anchors: frozenset[str]
    pair_counts: Counter[str]
    common_words: frozenset[str]
    chains: tuple[GapChain, ...] = ()
    part_count: int = 0  # parts are numbered from 0 across an index and its extensions

    @classmethod
    def of(
        cls,
        rules: Sequence[PhraseRule],
        first_index: int = 0,
        counts: Counter[str] | None = None,
        first_part: int = 0,
    ) -> "PhraseIndex":
        part_numbers: dict[tuple[str, ...], int] = {}
        chain_parts = [
            (
                index,
                tuple(
                    part_numbers.setdefault(part, first_part + len(part_numbers))
                    for part in phrase.parts
                ),
                phrase.gaps,
            )
            for index, rule in enumerate(rules, start=first_index)
            for phrase in rule.gapped
        ]
        known_words = frozenset().union(
            *(rule.context.common for rule in rules),
            *(key.split() for rule in rules for key in rule.keys),
            *(key.split() for part in part_numbers for key in part),
        )
        # Phrases share most of their words: each word's spellings are worked out once.
        word_spellings = functools.cache(
            functools.partial(_word_spellings, known_words=known_words)
        )
        owners: dict[str, list[int]] = {}
        for index, rule in enumerate(rules, start=first_index):
            for key in rule.keys:
                for form in _spellings(key, word_spellings):
                    owners.setdefault(form, []).append(index)
        anchored = set(owners)
        part_forms = {
            number: {form for key in part for form in _spellings(key, word_spellings)}
            for part, number in part_numbers.items()
        }
        for number, forms in part_forms.items():
            for form in forms:
                owners.setdefault(form, []).append(part_owner(number))
        common_words = frozenset().union(*(rule.context.common for rule in rules))
        commonness = functools.cache(functools.partial(_commonness, common_words=common_words))
        candidates = {form: _rarest_pairs(form, commonness) for form in owners}

        rarity = {
            number: _part_rarity(forms, candidates, commonness)
            for number, forms in part_forms.items()
        }
        chains = tuple(
            GapChain(rule, parts, gaps, min(parts, key=rarity.__getitem__))
            for rule, parts, gaps in chain_parts
        )
        for chain in chains:
            anchored.update(part_forms[chain.anchor])
        # Among equally rare pairs, the one most forms can use: fewer anchors, smaller gate.
        pair_counts = Counter(pair for form in anchored for pair in candidates[form])
        pair_counts.update(counts or Counter())
        return cls(
            {form: tuple(dict.fromkeys(indexes)) for form, indexes in owners.items()},
            frozenset(
                max(candidates[form], key=lambda pair: (pair_counts[pair], pair))
                for form in anchored
            ),
            pair_counts,
            common_words,
            chains,
            first_part + len(part_numbers),
        )

    def extended(self, rules: Sequence[PhraseRule], first_index: int) -> "PhraseIndex":
        if not rules:
            return self
        extra = PhraseIndex.of(rules, first_index, self.pair_counts, self.part_count)
        owners = dict(self.owners)
        for form, indexes in extra.owners.items():
            owners[form] = (*owners.get(form, ()), *indexes)
        return PhraseIndex(
            owners,
            self.anchors | extra.anchors,
            extra.pair_counts,
            self.common_words | extra.common_words,
            (*self.chains, *extra.chains),
            extra.part_count,
        )

    def matcher(self) -> PhraseMatcher:
        return PhraseMatcher(self.owners)

    def gate(self) -> Gate:
        words = {word for anchor in self.anchors for word in anchor.split()}
        anywhere, spelled_out = repair_triggers(words)
        # A long single word is anchored by its start, so only its left edge is a boundary.
        anchors = {
            anchor: " " in anchor or len(anchor) < _LONGEST_ANCHOR for anchor in self.anchors
        }
        anchors.update(dict.fromkeys(spelled_out, True))
        return Gate(anchors, anywhere)


def _rarest_pairs(form: str, commonness: Callable[[str], tuple[int, int]]) -> set[str]:
    """The pairs of neighbouring words of ``form`` likeliest to be rare in chat."""
    pairs = _word_pairs(form)
    least = min(map(commonness, pairs))
    return {pair for pair in pairs if commonness(pair) == least}


def _part_rarity(
    forms: Iterable[str],
    candidates: Mapping[str, set[str]],
    commonness: Callable[[str], tuple[int, int]],
) -> tuple[tuple[bool, bool, tuple[int, int], int], int]:
    """How likely a part of a gapped phrase is in chat: the anchor of its likeliest form, then
    how many forms it has (each one more anchor)."""
    anchors = [min(candidates[form]) for form in forms]
    return max(_pair_rarity(anchor, commonness) for anchor in anchors), len(anchors)


def _pair_rarity(
    pair: str, commonness: Callable[[str], tuple[int, int]]
) -> tuple[bool, bool, tuple[int, int], int]:
    """How likely an anchor is in chat, least first, across anchors of different parts: all
    everyday words is worst, then a single word; after that fewer everyday words, and longer
    is rarer."""
    everyday, tiny = commonness(pair)
    words = pair.count(" ") + 1
    return everyday == words, words == 1, (everyday, tiny), -len(pair)


def _commonness(pair: str, common_words: frozenset[str]) -> tuple[int, int]:
    """How everyday a pair of words is: its everyday words, then whether it has a tiny one."""
    words = pair.split()
    everyday = sum(word in common_words for word in words)
    return everyday, -min(_PLAIN_ANCHOR_WORD, *map(len, words))


def _word_pairs(form: str) -> list[str]:
    words = form.split()
    if len(words) == 1:
        return [form[:_LONGEST_ANCHOR]]
    return [f"{first} {second}" for first, second in itertools.pairwise(words)]


def spellings(key: str, known_words: frozenset[str] = frozenset()) -> set[str]:
    """The forms of a phrase key a message's normalised text may show.

    Normalising collapses stretched letters ("killlll" gives "kil") but keeps a double letter
    typed once ("kill"), so double letters of longer words match either way, unless that
    makes another word we know ("off" is not "of"). A phrase typed without spaces
    ("killmyself") or spaced out letter by letter joins up.
    """
    return _spellings(key, functools.partial(_word_spellings, known_words=known_words))


def _spellings(key: str, word_spellings: Callable[[str], frozenset[str]]) -> set[str]:
    choices = [word_spellings(word) for word in key.split(" ")]
    forms = {" ".join(choice) for choice in itertools.product(*choices)}
    joined = {
        form.replace(" ", "") for form in forms if 1 < len(form.split()) <= _MOST_JOINED_WORDS
    }
    return forms | {form for form in joined if len(form) >= _SHORTEST_JOINED_KEY}


def _word_spellings(word: str, known_words: frozenset[str]) -> frozenset[str]:
    if len(word) < _SHORTEST_SINGLED_WORD:
        return frozenset({word})
    parts = [
        (run, run[0]) if len(run) == 2 and run.isalpha() else (run,) for run in _letter_runs(word)
    ]
    singled = {"".join(choice) for choice in itertools.product(*parts)}
    return frozenset({word} | (singled - known_words))


def _letter_runs(key: str) -> Iterable[str]:
    run = ""
    for char in key:
        if run and char != run[-1]:
            yield run
            run = ""
        run += char
    if run:
        yield run
