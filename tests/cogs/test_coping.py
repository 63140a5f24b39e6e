"""/coping end to end: a private card, Another, This helped and Remind me daily."""

from __future__ import annotations

import itertools
from typing import Any

from bot.client import Lantern
from bot.coping import Category
from bot.loopback import InteractionHandle, Person
from bot.loopback.state import JSON


def title_of(handle: InteractionHandle) -> str:
    [embed] = handle.embeds
    return str(embed["title"])


def button_labels(components: list[JSON]) -> list[str]:
    return [str(button["label"]) for row in components for button in row["components"]]


def coping(lantern: Lantern) -> Any:
    return lantern.get_cog("Coping")


async def test_coping_shows_one_strategy_privately_with_its_buttons(
    lantern: Lantern, alice: Person
) -> None:
    answer = await alice.slash("coping")
    assert answer.ephemeral
    [embed] = answer.embeds
    strategy = next(s for s in lantern.content.coping.strategies if s.title == embed["title"])
    assert embed["url"] == strategy.source_url
    assert button_labels(answer.components) == ["Another", "This helped", "Remind me daily"]


async def test_another_never_repeats_the_one_just_shown_and_keeps_the_category(
    lantern: Lantern, alice: Person
) -> None:
    breathing = {s.title for s in lantern.content.coping.in_category(Category.BREATHING)}
    assert len(breathing) >= 2
    answer = await alice.slash("coping", category="breathing")
    shown = [title_of(answer)]
    for _ in range(8):
        await alice.click(answer, "Another")
        shown.append(title_of(answer))  # the card is replaced in place
    assert set(shown) <= breathing
    assert all(before != after for before, after in itertools.pairwise(shown))


async def test_this_helped_saves_a_favourite_once(lantern: Lantern, alice: Person) -> None:
    answer = await alice.slash("coping", category="sleep")
    title = title_of(answer)
    strategy = next(s for s in lantern.content.coping.strategies if s.title == title)

    saved = await alice.click(answer, "This helped")
    assert saved.ephemeral
    assert f"I've saved “{title}”" in saved.content
    assert await lantern.storage.coping.favourites(alice.id) == {strategy.id}

    again = await alice.click(answer, "This helped")
    assert "already a favourite" in again.content
    assert await lantern.storage.coping.favourites(alice.id) == {strategy.id}


async def test_favourites_come_up_more_often(lantern: Lantern, alice: Person) -> None:
    grounding = lantern.content.coping.in_category(Category.GROUNDING)
    favourite = grounding[0]
    await lantern.storage.coping.add_favourite(alice.id, favourite.id, lantern.clock.now())
    cog = coping(lantern)
    cog.rng.seed(6)
    picks = [await cog.pick_for(alice.id, Category.GROUNDING, exclude_id=None) for _ in range(600)]
    share = sum(p.id == favourite.id for p in picks) / len(picks)
    # Weight 3 among n strategies: 3 / (n + 2) of picks, against 1 / n without the favourite.
    expected = 3 / (len(grounding) + 2)
    assert abs(share - expected) < 0.06
    assert share > 1.5 / len(grounding)


async def test_remind_me_daily_opens_a_form_in_the_members_timezone(
    lantern: Lantern, alice: Person
) -> None:
    await lantern.storage.members.set_timezone(alice.id, "Europe/Berlin")
    answer = await alice.slash("coping", category="movement")
    form = await alice.click(answer, "Remind me daily")
    assert form.modal is not None
    fields = {
        str(row["components"][0]["label"]): row["components"][0]
        for row in form.modal.form["components"]
    }
    assert fields["Your timezone"]["value"] == "Europe/Berlin"
    assert fields["Which days?"]["value"] == "every day"

    # The timezone is left as the form offers it, so only the pre-filled value can set it.
    done = await alice.submit(form.modal, {"What time?": "7:45 pm", "Which days?": "weekdays"})
    assert done.ephemeral
    assert "at 19:45 (Europe/Berlin), weekdays" in (await done.next_edit()).content
    [job] = await lantern.storage.jobs.list_for_member(alice.id)
    assert job.kind == "reminder"
    assert job.payload["category"] == "movement"
    assert job.recurrence is not None
    assert job.recurrence.timezone == "Europe/Berlin"


async def test_a_time_the_form_cannot_read_is_answered_kindly_and_saves_nothing(
    lantern: Lantern, alice: Person
) -> None:
    answer = await alice.slash("coping")
    form = await alice.click(answer, "Remind me daily")
    done = await alice.submit(
        form.modal, {"What time?": "25:99", "Your timezone": "UTC", "Which days?": "every day"}
    )
    assert done.ephemeral
    assert "Minutes go up to 59" in done.content
    assert await lantern.storage.jobs.list_for_member(alice.id) == []


async def test_coping_works_in_dms(lantern: Lantern, alice: Person) -> None:
    answer = await alice.slash_in_dm("coping", category="creativity")
    assert len(answer.embeds) == 1
    await alice.click(answer, "Another")
    assert len(answer.embeds) == 1
