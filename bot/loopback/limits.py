"""Discord's documented payload limits, checked the way Discord checks a request body.

The loopback Discord runs these on every body the bot sends, so a payload real Discord would
refuse with a 400 fails in our tests too. Pure: no discord import, no I/O.

Every limit below is a fact from Discord's developer documentation (page named beside each group),
cross-checked with the maxLength/maxItems of Discord's OpenAPI description where it has them.
"""

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple
from urllib.parse import urlsplit

# --- Messages: https://discord.com/developers/docs/resources/message#create-message -----------
CONTENT_MAX = 2000
EMBEDS_MAX = 10
ALLOWED_MENTION_KINDS = frozenset({"roles", "users", "everyone"})
ALLOWED_MENTION_IDS_MAX = 100
STICKERS_MAX = 3
ATTACHMENTS_MAX = 10
NONCE_MAX = 25  # characters of a string nonce; an integer one is any 64-bit integer
# Message flags: https://discord.com/developers/docs/resources/message#message-object-message-flags
SUPPRESS_EMBEDS = 1 << 2
EPHEMERAL = 1 << 6
SUPPRESS_NOTIFICATIONS = 1 << 12
IS_VOICE_MESSAGE = 1 << 13
IS_COMPONENTS_V2 = 1 << 15
CHANNEL_MESSAGE_FLAGS = (
    SUPPRESS_EMBEDS | SUPPRESS_NOTIFICATIONS | IS_VOICE_MESSAGE | IS_COMPONENTS_V2
)
# Interaction responses and their followups may also be ephemeral.
INTERACTION_MESSAGE_FLAGS = SUPPRESS_EMBEDS | EPHEMERAL | SUPPRESS_NOTIFICATIONS | IS_COMPONENTS_V2
FLAG_NAMES: Mapping[int, str] = {
    SUPPRESS_EMBEDS: "SUPPRESS_EMBEDS",
    EPHEMERAL: "EPHEMERAL",
    SUPPRESS_NOTIFICATIONS: "SUPPRESS_NOTIFICATIONS",
    IS_VOICE_MESSAGE: "IS_VOICE_MESSAGE",
    IS_COMPONENTS_V2: "IS_COMPONENTS_V2",
}

# --- Embeds: https://discord.com/developers/docs/resources/message#embed-object-embed-limits ---
EMBED_TITLE_MAX = 256
EMBED_DESCRIPTION_MAX = 4096
EMBED_FIELDS_MAX = 25
EMBED_FIELD_NAME_MAX = 256
EMBED_FIELD_VALUE_MAX = 1024
EMBED_FOOTER_TEXT_MAX = 2048
EMBED_AUTHOR_NAME_MAX = 256
EMBED_URL_MAX = 2048
EMBEDS_TOTAL_TEXT_MAX = 6000
COLOR_MAX = 0xFFFFFF
WEB_SCHEMES = frozenset({"http", "https"})
# Images may point at a file uploaded with the same message.
MEDIA_SCHEMES = WEB_SCHEMES | {"attachment"}

# --- Components: https://discord.com/developers/docs/components/reference ---------------------
ACTION_ROW = 1
BUTTON = 2
STRING_SELECT = 3
TEXT_INPUT = 4
SELECT_TYPES = frozenset({STRING_SELECT, 5, 6, 7, 8})  # string, user, role, mentionable, channel
TEXT_DISPLAY = 10
LABEL = 18
ACTION_ROWS_MAX = 5
BUTTONS_PER_ROW_MAX = 5
COMPONENTS_V2_TOTAL_MAX = 40
CUSTOM_ID_MAX = 100
BUTTON_LABEL_MAX = 80
BUTTON_URL_MAX = 512
LINK_BUTTON_STYLE = 5
PREMIUM_BUTTON_STYLE = 6
BUTTON_STYLES = frozenset(range(1, 7))
LINK_BUTTON_SCHEMES = WEB_SCHEMES | {"discord"}
SELECT_OPTIONS_MAX = 25
SELECT_OPTION_TEXT_MAX = 100  # label, value and description alike
SELECT_PLACEHOLDER_MAX = 150
SELECT_VALUES_MAX = 25
# Modals: https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-modal
MODAL_TITLE_MAX = 45
MODAL_COMPONENTS_MAX = 5
LABEL_TEXT_MAX = 45
LABEL_DESCRIPTION_MAX = 100
TEXT_INPUT_STYLES = frozenset({1, 2})
TEXT_INPUT_LENGTH_MAX = 4000  # min_length, max_length and value
TEXT_INPUT_PLACEHOLDER_MAX = 100

