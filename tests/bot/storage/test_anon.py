from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.anon.keys import AnonKeys
from bot.storage import Storage
from bot.storage.anon import (
    AnonSettings,
    AnonStore,
    KeysMissingError,
    NewPost,
    PostStatus,
    ReviewMessage,
)

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
GUILD, OTHER_GUILD = 10, 20
ALICE, BOB = 1, 2
KEYS = AnonKeys(b"s" * 32)


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    opened = await Storage.open(tmp_path / "lantern.sqlite3")
    opened.anon.use_keys(KEYS)
    yield opened
    await opened.close()


@pytest.fixture
def store(storage: Storage) -> AnonStore:
    return storage.anon


def new_post(
    user_id: int = ALICE,
    *,
    guild_id: int = GUILD,
    code: str = "AAAAAA",
    at: datetime = NOW,
    parent_id: int | None = None,
    status: PostStatus = PostStatus.PENDING,
    sealed: bytes | None = None,
) -> NewPost:
    return NewPost(
        guild_id=guild_id,
        code=code,
        author_key=KEYS.author_key(guild_id, user_id),
        pseudonym="Quiet Otter 3fa",
        text=f"words from {code}",
        content_warning=None,
        status=status,
        created_at=at,
        parent_id=parent_id,
        sealed_author=sealed,
    )


async def test_settings_default_until_changed(store: AnonStore) -> None:
    assert await store.settings(GUILD) == AnonSettings()
    await store.update_settings(
        GUILD, channel_id=5, review_channel_id=6, approval=True, cooldown=timedelta(minutes=9)
    )
    await store.update_settings(GUILD, allow_links=True, retention_days=7)
    assert await store.settings(GUILD) == AnonSettings(5, 6, True, timedelta(minutes=9), True, 7)
    await store.update_settings(GUILD, channel_id=None)
    assert (await store.settings(GUILD)).channel_id is None
    with pytest.raises(ValueError, match="not anon_settings settings"):
        await store.update_settings(GUILD, colour="red")


async def test_codes_are_unique_per_server(store: AnonStore) -> None:
    first = await store.add_post(new_post())
    assert first is not None
    assert first.code == "AAAAAA"
    assert first.status is PostStatus.PENDING
    assert await store.add_post(new_post(BOB)) is None
    assert await store.add_post(new_post(guild_id=OTHER_GUILD)) is not None
    assert await store.post_by_code(GUILD, "AAAAAA") == first


async def test_publishing_threads_and_taking_down(store: AnonStore) -> None:
    post = await store.add_post(new_post())
    assert post is not None
    await store.mark_published(post.post_id, 100, 200)
    await store.set_thread(post.post_id, 300)
    published = await store.post(post.post_id)
    assert published is not None
    assert (published.status, published.channel_id, published.message_id) == (
        PostStatus.PUBLISHED,
        100,
        200,
    )
    assert published.thread_id == 300

    removed = await store.take_down(post.post_id, PostStatus.REMOVED)
    assert removed is not None
    assert removed.text == "words from AAAAAA"  # kept for moderation until the purge
    assert await store.take_down(post.post_id, PostStatus.DELETED) is None

    other = await store.add_post(new_post(code="BBBBBB"))
    assert other is not None
    deleted = await store.take_down(other.post_id, PostStatus.DELETED)
    assert deleted is not None
    assert deleted.text is None  # the author's own deletion forgets the words at once
    with pytest.raises(ValueError, match="not a way of taking a post down"):
        await store.take_down(other.post_id, PostStatus.PUBLISHED)


async def test_a_pending_post_is_decided_once_and_its_sealed_author_erased(
    store: AnonStore, storage: Storage
) -> None:
    sealed = KEYS.seal_user_id(ALICE, GUILD)
    post = await store.add_post(new_post(sealed=sealed))
    assert post is not None
    assert await store.decide_pending(post.post_id, PostStatus.PUBLISHED) == sealed
    assert await store.decide_pending(post.post_id, PostStatus.REJECTED) is None
    row = await storage.database.fetch_one(
        "SELECT sealed_author, status FROM anon_posts WHERE post_id = ?", (post.post_id,)
    )
    assert row is not None
    assert tuple(row) == (None, "published")
    unsealed = await store.add_post(new_post(code="BBBBBB"))
    assert unsealed is not None
    assert await store.decide_pending(unsealed.post_id, PostStatus.REJECTED) == b""


