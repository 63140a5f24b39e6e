from hypothesis import given
from hypothesis import strategies as st

from bot.anon.codes import ALPHABET, CODE_LENGTH, new_code, normalise_code


def test_new_codes_use_the_unambiguous_alphabet() -> None:
    codes = {new_code() for _ in range(200)}
    assert len(codes) > 190
    for code in codes:
        assert len(code) == CODE_LENGTH
        assert set(code) <= set(ALPHABET)
    assert not set("01OILUV") & set(ALPHABET)


@given(st.text(alphabet=ALPHABET, min_size=CODE_LENGTH, max_size=CODE_LENGTH))
def test_typing_variations_find_the_same_code(code: str) -> None:
    assert normalise_code(code) == code
    assert normalise_code(f" #{code.lower()} ") == code
    assert normalise_code(f"{code[:3]} {code[3:]}") == code


@given(st.text(max_size=12))
def test_anything_normalised_is_a_valid_code(text: str) -> None:
    code = normalise_code(text)
    if code is not None:
        assert len(code) == CODE_LENGTH
        assert set(code) <= set(ALPHABET)


def test_impossible_codes_are_refused() -> None:
    for text in ("", "ABC", "ABCDEFG", "ABCDE0", "ABCDEI", "##ABCDEF"):
        assert normalise_code(text) is None, text
