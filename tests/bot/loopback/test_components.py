import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.loopback.components import (
    NotOnScreenError,
    check_choice,
    find_button,
    find_select,
    modal_submission,
)

ROW = {
    "type": 1,
    "components": [
        {"type": 2, "style": 1, "label": "Another", "custom_id": "menu:another"},
        {"type": 2, "style": 2, "label": "Off", "custom_id": "menu:off", "disabled": True},
        {"type": 2, "style": 5, "label": "Help", "url": "https://example.org"},
    ],
}
CONTAINER = {
    "type": 17,
    "components": [
        {
            "type": 9,
            "components": [{"type": 10, "content": "Breathe"}],
            "accessory": {"type": 2, "style": 1, "label": "Start", "custom_id": "breathe"},
        },
        {
            "type": 1,
            "components": [
                {
                    "type": 3,
                    "custom_id": "tags",
                    "placeholder": "Tags",
                    "max_values": 2,
                    "options": [
                        {"label": "Sleep", "value": "sleep"},
                        {"label": "Food", "value": "food"},
                    ],
                }
            ],
        },
    ],
}


def test_buttons_are_found_by_label_or_custom_id_anywhere() -> None:
    assert find_button([ROW], "Another")["custom_id"] == "menu:another"
    assert find_button([ROW], "menu:another")["label"] == "Another"
    assert find_button([CONTAINER], "Start")["custom_id"] == "breathe"


def test_missing_disabled_and_link_buttons_cannot_be_pressed() -> None:
    with pytest.raises(NotOnScreenError, match="buttons: 'Another', 'Off', 'Help'"):
        find_button([ROW], "Nope")
    with pytest.raises(NotOnScreenError, match="disabled"):
        find_button([ROW], "Off")
    with pytest.raises(NotOnScreenError, match="link"):
        find_button([ROW], "Help")


def test_select_choices_follow_the_menu() -> None:
    menu = find_select([CONTAINER], "Tags")
    check_choice(menu, ["sleep", "food"])
    with pytest.raises(NotOnScreenError, match="not offered"):
        check_choice(menu, ["work"])
    with pytest.raises(NotOnScreenError, match="between 1 and 2"):
        check_choice(menu, [])


def test_modal_answers_by_label_in_rows_and_labels() -> None:
    modal = {
        "custom_id": "note",
        "title": "A note",
        "components": [
            {"type": 1, "components": [{"type": 4, "custom_id": "n", "label": "Note", "style": 2}]},
            {
                "type": 18,
                "label": "Mood",
                "component": {"type": 4, "custom_id": "m", "style": 1, "required": False},
            },
            {"type": 10, "content": "Only you can see this."},
        ],
    }
    assert modal_submission(modal, {"Note": "slept well"}) == [
        {"type": 1, "components": [{"type": 4, "custom_id": "n", "value": "slept well"}]},
        {"type": 18, "component": {"type": 4, "custom_id": "m", "value": ""}},
    ]
    assert modal_submission(modal, {"n": "a", "m": "b"})[1]["component"]["value"] == "b"
    with pytest.raises(NotOnScreenError, match="required"):
        modal_submission(modal, {"Mood": "ok"})
    with pytest.raises(NotOnScreenError, match="no field"):
        modal_submission(modal, {"Note": "x", "Weather": "rain"})


PREFILLED = {
    "custom_id": "draft",
    "title": "Edit your note",
    "components": [
        {
            "type": 1,
            "components": [
                {"type": 4, "custom_id": "n", "label": "Note", "style": 2, "value": "Slept badly."}
            ],
        },
        {
            "type": 18,
            "label": "Mood",
            "component": {
                "type": 3,
                "custom_id": "m",
                "options": [
                    {"label": "Low", "value": "low", "default": True},
                    {"label": "Okay", "value": "okay"},
                ],
            },
        },
        {
            "type": 18,
            "label": "Who helped",
            "component": {
                "type": 5,
                "custom_id": "u",
                "required": False,
                "default_values": [{"id": "42", "type": "user"}],
            },
        },
    ],
}


def test_fields_left_alone_submit_what_the_bot_prefilled() -> None:
    assert modal_submission(PREFILLED, {}) == [
        {"type": 1, "components": [{"type": 4, "custom_id": "n", "value": "Slept badly."}]},
        {"type": 18, "component": {"type": 3, "custom_id": "m", "values": ["low"]}},
        {"type": 18, "component": {"type": 5, "custom_id": "u", "values": ["42"]}},
    ]
    changed = modal_submission(PREFILLED, {"Note": "Slept well.", "Mood": "okay"})
    assert changed[0]["components"][0]["value"] == "Slept well."
    assert changed[1]["component"]["values"] == ["okay"]


def test_clearing_a_prefilled_required_field_is_refused() -> None:
    with pytest.raises(NotOnScreenError, match="'Note' is required"):
        modal_submission(PREFILLED, {"Note": ""})


@given(
    prefilled=st.text(min_size=1, max_size=200),
    typed=st.none() | st.text(min_size=1, max_size=200),
)
def test_a_text_input_submits_what_was_typed_else_what_was_prefilled(
    prefilled: str, typed: str | None
) -> None:
    field = {"type": 4, "custom_id": "t", "label": "Text", "style": 2, "value": prefilled}
    modal = {"custom_id": "m", "title": "T", "components": [{"type": 1, "components": [field]}]}
    answers = {} if typed is None else {"Text": typed}
    (row,) = modal_submission(modal, answers)
    assert row["components"][0]["value"] == (prefilled if typed is None else typed)
