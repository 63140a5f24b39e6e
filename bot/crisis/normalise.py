"""Turn chat text into a matching key, undoing the usual ways people disguise words.

The key is for matching only, never for display: lower case, accents and invisible characters
gone, look-alike letters and leetspeak read as letters, masked words (``s*icide``) filled in,
spaced (``k i l l``) and stretched (``diiiie``) words rejoined, apostrophes dropped (``im``,
``dont``), sentence punctuation reduced to ``.`` and ``,`` and other symbols to single spaces.

Work is split in two so that ordinary messages stay cheap: :func:`quick_key` does everything a
translation table can do, and :func:`normalise` adds the rarer, costlier repairs on top. The
detector runs its automaton over the quick key together with :func:`repair_triggers`, and only
when one of them appears can the repairs matter.
"""

import re
import unicodedata
from collections.abc import Iterable

# Leetspeak digits and symbols read as the letter they stand for, everywhere: a stray "4am"
# becoming "aam" costs nothing, while checking each digit's neighbours costs every message.
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "$": "s", "@": "a"}
_APOSTROPHES = "'\u2019\u2018\u02bc\u00b4\u2032"
_SENTENCE_ENDS = ".?;:\n\r\u2026\u3002\u203c\u2047\u2048\u2049"
# Kept as they are by the quick key: "!" may be a masked "i" (su!c!de) and "*" a masked letter.
MASK_MARK = "*"
_BANG = "!"
_KEPT = ",!*"

# Cyrillic and Greek letters that look like Latin ones, after case folding.
_HOMOGLYPHS = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "з": "e", "и": "u", "і": "i", "ї": "i", "ј": "j",
    "к": "k", "л": "n", "м": "m", "н": "h", "о": "o", "п": "n", "р": "p", "с": "c", "т": "t",
    "у": "y", "х": "x", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ь": "b", "ɡ": "g", "ı": "i",
    "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k", "μ": "u", "ν": "v",
    "ο": "o", "ρ": "p", "σ": "o", "ς": "c", "τ": "t", "υ": "u", "χ": "x", "ω": "w",
    # Small capitals, as "fancy text" generators write them, and a few other look-alikes.
    "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ꜰ": "f", "ɢ": "g", "ʜ": "h", "ɪ": "i",
    "ᴊ": "j", "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ɴ": "n", "ᴏ": "o", "ᴘ": "p", "ʀ": "r", "ꜱ": "s",
    "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ʏ": "y", "ᴢ": "z", "ɑ": "a", "ɩ": "i", "€": "e",
    "¢": "c",
}  # fmt: skip


def _ascii_mapping(char: str) -> str | None:
    """What one ASCII character becomes in the key; None drops it."""
    if char.isalpha():
        return char.lower()
    if char in _LEET:
        return _LEET[char]
    if char.isdigit() or char in _KEPT:
        return char
    if char in _APOSTROPHES:
        return None
    if char in _SENTENCE_ENDS:
        return "."
    return " "


def _build_ascii_table() -> tuple[bytes, bytes]:
    table = bytearray(range(256))
    deleted = bytearray()
    for code in range(128):
        mapped = _ascii_mapping(chr(code))
        if mapped is None:
            deleted.append(code)
        else:
            table[code] = ord(mapped)
    return bytes(table), bytes(deleted)


def _unicode_mapping(char: str) -> str | None:
    """What a non-ASCII character becomes once decomposed and case folded; itself if unchanged."""
    if char.lower() in _HOMOGLYPHS:
        return _HOMOGLYPHS[char.lower()]
    if char in _APOSTROPHES:
        return None
    if char in _SENTENCE_ENDS:
        return "."
    category = unicodedata.category(char)
    if category in {"Mn", "Me", "Cf", "Cc", "Cs", "Co", "Cn"}:
        # Accents, zero-width and bidi controls, soft hyphens, variation selectors, tag letters.
        return None
    if category in {"Zl", "Zp"}:
        return "."
    if category.startswith(("P", "Z")):
        return " "
    return char


