import json
from pathlib import Path
from typing import Any

import pytest

from bot.content_errors import ContentError
from bot.coping import Category, CopingLibrary

FILE_NAME = "coping.toml"


def valid_entries() -> list[dict[str, Any]]:
    """One small, valid strategy per category, so only the change under test can fail."""
    return [
        {
            "id": f"{category.value}-one",
            "title": f"{category.label} one",
            "category": category.value,
            "minutes": 3,
            "summary": "A small thing to try.",
            "steps": ["Breathe in slowly.", "Breathe out slowly."],
            "source_name": "Example health body",
            "source_url": "https://example.org/coping",
        }
        for category in Category
    ]


def write_strategies(directory: Path, entries: list[dict[str, Any]]) -> Path:
    # JSON strings, numbers and arrays of strings are also valid TOML values.
    tables = (
        "[[strategy]]\n" + "".join(f"{key} = {json.dumps(value)}\n" for key, value in entry.items())
        for entry in entries
    )
    path = directory / FILE_NAME
    path.write_text("\n".join(tables), encoding="utf-8")
    return path


def test_a_valid_file_loads(tmp_path: Path) -> None:
    library = CopingLibrary.load(write_strategies(tmp_path, valid_entries()))

    assert len(library.strategies) == len(Category)
    assert library.by_id("sleep-one") is not None
    assert [s.id for s in library.in_category(Category.SLEEP)] == ["sleep-one"]
    assert library.strategies[0].steps == ("Breathe in slowly.", "Breathe out slowly.")


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("steps", [], "2 to 6 steps"),
        ("steps", ["Only one step."], "2 to 6 steps"),
        ("steps", [f"Step {n}." for n in range(7)], "2 to 6 steps"),
        ("steps", ["Breathe in.", "   "], "steps must be a list of non-empty texts"),
        ("steps", "Breathe in. Breathe out.", "steps must be a list"),
        ("category", "napping", "unknown category 'napping'"),
        ("source_url", "http://example.org/coping", "https://"),
        ("source_url", "https://", "https://"),
        ("source_url", "https://example org/coping", "https://"),
        ("source_url", "see the NHS website", "https://"),
        ("id", "Box Breathing", "slug"),
        ("minutes", 0, "minutes must be between"),
        ("minutes", True, "minutes must be a whole number"),
        ("title", "x" * 300, "the title is 300 characters"),
        ("summary", "", "summary must be non-empty"),
        ("steps", ["word " * 50] * 6, "field 'Try this' is over 1024"),
    ],
)
def test_bad_field_names_file_and_entry(
    tmp_path: Path, field: str, value: object, expected: str
) -> None:
    entries = valid_entries()
    entries[2][field] = value
    entry_name = entries[2]["id"] if field != "id" else value

    with pytest.raises(ContentError, match=FILE_NAME) as raised:
        CopingLibrary.load(write_strategies(tmp_path, entries))

    assert f'strategy "{entry_name}"' in str(raised.value)
    assert expected in str(raised.value)


def test_missing_source_names_the_entry(tmp_path: Path) -> None:
    entries = valid_entries()
    del entries[0]["source_url"]

    with pytest.raises(ContentError, match=r'coping\.toml: strategy "breathing-one": missing'):
        CopingLibrary.load(write_strategies(tmp_path, entries))


def test_unknown_key_is_caught_as_a_likely_typo(tmp_path: Path) -> None:
    entries = valid_entries()
    entries[0]["sumary"] = "typo"

    with pytest.raises(ContentError, match="unknown keys sumary"):
        CopingLibrary.load(write_strategies(tmp_path, entries))


def test_duplicate_id_is_refused(tmp_path: Path) -> None:
    entries = valid_entries()
    entries[1]["id"] = entries[0]["id"]

    with pytest.raises(ContentError, match=r'strategy "breathing-one" repeats the id'):
        CopingLibrary.load(write_strategies(tmp_path, entries))


def test_duplicate_title_is_refused_whatever_its_case(tmp_path: Path) -> None:
    entries = valid_entries()
    entries[4]["title"] = entries[0]["title"].upper()

    with pytest.raises(
        ContentError,
        match=r'strategy "sleep-one" repeats the title of strategy "breathing-one"',
    ):
        CopingLibrary.load(write_strategies(tmp_path, entries))


def test_a_category_with_nothing_in_it_is_refused(tmp_path: Path) -> None:
    entries = [e for e in valid_entries() if e["category"] != Category.PLANNING.value]

    with pytest.raises(
        ContentError, match=r"coping\.toml: no strategies in the categories planning"
    ):
        CopingLibrary.load(write_strategies(tmp_path, entries))


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    path.write_text("[[strategy]]\nid = \n", encoding="utf-8")

    with pytest.raises(ContentError, match=r"coping\.toml: not valid TOML"):
        CopingLibrary.load(path)


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=r"coping\.toml: the file is missing"):
        CopingLibrary.load(tmp_path / FILE_NAME)


def test_a_file_without_strategies_is_refused(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    path.write_text("# nothing yet\n", encoding="utf-8")

    with pytest.raises(ContentError, match=r"needs at least one \[\[strategy\]\] entry"):
        CopingLibrary.load(path)
