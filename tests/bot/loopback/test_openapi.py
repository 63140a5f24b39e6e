"""Bodies discord.py 2.7.1 really sends pass Discord's OpenAPI schema (and our limits);
bodies Discord would refuse fail at the right path."""

import datetime as dt
import io
import logging
import string
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import discord
import pytest
from discord import app_commands, ui
from discord.http import handle_message_parameters
from discord.webhook.async_ import interaction_message_response_params, interaction_response_params
from hypothesis import given
from hypothesis import strategies as st

from bot.loopback.limits import (
    Problem,
    commands_problems,
    interaction_response_problems,
    message_problems,
)
from bot.loopback.openapi import SpecValidator
from bot.paths import DISCORD_OPENAPI_SPEC

Body = Any


@pytest.fixture(scope="module")
def spec() -> SpecValidator:
    validator = SpecValidator.load()
    if validator is None:
        pytest.skip(
            f"Discord's OpenAPI spec (expected at {DISCORD_OPENAPI_SPEC}) or jsonschema is "
            "missing, so request bodies cannot be checked against it"
        )
    return validator


def _paths(problems: list[Problem]) -> list[str]:
    return [problem.path for problem in problems]


# --- what discord.py sends, built by discord.py itself -------------------------------------------


def _embed() -> discord.Embed:
    embed = discord.Embed(
        title="Evening check-in",
        description="How is your evening going?",
        colour=discord.Colour.gold(),
        url="https://example.org/check-in",
        timestamp=dt.datetime(2026, 1, 2, 20, 0, tzinfo=dt.UTC),
    )
    embed.add_field(name="Mood", value="Steady", inline=True)
    embed.set_footer(text="Lantern", icon_url="https://example.org/lantern.png")
    embed.set_author(name="Lantern", url="https://example.org")
    return embed.set_thumbnail(url="attachment://lantern.png")


def _view() -> ui.View:
    view = ui.View()
    view.add_item(ui.Button(label="I'm okay", custom_id="checkin:ok", emoji="🙂"))
    view.add_item(ui.Button(label="Resources", url="https://example.org/help"))
    options = [
        discord.SelectOption(label="Good", value="good"),
        discord.SelectOption(label="Rough", value="rough", description="A hard day"),
    ]
    view.add_item(ui.Select(custom_id="checkin:mood", placeholder="Mood", options=options))
    return view


def _modal() -> ui.Modal:
    modal = ui.Modal(title="Share anonymously", custom_id="share")
    text: ui.TextInput[ui.Modal] = ui.TextInput(
        label="What's on your mind?", style=discord.TextStyle.paragraph
    )
    modal.add_item(text)
    modal.add_item(ui.Label(text="A title", component=ui.TextInput(custom_id="title")))
    return modal


def _commands() -> list[dict[str, Any]]:
    tree = app_commands.CommandTree(discord.Client(intents=discord.Intents.none()))

    @tree.command(name="checkin", description="Tell us how you are")
    @app_commands.describe(mood="How you feel", note="Anything to add")
    @app_commands.choices(mood=[app_commands.Choice(name="Good", value="good")])
    async def checkin(
        interaction: discord.Interaction,
        mood: str,
        note: app_commands.Range[str, 1, 500] | None = None,
    ) -> None: ...

    coping = app_commands.Group(
        name="coping",
        description="Coping ideas",
        default_permissions=discord.Permissions(manage_messages=True),
    )

    @coping.command(name="list", description="List ideas")
    async def list_ideas(interaction: discord.Interaction, count: int = 3) -> None: ...

    tree.add_command(coping)

    @tree.context_menu(name="Check on them")
    async def check_on(interaction: discord.Interaction, member: discord.Member) -> None: ...

    return [command.to_dict(tree) for command in tree.get_commands()]


def _message_payload(**kwargs: Any) -> Body:
    return handle_message_parameters(**kwargs).payload


def _file_message() -> Body:
    file = discord.File(io.BytesIO(b"png"), filename="lantern.png", description="A lantern")
    reference = discord.MessageReference(message_id=5, channel_id=6, fail_if_not_exists=False)
    params = handle_message_parameters(
        content="Here it is",
        file=file,
        message_reference=reference.to_message_reference_dict(),
        allowed_mentions=discord.AllowedMentions(users=[discord.Object(7)], roles=False),
        mention_author=True,
        stickers=[8],
    )
    # multipart: the JSON travels in the payload_json part
    assert params.multipart is not None
    return discord.utils._from_json(params.multipart[0]["value"])


def _callback(callback_type: int, **kwargs: Any) -> Body:
    return interaction_message_response_params(type=callback_type, **kwargs).payload


