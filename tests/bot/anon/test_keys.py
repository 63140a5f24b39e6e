import pytest

from bot.anon.keys import AnonKeys, SealError

SECRET = b"k" * 32


def test_the_author_key_is_per_server_and_stable() -> None:
    keys = AnonKeys(SECRET)
    assert keys.author_key(1, 7) == keys.author_key(1, 7)
    assert keys.author_key(1, 7) != keys.author_key(2, 7)
    assert keys.author_key(1, 7) != keys.author_key(1, 8)
    assert len(keys.author_key(1, 7)) == 64


def test_pseudonyms_differ_per_post_and_depend_on_the_secret() -> None:
    keys = AnonKeys(SECRET)
    assert keys.pseudonym_digest(1, "AAAAAA", 7) == keys.pseudonym_digest(1, "AAAAAA", 7)
    assert keys.pseudonym_digest(1, "AAAAAA", 7) != keys.pseudonym_digest(1, "BBBBBB", 7)
    other = AnonKeys(b"x" * 32)
    assert keys.pseudonym_digest(1, "AAAAAA", 7) != other.pseudonym_digest(1, "AAAAAA", 7)
    assert keys.author_key(1, 7) != other.author_key(1, 7)


def test_a_sealed_id_opens_only_with_the_same_secret_and_server() -> None:
    keys = AnonKeys(SECRET)
    sealed = keys.seal_user_id(123456789012345678, guild_id=5)
    assert b"123456789012345678" not in sealed
    assert sealed != keys.seal_user_id(123456789012345678, guild_id=5)  # fresh nonce each time
    assert keys.open_user_id(sealed, 5) == 123456789012345678
    with pytest.raises(SealError):
        keys.open_user_id(sealed, 6)
    with pytest.raises(SealError):
        AnonKeys(b"x" * 32).open_user_id(sealed, 5)


def test_a_short_secret_is_refused_and_never_shown() -> None:
    with pytest.raises(ValueError, match="at least 32 bytes"):
        AnonKeys(b"short")
    assert "kkkk" not in repr(AnonKeys(SECRET))