# --- Interaction responses -----------------------------------------------------------------
# https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-interaction-callback-type
PONG = 1
CHANNEL_MESSAGE_WITH_SOURCE = 4
DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE = 5
DEFERRED_UPDATE_MESSAGE = 6
UPDATE_MESSAGE = 7
AUTOCOMPLETE_RESULT = 8
MODAL = 9
PREMIUM_REQUIRED = 10  # deprecated by Discord, still listed
LAUNCH_ACTIVITY = 12
# Interaction types, and the callback types each may be answered with.
PING = 1
APPLICATION_COMMAND = 2
MESSAGE_COMPONENT = 3
APPLICATION_COMMAND_AUTOCOMPLETE = 4
MODAL_SUBMIT = 5
_ANSWERS = frozenset({CHANNEL_MESSAGE_WITH_SOURCE, DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE})
_UPDATES = frozenset({DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE})
_PREMIUM_OR_ACTIVITY = frozenset({PREMIUM_REQUIRED, LAUNCH_ACTIVITY})
CALLBACKS_BY_INTERACTION_TYPE: Mapping[int, frozenset[int]] = {
    PING: frozenset({PONG}),
    APPLICATION_COMMAND: _ANSWERS | _PREMIUM_OR_ACTIVITY | {MODAL},
    MESSAGE_COMPONENT: _ANSWERS | _UPDATES | _PREMIUM_OR_ACTIVITY | {MODAL},
    APPLICATION_COMMAND_AUTOCOMPLETE: frozenset({AUTOCOMPLETE_RESULT}),
    MODAL_SUBMIT: _ANSWERS | _UPDATES | _PREMIUM_OR_ACTIVITY,  # a modal cannot open another modal
}
CALLBACK_TYPES = frozenset().union(*CALLBACKS_BY_INTERACTION_TYPE.values())
AUTOCOMPLETE_CHOICES_MAX = 25

# --- Application commands: https://discord.com/developers/docs/interactions/application-commands
CHAT_INPUT = 1
COMMANDS_MAX_BY_TYPE: Mapping[int, int] = {CHAT_INPUT: 100, 2: 15, 3: 15, 4: 1}
COMMAND_NAME_MAX = 32
COMMAND_DESCRIPTION_MAX = 100
COMMAND_OPTIONS_MAX = 25
CHOICES_MAX = 25
CHOICE_NAME_MAX = 100
CHOICE_STRING_VALUE_MAX = 100
COMMAND_TOTAL_TEXT_MAX = 4000
OPTION_LENGTH_MAX = 6000  # min_length and max_length of string options
SUBCOMMAND = 1
SUBCOMMAND_GROUP = 2
OPTION_TYPES = frozenset(range(1, 12))
CHOICE_OPTION_TYPES = frozenset({3, 4, 10})  # string, integer, number
INTERACTION_CONTEXTS = frozenset({0, 1, 2})  # guild, bot DM, private channel
INTEGRATION_TYPES = frozenset({0, 1})  # guild install, user install
# The documented name regex is ^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$. Stdlib `re` has no
# \p{...}: its Unicode \w is exactly [\p{L}\p{N}_], and the two scripts are spelled as the code
# point ranges Unicode's Scripts.txt gives them (they add combining vowel signs, which are not L).
_DEVANAGARI = "\u0900-\u0950\u0955-\u0963\u0966-\u097f\ua8e0-\ua8ff\U00011b00-\U00011b09"
_THAI = "\u0e01-\u0e3a\u0e40-\u0e5b"
COMMAND_NAME_PATTERN = re.compile(f"[-'\\w{_DEVANAGARI}{_THAI}]{{1,{COMMAND_NAME_MAX}}}")


class Problem(NamedTuple):
    path: str  # dotted path into the body, e.g. "embeds.0.fields.3.name"; "" is the whole body
    message: str  # what Discord would say


def message_problems(
    body: Mapping[str, object], *, editing: bool = False, from_interaction: bool = False
) -> list[Problem]:
    """Problems of a create/edit message body, webhook followup or webhook message edit.

    `editing`: an edit only carries what changes, so it may be "empty".
    `from_interaction`: interaction followups and their edits may set EPHEMERAL.
    """
    report = _Report()
    allowed_flags = INTERACTION_MESSAGE_FLAGS if from_interaction else CHANNEL_MESSAGE_FLAGS
    _check_message(report, body, "", allowed_flags=allowed_flags, editing=editing)
    return report.problems