def _autocomplete() -> Body:
    choices = [app_commands.Choice(name="Breathing", value="breathing")]
    return interaction_response_params(8, {"choices": [c.to_dict() for c in choices]}).payload


_EPHEMERAL = discord.MessageFlags(ephemeral=True)

# name: (method, path after /api/v10, body builder, the limits check that applies)
REQUESTS: Mapping[str, tuple[str, str, Callable[[], Body], Callable[[Body], list[Problem]]]] = {
    "send with embed and view": (
        "POST",
        "/channels/1/messages",
        lambda: _message_payload(content="Hi", embed=_embed(), view=_view()),
        message_problems,
    ),
    "send a file replying": ("POST", "/channels/1/messages", _file_message, message_problems),
    "edit removing the view": (
        "PATCH",
        "/channels/1/messages/2",
        lambda: _message_payload(content="Thanks", view=None),
        lambda body: message_problems(body, editing=True),
    ),
    "ephemeral followup": (
        "POST",
        "/webhooks/3/tok-en",
        lambda: _message_payload(content="Only you see this", flags=_EPHEMERAL, view=_view()),
        lambda body: message_problems(body, from_interaction=True),
    ),
    "edit original response": (
        "PATCH",
        "/webhooks/3/tok-en/messages/@original",
        lambda: _message_payload(embed=_embed()),
        lambda body: message_problems(body, editing=True, from_interaction=True),
    ),
    "reply to a command": (
        "POST",
        "/interactions/4/tok-en/callback",
        lambda: _callback(4, content="Hi", embed=_embed(), view=_view(), flags=_EPHEMERAL),
        interaction_response_problems,
    ),
    "update a message": (
        "POST",
        "/interactions/4/tok-en/callback",
        lambda: _callback(7, content="Updated", view=None),
        interaction_response_problems,
    ),
    "defer thinking ephemerally": (
        "POST",
        "/interactions/4/tok-en/callback",
        lambda: interaction_response_params(5, {"flags": 64}).payload,
        interaction_response_problems,
    ),
    "defer an update": (
        "POST",
        "/interactions/4/tok-en/callback",
        lambda: interaction_response_params(6).payload,
        interaction_response_problems,
    ),
    "autocomplete": (
        "POST",
        "/interactions/4/tok-en/callback",
        _autocomplete,
        interaction_response_problems,
    ),
    "modal": (
        "POST",
        "/interactions/4/tok-en/callback",
        lambda: interaction_response_params(9, _modal().to_dict()).payload,
        interaction_response_problems,
    ),
    "global commands": ("PUT", "/applications/9/commands", _commands, commands_problems),
    "guild commands": ("PUT", "/applications/9/guilds/10/commands", _commands, commands_problems),
}


@pytest.mark.parametrize("name", REQUESTS)
def test_what_discord_py_sends_passes_the_limits(name: str) -> None:
    _, _, build, limits = REQUESTS[name]
    assert limits(build()) == []


@pytest.mark.parametrize("name", REQUESTS)
def test_what_discord_py_sends_passes_the_spec(spec: SpecValidator, name: str) -> None:
    method, path, build, _ = REQUESTS[name]
    assert spec.problems(method, path, build()) == []


# --- what Discord refuses ------------------------------------------------------------------------

_CALLBACK = "/interactions/4/tok-en/callback"


@pytest.mark.parametrize(
    ("method", "path", "body", "where"),
    [
        ("POST", "/channels/1/messages", {"content": "x" * 4001}, "content"),
        ("POST", "/channels/1/messages", {"content": 5}, "content"),
        ("POST", "/channels/1/messages", {"embeds": [{"color": "gold"}]}, "embeds.0.color"),
        ("POST", "/channels/1/messages", {"embeds": [{}] * 11}, "embeds"),
        (
            "POST",
            "/channels/1/messages",
            {"allowed_mentions": {"users": ["not-a-snowflake"]}},
            "allowed_mentions.users.0",
        ),
        (
            "POST",
            "/channels/1/messages",
            {"components": [{"type": 1, "components": [{"type": 2, "style": 9}]}]},
            "components.0.components.0.style",
        ),
        ("POST", "/webhooks/3/tok-en", {"content": "x" * 2001}, "content"),
        ("PATCH", "/webhooks/3/tok-en/messages/@original", {"content": "x" * 2001}, "content"),
        ("POST", _CALLBACK, {"type": 11}, "type"),
        ("POST", _CALLBACK, {"type": 4, "data": {"content": "x" * 2001}}, "data.content"),
        (
            "POST",
            _CALLBACK,
            {"type": 9, "data": {"custom_id": "m", "components": []}},
            "data.title",
        ),
        (
            "PUT",
            "/applications/9/commands",
            [{"name": "x" * 33, "description": "d"}],
            "0.name",
        ),
        (
            "PUT",
            "/applications/9/commands",
            [{"name": "c", "description": "d", "options": [{"type": 12, "name": "o"}]}],
            "0.options.0.type",
        ),
        (
            "PUT",
            "/applications/9/commands",
            [{"name": "c", "default_member_permissions": "manage"}],
            "0.default_member_permissions",
        ),
    ],
)
def test_bodies_discord_refuses_fail_at_their_path(
    spec: SpecValidator, method: str, path: str, body: Body, where: str
) -> None:
    assert where in _paths(spec.problems(method, path, body))


