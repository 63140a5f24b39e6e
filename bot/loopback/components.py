"""Finding what a person can press in a message or fill in a modal, as Discord's client shows it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from bot.loopback.state import JSON

BUTTON = 2
STRING_SELECT = 3
TEXT_INPUT = 4
SELECTS = frozenset({STRING_SELECT, 5, 6, 7, 8})
ACTION_ROW = 1
LABEL = 18
LINK_STYLE = 5


class NotOnScreenError(LookupError):
    """What the test asked a person to use is not there; the message lists what is."""


def walk(components: Sequence[JSON]) -> Iterator[JSON]:
    """Every component, depth first, through rows, containers, sections and labels."""
    for component in components:
        yield component
        yield from walk(component.get("components") or [])
        for key in ("component", "accessory"):
            if isinstance(component.get(key), dict):
                yield from walk([component[key]])


def find_button(components: Sequence[JSON], wanted: str) -> JSON:
    buttons = [c for c in walk(components) if c.get("type") == BUTTON]
    button = next((b for b in buttons if wanted in {b.get("label"), b.get("custom_id")}), None)
    if button is None:
        shown = ", ".join(repr(b.get("label") or b.get("custom_id")) for b in buttons) or "none"
        raise NotOnScreenError(f"no button {wanted!r}; buttons: {shown}")
    if button.get("disabled"):
        raise NotOnScreenError(f"button {wanted!r} is disabled")
    if button.get("style") == LINK_STYLE or "custom_id" not in button:
        raise NotOnScreenError(f"button {wanted!r} is a link; pressing it never reaches the bot")
    return button


def find_select(components: Sequence[JSON], wanted: str) -> JSON:
    selects = [c for c in walk(components) if c.get("type") in SELECTS]
    select = next(
        (s for s in selects if wanted in {s.get("placeholder"), s.get("custom_id")}), None
    )
    if select is None:
        shown = ", ".join(repr(s.get("placeholder") or s.get("custom_id")) for s in selects)
        raise NotOnScreenError(f"no select menu {wanted!r}; select menus: {shown or 'none'}")
    if select.get("disabled"):
        raise NotOnScreenError(f"select menu {wanted!r} is disabled")
    return select


def check_choice(select: JSON, values: Sequence[str]) -> None:
    """Discord's client only lets a person pick listed options, between min and max of them."""
    low, high = int(select.get("min_values", 1)), int(select.get("max_values", 1))
    if not low <= len(values) <= high:
        raise NotOnScreenError(f"pick between {low} and {high} options, not {len(values)}")
    if select.get("type") == STRING_SELECT:
        offered = [str(option["value"]) for option in select.get("options") or []]
        unknown = [value for value in values if value not in offered]
        if unknown:
            raise NotOnScreenError(f"options {unknown} are not offered; offered: {offered}")


def modal_submission(modal: JSON, answers: Mapping[str, str | Sequence[str]]) -> list[JSON]:
    """The components of a modal submit: what the person typed or picked, keyed by label or id.

    A field left out of `answers` submits what the bot pre-filled, as Discord's client does:
    a text input's `value`, a select's default options. An empty answer clears a field.
    """
    used: set[str] = set()
    submitted: list[JSON] = []
    for row in modal.get("components") or []:
        kind = row.get("type")
        if kind == ACTION_ROW:
            inner = row["components"][0]
            value = _answer(inner, inner.get("label"), answers, used)
            submitted.append({"type": ACTION_ROW, "components": [value]})
        elif kind == LABEL:
            value = _answer(row["component"], row.get("label"), answers, used)
            submitted.append({"type": LABEL, "component": value})
    unknown = set(answers) - used
    if unknown:
        labels = [
            c.get("label") or c.get("custom_id")
            for c in walk(modal.get("components") or [])
            if c.get("type") in {TEXT_INPUT, LABEL}
        ]
        raise NotOnScreenError(f"the modal has no field {sorted(unknown)}; fields: {labels}")
    return submitted


def _answer(
    field: JSON, label: str | None, answers: Mapping[str, str | Sequence[str]], used: set[str]
) -> JSON:
    custom_id = str(field.get("custom_id"))
    key = next((k for k in (label, custom_id) if k is not None and k in answers), None)
    given = answers[key] if key is not None else _prefilled(field)
    if key is not None:
        used.add(key)
    name = label or custom_id
    if field.get("type") == TEXT_INPUT:
        text = str(given)
        if field.get("required", True) and not text:
            raise NotOnScreenError(
                f"field {name!r} is required; Discord would not submit without it"
            )
        low, high = int(field.get("min_length", 0)), int(field.get("max_length", 4000))
        if text and not low <= len(text) <= high:
            raise NotOnScreenError(
                f"field {name!r} takes {low} to {high} characters, not {len(text)}"
            )
        return {"type": TEXT_INPUT, "custom_id": custom_id, "value": text}
    values = [given] if isinstance(given, str) else list(given or [])
    check_choice(field, values)
    return {"type": field.get("type"), "custom_id": custom_id, "values": values}


def _prefilled(field: JSON) -> str | list[str]:
    """What a field holds before the person touches it."""
    if field.get("type") == TEXT_INPUT:
        return str(field.get("value") or "")
    if field.get("type") == STRING_SELECT:
        return [
            str(option["value"]) for option in field.get("options") or [] if option.get("default")
        ]
    return [str(default["id"]) for default in field.get("default_values") or []]
