"""Read the clause around one phrase hit and decide whether, and how, the hit counts.

An exclusion only ever looks at the clause the hit sits in: sentence punctuation, commas and
clause-breaking words ("but", "honestly") end it, so "lol this game is killing me, honestly I
want to die" keeps its crisis however hard the first half laughs.

A phrase with gaps is one hit from the start of its first part to the end of its last; the
words in its gaps are read for negation and for the subject too, as "ich will nicht sterben" is
no "ich will … sterben".
"""

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.crisis.kinds import Kind
from bot.crisis.normalise import without_double_letters
from bot.crisis.phrases import LanguageContext

# How many words before a hit may hold its negation ("i would never kill myself") or its
# subject ("my friend keeps joking about kms"); further back they belong to another thought.
NEGATION_REACH = 3
SUBJECT_REACH = 4
CLAUSE_ENDS = ".,"


@dataclass(frozen=True, slots=True)
class Clause:
    before: tuple[str, ...]  # words of the clause before the hit, nearest last
    hit: str
    after: tuple[str, ...]
    gaps: tuple[str, ...] = ()  # the text between the parts of a gapped phrase

    @classmethod
    def around(cls, key: str, start: int, end: int, breaks: frozenset[str]) -> "Clause":
        """The clause of normalised ``key`` holding ``key[start:end]``."""
        left = max(key.rfind(mark, 0, start) for mark in CLAUSE_ENDS) + 1
        ends_after = [found for mark in CLAUSE_ENDS if (found := key.find(mark, end)) >= 0]
        right = min(ends_after, default=len(key))
        before = key[left:start].split()
        after = key[end:right].split()
        last_break = max((i for i, word in enumerate(before) if word in breaks), default=-1)
        first_break = min((i for i, word in enumerate(after) if word in breaks), default=len(after))
        return cls(tuple(before[last_break + 1 :]), key[start:end], tuple(after[:first_break]))

    @classmethod
    def spanning(
        cls, key: str, spans: Sequence[tuple[int, int]], breaks: frozenset[str]
    ) -> "Clause":
        """The clause of ``key`` holding the parts at ``spans``, which are in order and in one
        clause."""
        around = cls.around(key, spans[0][0], spans[-1][1], breaks)
        gaps = tuple(key[end:start].strip() for (_, end), (start, _) in itertools.pairwise(spans))
        return cls(around.before, around.hit, around.after, gaps)

    @property
    def text(self) -> str:
        return " ".join((*self.before, self.hit, *self.after))


class PhraseList:
    """Phrases looked for as whole words of a clause; symbols such as emoji anywhere."""

    __slots__ = ("_phrases", "_symbols", "_words")

    def __init__(self, entries: Iterable[str]) -> None:
        entries = set(entries)
        self._symbols = tuple(entry for entry in entries if not entry[0].isalnum())
        worded = entries.difference(self._symbols)
        self._words = frozenset(entry for entry in worded if " " not in entry)
        self._phrases = tuple(worded - self._words)

    def found_in(self, text: str) -> bool:
        if not self._words.isdisjoint(text.split()):
            return True
        padded = f" {text} "
        return any(f" {phrase} " in padded for phrase in self._phrases) or any(
            symbol in text for symbol in self._symbols
        )


class ClauseJudge:
    """Judges hits of one rule with its language's context."""

    __slots__ = ("_context", "_excluded_by", "_kind", "_negation")

    def __init__(
        self,
        context: LanguageContext,
        kind: Kind,
        keep_despite: frozenset[str] = frozenset(),
        unless: frozenset[str] = frozenset(),
    ) -> None:
        """``keep_despite`` names exclusions this rule ignores; ``unless`` are its own."""
        self._context = context
        self._kind = kind
        self._negation = PhraseList(context.negation)
        self._excluded_by = PhraseList(
            unless.union(
                *(
                    entries
                    for name, entries in context.exclusions.items()
                    if name not in keep_despite
                )
            )
        )

    def judge(self, clause: Clause) -> Kind | None:
        """The kind this hit stands for in its clause, or None if the clause rules it out."""
        if self._negation.found_in(" ".join(self._negation_reach(clause))) or any(
            map(self._negation.found_in, clause.gaps)
        ):
            return None
        # Exclusions compare with double letters cut, so "lmaoo" reads as "lmao".
        if self._excluded_by.found_in(without_double_letters(clause.text)):
            return None
        if self._kind is Kind.CRISIS:
            return self._crisis_of(clause)
        return self._kind

    def _negation_reach(self, clause: Clause) -> tuple[str, ...]:
        """The words before the hit a negation there would be about."""
        before = clause.before[-NEGATION_REACH:]
        for index in range(len(before) - 1, 0, -1):
            # "nao aguento mais | quero morrer", but "nunca mais vou me cortar" stays negated.
            if before[index] in self._context.negation_ends and not self._negation.found_in(
                before[index - 1]
            ):
                return before[index + 1 :]
        return before

    def _crisis_of(self, clause: Clause) -> Kind | None:
        # The nearest pronoun before the hit is its subject: "they want to die" is about them,
        # "my mom makes me want to die" is about me, and "if you want to die, call" is advice.
        # A gap is nearer still: "ik denk dat mijn zus aan zelfmoord denkt" is about her.
        gap_words = " ".join(clause.gaps).split()
        for word in reversed((*clause.before[-SUBJECT_REACH:], *gap_words)):
            if word in self._context.first_person:
                return Kind.CRISIS
            if word in self._context.third_person:
                return Kind.CONCERN
            if word in self._context.second_person:
                return None
        return Kind.CRISIS
