"""The small pattern language of phrase files: ``(a|b)`` picks one, ``[a|b]`` may also be left out.

``i (want|need) to die [tonight]`` stands for four phrases. Groups nest, an empty alternative
``(a|)`` is allowed, and nothing else is special, so phrases stay readable data.

A word ``~N`` (N from 1 to :data:`MAX_GAP`) is a gap: up to N other words may stand there.
``mich ~3 umbringen`` matches "mich umbringen" and "mich heute Nacht einfach umbringen", so
verb-last clauses and fillers ("going to honestly just end it") need no list of every word
that may come between. A gap outside any group splits the pattern into parts that expand
on their own (:func:`split_at_gaps`), so ``(a|b|c) ~2 (d|e)`` is two parts of a few phrases each,
not six phrases. A gap inside a group is kept by :func:`expand` and cut out of each expanded
phrase by :func:`split_gaps`; such a gap may be optional: ``ich [~2] will sterben``.
"""

import re
from itertools import product

MAX_EXPANSIONS = 2000
# Further apart than this, the words rarely still make one thought.
MAX_GAP = 6
GAP_MARK = "~"
_GAP = re.compile(rf"{GAP_MARK}([0-9]+)")
_GAP_WORD = re.compile(rf"(?<!\S){GAP_MARK}\S*")
_CLOSERS = {"(": ")", "[": "]"}


class PatternError(ValueError):
    """A pattern is malformed or stands for too many phrases."""


def expand(pattern: str) -> tuple[str, ...]:
    """Every phrase ``pattern`` stands for, spaces tidied, in order, without repeats."""
    parser = _Parser(pattern)
    phrases = parser.sequence(closers="")
    if parser.position < len(pattern):
        raise PatternError(f"unexpected {pattern[parser.position]!r} in {pattern!r}")
    return tuple(dict.fromkeys(" ".join(phrase.split()) for phrase in phrases))


def split_at_gaps(pattern: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """``pattern`` cut at its gaps outside any group: the patterns of its parts, and the most
    words each gap allows. A pattern without such gaps is its own single part."""
    segments: list[str] = []
    gaps: list[int] = []
    start = 0
    for word in _GAP_WORD.finditer(pattern):
        before = pattern[: word.start()]
        if sum(map(before.count, _CLOSERS)) > sum(map(before.count, _CLOSERS.values())):
            continue  # inside a group: left to expand() and split_gaps()
        segments.append(pattern[start : word.start()])
        gaps.append(_gap_size(word.group(), pattern))
        start = word.end()
    segments.append(pattern[start:])
    if gaps and not all(segment.strip() for segment in segments):
        raise PatternError(f"{pattern!r}: a gap must stand between two words")
    return tuple(segments), tuple(gaps)


def _gap_size(word: str, phrase: str) -> int:
    gap = _GAP.fullmatch(word)
    if gap is None or not 1 <= int(gap.group(1)) <= MAX_GAP:
        raise PatternError(f"{word!r} in {phrase!r}: a gap is a word ~1 to ~{MAX_GAP}")
    return int(gap.group(1))


def split_gaps(phrase: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """An expanded phrase cut at its gaps: its parts, and the most words each gap allows.

    A phrase without gaps is its own single part.
    """
    parts: list[str] = []
    gaps: list[int] = []
    words: list[str] = []
    for word in phrase.split():
        if GAP_MARK not in word:
            words.append(word)
            continue
        size = _gap_size(word, phrase)
        if not words:
            raise PatternError(f"{phrase!r}: a gap must stand between two words")
        parts.append(" ".join(words))
        gaps.append(size)
        words = []
    if gaps and not words:
        raise PatternError(f"{phrase!r}: a gap must stand between two words")
    return (*parts, " ".join(words)), tuple(gaps)


class _Parser:
    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.position = 0

    def sequence(self, closers: str) -> list[str]:
        """Parse up to (not including) one of ``closers`` or the end."""
        phrases = [""]
        literal_start = self.position
        while self.position < len(self.pattern):
            char = self.pattern[self.position]
            if char in closers or char in ")]|":
                break
            if char in _CLOSERS:
                literal = self.pattern[literal_start : self.position]
                phrases = self._join(phrases, [literal])
                self.position += 1
                phrases = self._join(phrases, self._group(char))
                literal_start = self.position
            else:
                self.position += 1
        return self._join(phrases, [self.pattern[literal_start : self.position]])

    def _group(self, opener: str) -> list[str]:
        closer = _CLOSERS[opener]
        choices = self.sequence(closers=closer + "|")
        while self._peek() == "|":
            self.position += 1
            choices += self.sequence(closers=closer + "|")
        if self._peek() != closer:
            raise PatternError(f"{opener!r} without a matching {closer!r} in {self.pattern!r}")
        self.position += 1
        return [*choices, ""] if opener == "[" else choices

    def _peek(self) -> str:
        return self.pattern[self.position] if self.position < len(self.pattern) else ""

    def _join(self, heads: list[str], tails: list[str]) -> list[str]:
        if len(heads) * len(tails) > MAX_EXPANSIONS:
            raise PatternError(f"{self.pattern!r} stands for more than {MAX_EXPANSIONS} phrases")
        return [head + tail for head, tail in product(heads, tails)]