def interaction_response_problems(
    body: Mapping[str, object], *, interaction_type: int | None = None
) -> list[Problem]:
    """Problems of an interaction callback body; `interaction_type` (1..5) checks the pairing."""
    report = _Report()
    callback_type = _integer(report, body, "type", "", required=True)
    if callback_type is None:
        return report.problems
    if callback_type not in CALLBACK_TYPES:
        report.add("type", _one_of(CALLBACK_TYPES))
        return report.problems
    allowed = CALLBACKS_BY_INTERACTION_TYPE.get(interaction_type or 0)
    if allowed is not None and callback_type not in allowed:
        report.add(
            "type", f"Callback type {callback_type} cannot answer interactions of this type."
        )
    required_data = callback_type in {CHANNEL_MESSAGE_WITH_SOURCE, AUTOCOMPLETE_RESULT, MODAL}
    data = _object(report, body, "data", "", required=required_data)
    if data is None:
        return report.problems
    if callback_type in {CHANNEL_MESSAGE_WITH_SOURCE, UPDATE_MESSAGE}:
        editing = callback_type == UPDATE_MESSAGE
        _check_message(
            report, data, "data", allowed_flags=INTERACTION_MESSAGE_FLAGS, editing=editing
        )
    elif callback_type == DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE:
        _check_flags(report, data, "data", INTERACTION_MESSAGE_FLAGS)
    elif callback_type == AUTOCOMPLETE_RESULT:
        _check_autocomplete(report, data, "data")
    elif callback_type == MODAL:
        _check_modal(report, data, "data")
    return report.problems


def commands_problems(body: Sequence[object]) -> list[Problem]:
    """Problems of a bulk overwrite of application commands (global or guild)."""
    report = _Report()
    if isinstance(body, str | bytes) or not isinstance(body, Sequence):
        report.add("", "Must be an array.")
        return report.problems
    counts: dict[int, int] = {}
    seen: set[tuple[int, str]] = set()
    for index, item in enumerate(body):
        path = str(index)
        command = _as_object(report, item, path)
        if command is None:
            continue
        command_type = _integer(report, command, "type", path) or CHAT_INPUT
        if command_type not in COMMANDS_MAX_BY_TYPE:
            report.add(_join(path, "type"), _one_of(COMMANDS_MAX_BY_TYPE))
            continue
        counts[command_type] = counts.get(command_type, 0) + 1
        name = _check_command(report, command, path, command_type)
        if name is not None and (command_type, name) in seen:
            report.add(_join(path, "name"), "Application command names must be unique")
        elif name is not None:
            seen.add((command_type, name))
    for command_type, count in counts.items():
        limit = COMMANDS_MAX_BY_TYPE[command_type]
        if count > limit:
            report.add(
                "",
                f"Maximum number of application commands of type {command_type} reached ({limit}).",
            )
    return report.problems


# --- the report and typed readers ------------------------------------------------------------


@dataclass(slots=True)
class _Report:
    problems: list[Problem] = field(default_factory=list)
    # custom_ids already used in the message or modal being checked
    custom_ids: set[str] = field(default_factory=set)

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))


def _join(path: str, key: str | int) -> str:
    return f"{path}.{key}" if path else str(key)


def _length_message(min_length: int, max_length: int) -> str:
    if min_length > 0:
        return f"Must be between {min_length} and {max_length} in length."
    return f"Must be {max_length} or fewer in length."


def _one_of(values: Iterable[int]) -> str:
    return f"Value must be one of {sorted(values)}."


def _present(parent: Mapping[str, object], key: str) -> bool:
    return parent.get(key) is not None


def _text(
    report: _Report,
    parent: Mapping[str, object],
    key: str,
    path: str,
    *,
    max_length: int,
    min_length: int = 0,
    required: bool = False,
) -> str | None:
    """The string at `key` when it is one; reports absence, type and length."""
    where = _join(path, key)
    value = parent.get(key)
    if value is None:
        if required:
            report.add(where, "This field is required")
        return None
    if not isinstance(value, str):
        report.add(where, "Must be a string.")
        return None
    if not min_length <= len(value) <= max_length:
        report.add(where, _length_message(min_length, max_length))
    return value


def _integer(
    report: _Report,
    parent: Mapping[str, object],
    key: str,
    path: str,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    required: bool = False,
) -> int | None:
    where = _join(path, key)
    value = parent.get(key)
    if value is None:
        if required:
            report.add(where, "This field is required")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        report.add(where, "Must be an integer.")
        return None
    if minimum is not None and value < minimum:
        report.add(where, f"Must be greater than or equal to {minimum}.")
    if maximum is not None and value > maximum:
        report.add(where, f"Must be less than or equal to {maximum}.")
    return value


def _array(
    report: _Report,
    parent: Mapping[str, object],
    key: str,
    path: str,
    *,
    max_items: int,
    min_items: int = 0,
    required: bool = False,
) -> list[object]:
    """The list at `key` (empty when absent or not a list); reports absence, type and size."""
    where = _join(path, key)
    value = parent.get(key)
    if value is None:
        if required:
            report.add(where, "This field is required")
        return []
    if not isinstance(value, list):
        report.add(where, "Must be an array.")
        return []
    if not min_items <= len(value) <= max_items:
        report.add(where, _length_message(min_items, max_items))
    return value


