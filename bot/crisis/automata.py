"""The detector's two Aho-Corasick automata (ahocorasick-rs): the gate and the phrase matcher.

The gate reads every message, so it is a DFA over the bytes of the quick key; the phrase
matcher reads only the few messages the gate lets through, so it favours a quick build.
"""

from collections.abc import Iterator, Mapping
from string import ascii_lowercase, digits

from ahocorasick_rs import AhoCorasick, BytesAhoCorasick, Implementation

# Letters and digits of a quick key, as bytes. A byte of a multi-byte character counts as
# neither, so next to one the gate may wrongly pass a message but never wrongly stops one.
_WORD_BYTES = frozenset((ascii_lowercase + digits).encode())


class Gate:
    """Whether a quick key may hold a phrase: it holds an anchor, or a repair trigger."""

    def __init__(self, anchors: Mapping[str, bool], triggers: frozenset[str]) -> None:
        """``anchors`` must start a word, and end one where they map to True; ``triggers``
        count anywhere."""
        patterns = [*anchors, *triggers]
        self._ends_word = [*anchors.values()]
        self._first_trigger = len(anchors)
        automaton = BytesAhoCorasick(
            [pattern.encode() for pattern in patterns], implementation=Implementation.DFA
        )
        self._find = automaton.find_matches_as_indexes

    def passes(self, key: bytes) -> bool:
        # overlapping=True passed by position: as a keyword it costs half the call again.
        for pattern, start, end in self._find(key, True):
            if pattern >= self._first_trigger:
                return True
            if (start == 0 or key[start - 1] not in _WORD_BYTES) and (
                not self._ends_word[pattern] or end == len(key) or key[end] not in _WORD_BYTES
            ):
                return True
        return False


class PhraseMatcher:
    """Every place in a normalised key where a phrase form occurs, with the rules owning it."""

    def __init__(self, owners: Mapping[str, tuple[int, ...]]) -> None:
        self._owners = list(owners.values())
        self._automaton = AhoCorasick(owners)

    def hits(self, key: str) -> Iterator[tuple[int, int, tuple[int, ...]]]:
        """``(start, end, rule indexes)`` of every occurrence, overlapping ones included."""
        for pattern, start, end in self._automaton.find_matches_as_indexes(key, True):
            yield start, end, self._owners[pattern]
