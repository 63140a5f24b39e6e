"""Each documented limit: a body just at it passes, one just over fails at the right path."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.loopback.limits import (
    Problem,
    commands_problems,
    interaction_response_problems,
    is_valid_command_name,
    message_problems,
)

Body = dict[str, Any]


def _button(custom_id: str = "ok", **extra: object) -> Body:
    return {"type": 2, "style": 1, "label": "Okay", "custom_id": custom_id, **extra}


def _row(*components: Body) -> Body:
    return {"type": 1, "components": list(components)}


def _options(count: int, **extra: object) -> list[Body]:
    return [{"label": f"option {i}", "value": f"v{i}", **extra} for i in range(count)]


def _select(**extra: object) -> Body:
    return {"type": 3, "custom_id": "mood", "options": _options(2), **extra}


def _embed(**extra: object) -> Body:
    return {"embeds": [{"title": "Check-in", **extra}]}


def _fields(count: int, name: str = "Mood", value: str = "steady") -> Body:
    return _embed(fields=[{"name": name, "value": value}] * count)


def _text_input(**extra: object) -> Body:
    return {"type": 4, "custom_id": "share", "style": 2, "label": "What's up?", **extra}


def _modal(*components: Body, **extra: object) -> Body:
    data = {"custom_id": "share-modal", "title": "Share", "components": list(components)}
    return {"type": 9, "data": {**data, **extra}}


def _autocomplete(choices: list[Body]) -> Body:
    return {"type": 8, "data": {"choices": choices}}


def _command(**extra: object) -> Body:
    return {"name": "checkin", "description": "Check in with how you feel", "type": 1, **extra}


def _string_option(name: str = "mood", **extra: object) -> Body:
    return {"type": 3, "name": name, "description": "How you feel", **extra}


def _sized_command(total: int) -> list[Body]:
    """A command whose counted characters (names, descriptions, choices) add up to `total`."""
    remaining = total - 4  # "c" + "d" + option "o" + option description "p"
    choices = []
    while remaining > 0:
        size = min(200, remaining)
        choices.append({"name": "n" * (size - size // 2), "value": "v" * (size // 2)})
        remaining -= size
    option = {"type": 3, "name": "o", "description": "p", "choices": choices}
    return [{"name": "c", "description": "d", "options": [option]}]


def _paths(problems: list[Problem]) -> list[str]:
    return [problem.path for problem in problems]


@dataclass(frozen=True, slots=True)
class Limit:
    """A body builder taking the size under test, the documented limit and where it breaks."""

    make: Callable[[int], Any]
    limit: int
    path: str
    check: Callable[[Any], list[Problem]]


def _message(make: Callable[[int], Body], limit: int, path: str) -> Limit:
    return Limit(make, limit, path, message_problems)


def _response(make: Callable[[int], Body], limit: int, path: str) -> Limit:
    return Limit(make, limit, path, interaction_response_problems)


def _commands(make: Callable[[int], list[Body]], limit: int, path: str) -> Limit:
    return Limit(make, limit, path, commands_problems)


LIMITS: Mapping[str, Limit] = {
    "content": _message(lambda n: {"content": "x" * n}, 2000, "content"),
    "nonce": _message(lambda n: {"content": "hi", "nonce": "7" * n}, 25, "nonce"),
    "embeds": _message(lambda n: {"embeds": [{"title": "t"}] * n}, 10, "embeds"),
    "embed title": _message(lambda n: _embed(title="x" * n), 256, "embeds.0.title"),
    "embed description": _message(
        lambda n: _embed(description="x" * n), 4096, "embeds.0.description"
    ),
    "embed fields": _message(_fields, 25, "embeds.0.fields"),
    "field name": _message(lambda n: _fields(1, name="x" * n), 256, "embeds.0.fields.0.name"),
    "field value": _message(lambda n: _fields(1, value="x" * n), 1024, "embeds.0.fields.0.value"),
    "footer text": _message(
        lambda n: _embed(footer={"text": "x" * n}), 2048, "embeds.0.footer.text"
    ),
    "author name": _message(
        lambda n: _embed(author={"name": "x" * n}), 256, "embeds.0.author.name"
    ),
    "embed total": _message(
        lambda n: {"embeds": [{"description": "x" * 4000}, {"description": "y" * (n - 4000)}]},
        6000,
        "embeds",
    ),
    "color": _message(lambda n: _embed(color=n), 0xFFFFFF, "embeds.0.color"),
    "mentioned users": _message(
        lambda n: {"content": "hi", "allowed_mentions": {"users": [str(i) for i in range(n)]}},
        100,
        "allowed_mentions.users",
    ),
    "action rows": _message(
        lambda n: {"components": [_row(_button(f"b{i}")) for i in range(n)]}, 5, "components"
    ),
    "buttons per row": _message(
        lambda n: {"components": [_row(*(_button(f"b{i}") for i in range(n)))]},
        5,
        "components.0.components",
    ),
    "button label": _message(
        lambda n: {"components": [_row(_button(label="x" * n))]},
        80,
        "components.0.components.0.label",
    ),
    "custom_id": _message(
        lambda n: {"components": [_row(_button("x" * n))]},
        100,
        "components.0.components.0.custom_id",
    ),
    "select options": _message(
        lambda n: {"components": [_row(_select(options=_options(n)))]},
        25,
        "components.0.components.0.options",
    ),
    "option label": _message(
        lambda n: {"components": [_row(_select(options=[{"label": "x" * n, "value": "v"}]))]},
        100,
        "components.0.components.0.options.0.label",
    ),
    "option value": _message(
        lambda n: {"components": [_row(_select(options=[{"label": "l", "value": "x" * n}]))]},
        100,
        "components.0.components.0.options.0.value",
    ),
    "option description": _message(
        lambda n: {"components": [_row(_select(options=_options(1, description="x" * n)))]},
        100,
        "components.0.components.0.options.0.description",
    ),
    "select placeholder": _message(
        lambda n: {"components": [_row(_select(placeholder="x" * n))]},
        150,
        "components.0.components.0.placeholder",
    ),
    "select max_values": _message(
        lambda n: {"components": [_row(_select(options=_options(25), max_values=n))]},
        25,
        "components.0.components.0.max_values",
    ),
    "select min_values": _message(
        lambda n: {
            "components": [_row(_select(options=_options(25), min_values=n, max_values=25))]
        },
        25,
        "components.0.components.0.min_values",
    ),
    "autocomplete choices": _response(
        lambda n: _autocomplete([{"name": f"c{i}", "value": f"v{i}"} for i in range(n)]),
        25,
        "data.choices",
    ),
    "autocomplete choice name": _response(
        lambda n: _autocomplete([{"name": "x" * n, "value": "v"}]), 100, "data.choices.0.name"
    ),
    "autocomplete choice value": _response(
        lambda n: _autocomplete([{"name": "n", "value": "x" * n}]), 100, "data.choices.0.value"
    ),
    "modal title": _response(
        lambda n: _modal(_row(_text_input()), title="x" * n), 45, "data.title"
    ),
    "modal custom_id": _response(
        lambda n: _modal(_row(_text_input()), custom_id="x" * n), 100, "data.custom_id"
    ),
    "modal components": _response(
        lambda n: _modal(*(_row(_text_input(custom_id=f"t{i}")) for i in range(n))),
        5,
        "data.components",
    ),
    "text input label": _response(
        lambda n: _modal(_row(_text_input(label="x" * n))),
        45,
        "data.components.0.components.0.label",
    ),
    "text input custom_id": _response(
        lambda n: _modal(_row(_text_input(custom_id="x" * n))),
        100,
        "data.components.0.components.0.custom_id",
    ),
    "text input min_length": _response(
        lambda n: _modal(_row(_text_input(min_length=n))),
        4000,
        "data.components.0.components.0.min_length",
    ),
    "text input max_length": _response(
        lambda n: _modal(_row(_text_input(max_length=n))),
        4000,
        "data.components.0.components.0.max_length",
    ),
    "text input value": _response(
        lambda n: _modal(_row(_text_input(value="x" * n))),
        4000,
        "data.components.0.components.0.value",
    ),
    "text input placeholder": _response(
        lambda n: _modal(_row(_text_input(placeholder="x" * n))),
        100,
        "data.components.0.components.0.placeholder",
    ),
    "label text": _response(
        lambda n: _modal({"type": 18, "label": "x" * n, "component": _text_input(label=None)}),
        45,
        "data.components.0.label",
    ),
    "label description": _response(
        lambda n: _modal(
            {"type": 18, "label": "Name", "description": "x" * n, "component": _text_input()}
        ),
        100,
        "data.components.0.description",
    ),
    "commands": _commands(lambda n: [_command(name=f"c{i}") for i in range(n)], 100, ""),
    "command name": _commands(lambda n: [_command(name="x" * n)], 32, "0.name"),
    "command description": _commands(
        lambda n: [_command(description="x" * n)], 100, "0.description"
    ),
    "command options": _commands(
        lambda n: [_command(options=[_string_option(f"o{i}") for i in range(n)])],
        25,
        "0.options",
    ),
    "option name": _commands(
        lambda n: [_command(options=[_string_option("x" * n)])], 32, "0.options.0.name"
    ),
    "option description text": _commands(
        lambda n: [_command(options=[_string_option(description="x" * n)])],
        100,
        "0.options.0.description",
    ),
    "choices": _commands(
        lambda n: [
            _command(
                options=[
                    _string_option(choices=[{"name": f"c{i}", "value": "v"} for i in range(n)])
                ],
            )
        ],
        25,
        "0.options.0.choices",
    ),
    "choice name": _commands(
        lambda n: [_command(options=[_string_option(choices=[{"name": "x" * n, "value": "v"}])])],
        100,
        "0.options.0.choices.0.name",
    ),
    "choice value": _commands(
        lambda n: [_command(options=[_string_option(choices=[{"name": "n", "value": "x" * n}])])],
        100,
        "0.options.0.choices.0.value",
    ),
    "option min_length": _commands(
        lambda n: [_command(options=[_string_option(min_length=n)])],
        6000,
        "0.options.0.min_length",
    ),
    "option max_length": _commands(
        lambda n: [_command(options=[_string_option(max_length=n)])],
        6000,
        "0.options.0.max_length",
    ),
    "command total characters": _commands(_sized_command, 4000, "0"),
}


@pytest.mark.parametrize("name", LIMITS)
def test_a_body_at_the_limit_passes(name: str) -> None:
    limit = LIMITS[name]
    assert limit.check(limit.make(limit.limit)) == []


@pytest.mark.parametrize("name", LIMITS)
def test_a_body_just_over_the_limit_fails_at_its_path(name: str) -> None:
    limit = LIMITS[name]
    assert limit.path in _paths(limit.check(limit.make(limit.limit + 1)))


@given(st.integers(min_value=1, max_value=2000), st.characters(exclude_categories=["Cs"]))
def test_any_content_up_to_2000_characters_passes(length: int, char: str) -> None:
    assert message_problems({"content": char * length}) == []


@given(st.integers(min_value=2001, max_value=10_000))
def test_any_content_over_2000_characters_fails(length: int) -> None:
    assert _paths(message_problems({"content": "x" * length})) == ["content"]


# --- messages ---------------------------------------------------------------------------------


def test_a_nonce_is_a_string_or_a_64_bit_integer_and_enforce_nonce_a_boolean() -> None:
    assert message_problems({"content": "hi", "nonce": 2**63 - 1, "enforce_nonce": True}) == []
    wrong = {"content": "hi", "nonce": 2**63, "enforce_nonce": "yes"}
    assert _paths(message_problems(wrong)) == ["nonce", "enforce_nonce"]


def test_an_empty_message_cannot_be_sent() -> None:
    assert message_problems({"tts": False}) == [Problem("", "Cannot send an empty message")]
    assert _paths(message_problems({"content": "", "embeds": [], "components": []})) == [""]


@pytest.mark.parametrize(
    "body",
    [
        {"embeds": [{"title": "t"}]},
        {"components": [_row(_button())]},
        {"attachments": [{"id": 0, "filename": "a.png"}]},
        {"sticker_ids": ["1"]},
        {"poll": {"question": {"text": "How are you?"}}},
    ],
)
def test_a_message_without_content_needs_something_else_to_show(body: Body) -> None:
    assert message_problems(body) == []


def test_an_edit_may_change_a_single_field() -> None:
    assert message_problems({"components": []}, editing=True) == []
    assert message_problems({"content": "x" * 2001}, editing=True) != []


def test_allowed_mentions_parse_takes_only_known_kinds() -> None:
    body = {"content": "hi", "allowed_mentions": {"parse": ["users", "channels"]}}
    assert _paths(message_problems(body)) == ["allowed_mentions.parse.1"]


def test_allowed_mentions_cannot_parse_users_and_list_them() -> None:
    body = {"content": "hi", "allowed_mentions": {"parse": ["users"], "users": ["1"]}}
    assert _paths(message_problems(body)) == ["allowed_mentions"]
    listed = {"content": "hi", "allowed_mentions": {"parse": ["roles"], "users": ["1"]}}
    assert message_problems(listed) == []


@pytest.mark.parametrize("flags", [0, 4, 4096, 4 | 4096])
def test_a_channel_message_may_set_the_documented_flags(flags: int) -> None:
    assert message_problems({"content": "hi", "flags": flags}) == []


@pytest.mark.parametrize("flags", [64, 2, 1 << 7, -1])
def test_a_channel_message_cannot_set_other_flags(flags: int) -> None:
    assert _paths(message_problems({"content": "hi", "flags": flags})) == ["flags"]


def test_only_interaction_messages_may_be_ephemeral() -> None:
    assert message_problems({"content": "hi", "flags": 64}, from_interaction=True) == []
    assert message_problems({"content": "hi", "flags": 8192}, from_interaction=True) != []


@pytest.mark.parametrize(
    ("embed", "path"),
    [
        ({"url": "ftp://example.org"}, "embeds.0.url"),
        ({"url": "https://"}, "embeds.0.url"),
        ({"image": {"url": "file:///etc/passwd"}}, "embeds.0.image.url"),
        ({"author": {"name": "a", "icon_url": "javascript:x"}}, "embeds.0.author.icon_url"),
        ({"color": -1}, "embeds.0.color"),
        ({"color": "blue"}, "embeds.0.color"),
        ({"fields": [{"name": "", "value": "v"}]}, "embeds.0.fields.0.name"),
        ({"fields": [{"name": "n"}]}, "embeds.0.fields.0.value"),
        ({"footer": {"icon_url": "https://example.org/i.png"}}, "embeds.0.footer.text"),
    ],
)
def test_embed_shapes_discord_refuses(embed: Body, path: str) -> None:
    assert path in _paths(message_problems({"embeds": [{"title": "t", **embed}]}))


def test_embed_urls_may_be_web_or_attachment_links() -> None:
    embed = {
        "url": "https://example.org/a",
        "image": {"url": "attachment://picture.png"},
        "thumbnail": {"url": "http://example.org/t.png"},
        "color": 0,
    }
    assert message_problems({"embeds": [embed]}) == []


@pytest.mark.parametrize(
    ("button", "path"),
    [
        ({"style": 5, "label": "Docs", "custom_id": "x", "url": "https://e.org"}, "custom_id"),
        ({"style": 5, "label": "Docs"}, "url"),
        ({"style": 1, "label": "Yes"}, "custom_id"),
        ({"style": 1, "custom_id": "yes"}, ""),
        ({"style": 1, "label": "Yes", "custom_id": "y", "url": "https://e.org"}, "url"),
        ({"style": 7, "label": "Yes", "custom_id": "y"}, "style"),
        ({"style": 1, "label": "Yes", "custom_id": ""}, "custom_id"),
    ],
)
def test_button_shapes_discord_refuses(button: Body, path: str) -> None:
    body = {"components": [_row({"type": 2, **button})]}
    button_path = "components.0.components.0"
    assert (f"{button_path}.{path}" if path else button_path) in _paths(message_problems(body))


def test_an_emoji_button_needs_no_label_and_a_link_button_no_custom_id() -> None:
    emoji = {"type": 2, "style": 2, "custom_id": "wave", "emoji": {"name": "👋"}}
    link = {"type": 2, "style": 5, "label": "Help", "url": "https://example.org"}
    assert message_problems({"components": [_row(emoji, link)]}) == []


def test_custom_ids_are_unique_within_a_message() -> None:
    body = {"components": [_row(_button("same")), _row(_button("same"))]}
    assert _paths(message_problems(body)) == ["components.1.components.0.custom_id"]


def test_a_select_sits_alone_in_its_row() -> None:
    body = {"components": [_row(_select(), _button())]}
    assert _paths(message_problems(body)) == ["components.0.components"]


def test_select_values_must_be_consistent() -> None:
    select = _select(min_values=2, max_values=1)
    assert "components.0.components.0.min_values" in _paths(
        message_problems({"components": [_row(select)]})
    )
    too_many = _select(max_values=3)  # only two options
    assert _paths(message_problems({"components": [_row(too_many)]})) == [
        "components.0.components.0.max_values"
    ]


def test_an_empty_action_row_fails() -> None:
    assert _paths(message_problems({"components": [_row()]})) == ["components.0.components"]


def test_layout_components_need_the_components_v2_flag() -> None:
    text = {"type": 10, "content": "Breathe in, breathe out."}
    assert _paths(message_problems({"components": [text]})) == ["components.0.type"]
    assert message_problems({"components": [text], "flags": 1 << 15}) == []


def test_components_v2_messages_carry_no_content_and_check_nested_rows() -> None:
    container = {"type": 17, "components": [_row(_button("a")), _row(_button("a"))]}
    body = {"content": "hi", "components": [container], "flags": 1 << 15}
    assert _paths(message_problems(body)) == [
        "content",
        "components.0.components.1.components.0.custom_id",
    ]


def test_a_section_accessory_button_follows_the_button_rules() -> None:
    section = {
        "type": 9,
        "components": [{"type": 10, "content": "Need a moment?"}],
        "accessory": {"type": 2, "style": 1, "label": "Breathe"},
    }
    body = {"components": [section], "flags": 1 << 15}
    assert _paths(message_problems(body)) == ["components.0.accessory.custom_id"]


def test_components_v2_messages_hold_40_components_in_all() -> None:
    texts = [{"type": 10, "content": "x"}] * 39
    at_limit = {"components": [{"type": 17, "components": texts}], "flags": 1 << 15}
    assert message_problems(at_limit) == []
    over = {"components": [{"type": 17, "components": [*texts, texts[0]]}], "flags": 1 << 15}
    assert _paths(message_problems(over)) == ["components"]


# --- interaction responses ---------------------------------------------------------------------


@pytest.mark.parametrize("callback_type", [2, 3, 11, 13])
def test_unknown_callback_types_fail(callback_type: int) -> None:
    assert _paths(interaction_response_problems({"type": callback_type})) == ["type"]


@pytest.mark.parametrize(
    ("body", "interaction_type"),
    [
        ({"type": 1}, 1),
        ({"type": 5, "data": {"flags": 64}}, 2),
        ({"type": 6}, 3),
        ({"type": 7, "data": {"components": []}}, 3),
        ({"type": 7, "data": {"content": "Thanks"}}, 5),
        ({"type": 8, "data": {"choices": []}}, 4),
        ({"type": 4, "data": {"content": "hi", "flags": 64 | 4096}}, 2),
    ],
)
def test_callbacks_that_fit_their_interaction_pass(body: Body, interaction_type: int) -> None:
    assert interaction_response_problems(body, interaction_type=interaction_type) == []


@pytest.mark.parametrize(
    ("body", "interaction_type"),
    [
        ({"type": 7, "data": {"content": "hi"}}, 2),
        ({"type": 6}, 2),
        ({"type": 8, "data": {"choices": []}}, 2),
        ({"type": 4, "data": {"content": "hi"}}, 4),
        ({"type": 9, "data": {}}, 5),
        ({"type": 4, "data": {"content": "hi"}}, 1),
    ],
)
def test_callbacks_that_do_not_fit_their_interaction_fail(
    body: Body, interaction_type: int
) -> None:
    assert "type" in _paths(interaction_response_problems(body, interaction_type=interaction_type))


def test_a_message_response_follows_the_message_rules() -> None:
    assert _paths(interaction_response_problems({"type": 4, "data": {"tts": False}})) == ["data"]
    assert _paths(interaction_response_problems({"type": 4})) == ["data"]
    too_long = {"type": 4, "data": {"content": "x" * 2001}}
    assert _paths(interaction_response_problems(too_long)) == ["data.content"]
    deferred = {"type": 5, "data": {"flags": 2}}
    assert _paths(interaction_response_problems(deferred)) == ["data.flags"]


def test_autocomplete_values_may_be_numbers_but_not_other_things() -> None:
    numbers = _autocomplete([{"name": "one", "value": 1}, {"name": "half", "value": 0.5}])
    assert interaction_response_problems(numbers) == []
    other = _autocomplete([{"name": "yes", "value": True}, {"name": "none"}])
    assert _paths(interaction_response_problems(other)) == [
        "data.choices.0.value",
        "data.choices.1.value",
    ]


def test_modal_text_input_shapes_discord_refuses() -> None:
    body = _modal(
        _row(_text_input(style=3, custom_id="a")),
        _row(_text_input(min_length=10, max_length=5, custom_id="b")),
        _row(_text_input(custom_id="a")),
        _row({"type": 4, "custom_id": "c", "style": 1}),
        _row(_text_input(custom_id="d"), _text_input(custom_id="e")),
    )
    assert _paths(interaction_response_problems(body)) == [
        "data.components.0.components.0.style",
        "data.components.1.components.0.min_length",
        "data.components.2.components.0.custom_id",
        "data.components.3.components.0.label",
        "data.components.4.components",
    ]


def test_a_modal_takes_labels_text_displays_and_legacy_rows() -> None:
    body = _modal(
        {"type": 10, "content": "Nobody else sees this."},
        {"type": 18, "label": "Name", "component": _text_input(label=None, custom_id="n")},
        {"type": 18, "label": "Mood", "component": _select()},
        _row(_text_input()),
    )
    assert interaction_response_problems(body) == []


def test_a_modal_rejects_buttons_and_checks_selects_inside_labels() -> None:
    label = {"type": 18, "label": "Mood", "component": _select(placeholder="x" * 151)}
    body = _modal(_row(_button()), label)
    assert _paths(interaction_response_problems(body)) == [
        "data.components.0.components.0.type",
        "data.components.1.component.placeholder",
    ]


def test_a_modal_needs_at_least_one_component() -> None:
    assert _paths(interaction_response_problems(_modal())) == ["data.components"]


# --- application commands ----------------------------------------------------------------------

_VALID_NAME_CHARS = st.characters(categories=["Ll", "Lo", "Nd", "No"]) | st.sampled_from("-_'")


@given(st.text(_VALID_NAME_CHARS, min_size=1, max_size=32).filter(lambda n: n == n.lower()))
def test_lowercase_names_of_letters_and_numbers_pass(name: str) -> None:
    assert is_valid_command_name(name)
    assert commands_problems([_command(name=name)]) == []


@given(st.text(_VALID_NAME_CHARS, min_size=33, max_size=64))
def test_names_over_32_characters_fail(name: str) -> None:
    assert not is_valid_command_name(name)
    assert "0.name" in _paths(commands_problems([_command(name=name)]))


@given(st.text(_VALID_NAME_CHARS, max_size=16), st.sampled_from(" A!/.Ä"))
def test_chat_input_names_refuse_capitals_spaces_and_punctuation(base: str, bad: str) -> None:
    name = base + bad
    assert not is_valid_command_name(name)
    assert "0.name" in _paths(commands_problems([_command(name=name)]))


@pytest.mark.parametrize("name", ["नमस्ते", "สวัสดี", "こんにちは", "über-mood", "don't", "x_1"])
def test_names_in_many_scripts_pass(name: str) -> None:
    assert is_valid_command_name(name)


def test_context_menu_names_may_use_capitals_and_spaces() -> None:
    menus = [{"name": "Report Message", "type": 3}, {"name": "Check On User", "type": 2}]
    assert commands_problems(menus) == []
    too_long = [{"name": "x" * 33, "type": 3}]
    assert _paths(commands_problems(too_long)) == ["0.name"]


def test_context_menus_have_their_own_count_limit() -> None:
    menus = [{"name": f"Menu {i}", "type": 2} for i in range(16)]
    assert _paths(commands_problems(menus)) == [""]


def test_command_names_are_unique_per_type() -> None:
    same_type = [_command(), _command()]
    assert _paths(commands_problems(same_type)) == ["1.name"]
    assert commands_problems([_command(name="check"), {"name": "check", "type": 3}]) == []


def test_required_options_come_first() -> None:
    options = [_string_option("a"), _string_option("b", required=True)]
    assert _paths(commands_problems([_command(options=options)])) == ["0.options.1.required"]


def test_option_names_are_unique_per_level() -> None:
    options = [_string_option("a"), _string_option("a")]
    assert _paths(commands_problems([_command(options=options)])) == ["0.options.1.name"]


def _subcommand(name: str, *options: Body) -> Body:
    return {"type": 1, "name": name, "description": "A subcommand", "options": list(options)}


def _group(name: str, *options: Body) -> Body:
    return {"type": 2, "name": name, "description": "A group", "options": list(options)}


def test_groups_hold_subcommands_which_hold_options() -> None:
    tree = [_group("cope", _subcommand("list", _string_option())), _subcommand("add")]
    assert commands_problems([_command(options=tree)]) == []


@pytest.mark.parametrize(
    ("options", "path"),
    [
        ([_subcommand("a", _subcommand("b"))], "0.options.0.options.0.type"),
        ([_subcommand("a", _group("b"))], "0.options.0.options.0.type"),
        ([_group("a", _group("b"))], "0.options.0.options.0.type"),
        ([_group("a", _string_option())], "0.options.0.options.0.type"),
        ([_subcommand("a"), _string_option()], "0.options"),
    ],
)
def test_nesting_discord_refuses(options: list[Body], path: str) -> None:
    assert _paths(commands_problems([_command(options=options)])) == [path]


@pytest.mark.parametrize("permissions", [None, "0", "8192", 8192])
def test_default_member_permissions_are_a_bit_set(permissions: object) -> None:
    assert commands_problems([_command(default_member_permissions=permissions)]) == []


@pytest.mark.parametrize("permissions", ["manage", "-1", -1, True, 1.5])
def test_default_member_permissions_refuse_other_values(permissions: object) -> None:
    command = _command(default_member_permissions=permissions)
    assert _paths(commands_problems([command])) == ["0.default_member_permissions"]


def test_contexts_and_integration_types_take_documented_values() -> None:
    assert commands_problems([_command(contexts=[0, 1, 2], integration_types=[0, 1])]) == []
    wrong = _command(contexts=[3], integration_types=[0, 2])
    assert _paths(commands_problems([wrong])) == ["0.contexts.0", "0.integration_types.1"]


def test_choices_fit_only_string_integer_and_number_options_without_autocomplete() -> None:
    choices = [{"name": "yes", "value": "yes"}]
    boolean = {"type": 5, "name": "sure", "description": "Sure?", "choices": choices}
    both = _string_option(choices=choices, autocomplete=True)
    assert _paths(commands_problems([_command(options=[both, boolean])])) == [
        "0.options.0.autocomplete",
        "0.options.1.choices",
    ]


def test_string_option_lengths_must_be_consistent() -> None:
    option = _string_option(min_length=10, max_length=5)
    assert _paths(commands_problems([_command(options=[option])])) == ["0.options.0.min_length"]


def test_the_longest_translation_counts_toward_the_total() -> None:
    command = _sized_command(4000)
    assert commands_problems(command) == []
    command[0]["name_localizations"] = {"fr": "cc"}
    assert _paths(commands_problems(command)) == ["0"]


def test_a_bulk_overwrite_is_an_array_of_objects() -> None:
    assert _paths(commands_problems(["checkin"])) == ["0"]
    assert _paths(commands_problems({"name": "x"}.keys())) == [""]  # type: ignore[arg-type]
