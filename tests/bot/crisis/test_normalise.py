import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.crisis import normalise as normalise_module
from bot.crisis.normalise import (
    normalise,
    quick_key,
    quick_key_bytes,
    repair_triggers,
    without_double_letters,
)

# NFKD never turns one character into more than 18 (U+FDFA does exactly that).
LONGEST_DECOMPOSITION = 18

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=9)
phrases = st.lists(words, min_size=1, max_size=4).map(" ".join)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("I want to DIE", "i want to die"),
        ("I'm done, don’t ask", "im done, dont ask"),
        ("really?! no... ok;fine", "really.. no... ok.fine"),
        ("self-harm / self_harm", "self harm self harm"),
        ("k1ll mys3lf", "kill myself"),
        ("ɪ ᴡᴀɴᴛ ᴛᴏ ᴅɪᴇ", "i want to die"),
        ("ᴋɪʟʟ ᴍʏꜱᴇʟꜰ", "kill myself"),
        ("k1ll mys€lf", "kill myself"),
        ("ɡone", "gone"),
        ("ki11 myself, kiII myself", "kill myself, kill myself"),
        ("a11 day", "all day"),
        ("$u1c1d3", "suicide"),
        ("@ll 4lone", "all alone"),
        ("k i l l  m y s e l f", "killmyself"),
        ("k i l l myself", "kill myself"),
        ("s.u.i.c.i.d.e", "suicide"),
        ("s-u-i-c-i-d-e", "suicide"),
        ("diiiiie sooo tired", "die so tired"),
        ("killlll", "kil"),
        ("s*icide and k*ll", "suicide and kill"),
        ("su!c!de", "suicide"),
        ("*hugs* you", "hugs you"),
        ("f*ck this", "f ck this"),
        ("ki\u200bll my\u00adself\u200d", "kill myself"),
        ("\u202ekill\u202c myself", "kill myself"),
        ("kіll mуsеlf", "kill myself"),  # Cyrillic і, у, е
        ("ｋｉｌｌ　ｍｙｓｅｌｆ", "kill myself"),
        ("Ich möchte STERBEN", "ich mochte sterben"),
        ("Straße", "strasse"),
        ("quiero morir ¿sabes?", "quiero morir sabes."),
        ("ok 😂💀", "ok 😂💀"),
        ("line one\nline two", "line one.line two"),
        ("", ""),
    ],
)
def test_normalise_reads_through_disguises(text: str, key: str) -> None:
    assert normalise(text) == key


def test_digits_that_are_not_leetspeak_stay() -> None:
    assert normalise("2 years, 6 months") == "2 years, 6 months"


@given(st.text())
def test_normalise_is_idempotent(text: str) -> None:
    key = normalise(text)
    assert normalise(key) == key


@given(st.text())
def test_normalise_output_is_tidy_and_bounded(text: str) -> None:
    key = normalise(text)
    assert len(key) <= LONGEST_DECOMPOSITION * len(text)
    assert key == key.strip()
    assert "  " not in key
    assert not any(char in key for char in "'’*!ABCDEFGHIJKLMNOPQRSTUVWXYZ")


@given(st.text())
def test_quick_key_never_raises_and_has_no_double_spaces(text: str) -> None:
    assert "  " not in quick_key(text)


def _spaced_out(phrase: str, index: int) -> str:
    words = phrase.split(" ")
    chosen = index % len(words)
    words[chosen] = " ".join(words[chosen])
    return " ".join(words)


def _stretched(phrase: str, index: int) -> str:
    position = index % len(phrase)
    letter = phrase[position]
    if letter == " " or letter in phrase[max(position - 1, 0) : position + 2].replace(
        letter, "", 1
    ):
        return phrase  # stretching a double letter would shorten it, which is not a disguise
    return phrase[:position] + letter * 4 + phrase[position + 1 :]


_LEET = str.maketrans({"a": "4", "e": "3", "i": "1", "o": "0", "s": "$", "t": "7", "b": "8"})
_CYRILLIC = str.maketrans({"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у"})
DISGUISES = {
    "upper case": lambda phrase, _: phrase.upper(),
    "leetspeak": lambda phrase, _: phrase.translate(_LEET),
    "look-alike letters": lambda phrase, _: phrase.translate(_CYRILLIC),
    "full width": lambda phrase, _: "".join(
        chr(ord(char) + 0xFEE0) if char.isalpha() else char for char in phrase
    ),
    "zero width": lambda phrase, index: (
        phrase[: index % len(phrase)] + "\u200b" + phrase[index % len(phrase) :]
    ),
    "soft hyphens": lambda phrase, _: "\u00ad".join(phrase),
    "spaced out": _spaced_out,
    "stretched": _stretched,
}


@given(phrases, st.sampled_from(sorted(DISGUISES)), st.integers(min_value=0, max_value=50))
def test_a_disguised_phrase_normalises_like_the_plain_one(
    phrase: str, disguise: str, index: int
) -> None:
    # A doubled "1" after a letter is read as "ll" ("ki11"), so "ii" has no leetspeak form.
    assume(not (disguise == "leetspeak" and "ii" in phrase))
    disguised = DISGUISES[disguise](phrase, index)
    assert normalise(disguised) == normalise(phrase)


def test_without_double_letters() -> None:
    assert without_double_letters("lmaoo killl hahaa") == "lmao kil haha"


def test_repair_triggers_cover_stretching_bangs_doubled_ones_and_spelling_out() -> None:
    anywhere, spelled_out = repair_triggers(["kill"])
    assert {"kkk", "iii", "lll", "!k", "!i", "!l", "ii"} == anywhere
    assert {"k i l", "k.i.l"} == spelled_out
    assert "ii" not in repair_triggers(["die"])[0]


def test_short_words_are_never_spelled_out() -> None:
    _, spelled_out = repair_triggers(["me"])
    assert spelled_out == frozenset()


# Characters where keying word by word could go wrong: combining marks that could attach across
# a space, compatibility forms that decompose into a space, other spaces, case folding that
# composes, look-alikes and masks.
TRICKY = "\0aeiouAEIOU ́̈̀ ̸¨´ ǅǄﬁẞß\u1680\u3000\u200b\u2028éÉñçøþſк𝐤ｋ😂❤️!*'’.,-_0134"


@given(st.text(alphabet=st.sampled_from(TRICKY)) | st.text())
def test_keying_word_by_word_equals_keying_the_whole_text(text: str) -> None:
    whole_text_key = normalise_module._collapse_spaces(
        normalise_module._fold_ascii(normalise_module._unicode_steps(text))
    )
    normalise_module._WORD_KEYS.clear()
    assert quick_key_bytes(text) == whole_text_key  # remembered nothing yet
    assert quick_key_bytes(text) == whole_text_key  # every word remembered
    assert quick_key(text) == whole_text_key.decode()


def test_remembered_words_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(normalise_module, "_MOST_WORD_KEYS", 10)
    normalise_module._WORD_KEYS.clear()
    for length in range(1, 26):
        assert quick_key_bytes("é" * length) == b"e" * length
        assert len(normalise_module._WORD_KEYS) <= 10
