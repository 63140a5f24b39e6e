"""The small pattern language of phrase files: ``(a|b)`` picks one, ``[a|b]`` may also be left out.

``i (want|need) to die [tonight]`` stands for four phrases. Groups nest, an empty alternative
``(a|)`` is allowed, and nothing else is special, so phrases stay readable data.
"""

from itertools import product

MAX_EXPANSIONS = 2000
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
