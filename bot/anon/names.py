"""Friendly pseudonyms: an adjective, an animal and a short code, drawn from a keyed digest."""

from __future__ import annotations

# Gentle, neutral words: a name is the only thing readers know about an anonymous writer.
ADJECTIVES = (
    "Quiet", "Gentle", "Brave", "Calm", "Kind", "Bright", "Steady", "Warm",
    "Patient", "Hopeful", "Soft", "Curious", "Honest", "Thoughtful", "Sunny", "Tender",
    "Mellow", "Cosy", "Clever", "Humble", "Lively", "Peaceful", "Sincere", "Wise",
    "Graceful", "Cheerful", "Earnest", "Friendly", "Modest", "Playful", "Serene", "Sturdy",
)  # fmt: skip
ANIMALS = (
    "Otter", "Heron", "Fox", "Owl", "Badger", "Hare", "Wren", "Deer",
    "Robin", "Seal", "Panda", "Koala", "Lynx", "Finch", "Turtle", "Swan",
    "Beaver", "Dolphin", "Sparrow", "Hedgehog", "Penguin", "Moth", "Falcon", "Bison",
    "Crane", "Lark", "Marten", "Puffin", "Raven", "Salmon", "Tortoise", "Whale",
)  # fmt: skip
CODE_HEX_DIGITS = 3


def friendly_name(digest: bytes) -> str:
    """'Quiet Otter 3fa': the same digest always gives the same name."""
    if len(digest) < 4:
        raise ValueError("a pseudonym needs a digest of at least 4 bytes")
    adjective = ADJECTIVES[digest[0] % len(ADJECTIVES)]
    animal = ANIMALS[digest[1] % len(ANIMALS)]
    code = digest[2:4].hex()[:CODE_HEX_DIGITS]
    return f"{adjective} {animal} {code}"
