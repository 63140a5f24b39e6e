"""Request bodies checked against Discord's own OpenAPI 3.1 description of its HTTP API.

The description is read where it lies (never copied into the repo) once per process, and each
operation's validator is compiled the first time a request needs it. `jsonschema` is a test extra,
so without it, or without the file, `SpecValidator.load` says so and returns None.

Where the published schema is stricter than Discord itself, `_loosen` says what it relaxes and why.
"""

import functools
import json
import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Protocol

from bot.loopback.limits import Problem
from bot.paths import DISCORD_OPENAPI_SPEC

_log = logging.getLogger(__name__)

_SPEC_URI = "urn:discord:openapi"
# A body sent as multipart carries its JSON in payload_json; the JSON schema describes that part.
_CONTENT_TYPES = ("application/json", "multipart/form-data")
_MESSAGE_MAX = 200


class _SchemaValidator(Protocol):
    def iter_errors(self, instance: object) -> Iterable[Any]: ...


class SpecValidator:
    """Validates request bodies against the operation the request path and method name."""

    def __init__(self, spec: Mapping[str, Any]) -> None:
        from jsonschema import Draft202012Validator  # noqa: PLC0415 - optional test extra
        from referencing import Registry, Resource  # noqa: PLC0415
        from referencing.jsonschema import DRAFT202012  # noqa: PLC0415

        self._spec = spec
        self._routes = _Routes(spec.get("paths", {}))
        resource = Resource.from_contents(spec, default_specification=DRAFT202012)
        self._registry = Registry().with_resource(_SPEC_URI, resource)
        self._validator_class = Draft202012Validator
        self._validators: dict[tuple[str, str], _SchemaValidator | None] = {}

    @classmethod
    def load(cls, path: Path = DISCORD_OPENAPI_SPEC) -> "SpecValidator | None":
        """The validator for the spec at `path`, shared by the whole process; None when the
        file or jsonschema is missing (with a warning, logged once)."""
        return _shared_validator(path)

    def problems(self, method: str, path: str, body: object) -> list[Problem]:
        """Schema violations of `body` sent as `method path` (path after /api/v10)."""
        template = self._routes.match(path)
        if template is None:
            return []
        validator = self._validator(method.lower(), template)
        if validator is None:
            return []
        described = (
            problem for error in validator.iter_errors(body) for problem in _problems_of(error)
        )
        # each missing required property is its own error yet names the whole set
        return list(dict.fromkeys(described))

    def _validator(self, method: str, template: str) -> _SchemaValidator | None:
        key = (method, template)
        if key not in self._validators:
            self._validators[key] = self._compile(method, template)
        return self._validators[key]

    def _compile(self, method: str, template: str) -> _SchemaValidator | None:
        operation = self._spec["paths"][template].get(method)
        if not isinstance(operation, Mapping):
            return None
        content = operation.get("requestBody", {}).get("content", {})
        media_type = next((kind for kind in _CONTENT_TYPES if kind in content), None)
        if media_type is None:
            return None
        pointer = "/".join(
            _escape_pointer(part)
            for part in ("paths", template, method, "requestBody", "content", media_type)
        )
        schema = {"$ref": f"{_SPEC_URI}#/{pointer}/schema"}
        validator: _SchemaValidator = self._validator_class(schema, registry=self._registry)
        return validator


@functools.cache
def _shared_validator(path: Path) -> SpecValidator | None:
    try:
        import jsonschema  # noqa: F401, PLC0415 - only to learn whether it is installed
    except ImportError:
        _log.warning(
            "jsonschema is not installed; request bodies are not validated against Discord's schema"
        )
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        _log.warning(
            "OpenAPI spec not found at %s; request bodies are not validated against "
            "Discord's schema",
            path,
        )
        return None
    return SpecValidator(_loosen(json.loads(text)))


def _loosen(spec: dict[str, Any]) -> dict[str, Any]:
    """Relaxes the published schema where Discord accepts more than it describes."""
    schemas = spec.get("components", {}).get("schemas", {})
    # Discord reads snowflakes sent as JSON integers too, and discord.py sends them that way
    # (allowed_mentions.users, attachments[].id, message_reference.message_id).
    if "SnowflakeType" in schemas:
        as_integer = {"type": "integer", "minimum": 0}
        schemas["SnowflakeType"] = {"anyOf": [schemas["SnowflakeType"], as_integer]}
    _rewrite(spec)
    return spec


def _rewrite(node: object) -> None:
    """Three rewrites applied across the whole description:

    - oneOf becomes anyOf. The unions of request bodies are told apart by their `type` field
      (Discord marks them `x-discord-union: oneOf`), so nothing valid is lost, a body fitting
      two near-identical branches cannot fail as "valid under each of", and validation stops
      at the first branch that fits instead of trying them all.
    - A union of bare constants (how the spec spells its enums) becomes an `enum`: the same
      meaning, one check instead of one failed branch per constant.
    - default_member_permissions is documented as a string holding an integer but typed as
      an integer in the schema; Discord takes both.
    """
    if isinstance(node, dict):
        if "oneOf" in node:
            node["anyOf"] = node.pop("oneOf")
        if _is_constant_union(node.get("anyOf")):
            node["enum"] = [branch["const"] for branch in node.pop("anyOf")]
        permissions = node.get("properties", {}).get("default_member_permissions")
        if isinstance(permissions, dict) and "anyOf" not in permissions:
            decimal_string = {"type": "string", "pattern": "^[0-9]+$"}
            node["properties"]["default_member_permissions"] = {
                "anyOf": [permissions, decimal_string]
            }
        for value in node.values():
            _rewrite(value)
    elif isinstance(node, list):
        for item in node:
            _rewrite(item)


