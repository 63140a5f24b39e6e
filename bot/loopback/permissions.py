"""Discord's permission bits and how a member's permissions in a channel are worked out."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Permission(enum.IntFlag):
    CREATE_INSTANT_INVITE = 1 << 0
    KICK_MEMBERS = 1 << 1
    BAN_MEMBERS = 1 << 2
    ADMINISTRATOR = 1 << 3
    MANAGE_CHANNELS = 1 << 4
    MANAGE_GUILD = 1 << 5
    ADD_REACTIONS = 1 << 6
    VIEW_AUDIT_LOG = 1 << 7
    VIEW_CHANNEL = 1 << 10
    SEND_MESSAGES = 1 << 11
    MANAGE_MESSAGES = 1 << 13
    EMBED_LINKS = 1 << 14
    ATTACH_FILES = 1 << 15
    READ_MESSAGE_HISTORY = 1 << 16
    MENTION_EVERYONE = 1 << 17
    USE_EXTERNAL_EMOJIS = 1 << 18
    CHANGE_NICKNAME = 1 << 26
    MANAGE_ROLES = 1 << 28
    USE_APPLICATION_COMMANDS = 1 << 31
    MANAGE_THREADS = 1 << 34
    CREATE_PUBLIC_THREADS = 1 << 35
    CREATE_PRIVATE_THREADS = 1 << 36
    SEND_MESSAGES_IN_THREADS = 1 << 38
    MODERATE_MEMBERS = 1 << 40


ALL_PERMISSIONS = Permission(sum(flag.value for flag in Permission))

# What @everyone may do in a freshly made community server.
EVERYONE_DEFAULT = (
    Permission.VIEW_CHANNEL
    | Permission.SEND_MESSAGES
    | Permission.EMBED_LINKS
    | Permission.ATTACH_FILES
    | Permission.ADD_REACTIONS
    | Permission.READ_MESSAGE_HISTORY
    | Permission.USE_EXTERNAL_EMOJIS
    | Permission.USE_APPLICATION_COMMANDS
    | Permission.CREATE_PUBLIC_THREADS
    | Permission.SEND_MESSAGES_IN_THREADS
    | Permission.CHANGE_NICKNAME
)


def parse_permission(name: str) -> Permission:
    """`"send_messages"` or `"SEND_MESSAGES"` -> the flag, with the known names on a typo."""
    try:
        return Permission[name.upper()]
    except KeyError:
        known = ", ".join(flag.name or "" for flag in Permission)
        raise ValueError(f"unknown permission {name!r}; known: {known}") from None


@dataclass(frozen=True, slots=True)
class Overwrite:
    """A channel permission overwrite for a role (kind 0) or a member (kind 1)."""

    target_id: int
    kind: int
    allow: int = 0
    deny: int = 0


@dataclass(frozen=True, slots=True)
class Standing:
    """What decides a member's permissions: who they are and which roles they hold."""

    member_id: int
    is_owner: bool
    everyone_role_id: int
    everyone_permissions: int
    role_permissions: dict[int, int]


def guild_permissions(standing: Standing) -> int:
    if standing.is_owner:
        return ALL_PERMISSIONS.value
    permissions = standing.everyone_permissions
    for value in standing.role_permissions.values():
        permissions |= value
    if permissions & Permission.ADMINISTRATOR:
        return ALL_PERMISSIONS.value
    return permissions


def channel_permissions(standing: Standing, overwrites: Iterable[Overwrite]) -> int:
    """Discord's order: @everyone's overwrite, then the roles' together, then the member's."""
    permissions = guild_permissions(standing)
    if permissions & Permission.ADMINISTRATOR:
        return permissions
    by_target = {overwrite.target_id: overwrite for overwrite in overwrites}
    everyone = by_target.get(standing.everyone_role_id)
    if everyone is not None:
        permissions = (permissions & ~everyone.deny) | everyone.allow
    role_allow = role_deny = 0
    for role_id in standing.role_permissions:
        overwrite = by_target.get(role_id)
        if overwrite is not None and overwrite.kind == 0:
            role_allow |= overwrite.allow
            role_deny |= overwrite.deny
    permissions = (permissions & ~role_deny) | role_allow
    member = by_target.get(standing.member_id)
    if member is not None and member.kind == 1:
        permissions = (permissions & ~member.deny) | member.allow
    return permissions
