from datetime import UTC, datetime

import pytest

from bot.clock import FakeClock
from bot.loopback.command_options import InvocationError, command_data
from bot.loopback.hub import Hub
from bot.loopback.people import Person
from bot.loopback.state import Command, World

SETTINGS = {
    "name": "settings",
    "description": "Settings",
    "options": [
        {
            "type": 2,
            "name": "reminders",
            "description": "Reminders",
            "options": [
                {
                    "type": 1,
                    "name": "add",
                    "description": "Add",
                    "options": [
                        {"type": 3, "name": "time", "description": "When", "required": True},
                        {
                            "type": 4,
                            "name": "days",
                            "description": "How often",
                            "choices": [
                                {"name": "daily", "value": 1},
                                {"name": "weekly", "value": 7},
                            ],
                        },
                        {"type": 6, "name": "buddy", "description": "Who else"},
                    ],
                }
            ],
        }
    ],
}


@pytest.fixture
def hub() -> Hub:
    return Hub(World(FakeClock(datetime(2026, 3, 1, tzinfo=UTC)), "Lantern"), "token")


@pytest.fixture
def command(hub: Hub) -> Command:
    return Command(101, hub.world.application_id, None, SETTINGS, 1)


def test_subcommand_groups_nest_the_options(command: Command) -> None:
    data = command_data(command, ["reminders", "add"], {"time": "08:00", "days": 7})
    assert data["options"] == [
        {
            "name": "reminders",
            "type": 2,
            "options": [
                {
                    "name": "add",
                    "type": 1,
                    "options": [
                        {"name": "time", "type": 3, "value": "08:00"},
                        {"name": "days", "type": 4, "value": 7},
                    ],
                }
            ],
        }
    ]
    assert "resolved" not in data


def test_people_are_resolved(hub: Hub, command: Command) -> None:
    guild = hub.world.add_guild("Support")
    bob = Person(hub, hub.world.add_member(guild, "bob"))
    data = command_data(command, ["reminders", "add"], {"time": "08:00", "buddy": bob})
    leaf = data["options"][0]["options"][0]["options"]
    assert leaf[1] == {"name": "buddy", "type": 6, "value": str(bob.id)}
    assert data["resolved"]["users"][str(bob.id)]["username"] == "bob"
    assert "permissions" in data["resolved"]["members"][str(bob.id)]


@pytest.mark.parametrize(
    ("path", "values", "complaint"),
    [
        ([], {}, "needs a subcommand"),
        (["reminders", "remove"], {}, "no subcommand 'remove'"),
        (["reminders", "add"], {}, r"needs \['time'\]"),
        (["reminders", "add"], {"time": 8}, "takes a string"),
        (["reminders", "add"], {"time": "8", "days": 3}, "must be one of"),
        (["reminders", "add"], {"time": "8", "buddy": "bob"}, "takes a user handle"),
        (["reminders", "add"], {"time": "8", "colour": "red"}, "no option"),
    ],
)
def test_what_discords_client_would_not_send(
    command: Command, path: list[str], values: dict[str, object], complaint: str
) -> None:
    with pytest.raises(InvocationError, match=complaint):
        command_data(command, path, values)


def test_the_focused_option_skips_checks(command: Command) -> None:
    data = command_data(command, ["reminders", "add"], {"time": "0"}, focused="time")
    leaf = data["options"][0]["options"][0]["options"]
    assert leaf == [{"name": "time", "type": 3, "value": "0", "focused": True}]