def _as_object(report: _Report, value: object, path: str) -> Mapping[str, object] | None:
    if isinstance(value, Mapping):
        return value
    report.add(path, "Must be an object.")
    return None


def _object(
    report: _Report, parent: Mapping[str, object], key: str, path: str, *, required: bool = False
) -> Mapping[str, object] | None:
    value = parent.get(key)
    if value is None:
        if required:
            report.add(_join(path, key), "This field is required")
        return None
    return _as_object(report, value, _join(path, key))


def _url(
    report: _Report,
    parent: Mapping[str, object],
    key: str,
    path: str,
    *,
    schemes: frozenset[str],
    max_length: int = EMBED_URL_MAX,
    required: bool = False,
) -> None:
    value = _text(report, parent, key, path, max_length=max_length, required=required)
    if value is None:
        return
    parts = urlsplit(value)
    if parts.scheme not in schemes:
        allowed = ", ".join(sorted(schemes))
        report.add(_join(path, key), f'Scheme "{parts.scheme}" is not supported. Use {allowed}.')
    elif parts.scheme in WEB_SCHEMES and not parts.netloc:
        report.add(_join(path, key), "Not a well formed URL.")


def _objects(
    report: _Report, items: list[object], path: str
) -> Iterator[tuple[str, Mapping[str, object]]]:
    """(path, object) for every item of a checked list, reporting items that are not objects."""
    for index, item in enumerate(items):
        item_path = _join(path, index)
        checked = _as_object(report, item, item_path)
        if checked is not None:
            yield item_path, checked


# --- messages ---------------------------------------------------------------------------------


def _check_message(
    report: _Report, body: Mapping[str, object], path: str, *, allowed_flags: int, editing: bool
) -> None:
    content = _text(report, body, "content", path, max_length=CONTENT_MAX)
    embeds = _array(report, body, "embeds", path, max_items=EMBEDS_MAX)
    _check_embeds(report, embeds, _join(path, "embeds"))
    _check_allowed_mentions(report, body, path)
    _array(report, body, "sticker_ids", path, max_items=STICKERS_MAX)
    _array(report, body, "attachments", path, max_items=ATTACHMENTS_MAX)
    flags = _check_flags(report, body, path, allowed_flags)
    components = _array(report, body, "components", path, max_items=COMPONENTS_V2_TOTAL_MAX)
    if flags & IS_COMPONENTS_V2:
        _check_layout(report, body, components, path)
    else:
        _check_action_rows(report, components, _join(path, "components"))
    if editing:
        return
    _check_nonce(report, body, path)
    carriers = ("embeds", "components", "attachments", "sticker_ids")
    has_carrier = any(isinstance(body.get(key), list) and body.get(key) for key in carriers)
    if not content and not has_carrier and not _present(body, "poll"):
        report.add(path, "Cannot send an empty message")


def _check_nonce(report: _Report, body: Mapping[str, object], path: str) -> None:
    nonce = body.get("nonce")
    if isinstance(nonce, str):
        _text(report, body, "nonce", path, max_length=NONCE_MAX)
    elif nonce is not None:
        _integer(report, body, "nonce", path, minimum=-(2**63), maximum=2**63 - 1)
    enforce = body.get("enforce_nonce")
    if enforce is not None and not isinstance(enforce, bool):
        report.add(_join(path, "enforce_nonce"), "Must be a boolean.")


def _check_flags(report: _Report, body: Mapping[str, object], path: str, allowed_flags: int) -> int:
    flags = _integer(report, body, "flags", path, minimum=0) or 0
    if flags < 0:  # already reported
        return 0
    if flags & ~allowed_flags:
        names = ", ".join(name for bit, name in FLAG_NAMES.items() if bit & allowed_flags)
        report.add(_join(path, "flags"), f"Only these flags may be set here: {names}.")
    return flags


def _check_allowed_mentions(report: _Report, body: Mapping[str, object], path: str) -> None:
    mentions = _object(report, body, "allowed_mentions", path)
    if mentions is None:
        return
    where = _join(path, "allowed_mentions")
    parse = _array(report, mentions, "parse", where, max_items=len(ALLOWED_MENTION_KINDS))
    for index, kind in enumerate(parse):
        if kind not in ALLOWED_MENTION_KINDS:
            report.add(
                _join(_join(where, "parse"), index),
                f"Value must be one of {sorted(ALLOWED_MENTION_KINDS)}.",
            )
    for kind in ("users", "roles"):
        ids = _array(report, mentions, kind, where, max_items=ALLOWED_MENTION_IDS_MAX)
        if ids and kind in parse:
            report.add(where, f'parse:["{kind}"] and {kind}: [ids...] are mutually exclusive.')


