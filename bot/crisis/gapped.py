"""Phrases with gaps: their parts found in order, in one clause, with few enough words between.

Each part is an ordinary phrase of the automaton, owned by :func:`part_owner` of its number:
below zero, so that it never clashes with a rule's position. The detector gathers where each
part was found in a message; :class:`ChainFinder` then joins up the parts of each gapped phrase
(a :class:`GapChain`) whose anchor part was found.
"""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from bot.crisis.clauses import CLAUSE_ENDS, Clause

Span = tuple[int, int]  # start and end of a hit in a normalised key


def part_owner(number: int) -> int:
    """How the automaton's owners name part ``number``; its own inverse."""
    return ~number


@dataclass(frozen=True, slots=True)
class GapChain:
    """One gapped phrase of one rule, its parts named by number."""

    rule: int  # the rule's position in the detector
    parts: tuple[int, ...]
    gaps: tuple[int, ...]  # the most words between part i and part i + 1
    anchor: int  # the part the gate looks for, found in every message the chain matches


class ChainFinder:
    """Joins up found parts into whole gapped phrases."""

    __slots__ = ("_breaks", "_by_anchor")

    def __init__(self, chains: Iterable[GapChain], breaks: Sequence[frozenset[str]]) -> None:
        """``breaks[rule]`` are the words that end a clause for that rule, as :class:`Clause`
        reads them."""
        self._breaks = breaks
        self._by_anchor: dict[int, list[GapChain]] = {}
        for chain in chains:
            self._by_anchor.setdefault(chain.anchor, []).append(chain)

    def matches(
        self, key: str, found: Mapping[int, Sequence[Span]]
    ) -> Iterator[tuple[int, Clause]]:
        """``(rule position, clause)`` for every way a chain's parts join up in ``key``.

        ``found`` maps a part's number to where it was found, in order.
        """
        for anchor in [part for part in found if part in self._by_anchor]:
            for chain in self._by_anchor[anchor]:
                if not all(part in found for part in chain.parts):
                    continue
                breaks = self._breaks[chain.rule]
                for spans in self._joined(key, chain, found, breaks):
                    yield chain.rule, Clause.spanning(key, spans, breaks)

    @staticmethod
    def _joined(
        key: str, chain: GapChain, found: Mapping[int, Sequence[Span]], breaks: frozenset[str]
    ) -> list[list[Span]]:
        paths = [[span] for span in found[chain.parts[0]]]
        for part, most_words in zip(chain.parts[1:], chain.gaps, strict=True):
            paths = [
                [*path, span]
                for path in paths
                for span in found[part]
                if path[-1][1] <= span[0] and _fits(key[path[-1][1] : span[0]], most_words, breaks)
            ]
        return paths


def _fits(between: str, most_words: int, breaks: frozenset[str]) -> bool:
    """Whether the words between two parts are few enough and stay in one clause."""
    if any(mark in between for mark in CLAUSE_ENDS):
        return False
    words = between.split()
    return len(words) <= most_words and breaks.isdisjoint(words)
