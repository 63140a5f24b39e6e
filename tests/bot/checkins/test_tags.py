import tomllib
from pathlib import Path
from typing import Any

import pytest

from bot.checkins.tags import MAX_TAGS, TagCatalogue, UnknownTagError
from bot.content_errors import ContentError


def entry(**overrides: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "id": "sleep",
        "label": "Sleep",
        "emoji": "😴",
        "source": "Lantern team",
    }
    fields.update(overrides)
    return fields


def catalogue(*entries: dict[str, Any]) -> TagCatalogue:
    return TagCatalogue.from_document({"tag": list(entries)}, "tags.toml")


def test_the_bundled_tags_load() -> None:
    tags = TagCatalogue.load()
    assert 10 <= len(tags.tags) <= MAX_TAGS
    assert {"sleep", "anxiety", "stress", "lonely", "grateful", "energy"} <= set(tags.ids())
    sleep = tags.get("sleep")
    assert sleep is not None
    assert sleep.label == "Sleep"
    assert sleep.source


@pytest.mark.parametrize(
    ("bad_entry", "message"),
    [
        (entry(id="Sleep"), r"tag 2 \('Sleep'\): id must be lower-case"),
        (entry(id=""), "tag 2: id must be non-empty text"),
        (entry(label=""), r"tag 2 \('sleep'\): label must be non-empty text"),
        (entry(label="x" * 101), "label is longer than 100"),
        (entry(emoji="zz"), "emoji must be an emoji"),
        (entry(source=3), "source must be non-empty text"),
        ({**entry(), "colour": "red"}, "tag 2: unexpected field 'colour'"),
        ("sleep", "tag 2: expected a table"),
    ],
)
def test_a_bad_entry_is_named(bad_entry: dict[str, Any], message: str) -> None:
    with pytest.raises(ContentError, match=message):
        catalogue(entry(id="rest"), bad_entry)


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(ContentError, match="tag 'sleep' appears twice"):
        catalogue(entry(), entry(label="Sleep again"))


def test_empty_and_oversized_catalogues_are_refused() -> None:
    with pytest.raises(ContentError, match="at least one"):
        catalogue()
    with pytest.raises(ContentError, match="at most 25"):
        catalogue(*(entry(id=f"tag{number}") for number in range(MAX_TAGS + 1)))


def test_an_unreadable_file_is_a_content_error(tmp_path: Path) -> None:
    broken = tmp_path / "checkin_tags.toml"
    broken.write_text("[[tag]\nid =", "utf-8")
    with pytest.raises(ContentError, match=r"checkin_tags\.toml: cannot read it"):
        TagCatalogue.load(broken)
    with pytest.raises(ContentError, match=r"missing\.toml"):
        TagCatalogue.load(tmp_path / "missing.toml")


def test_validate_keeps_catalogue_order_without_repeats() -> None:
    tags = catalogue(entry(id="sleep"), entry(id="stress"), entry(id="lonely"))
    assert tags.validate(["lonely", "sleep", "lonely"]) == ("sleep", "lonely")
    assert tags.validate([]) == ()
    with pytest.raises(UnknownTagError, match="“nope”"):
        tags.validate(["sleep", "nope"])


def test_the_data_file_is_plain_toml_with_only_tag_entries() -> None:
    document = tomllib.loads((Path(__file__).parents[3] / "data" / "checkin_tags.toml").read_text())
    assert set(document) == {"tag"}