def _check_embeds(report: _Report, embeds: list[object], path: str) -> None:
    total = 0
    for embed_path, embed in _objects(report, embeds, path):
        total += _check_embed(report, embed, embed_path)
    if total > EMBEDS_TOTAL_TEXT_MAX:
        report.add(path, f"Embed size exceeds maximum size of {EMBEDS_TOTAL_TEXT_MAX}")


def _check_embed(report: _Report, embed: Mapping[str, object], path: str) -> int:
    """Checks one embed; returns how many of its characters count toward the 6000 total."""
    texts = [
        _text(report, embed, "title", path, max_length=EMBED_TITLE_MAX),
        _text(report, embed, "description", path, max_length=EMBED_DESCRIPTION_MAX),
    ]
    _url(report, embed, "url", path, schemes=WEB_SCHEMES)
    _integer(report, embed, "color", path, minimum=0, maximum=COLOR_MAX)
    fields = _array(report, embed, "fields", path, max_items=EMBED_FIELDS_MAX)
    for field_path, embed_field in _objects(report, fields, _join(path, "fields")):
        for key, limit in (("name", EMBED_FIELD_NAME_MAX), ("value", EMBED_FIELD_VALUE_MAX)):
            texts.append(
                _text(
                    report,
                    embed_field,
                    key,
                    field_path,
                    max_length=limit,
                    min_length=1,
                    required=True,
                )
            )
    footer = _object(report, embed, "footer", path)
    if footer is not None:
        where = _join(path, "footer")
        texts.append(
            _text(report, footer, "text", where, max_length=EMBED_FOOTER_TEXT_MAX, required=True)
        )
        _url(report, footer, "icon_url", where, schemes=MEDIA_SCHEMES)
    author = _object(report, embed, "author", path)
    if author is not None:
        where = _join(path, "author")
        texts.append(
            _text(report, author, "name", where, max_length=EMBED_AUTHOR_NAME_MAX, required=True)
        )
        _url(report, author, "url", where, schemes=WEB_SCHEMES)
        _url(report, author, "icon_url", where, schemes=MEDIA_SCHEMES)
    for key in ("image", "thumbnail"):
        media = _object(report, embed, key, path)
        if media is not None:
            _url(report, media, "url", _join(path, key), schemes=MEDIA_SCHEMES, required=True)
    return sum(len(text) for text in texts if text)


# --- components -------------------------------------------------------------------------------


def _component_type(report: _Report, component: Mapping[str, object], path: str) -> int:
    return _integer(report, component, "type", path, required=True) or 0


def _check_action_rows(report: _Report, components: list[object], path: str) -> None:
    if len(components) > ACTION_ROWS_MAX:
        report.add(path, _length_message(0, ACTION_ROWS_MAX))
    for row_path, row in _objects(report, components, path):
        if _component_type(report, row, row_path) != ACTION_ROW:
            report.add(
                _join(row_path, "type"),
                "Only action rows may be sent without the IS_COMPONENTS_V2 flag.",
            )
            continue
        _check_action_row(report, row, row_path)


def _check_action_row(report: _Report, row: Mapping[str, object], path: str) -> None:
    children = _array(
        report, row, "components", path, min_items=1, max_items=BUTTONS_PER_ROW_MAX, required=True
    )
    kinds = [
        (child_path, child, _component_type(report, child, child_path))
        for child_path, child in _objects(report, children, _join(path, "components"))
    ]
    has_select = any(kind in SELECT_TYPES for _, _, kind in kinds)
    if has_select and len(kinds) > 1:
        report.add(_join(path, "components"), "A select menu must be alone in its action row.")
    for child_path, child, kind in kinds:
        if kind == BUTTON:
            _check_button(report, child, child_path)
        elif kind in SELECT_TYPES:
            _check_select(report, child, child_path, kind)
        else:
            report.add(_join(child_path, "type"), "Action rows hold only buttons or one select.")


def _check_custom_id(
    report: _Report, component: Mapping[str, object], path: str, *, required: bool = True
) -> None:
    custom_id = _text(
        report,
        component,
        "custom_id",
        path,
        min_length=1,
        max_length=CUSTOM_ID_MAX,
        required=required,
    )
    if custom_id is None:
        return
    if custom_id in report.custom_ids:
        report.add(_join(path, "custom_id"), "Component custom id cannot be duplicated")
    report.custom_ids.add(custom_id)


