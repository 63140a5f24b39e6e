"""Notice when a message speaks of suicide or self-harm, and whose risk it is.

Two Aho-Corasick automata are compiled once per phrase set. The small gate holds an anchor of
every phrase (see :class:`~bot.crisis.phrase_index.PhraseIndex`) and the repair triggers of
:func:`~bot.crisis.normalise.repair_triggers`; a message's cheap quick key is run through it,
and with no hit there the message cannot hold a phrase: that is the end of it. Otherwise the
writer's own words (:mod:`bot.crisis.own_words`) are normalised in full and run through the
full automaton of every phrase in every spelling normalisation can leave. Each hit must stand
on word boundaries and pass its clause's checks (:mod:`bot.crisis.clauses`); the parts of
phrases with gaps are joined up once every hit is known (:mod:`bot.crisis.gapped`). The most
serious kind found wins, and its rules are reported.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.crisis.clauses import Clause, ClauseJudge
from bot.crisis.gapped import ChainFinder, Span, part_owner
from bot.crisis.kinds import SEVERITY_ORDER, Kind
from bot.crisis.normalise import MASK_MARK, normalise, quick_key_bytes
from bot.crisis.own_words import own_words
from bot.crisis.phrase_index import PhraseIndex
from bot.crisis.phrases import RULE_KINDS, LanguageContext, PhraseRule, load_phrase_sets
from bot.paths import DATA_DIR

__all__ = ["Detection", "Detector", "Kind", "ServerPhrase"]

CRISIS_DATA_FOLDER = "crisis"
SERVER_RULE_PREFIX = "server"
# A byte value: "in" looks for a single byte fastest.
_MASK_BYTE = ord(MASK_MARK)


@dataclass(frozen=True, slots=True)
class Detection:
    kind: Kind
    rule_ids: tuple[str, ...]  # the rules behind ``kind``, in the order they matched


NO_DETECTION = Detection(Kind.NONE, ())


@dataclass(frozen=True, slots=True)
class ServerPhrase:
    """A phrase an admin added for their server; matched as written, after normalisation."""

    phrase: str
    kind: Kind


class Detector:
    def __init__(
        self,
        rules: Sequence[PhraseRule],
        server_rules: Sequence[PhraseRule] = (),
        base_index: PhraseIndex | None = None,
    ) -> None:
        """Compile ``rules`` and a server's own rules; prefer :meth:`load_default`.

        ``base_index`` is this class's own cache of the compiled ``rules``, passed on by
        :meth:`with_server_phrases` so that a server's phrases only compile themselves.
        """
        self._base_rules = tuple(rules)
        self._rules = (*self._base_rules, *server_rules)
        self._judges = tuple(
            ClauseJudge(rule.context, rule.kind, rule.keep_despite, rule.unless)
            for rule in self._rules
        )
        # Each rule reads clauses in its own language: Portuguese "mais" is no French "but".
        self._clause_breaks = tuple(rule.context.clause_breaks for rule in self._rules)
        self._base_index = base_index or PhraseIndex.of(self._base_rules)
        index = self._base_index.extended(server_rules, len(self._base_rules))
        self._matcher = index.matcher()
        self._gate = index.gate()
        self._chains = ChainFinder(index.chains, self._clause_breaks)

    @classmethod
    def load_default(cls, data_dir: Path = DATA_DIR) -> "Detector":
        """The detector for every phrase file in ``data_dir/crisis``; raises ContentError."""
        phrase_sets = load_phrase_sets(data_dir / CRISIS_DATA_FOLDER)
        return cls([rule for phrase_set in phrase_sets for rule in phrase_set.rules])

    def with_server_phrases(self, phrases: Sequence[ServerPhrase]) -> "Detector":
        """A new detector: the phrase files' rules plus ``phrases`` (replacing earlier ones).

        Server phrases are read with every language's context. Compiling takes a few tenths
        of a second, so callers build once per change of a server's phrases. Raises
        ValueError for a phrase with no letters or of kind NONE.
        """
        context = LanguageContext.union(rule.context for rule in self._base_rules)
        server_rules = {rule.rule_id: rule for rule in (_server_rule(p, context) for p in phrases)}
        return Detector(self._base_rules, tuple(server_rules.values()), self._base_index)

    def rule_ids(self) -> frozenset[str]:
        return frozenset(rule.rule_id for rule in self._rules)

    def classify(self, text: str) -> Detection:
        quick = quick_key_bytes(text)
        if _MASK_BYTE not in quick and not self._gate.passes(quick):
            return NO_DETECTION
        key = normalise(own_words(text))
        found: dict[Kind, list[str]] = {}
        parts_found: dict[int, list[Span]] = {}
        for start, end, owners in self._matcher.hits(key):
            if not _on_word_boundaries(key, start, end):
                continue
            clauses: dict[frozenset[str], Clause] = {}
            for owner in owners:
                if owner < 0:
                    parts_found.setdefault(part_owner(owner), []).append((start, end))
                    continue
                breaks = self._clause_breaks[owner]
                if breaks not in clauses:
                    clauses[breaks] = Clause.around(key, start, end, breaks)
                self._judge(owner, clauses[breaks], found)
        if parts_found:
            for index, clause in self._chains.matches(key, parts_found):
                self._judge(index, clause, found)
        for kind in SEVERITY_ORDER:
            if kind in found:
                return Detection(kind, tuple(dict.fromkeys(found[kind])))
        return NO_DETECTION

    def _judge(self, index: int, clause: Clause, found: dict[Kind, list[str]]) -> None:
        kind = self._judges[index].judge(clause)
        if kind is not None:
            found.setdefault(kind, []).append(self._rules[index].rule_id)


def _on_word_boundaries(key: str, start: int, end: int) -> bool:
    return (start == 0 or not key[start - 1].isalnum()) and (
        end == len(key) or not key[end].isalnum()
    )


def _server_rule(phrase: ServerPhrase, context: LanguageContext) -> PhraseRule:
    key = normalise(phrase.phrase)
    if not key.strip(" .,"):
        raise ValueError(f"the server phrase {phrase.phrase!r} has no letters to match")
    if phrase.kind not in RULE_KINDS:
        raise ValueError(f"a server phrase must be one of {[str(k) for k in RULE_KINDS]}")
    digest = hashlib.sha256(f"{phrase.kind}:{key}".encode()).hexdigest()[:12]
    return PhraseRule(f"{SERVER_RULE_PREFIX}.{phrase.kind}.{digest}", phrase.kind, (key,), context)