async def test_own_posts_cooldowns_and_burst_times(store: AnonStore) -> None:
    alice_key = KEYS.author_key(GUILD, ALICE)
    first = await store.add_post(new_post(at=NOW - timedelta(minutes=20)))
    assert first is not None
    await store.add_post(new_post(code="BBBBBB", at=NOW - timedelta(minutes=3)))
    await store.add_post(
        new_post(code="CCCCCC", at=NOW - timedelta(minutes=1), parent_id=first.post_id)
    )
    await store.add_post(new_post(BOB, code="DDDDDD", at=NOW))
    own = await store.own_live_posts(GUILD, alice_key)
    assert [post.code for post in own] == ["CCCCCC", "BBBBBB", "AAAAAA"]
    assert own[0].is_reply
    assert await store.last_post_at(GUILD, alice_key, replies=False) == NOW - timedelta(minutes=3)
    assert await store.last_post_at(GUILD, alice_key, replies=True) == NOW - timedelta(minutes=1)
    assert await store.last_post_at(OTHER_GUILD, alice_key, replies=False) is None
    since = await store.post_times_since(GUILD, NOW - timedelta(minutes=10))
    assert sorted(since) == [NOW - timedelta(minutes=3), NOW]  # replies don't count


async def test_blocks_apply_to_the_author_key_until_they_end(store: AnonStore) -> None:
    alice_key = KEYS.author_key(GUILD, ALICE)
    short = await store.add_block(
        GUILD, alice_key, code="AAAAAA", reason="cool off", until=NOW + timedelta(days=1), at=NOW
    )
    assert (await store.active_block(GUILD, alice_key, NOW)).block_id == short  # type: ignore[union-attr]
    assert await store.active_block(GUILD, KEYS.author_key(GUILD, BOB), NOW) is None
    assert await store.active_block(GUILD, alice_key, NOW + timedelta(days=2)) is None

    forever = await store.add_block(
        GUILD, alice_key, code="BBBBBB", reason="again", until=None, at=NOW
    )
    longest = await store.active_block(GUILD, alice_key, NOW)
    assert longest is not None
    assert longest.block_id == forever
    assert [block.code for block in await store.active_blocks(GUILD, NOW)] == ["AAAAAA", "BBBBBB"]
    assert await store.remove_block(OTHER_GUILD, forever) is None
    lifted = await store.remove_block(GUILD, forever)
    assert lifted is not None
    assert lifted.reason == "again"
    assert await store.active_block(GUILD, alice_key, NOW + timedelta(days=2)) is None


async def test_notices_are_handed_out_once_in_order(store: AnonStore) -> None:
    key = KEYS.author_key(GUILD, ALICE)
    await store.add_notice(GUILD, key, "first", NOW)
    await store.add_notice(GUILD, key, "second", NOW)
    assert await store.take_notices(GUILD, KEYS.author_key(GUILD, BOB)) == []
    assert await store.take_notices(GUILD, key) == ["first", "second"]
    assert await store.take_notices(GUILD, key) == []


async def test_texts_are_purged_after_each_servers_retention(store: AnonStore) -> None:
    await store.update_settings(OTHER_GUILD, retention_days=7)
    old = await store.add_post(
        new_post(at=NOW - timedelta(days=31), sealed=KEYS.seal_user_id(ALICE, GUILD))
    )
    recent = await store.add_post(new_post(code="BBBBBB", at=NOW - timedelta(days=29)))
    short_lived = await store.add_post(
        new_post(guild_id=OTHER_GUILD, code="CCCCCC", at=NOW - timedelta(days=8))
    )
    assert old is not None
    assert recent is not None
    assert short_lived is not None
    assert await store.purge_texts(NOW) == 2
    assert (await store.post(old.post_id)).text is None  # type: ignore[union-attr]
    assert (await store.post(recent.post_id)).text == "words from BBBBBB"  # type: ignore[union-attr]
    assert (await store.post(short_lived.post_id)).text is None  # type: ignore[union-attr]
    assert (await store.post(old.post_id)).code == "AAAAAA"  # type: ignore[union-attr]
    assert await store.purge_texts(NOW) == 0
    assert await store.decide_pending(old.post_id, PostStatus.REJECTED) == b""  # sealed id gone
    assert await store.purge_texts(NOW + timedelta(days=2)) == 1