# What chat text most often carries beyond ASCII, dropped without a Python callback: the
# accents decomposition leaves, curly apostrophes, soft hyphens, zero-width and bidi controls
# and the variation selectors and joiners inside emoji.
_DROPPED = re.compile(
    "[\u0300-\u036f\u00ad\u2018\u2019\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufe00-\ufe0f\ufeff]+"
)
# Other characters that may need rewriting: Latin-1 punctuation and symbols, IPA letters and
# spacing modifiers, Greek and Cyrillic look-alikes, the Ogham space mark (the one space outside
# these blocks), rarer combining marks (Zalgo text), phonetic small capitals, zero-width and
# bidi controls, general punctuation and currency signs, two more small capitals, CJK
# punctuation, variation selectors and tag characters. Anything else (emoji, other scripts) is
# kept.
_REWRITTEN_BLOCKS = (
    (0x80, 0x100), (0x250, 0x300), (0x370, 0x530), (0x1680, 0x1681), (0x1AB0, 0x1B00),
    (0x1D00, 0x1D80), (0x1DC0, 0x1E00), (0x2000, 0x2100), (0xA730, 0xA732), (0x3000, 0x3040),
    (0xFE00, 0xFE30), (0xFEFF, 0xFF00), (0xE0000, 0xE0080), (0xE0100, 0xE01F0),
)  # fmt: skip
_REWRITTEN_RUN = re.compile(
    "[" + "".join(f"{chr(low)}-{chr(high - 1)}" for low, high in _REWRITTEN_BLOCKS) + "]+"
)


def _build_unicode_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for low, high in _REWRITTEN_BLOCKS:
        for code in range(low, high):
            mapped = _unicode_mapping(chr(code))
            if mapped != chr(code):
                table[code] = mapped
    return table


_ASCII_TABLE, _ASCII_DELETED = _build_ascii_table()
# Words of non-ASCII messages and their keys; a few MB at most.
_WORD_KEYS: dict[str, bytes] = {}
_MOST_WORD_KEYS = 20_000
# A character no step turns into or out of, which Unicode decomposition never reaches across.
_SEPARATOR = "\0"
# The table turns the separator into a space; this one keeps it.
_SEPARATOR_BYTE = _SEPARATOR.encode()
_SEPARATED_TABLE = _SEPARATOR_BYTE + _ASCII_TABLE[1:]  # the separator is byte 0
_UNICODE_TABLE = _build_unicode_table()
_FINISH_TABLE = str.maketrans({MASK_MARK: " ", _BANG: "."})

_LETTER = r"[^\W\d_]"
# "ki11", "kiII": a doubled "1" or capital "I" after a small letter stands for "ll"; the quick
# key reads each as "i", so it shows "ii" there.
_DOUBLED_L = re.compile(r"(?<=[a-z])(?:1{2,}|I{2,})")
_DOUBLED_L_IN_QUICK_KEY = "ii"
_BANG_BETWEEN_LETTERS = re.compile(rf"(?<={_LETTER})!+(?={_LETTER})")
_MASKED_WORD = re.compile(rf"{_LETTER}+(?:\*+{_LETTER}+)+")
_STRETCHED = re.compile(rf"({_LETTER})\1{{2,}}")
_REPEATED_LETTER = re.compile(rf"({_LETTER})\1+")
_SPACED_OUT = re.compile(
    rf"(?<!{_LETTER}){_LETTER}(?!{_LETTER})(?:[ .]{_LETTER}(?!{_LETTER})){{2,}}"
)
# Shortest run of single letters that is read as one word; pairs like "i a" are ordinary text.
_SPACED_OUT_MIN_LETTERS = 3

# Words people mask with "*": filled in only when exactly one of these fits the visible letters.
MASKABLE_WORDS = frozenset({
    "kill", "killing", "suicide", "suicidal", "die", "dying", "dead", "death", "myself",
    "self", "harm", "cut", "cutting", "overdose", "unalive", "yourself", "hang",
    "suicidio", "suicidarme", "matarme", "morir", "mourir", "suicider", "tuer", "suizid",
    "selbstmord", "umbringen", "sterben", "zelfmoord", "doodgaan", "morrer", "matar", "suicidar",
})  # fmt: skip


def quick_key(text: str) -> str:
    """The table-driven first half of :func:`normalise`; cheap, above all for ASCII text.

    Runs of spaces are collapsed but the key may start or end with one.
    """
    return quick_key_bytes(text).decode("utf-8")


def quick_key_bytes(text: str) -> bytes:
    """:func:`quick_key` encoded as UTF-8, which is what the detector's gate reads.

    Text beyond ASCII is keyed word by word, each word's key remembered: Unicode
    decomposition never reaches across a space, and chat repeats its words.
    """
    if text.isascii():  # most chat: kept to two calls into C and no Python calls
        key = text.encode().translate(_ASCII_TABLE, _ASCII_DELETED)
        return b" ".join(key.split()) if key.find(b"  ") >= 0 else key
    words = text.split(" ")
    try:
        return _collapse_spaces(b" ".join(map(_WORD_KEYS.__getitem__, words)))
    except KeyError:  # a word not remembered yet
        pass
    if _SEPARATOR in text:
        return _collapse_spaces(_fold_ascii(_unicode_steps(text)))
    # One pass over the whole text, its spaces swapped for a separator that every step keeps
    # as it is, gives the key of each word as well.
    separated = _unicode_steps(text.replace(" ", _SEPARATOR)).encode("utf-8")
    separated = separated.translate(_SEPARATED_TABLE, _ASCII_DELETED)
    if len(_WORD_KEYS) + len(words) > _MOST_WORD_KEYS:
        _WORD_KEYS.clear()  # cheaper than tracking use; refilled by the next few messages
    _WORD_KEYS.update(zip(words, separated.split(_SEPARATOR_BYTE), strict=True))
    return _collapse_spaces(separated.replace(_SEPARATOR_BYTE, b" "))


