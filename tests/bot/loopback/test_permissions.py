import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.loopback.permissions import (
    ALL_PERMISSIONS,
    Overwrite,
    Permission,
    Standing,
    channel_permissions,
    guild_permissions,
    parse_permission,
)

EVERYONE = 1
MEMBER = 10
HELPER = 20
QUIET = 21
VIEW = Permission.VIEW_CHANNEL.value
SEND = Permission.SEND_MESSAGES.value


def standing(everyone: int = VIEW | SEND, roles: dict[int, int] | None = None) -> Standing:
    return Standing(MEMBER, False, EVERYONE, everyone, roles or {})


def test_roles_add_to_everyone() -> None:
    assert guild_permissions(standing(VIEW, {HELPER: SEND})) == VIEW | SEND


def test_administrator_and_owner_get_everything() -> None:
    admin = standing(0, {HELPER: Permission.ADMINISTRATOR.value})
    assert guild_permissions(admin) == ALL_PERMISSIONS.value
    owner = Standing(MEMBER, True, EVERYONE, 0, {})
    assert channel_permissions(owner, [Overwrite(MEMBER, 1, deny=VIEW)]) == ALL_PERMISSIONS.value


def test_everyone_deny_is_lifted_by_a_role_allow() -> None:
    overwrites = [Overwrite(EVERYONE, 0, deny=VIEW), Overwrite(HELPER, 0, allow=VIEW)]
    assert not channel_permissions(standing(), overwrites) & VIEW
    assert channel_permissions(standing(roles={HELPER: 0}), overwrites) & VIEW


def test_among_roles_allow_wins_over_deny() -> None:
    overwrites = [Overwrite(HELPER, 0, allow=SEND), Overwrite(QUIET, 0, deny=SEND)]
    both = standing(roles={HELPER: 0, QUIET: 0})
    assert channel_permissions(both, overwrites) & SEND


def test_member_overwrite_comes_last() -> None:
    overwrites = [Overwrite(HELPER, 0, allow=SEND), Overwrite(MEMBER, 1, deny=SEND)]
    assert not channel_permissions(standing(roles={HELPER: 0}), overwrites) & SEND


@given(st.lists(st.tuples(st.sampled_from([EVERYONE, HELPER, MEMBER]), st.integers(0, 2**41))))
def test_administrators_ignore_overwrites(denials: list[tuple[int, int]]) -> None:
    admin = standing(roles={HELPER: Permission.ADMINISTRATOR.value})
    overwrites = [Overwrite(target, 1 if target == MEMBER else 0, deny=d) for target, d in denials]
    assert channel_permissions(admin, overwrites) == ALL_PERMISSIONS.value


def test_permission_names_in_either_case() -> None:
    assert parse_permission("send_messages") is Permission.SEND_MESSAGES
    assert parse_permission("EMBED_LINKS") is Permission.EMBED_LINKS
    with pytest.raises(ValueError, match=r"known: .*SEND_MESSAGES"):
        parse_permission("send_messages_please")
