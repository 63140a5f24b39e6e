import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.anon.names import ADJECTIVES, ANIMALS, friendly_name

NAME = re.compile(r"^[A-Z][a-z]+ [A-Z][a-z]+ [0-9a-f]{3}$")


@given(st.binary(min_size=4, max_size=32))
def test_every_digest_gives_a_friendly_name(digest: bytes) -> None:
    name = friendly_name(digest)
    assert NAME.match(name)
    adjective, animal, _ = name.split()
    assert adjective in ADJECTIVES
    assert animal in ANIMALS
    assert friendly_name(digest) == name


def test_word_lists_have_no_repeats_and_spread_evenly_over_a_byte() -> None:
    assert len(set(ADJECTIVES)) == len(ADJECTIVES) == 32
    assert len(set(ANIMALS)) == len(ANIMALS) == 32


def test_different_digests_give_different_names() -> None:
    assert friendly_name(bytes([0, 0, 0, 0])) == "Quiet Otter 000"
    assert friendly_name(bytes([1, 2, 0xAB, 0xCD])) == "Gentle Fox abc"


def test_a_too_short_digest_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 4 bytes"):
        friendly_name(b"abc")