def _unicode_steps(text: str) -> str:
    """Decomposed, case folded, with accents and invisible characters dropped and look-alikes
    rewritten; what is left beyond ASCII is kept."""
    if text.isascii():
        return text
    key = unicodedata.normalize("NFKD", text).casefold()
    # Case folding can itself produce composed characters ("ǅ" gives "ǆ").
    if not unicodedata.is_normalized("NFKD", key):
        key = unicodedata.normalize("NFKD", key)
    if not key.isascii():
        key = _DROPPED.sub("", key)
    if not key.isascii():
        key = _REWRITTEN_RUN.sub(_rewrite, key)
    return key


def _fold_ascii(text: str) -> bytes:
    # Bytes of multi-byte UTF-8 sequences pass the table unchanged, so this suits any text.
    return text.encode("utf-8").translate(_ASCII_TABLE, _ASCII_DELETED)


def _collapse_spaces(key: bytes) -> bytes:
    # find, not "in": "in" first tries its operand as a byte value, and that failure is slow.
    return b" ".join(key.split()) if key.find(b"  ") >= 0 else key


def _rewrite(match: re.Match[str]) -> str:
    return match.group().translate(_UNICODE_TABLE)


def normalise(text: str) -> str:
    """The full matching key of ``text``; ``normalise(normalise(t)) == normalise(t)``."""
    key = quick_key(_DOUBLED_L.sub(_as_ls, text))
    if _BANG in key:
        key = _BANG_BETWEEN_LETTERS.sub(lambda match: "i" * len(match.group()), key)
    if MASK_MARK in key:
        key = _MASKED_WORD.sub(_unmask, key)
    key = " ".join(key.translate(_FINISH_TABLE).split())
    key = _STRETCHED.sub(r"\1", key)
    return _SPACED_OUT.sub(_join_spaced_out, key)


def _as_ls(match: re.Match[str]) -> str:
    return "l" * len(match.group())


def _unmask(match: re.Match[str]) -> str:
    masked = match.group()
    fits = [word for word in _MASKABLE_BY_LENGTH.get(len(masked), ()) if _fits(masked, word)]
    return fits[0] if len(fits) == 1 else masked


def _fits(masked: str, word: str) -> bool:
    return all(seen in {MASK_MARK, letter} for seen, letter in zip(masked, word, strict=True))


def _join_spaced_out(match: re.Match[str]) -> str:
    return _STRETCHED.sub(r"\1", match.group()[::2])


def _by_length(words: Iterable[str]) -> dict[int, tuple[str, ...]]:
    grouped: dict[int, list[str]] = {}
    for word in sorted(words):
        grouped.setdefault(len(word), []).append(word)
    return {length: tuple(group) for length, group in grouped.items()}


_MASKABLE_BY_LENGTH = _by_length(MASKABLE_WORDS)


def without_double_letters(key: str) -> str:
    """``key`` with every run of a letter cut to one, so "lmaoo" and "lmao" compare equal."""
    return _REPEATED_LETTER.sub(r"\1", key)


def repair_triggers(words: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
    """What a quick key must hold for :func:`normalise` to add any of ``words`` to it.

    The repairs only create a word where the quick key holds one of its letters stretched,
    "!" before one of its letters, "ii" for its "ll", or the word spelled out letter by letter.
    The first set holds the strings for the first three, found anywhere; the second the starts
    of spelled-out
    words (three letters spaced out), which count only as whole tokens. Masks are signalled
    by any "*", which callers check for themselves.
    """
    words = set(words)
    letters = {letter for word in words for letter in word if letter.isalpha()}
    anywhere = {letter * 3 for letter in letters} | {_BANG + letter for letter in letters}
    if any("ll" in word for word in words):
        anywhere.add(_DOUBLED_L_IN_QUICK_KEY)
    spelled_out = {
        separator.join(word[:_SPACED_OUT_MIN_LETTERS])
        for word in words
        if len(word) >= _SPACED_OUT_MIN_LETTERS
        for separator in " ."
    }
    return frozenset(anywhere), frozenset(spelled_out)