def _is_constant_union(branches: object) -> bool:
    return (
        isinstance(branches, list)
        and bool(branches)
        and all(isinstance(branch, dict) and "const" in branch for branch in branches)
    )


def _escape_pointer(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


class _Routes:
    """Matches concrete request paths to the spec's templated ones; literal segments win over
    placeholders, so /messages/@original beats /messages/{message_id}."""

    def __init__(self, templates: Iterable[str]) -> None:
        self._by_length: dict[int, list[tuple[re.Pattern[str], int, str]]] = {}
        for template in templates:
            segments = template.strip("/").split("/")
            pattern = re.compile(
                "/".join("[^/]+" if _is_placeholder(part) else re.escape(part) for part in segments)
            )
            literal_count = sum(not _is_placeholder(part) for part in segments)
            self._by_length.setdefault(len(segments), []).append((pattern, literal_count, template))
        for candidates in self._by_length.values():
            candidates.sort(key=lambda candidate: -candidate[1])

    def match(self, path: str) -> str | None:
        trimmed = path.split("?", 1)[0].strip("/")
        candidates = self._by_length.get(trimmed.count("/") + 1, [])
        return next(
            (template for pattern, _, template in candidates if pattern.fullmatch(trimmed)), None
        )


def _is_placeholder(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def _problems_of(error: Any) -> Iterator[Problem]:
    """What to report for one error: for a failed union, the errors of the branch the body
    meant, told by its JSON type and its `type` field."""
    if error.validator != "anyOf" or not error.context:
        yield from _describe(error)
        return
    branches: dict[int, list[Any]] = {}
    for sub_error in error.context:
        branches.setdefault(sub_error.relative_schema_path[0], []).append(sub_error)
    meant = [errors for errors in branches.values() if not any(map(_is_mismatch, errors))]
    if not meant:
        yield _no_branch_fits(error, branches.values())
        return
    for sub_error in min(meant, key=len):
        yield from _problems_of(sub_error)


def _is_mismatch(error: Any) -> bool:
    """Whether an error shows the body is another kind of thing than this branch describes:
    the wrong JSON type or constant altogether, or another value in the telling `type` field.
    """
    if not error.relative_path:
        return bool(error.validator in {"type", "const", "enum"})
    return list(error.relative_path) == ["type"] and error.validator in {"enum", "const"}


def _no_branch_fits(error: Any, branches: Iterable[list[Any]]) -> Problem:
    """One problem for a value no branch of a union accepts, naming what would do."""
    path = _dotted(error.absolute_path)
    values: set[object] = set()
    kinds: set[str] = set()
    in_type_field = False
    for errors in branches:
        mismatches = [sub_error for sub_error in errors if _is_mismatch(sub_error)]
        kinds.update(
            kind
            for sub_error in mismatches
            if sub_error.validator == "type"
            for kind in _as_list(sub_error.validator_value)
        )
        # A branch's `type` field may be pinned twice (its own enum and the full list of kinds
        # through allOf); the narrowest says what this branch takes.
        pinned = [sub_error for sub_error in mismatches if sub_error.validator != "type"]
        if pinned:
            narrowest = min(pinned, key=lambda sub_error: len(_as_list(sub_error.validator_value)))
            values.update(_as_list(narrowest.validator_value))
            in_type_field = in_type_field or bool(narrowest.relative_path)
    if not values:
        return Problem(path, f"Must be of type {sorted(kinds)}.")
    where = (f"{path}.type" if path else "type") if in_type_field else path
    unique = sorted(values, key=_numbers_first)
    return Problem(where, f"Value must be one of {unique}."[:_MESSAGE_MAX])


def _as_list(value: object) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def _dotted(path: Iterable[object]) -> str:
    return ".".join(str(part) for part in path)


def _numbers_first(value: object) -> tuple[int, int, str]:
    return (0, value, "") if isinstance(value, int) else (1, 0, repr(value))


def _describe(error: Any) -> list[Problem]:
    path = _dotted(error.absolute_path)
    value = error.validator_value
    if error.validator == "required":
        missing = [key for key in value if key not in error.instance]
        return [
            Problem(f"{path}.{key}" if path else key, "This field is required") for key in missing
        ]
    messages = {
        "maxLength": f"Must be {value} or fewer in length.",
        "minLength": f"Must be {value} or more in length.",
        "maxItems": f"Must be {value} or fewer in length.",
        "minItems": f"Must be {value} or more in length.",
        "maximum": f"Must be less than or equal to {value}.",
        "minimum": f"Must be greater than or equal to {value}.",
        "type": f"Must be of type {value}.",
        "enum": f"Value must be one of {value}.",
    }
    # jsonschema's own wording quotes the whole value, which may be thousands of characters
    message = messages.get(error.validator, error.message)
    return [Problem(path, message[:_MESSAGE_MAX])]