def _check_button(report: _Report, button: Mapping[str, object], path: str) -> None:
    style = _integer(report, button, "style", path, required=True)
    if style is not None and style not in BUTTON_STYLES:
        report.add(_join(path, "style"), _one_of(BUTTON_STYLES))
    label = _text(report, button, "label", path, max_length=BUTTON_LABEL_MAX)
    if style == PREMIUM_BUTTON_STYLE:
        for key in ("custom_id", "url", "label", "emoji"):
            if _present(button, key):
                report.add(_join(path, key), "Premium buttons cannot have this field.")
        return
    if style == LINK_BUTTON_STYLE:
        _url(
            report,
            button,
            "url",
            path,
            schemes=LINK_BUTTON_SCHEMES,
            max_length=BUTTON_URL_MAX,
            required=True,
        )
        if _present(button, "custom_id"):
            report.add(_join(path, "custom_id"), "Link buttons cannot have a custom_id.")
    else:
        _check_custom_id(report, button, path)
        if _present(button, "url"):
            report.add(_join(path, "url"), "Only link buttons can have a url.")
    if not label and not _present(button, "emoji"):
        report.add(path, "A button needs a label or an emoji.")


def _check_select(report: _Report, select: Mapping[str, object], path: str, kind: int) -> None:
    _check_custom_id(report, select, path)
    _text(report, select, "placeholder", path, max_length=SELECT_PLACEHOLDER_MAX)
    min_values = _integer(report, select, "min_values", path, minimum=0, maximum=SELECT_VALUES_MAX)
    max_values = _integer(report, select, "max_values", path, minimum=1, maximum=SELECT_VALUES_MAX)
    if min_values is not None and max_values is not None and min_values > max_values:
        report.add(_join(path, "min_values"), "min_values must not exceed max_values.")
    if kind != STRING_SELECT:
        return
    options = _array(
        report, select, "options", path, min_items=1, max_items=SELECT_OPTIONS_MAX, required=True
    )
    if options and max_values is not None and max_values > len(options):
        report.add(_join(path, "max_values"), "max_values must not exceed the number of options.")
    for option_path, option in _objects(report, options, _join(path, "options")):
        for key in ("label", "value"):
            _text(
                report,
                option,
                key,
                option_path,
                min_length=1,
                max_length=SELECT_OPTION_TEXT_MAX,
                required=True,
            )
        _text(report, option, "description", option_path, max_length=SELECT_OPTION_TEXT_MAX)


def _check_layout(
    report: _Report, body: Mapping[str, object], components: list[object], path: str
) -> None:
    """A components-v2 message: layout components only, 40 components at most in all."""
    for key in ("content", "embeds", "sticker_ids", "poll"):
        if body.get(key):
            report.add(_join(path, key), "Cannot be used with the IS_COMPONENTS_V2 flag.")
    where = _join(path, "components")
    if _count_components(components) > COMPONENTS_V2_TOTAL_MAX:
        report.add(where, f"A message holds at most {COMPONENTS_V2_TOTAL_MAX} components.")
    for component_path, component in _walk_layout(report, components, where):
        kind = _component_type(report, component, component_path)
        if kind == ACTION_ROW:
            _check_action_row(report, component, component_path)
        elif kind == BUTTON:  # a section's accessory; buttons in rows are checked with the row
            _check_button(report, component, component_path)


def _walk_layout(
    report: _Report, components: list[object], path: str
) -> Iterator[tuple[str, Mapping[str, object]]]:
    """Every component of a layout tree down to action rows, parents before their children."""
    for component_path, component in _objects(report, components, path):
        yield component_path, component
        nested = component.get("components")
        if component.get("type") != ACTION_ROW and isinstance(nested, list):
            yield from _walk_layout(report, nested, _join(component_path, "components"))
        accessory = component.get("accessory")
        if isinstance(accessory, Mapping):
            yield _join(component_path, "accessory"), accessory


def _count_components(components: list[object]) -> int:
    total = 0
    for component in components:
        total += 1
        if isinstance(component, Mapping):
            nested = component.get("components")
            total += _count_components(nested) if isinstance(nested, list) else 0
            total += 1 if isinstance(component.get("accessory"), Mapping) else 0
    return total


# --- interaction responses ---------------------------------------------------------------------


def _check_autocomplete(report: _Report, data: Mapping[str, object], path: str) -> None:
    choices = _array(report, data, "choices", path, max_items=AUTOCOMPLETE_CHOICES_MAX)
    _check_choices(report, choices, _join(path, "choices"))


def _check_choices(report: _Report, choices: list[object], path: str) -> int:
    """Checks command or autocomplete choices; returns their characters toward the 4000 total."""
    characters = 0
    for choice_path, choice in _objects(report, choices, path):
        name = _text(
            report,
            choice,
            "name",
            choice_path,
            min_length=1,
            max_length=CHOICE_NAME_MAX,
            required=True,
        )
        characters += _longest(name, choice.get("name_localizations"))
        value = choice.get("value")
        if isinstance(value, str):
            _text(report, choice, "value", choice_path, max_length=CHOICE_STRING_VALUE_MAX)
            characters += len(value)
        elif value is None:
            report.add(_join(choice_path, "value"), "This field is required")
        elif isinstance(value, bool) or not isinstance(value, int | float):
            report.add(_join(choice_path, "value"), "Must be a string or a number.")
    return characters