@pytest.mark.parametrize(
    ("path", "body", "expected"),
    [
        (
            _CALLBACK,
            {"type": 11},
            Problem("type", "Value must be one of [1, 4, 5, 6, 7, 8, 9, 12, 13]."),
        ),
        (
            "/channels/1/messages",
            {"components": [{"type": 99}]},
            Problem("components.0.type", "Value must be one of [1, 9, 10, 12, 13, 14, 17]."),
        ),
        (
            "/channels/1/messages",
            {"allowed_mentions": 5},
            Problem("allowed_mentions", "Must be of type ['null', 'object']."),
        ),
    ],
)
def test_problems_name_what_a_union_would_take(
    spec: SpecValidator, path: str, body: Body, expected: Problem
) -> None:
    assert spec.problems("POST", path, body) == [expected]


_SNOWFLAKES = st.integers(min_value=0, max_value=2**63 - 1).map(str)
_TOKENS = st.text(string.ascii_letters + string.digits + "-_.", min_size=1, max_size=200)


@given(application_id=_SNOWFLAKES, token=_TOKENS)
def test_any_webhook_route_finds_its_operation(
    spec: SpecValidator, application_id: str, token: str
) -> None:
    webhook = f"/webhooks/{application_id}/{token}"
    requests = [
        ("POST", webhook),
        ("PATCH", f"{webhook}/messages/@original"),
        ("PATCH", f"{webhook}/messages/{application_id}"),
    ]
    for method, path in requests:
        assert _paths(spec.problems(method, path, {"content": "x" * 2001})) == ["content"]


def test_messages_stay_short_for_huge_values(spec: SpecValidator) -> None:
    (problem,) = spec.problems("POST", "/channels/1/messages", {"content": "x" * 5000})
    assert problem == Problem("content", "Must be 4000 or fewer in length.")


def test_snowflakes_and_permissions_may_be_integers_or_strings(spec: SpecValidator) -> None:
    mentions = {"content": "hi", "allowed_mentions": {"users": [5, "6"], "roles": []}}
    assert spec.problems("POST", "/channels/1/messages", mentions) == []
    commands = [
        {"name": "a", "description": "d", "default_member_permissions": "8192"},
        {"name": "b", "description": "d", "default_member_permissions": 8192},
    ]
    assert spec.problems("PUT", "/applications/9/commands", commands) == []


def test_unknown_routes_and_bodiless_operations_have_no_problems(spec: SpecValidator) -> None:
    assert spec.problems("POST", "/no/such/route", {"x": 1}) == []
    assert spec.problems("GET", "/channels/1/messages", None) == []
    assert spec.problems("DELETE", "/channels/1/messages/2", None) == []


def test_query_strings_and_method_case_do_not_matter(spec: SpecValidator) -> None:
    problems = spec.problems("post", "/webhooks/3/tok-en?wait=true", {"content": "x" * 2001})
    assert _paths(problems) == ["content"]


def test_the_spec_is_loaded_once_per_process(spec: SpecValidator) -> None:
    assert SpecValidator.load() is spec


def test_a_missing_spec_is_reported_not_raised(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    missing = tmp_path / "openapi.json"
    with caplog.at_level(logging.WARNING):
        assert SpecValidator.load(missing) is None
    assert "not validated against Discord's schema" in caplog.text


def test_a_missing_jsonschema_is_reported_not_raised(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    present = tmp_path / "openapi.json"
    present.write_text('{"paths": {}, "components": {"schemas": {}}}', encoding="utf-8")
    monkeypatch.setitem(sys.modules, "jsonschema", None)  # makes `import jsonschema` fail
    with caplog.at_level(logging.WARNING):
        assert SpecValidator.load(present) is None
    assert "jsonschema is not installed" in caplog.text
