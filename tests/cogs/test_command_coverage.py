"""Every slash command Lantern registers is driven end to end by at least one test."""

import re
from pathlib import Path

from discord import app_commands

from bot.client import Lantern

TESTS = Path(__file__).resolve().parent.parent
# alice.slash("crisis", "phrases", "add", phrase=...) drives "crisis phrases add".
SLASH_CALL = re.compile(r'\.slash(?:_in_dm)?\(\s*((?:"[^"]+"\s*,?\s*)+)')


def driven_commands() -> set[str]:
    driven = set()
    for path in TESTS.rglob("test_*.py"):
        if "loopback" in path.parts:
            continue  # the loopback's own tests drive a probe bot, not Lantern
        for match in SLASH_CALL.finditer(path.read_text("utf-8")):
            driven.add(" ".join(re.findall(r'"([^"]+)"', match.group(1))))
    return driven


async def test_every_registered_command_is_driven_end_to_end(lantern: Lantern) -> None:
    registered = {
        command.qualified_name
        for command in lantern.tree.walk_commands()
        if isinstance(command, app_commands.Command)
    }
    assert registered, "no commands registered"
    missing = sorted(registered - driven_commands())
    assert missing == [], f"no end-to-end test drives: {missing}"