async def test_a_member_exports_and_unlinks_only_their_own_posts(
    store: AnonStore, storage: Storage
) -> None:
    first = await store.add_post(new_post())
    assert first is not None
    await store.add_post(new_post(guild_id=OTHER_GUILD, code="BBBBBB", at=NOW + timedelta(1)))
    await store.add_post(new_post(BOB, code="CCCCCC"))
    await store.add_notice(GUILD, KEYS.author_key(GUILD, ALICE), "news", NOW)

    exported = await storage.export_member(ALICE)
    posts = exported["anonymous_posts"]
    assert [(p["server_id"], p["code"], p["kind"]) for p in posts] == [
        (str(GUILD), "AAAAAA", "post"),
        (str(OTHER_GUILD), "BBBBBB", "post"),
    ]
    assert posts[0]["text"] == "words from AAAAAA"

    assert await store.delete_member(ALICE) == 2
    assert (await store.export_member(ALICE)) == {"anonymous_posts": []}
    assert await store.take_notices(GUILD, KEYS.author_key(GUILD, ALICE)) == []
    still_there = await store.post(first.post_id)
    assert still_there is not None
    assert still_there.author_key is None
    assert still_there.text == "words from AAAAAA"
    assert len((await store.export_member(BOB))["anonymous_posts"]) == 1


async def test_member_data_needs_the_keys(tmp_path: Path) -> None:
    storage = await Storage.open(tmp_path / "no-keys.sqlite3")
    try:
        with pytest.raises(KeysMissingError):
            await storage.anon.export_member(ALICE)
    finally:
        await storage.close()


async def test_purging_a_server_takes_its_anonymous_data(
    store: AnonStore, storage: Storage
) -> None:
    await store.add_post(new_post())
    await storage.guilds.mark_removed(GUILD, NOW - timedelta(days=40))
    await storage.guilds.purge_removed_before(NOW)
    assert await store.post_by_code(GUILD, "AAAAAA") is None


async def report_reasons(storage: Storage) -> list[str | None]:
    rows = await storage.database.fetch_all("SELECT reason FROM anon_reports ORDER BY report_id")
    return [row["reason"] for row in rows]


async def test_taking_a_post_down_takes_its_replies_with_it(store: AnonStore) -> None:
    post = await store.add_post(new_post(status=PostStatus.PUBLISHED))
    assert post is not None
    reply = await store.add_post(
        new_post(BOB, code="BBBBBB", parent_id=post.post_id, status=PostStatus.PUBLISHED)
    )
    assert reply is not None
    await store.take_down(post.post_id, PostStatus.REMOVED)
    removed_reply = await store.post(reply.post_id)
    assert removed_reply is not None
    assert (removed_reply.status, removed_reply.text) == (PostStatus.REMOVED, "words from BBBBBB")


async def test_reports_are_counted_and_their_reasons_go_with_the_posts_text(
    storage: Storage, store: AnonStore
) -> None:
    post = await store.add_post(new_post(at=NOW - timedelta(days=31)))
    other = await store.add_post(new_post(code="BBBBBB"))
    assert post is not None
    assert other is not None
    assert await store.add_report(post.post_id, "unkind", NOW) == 1
    assert await store.add_report(post.post_id, "really unkind", NOW) == 2
    assert await store.add_report(other.post_id, "spam", NOW) == 1
    assert await store.latest_report_reasons(post.post_id, 5) == ("really unkind", "unkind")
    assert await store.latest_report_reasons(post.post_id, 1) == ("really unkind",)

    assert await store.report_review(post.post_id) is None
    await store.set_report_review(post.post_id, ReviewMessage(5, 6))
    await store.set_report_review(post.post_id, ReviewMessage(5, 7))
    assert await store.report_review(post.post_id) == ReviewMessage(5, 7)

    await store.take_down(post.post_id, PostStatus.REMOVED)
    assert await report_reasons(storage) == ["unkind", "really unkind", "spam"]
    await store.purge_texts(NOW)
    assert await report_reasons(storage) == [None, None, "spam"]
    assert await store.latest_report_reasons(post.post_id, 5) == ()
    await store.take_down(other.post_id, PostStatus.DELETED)
    assert await report_reasons(storage) == [None, None, None]
