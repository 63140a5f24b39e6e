import pytest

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
