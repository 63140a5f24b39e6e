"""Load and check the phrase files in ``data/crisis/``: one file per language.

A file holds:

- ``language`` (its code) and ``sources`` (what we read for the vocabulary);
- ``[lists]``: named word lists a pattern may use as ``{name}`` (say, adverbs);
- ``[context]``: word lists read around a hit: ``first_person``, ``second_person`` and
  ``third_person`` (who a crisis phrase is about), ``negation``, ``clause_breaks`` and
  ``common`` (everyday words, avoided when anchoring a phrase);
- ``[exclusions]``: named phrase lists which, in the same clause, show a hit is not about
  real danger (hyperbole, gaming, fiction, news, recovery...);
- ``[aliases]``: other spellings of a word (algospeak), which every phrase also matches;
- ``[[rules]]``: ``id`` (``<language>.<kind>.<name>``), ``kind``, ``phrases``, and
  optionally ``keep_despite`` (exclusions that do not apply) and ``unless`` (the rule's own).

Phrases use the pattern forms of :mod:`bot.crisis.patterns` and are stored as normalised
keys, so they compare directly with normalised messages. A rule phrase with gaps
(``mich ~3 umbringen``) becomes a :class:`GappedPhrase`; context and exclusion lists take no gaps.
"""

import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path
from typing import Any

from bot.content_errors import ContentError
from bot.crisis.kinds import Kind
from bot.crisis.normalise import normalise, without_double_letters
from bot.crisis.patterns import GAP_MARK, PatternError, expand, split_at_gaps, split_gaps

CONTEXT_LISTS = (
    "first_person",
    "second_person",
    "third_person",
    "negation",
    "negation_ends",
    "clause_breaks",
    "common",
)
RULE_KINDS = (Kind.CRISIS, Kind.CONCERN, Kind.HARASSMENT)
_FILE_KEYS = {"language", "sources", "lists", "context", "exclusions", "aliases", "rules"}
# Context lists compared word by word; negation may hold phrases ("no way").
_WORD_LISTS = (
    "first_person",
    "second_person",
    "third_person",
    "negation_ends",
    "clause_breaks",
    "common",
)
_LIST_REFERENCE = re.compile(r"\{([a-z_]+)\}")
_RULE_KEYS = {"id", "kind", "phrases", "keep_despite", "unless"}


@dataclass(frozen=True, slots=True)
class LanguageContext:
    """Word lists read around a hit; every entry is a normalised key."""

    first_person: frozenset[str] = frozenset()
    second_person: frozenset[str] = frozenset()
    third_person: frozenset[str] = frozenset()
    negation: frozenset[str] = frozenset()
    # Words that close what a negation is about when a verb stands between: in "nao aguento
    # mais quero morrer" the "nao" ends with "mais", and "quero morrer" is not negated.
    negation_ends: frozenset[str] = frozenset()
    clause_breaks: frozenset[str] = frozenset()
    common: frozenset[str] = frozenset()  # everyday words, avoided when anchoring a phrase
    exclusions: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def union(cls, contexts: Iterable["LanguageContext"]) -> "LanguageContext":
        """One context holding every list of ``contexts``, for phrases of no set language."""
        contexts = tuple(contexts)
        exclusions: dict[str, frozenset[str]] = {}
        for context in contexts:
            for name, entries in context.exclusions.items():
                exclusions[name] = exclusions.get(name, frozenset()) | entries
        return cls(
            frozenset().union(*(context.first_person for context in contexts)),
            frozenset().union(*(context.second_person for context in contexts)),
            frozenset().union(*(context.third_person for context in contexts)),
            frozenset().union(*(context.negation for context in contexts)),
            frozenset().union(*(context.negation_ends for context in contexts)),
            frozenset().union(*(context.clause_breaks for context in contexts)),
            frozenset().union(*(context.common for context in contexts)),
            exclusions,
        )


@dataclass(frozen=True, slots=True, order=True)
class GappedPhrase:
    """Parts found in order in one clause, with at most ``gaps[i]`` words between part i and
    part i + 1."""

    parts: tuple[tuple[str, ...], ...]  # each part's normalised keys, aliases applied
    gaps: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class PhraseRule:
    rule_id: str
    kind: Kind
    keys: tuple[str, ...]  # normalised phrases, aliases applied
    context: LanguageContext
    keep_despite: frozenset[str] = frozenset()  # exclusions that do not cancel this rule
    unless: frozenset[str] = frozenset()  # phrases that cancel this rule alone, like exclusions
    gapped: tuple[GappedPhrase, ...] = ()


@dataclass(frozen=True, slots=True)
class PhraseSet:
    path: Path
    language: str
    sources: tuple[str, ...]
    context: LanguageContext
    rules: tuple[PhraseRule, ...]