def _check_modal(report: _Report, data: Mapping[str, object], path: str) -> None:
    _text(report, data, "title", path, min_length=1, max_length=MODAL_TITLE_MAX, required=True)
    _text(report, data, "custom_id", path, min_length=1, max_length=CUSTOM_ID_MAX, required=True)
    components = _array(
        report,
        data,
        "components",
        path,
        min_items=1,
        max_items=MODAL_COMPONENTS_MAX,
        required=True,
    )
    for component_path, component in _objects(report, components, _join(path, "components")):
        kind = _component_type(report, component, component_path)
        if kind == ACTION_ROW:
            _check_modal_row(report, component, component_path)
        elif kind == LABEL:
            _check_label(report, component, component_path)
        elif kind != TEXT_DISPLAY:
            report.add(_join(component_path, "type"), _one_of({ACTION_ROW, TEXT_DISPLAY, LABEL}))


def _check_modal_row(report: _Report, row: Mapping[str, object], path: str) -> None:
    """The older modal layout: an action row around exactly one text input."""
    children = _array(report, row, "components", path, min_items=1, max_items=1, required=True)
    for child_path, child in _objects(report, children, _join(path, "components")):
        if _component_type(report, child, child_path) == TEXT_INPUT:
            _check_text_input(report, child, child_path, labelled=False)
        else:
            report.add(_join(child_path, "type"), "Modal action rows hold one text input.")


def _check_label(report: _Report, label: Mapping[str, object], path: str) -> None:
    _text(report, label, "label", path, min_length=1, max_length=LABEL_TEXT_MAX, required=True)
    _text(report, label, "description", path, max_length=LABEL_DESCRIPTION_MAX)
    inner = _object(report, label, "component", path, required=True)
    if inner is None:
        return
    where = _join(path, "component")
    kind = _component_type(report, inner, where)
    if kind == TEXT_INPUT:
        _check_text_input(report, inner, where, labelled=True)
    elif kind in SELECT_TYPES:
        _check_select(report, inner, where, kind)


def _check_text_input(
    report: _Report, text_input: Mapping[str, object], path: str, *, labelled: bool
) -> None:
    _check_custom_id(report, text_input, path)
    style = _integer(report, text_input, "style", path, required=True)
    if style is not None and style not in TEXT_INPUT_STYLES:
        report.add(_join(path, "style"), _one_of(TEXT_INPUT_STYLES))
    # Inside a label component the label component carries the text.
    _text(
        report,
        text_input,
        "label",
        path,
        min_length=1,
        max_length=LABEL_TEXT_MAX,
        required=not labelled,
    )
    min_length = _integer(
        report, text_input, "min_length", path, minimum=0, maximum=TEXT_INPUT_LENGTH_MAX
    )
    max_length = _integer(
        report, text_input, "max_length", path, minimum=1, maximum=TEXT_INPUT_LENGTH_MAX
    )
    if min_length is not None and max_length is not None and min_length > max_length:
        report.add(_join(path, "min_length"), "min_length must not exceed max_length.")
    _text(report, text_input, "value", path, max_length=TEXT_INPUT_LENGTH_MAX)
    _text(report, text_input, "placeholder", path, max_length=TEXT_INPUT_PLACEHOLDER_MAX)


# --- application commands ----------------------------------------------------------------------


def is_valid_command_name(name: str, *, chat_input: bool = True) -> bool:
    """Discord's naming rule: chat-input names match the regex and use lowercase where it exists.

    User and message commands may use any characters, spaces and capitals included.
    """
    if not chat_input:
        return 1 <= len(name) <= COMMAND_NAME_MAX
    return COMMAND_NAME_PATTERN.fullmatch(name) is not None and name == name.lower()


def _longest(default: str | None, localizations: object) -> int:
    """Only the longest of a text and its translations counts toward the 4000 total."""
    lengths = [len(default or "")]
    if isinstance(localizations, Mapping):
        lengths += [len(text) for text in localizations.values() if isinstance(text, str)]
    return max(lengths)


def _check_name_and_description(
    report: _Report, item: Mapping[str, object], path: str, *, chat_input: bool
) -> tuple[str | None, int]:
    """Checks name and description; returns the name and their characters toward the total."""
    name = _text(
        report, item, "name", path, min_length=1, max_length=COMMAND_NAME_MAX, required=True
    )
    length_fits = name is not None and 1 <= len(name) <= COMMAND_NAME_MAX  # else reported
    if name is not None and length_fits and not is_valid_command_name(name, chat_input=chat_input):
        report.add(_join(path, "name"), "String value did not match validation regex.")
    description = _text(
        report,
        item,
        "description",
        path,
        min_length=1 if chat_input else 0,
        max_length=COMMAND_DESCRIPTION_MAX,
        required=chat_input,
    )
    characters = _longest(name, item.get("name_localizations")) + _longest(
        description, item.get("description_localizations")
    )
    return name, characters