def load_phrase_sets(directory: Path) -> tuple[PhraseSet, ...]:
    """Every ``*.toml`` in ``directory``, checked; raises ContentError on the first problem."""
    paths = sorted(directory.glob("*.toml"))
    if not paths:
        raise ContentError(f"{directory}: no phrase files (*.toml) found")
    phrase_sets = tuple(load_phrase_set(path) for path in paths)
    seen: dict[str, Path] = {}
    for phrase_set in phrase_sets:
        for rule in phrase_set.rules:
            if rule.rule_id in seen:
                raise ContentError(
                    f"{phrase_set.path.name}: rule {rule.rule_id!r} is also defined in "
                    f"{seen[rule.rule_id].name}"
                )
            seen[rule.rule_id] = phrase_set.path
    return phrase_sets


def load_phrase_set(path: Path) -> PhraseSet:
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ContentError(f"{path.name}: cannot read phrase file: {error}") from error
    return _FileReader(path, document).phrase_set()


class _FileReader:
    def __init__(self, path: Path, document: dict[str, Any]) -> None:
        self.path = path
        self.document = document
        self.lists: dict[str, str] = {}

    def fail(self, where: str, problem: str) -> ContentError:
        return ContentError(f"{self.path.name}: {where}: {problem}")

    def phrase_set(self) -> PhraseSet:
        unknown = set(self.document) - _FILE_KEYS
        if unknown:
            raise self.fail("top level", f"unknown keys {sorted(unknown)}")
        language = self.document.get("language")
        if not isinstance(language, str) or not language.isalpha() or not language.islower():
            raise self.fail("language", "must be a lower-case code such as 'en'")
        sources = self.strings("sources", self.document.get("sources"))
        if not sources:
            raise self.fail("sources", "list at least one source for the vocabulary")
        for name, entries in self.table("lists").items():
            self.lists[name] = "(" + "|".join(self.strings(f"lists.{name}", entries)) + ")"
        context = self.context()
        aliases = self.aliases()
        rules_table = self.document.get("rules")
        if not isinstance(rules_table, list) or not rules_table:
            raise self.fail("rules", "must be a non-empty array of [[rules]] tables")
        rules = tuple(self.rule(language, entry, context, aliases) for entry in rules_table)
        return PhraseSet(self.path, language, sources, context, rules)

    def strings(self, where: str, value: object) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(where, "must be a list of strings")
        return tuple(value)

    def context_keys(self, where: str, value: object) -> frozenset[str]:
        """Like :meth:`keys`, in the form clause checks compare: double letters single."""
        return frozenset(map(without_double_letters, self.keys(where, value)))

    def keys(self, where: str, value: object) -> frozenset[str]:
        """The normalised phrases a list of patterns without gaps stands for."""
        found: set[str] = set()
        for pattern, phrase in self.phrases(where, value):
            if GAP_MARK in phrase:
                raise self.fail(where, f"{pattern!r}: only rule phrases may have gaps (~N)")
            found.add(self.key(where, pattern, phrase))
        return frozenset(found)

    def rule_keys(
        self, where: str, value: object
    ) -> tuple[frozenset[str], frozenset[GappedPhrase]]:
        """A rule's phrases: the keys of those without gaps, the parts and gaps of the rest.

        Each part is the tuple of keys that may stand in its place.
        """
        plain: set[str] = set()
        gapped: set[GappedPhrase] = set()
        for pattern in self.strings(where, value):
            try:
                segments, gaps = split_at_gaps(_LIST_REFERENCE.sub(self.list_pattern, pattern))
                if gaps:
                    parts = tuple(self.part(where, pattern, segment) for segment in segments)
                    gapped.add(GappedPhrase(parts, gaps))
                    continue
                for phrase in expand(segments[0]):
                    if GAP_MARK not in phrase:
                        plain.add(self.key(where, pattern, phrase))
                        continue
                    phrase_parts, phrase_gaps = split_gaps(phrase)
                    keys = tuple((self.key(where, pattern, part),) for part in phrase_parts)
                    gapped.add(GappedPhrase(keys, phrase_gaps))
            except PatternError as error:
                raise self.fail(where, str(error)) from error
        return frozenset(plain), frozenset(gapped)

    def part(self, where: str, pattern: str, segment: str) -> tuple[str, ...]:
        """The keys a part of a pattern between two gaps stands for."""
        phrases = expand(segment)
        if any(GAP_MARK in phrase for phrase in phrases):
            raise PatternError(f"{pattern!r}: a gap inside a group cannot join gaps outside one")
        return tuple(sorted({self.key(where, pattern, phrase) for phrase in phrases}))

    def phrases(self, where: str, value: object) -> Iterator[tuple[str, str]]:
        """Each pattern of a list with every phrase it stands for."""
        for pattern in self.strings(where, value):
            try:
                phrases = expand(_LIST_REFERENCE.sub(self.list_pattern, pattern))
            except PatternError as error:
                raise self.fail(where, str(error)) from error
            for phrase in phrases:
                yield pattern, phrase

    def key(self, where: str, pattern: str, phrase: str) -> str:
        # An optional comma after a left-out word ("will [nur][,] dass") leaves "will , dass",
        # which no message's key holds.
        key = normalise(phrase).replace(" ,", ",")
        if not key.strip(" .,"):
            raise self.fail(where, f"{pattern!r} has a phrase with nothing to match")
        if "." in key:
            raise self.fail(where, f"{pattern!r}: a phrase cannot span sentences")
        return key

    def list_pattern(self, reference: re.Match[str]) -> str:
        name = reference.group(1)
        if name not in self.lists:
            raise PatternError(f"{{{name}}} names no entry of [lists]")
        return self.lists[name]

    def table(self, name: str) -> dict[str, Any]:
        value = self.document.get(name, {})
        if not isinstance(value, dict):
            raise self.fail(name, "must be a table")
        return value

    def context(self) -> LanguageContext:
        table = self.table("context")
        unknown = set(table) - set(CONTEXT_LISTS)
        if unknown:
            raise self.fail("context", f"unknown lists {sorted(unknown)}")
        lists = {name: self.keys(f"context.{name}", table.get(name, [])) for name in CONTEXT_LISTS}
        for name in _WORD_LISTS:
            phrases = sorted(key for key in lists[name] if " " in key)
            if phrases:
                raise self.fail(f"context.{name}", f"holds single words only, not {phrases}")
        exclusions = {
            name: self.context_keys(f"exclusions.{name}", value)
            for name, value in self.table("exclusions").items()
        }
        return LanguageContext(**lists, exclusions=exclusions)

    def aliases(self) -> dict[str, frozenset[str]]:
        aliases: dict[str, frozenset[str]] = {}
        for word, forms in self.table("aliases").items():
            key = normalise(word)
            if not key or " " in key:
                raise self.fail(f"aliases.{word}", "an alias is given for one word")
            aliases[key] = self.keys(f"aliases.{word}", forms) | {key}
        return aliases

    def rule(
        self,
        language: str,
        entry: object,
        context: LanguageContext,
        aliases: Mapping[str, frozenset[str]],
    ) -> PhraseRule:
        if not isinstance(entry, dict):
            raise self.fail("rules", "each rule must be a table")
        rule_id = entry.get("id")
        if not isinstance(rule_id, str):
            raise self.fail("rules", f"a rule without a string id: {entry!r}")
        where = f"rule {rule_id!r}"
        unknown = set(entry) - _RULE_KEYS
        if unknown:
            raise self.fail(where, f"unknown keys {sorted(unknown)}")
        kind = next((kind for kind in RULE_KINDS if kind.value == entry.get("kind")), None)
        if kind is None:
            raise self.fail(where, f"kind must be one of {[str(k) for k in RULE_KINDS]}")
        prefix = f"{language}.{kind}."
        if not rule_id.startswith(prefix) or len(rule_id) == len(prefix):
            raise self.fail(where, f"the id must look like '{prefix}<name>'")
        keys, gapped = self.rule_keys(where, entry.get("phrases"))
        if not keys and not gapped:
            raise self.fail(where, "has no phrases")
        for phrase in gapped:
            parts = phrase.parts
            if all(" " not in key and key in context.common for part in parts for key in part):
                # The gate looks for one part of a gapped phrase; an everyday word would let
                # most messages through.
                shown = " ~ ".join("|".join(part) for part in parts)
                raise self.fail(where, f"{shown!r}: every part is one everyday word")
        keep_despite = frozenset(self.strings(where, entry.get("keep_despite", [])))
        unknown_exclusions = keep_despite - set(context.exclusions)
        if unknown_exclusions:
            raise self.fail(
                where, f"keep_despite names unknown exclusions {sorted(unknown_exclusions)}"
            )
        unless = self.context_keys(f"{where} unless", entry.get("unless", []))
        gapped_phrases = tuple(
            GappedPhrase(tuple(_with_aliases(part, aliases) for part in phrase.parts), phrase.gaps)
            for phrase in sorted(gapped)
        )
        return PhraseRule(
            rule_id,
            kind,
            _with_aliases(keys, aliases),
            context,
            keep_despite,
            unless,
            gapped_phrases,
        )


def _with_aliases(keys: Iterable[str], aliases: Mapping[str, frozenset[str]]) -> tuple[str, ...]:
    """``keys`` and every spelling their words' aliases give, in order."""
    return tuple(sorted({variant for key in keys for variant in _alias_variants(key, aliases)}))


def _alias_variants(key: str, aliases: Mapping[str, frozenset[str]]) -> Iterable[str]:
    choices = [sorted(aliases.get(word, {word})) for word in key.split(" ")]
    return (" ".join(words) for words in product(*choices))