def _check_command(
    report: _Report, command: Mapping[str, object], path: str, command_type: int
) -> str | None:
    chat_input = command_type == CHAT_INPUT
    name, characters = _check_name_and_description(report, command, path, chat_input=chat_input)
    permissions = command.get("default_member_permissions")
    valid_permissions = permissions is None or (
        isinstance(permissions, str) and permissions.isdecimal()
    )
    # discord.py sends the bit set as a JSON integer, which Discord accepts as well.
    if isinstance(permissions, int) and not isinstance(permissions, bool):
        valid_permissions = permissions >= 0
    if not valid_permissions:
        report.add(_join(path, "default_member_permissions"), "Must be a string of an integer.")
    for key, allowed in (
        ("contexts", INTERACTION_CONTEXTS),
        ("integration_types", INTEGRATION_TYPES),
    ):
        values = _array(report, command, key, path, max_items=len(allowed))
        for index, value in enumerate(values):
            if value not in allowed or isinstance(value, bool):
                report.add(_join(_join(path, key), index), _one_of(allowed))
    options = _array(report, command, "options", path, max_items=COMMAND_OPTIONS_MAX)
    if options and not chat_input:
        report.add(_join(path, "options"), "Only chat input commands can have options.")
    characters += _check_options(report, options, _join(path, "options"), _Level.COMMAND)
    if characters > COMMAND_TOTAL_TEXT_MAX:
        report.add(path, f"Command exceeds maximum size ({COMMAND_TOTAL_TEXT_MAX})")
    return name


class _Level(Enum):
    """Where a list of options sits, which decides the option kinds it may hold."""

    COMMAND = "command"  # groups, subcommands, or plain options, never mixed
    GROUP = "group"  # subcommands only
    SUBCOMMAND = "subcommand"  # plain options only


_NESTING = frozenset({SUBCOMMAND, SUBCOMMAND_GROUP})
_KINDS_BY_LEVEL: Mapping[_Level, frozenset[int]] = {
    _Level.COMMAND: OPTION_TYPES,
    _Level.GROUP: frozenset({SUBCOMMAND}),
    _Level.SUBCOMMAND: OPTION_TYPES - _NESTING,
}


def _check_options(report: _Report, options: list[object], path: str, level: _Level) -> int:
    """Checks one level of options; returns their characters counting toward the 4000 total."""
    characters = 0
    names: set[str] = set()
    kinds: set[int] = set()
    seen_optional = False
    for option_path, option in _objects(report, options, path):
        kind = _integer(report, option, "type", option_path, required=True)
        if kind is None:
            continue
        if kind not in _KINDS_BY_LEVEL[level]:
            report.add(_join(option_path, "type"), _one_of(_KINDS_BY_LEVEL[level]))
            continue
        kinds.add(kind)
        name, option_characters = _check_name_and_description(
            report, option, option_path, chat_input=True
        )
        characters += option_characters
        if name is not None and name in names:
            report.add(_join(option_path, "name"), "Option names must be unique")
        names.add(name or "")
        if kind in _NESTING:
            inner = _Level.GROUP if kind == SUBCOMMAND_GROUP else _Level.SUBCOMMAND
            nested = _array(report, option, "options", option_path, max_items=COMMAND_OPTIONS_MAX)
            characters += _check_options(report, nested, _join(option_path, "options"), inner)
            continue
        required = option.get("required") is True
        if required and seen_optional:
            report.add(
                _join(option_path, "required"),
                "Required options must be placed before non-required options",
            )
        seen_optional = seen_optional or not required
        characters += _check_value_option(report, option, option_path, kind)
    if kinds & _NESTING and kinds - _NESTING:
        report.add(path, "Subcommands and groups cannot sit beside other options.")
    return characters


def _check_value_option(report: _Report, option: Mapping[str, object], path: str, kind: int) -> int:
    choices = _array(report, option, "choices", path, max_items=CHOICES_MAX)
    if choices and kind not in CHOICE_OPTION_TYPES:
        report.add(_join(path, "choices"), "Only string, integer and number options have choices.")
    if choices and option.get("autocomplete") is True:
        report.add(_join(path, "autocomplete"), "Autocomplete cannot be used with choices.")
    min_length = _integer(report, option, "min_length", path, minimum=0, maximum=OPTION_LENGTH_MAX)
    max_length = _integer(report, option, "max_length", path, minimum=1, maximum=OPTION_LENGTH_MAX)
    if min_length is not None and max_length is not None and min_length > max_length:
        report.add(_join(path, "min_length"), "min_length must not exceed max_length.")
    return _check_choices(report, choices, _join(path, "choices"))
