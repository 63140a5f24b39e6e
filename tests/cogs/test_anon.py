"""Anonymous sharing end to end: posts, replies, reports, blocks, approval, deletion, privacy."""

from __future__ import annotations

import ast
import asyncio
import json
import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any, cast

import pytest

from bot.client import Lantern
from bot.clock import FakeClock
from bot.loopback import ChannelHandle, GuildHandle, LoopbackDiscord, Person
from bot.loopback.state import Message, visible_text
from bot.paths import PROJECT_ROOT
from bot.storage.anon import AnonPost, PostStatus
from bot.storage.faults import WriteLockHeld

if TYPE_CHECKING:
    from cogs.anon import Anon

TEXT = "What would you like to share?"
WARNING = "Content warning (optional)"
REPLY = "Your reply"
CRISIS_TEXT = "honestly i want to die, i can't do this anymore"
POST_ROUTE = "POST /channels/{channel_id}/messages"


async def set_up(admin: Person, guild: GuildHandle, **options: Any) -> None:
    answer = await admin.slash(
        "anon",
        "setup",
        channel=guild.channel("anonymous"),
        review_channel=guild.channel("mods"),
        **options,
    )
    assert answer.ephemeral
    assert answer.content == "Saved."


async def share(person: Person, text: str, warning: str = "") -> Message:
    """Run /share, fill in the modal, and return the private receipt (or refusal)."""
    shown = await person.slash("share")
    submitted = await person.submit(shown.modal, {TEXT: text, WARNING: warning})
    if submitted.deferred:
        return await submitted.next_followup()
    assert submitted.message is not None
    return submitted.message


async def reply(person: Person, post: Message, text: str) -> Message:
    shown = await person.click(post, "Reply anonymously")
    submitted = await person.submit(shown.modal, {REPLY: text})
    return await submitted.next_followup()


def code_in(receipt: Message) -> str:
    return receipt.content.split("`")[1]


def footer_code(post: Message) -> str:
    """The code in an anonymous post's footer ('Anonymous post K7M2QX · ...')."""
    return str(post.embeds[0]["footer"]["text"]).split()[2]


def sent_to(loopback: LoopbackDiscord, channel_id: int) -> list[dict[str, object]]:
    """The bodies of every message the bot posted in one channel."""
    return [
        r.json
        for r in loopback.requests
        if r.route == POST_ROUTE and r.path == f"/channels/{channel_id}/messages"
        if isinstance(r.json, dict)
    ]


def visible(channel: ChannelHandle) -> list[Message]:
    return channel.messages


def gone(message: Message) -> bool:
    """Read through a call, so mypy doesn't narrow `deleted` between two checks."""
    return message.deleted


async def test_a_post_is_signed_with_a_pseudonym_and_pings_nobody(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    moderator: Person,
    alice: Person,
) -> None:
    await set_up(admin, guild)
    text = f"@everyone @here {moderator.mention} {guild.role('Moderator').mention} please read"
    receipt = await share(alice, text)
    assert receipt.flags & 64
    assert "Posted anonymously as **" in receipt.content
    assert "Delete" in str(receipt.components)

    anonymous = guild.channel("anonymous")
    post = await loopback.next_message(anonymous)
    (embed,) = post.embeds
    code = code_in(receipt)
    assert code in embed["footer"]["text"]
    assert embed["title"] in receipt.content  # the pseudonym the author was told
    assert "@\u200beveryone @\u200bhere" in embed["description"]
    assert post.content == ""
    (body,) = sent_to(loopback, anonymous.id)
    assert body["allowed_mentions"] == {"parse": []}
    labels = [button["label"] for row in post.components for button in row["components"]]
    assert labels == ["Reply anonymously", "Report"]


async def test_a_content_warning_hides_the_text_behind_a_spoiler(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, admin: Person, bob: Person
) -> None:
    await set_up(admin, guild)
    await share(bob, "it's been a hard week || honestly", warning="grief")
    post = await loopback.next_message(guild.channel("anonymous"))
    description = post.embeds[0]["description"]
    assert description == ("**Content warning:** grief\n||it's been a hard week \\|\\| honestly||")


async def test_replies_go_into_one_thread_with_the_op_marked_and_names_differ_per_post(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    alice: Person,
    bob: Person,
    clock: FakeClock,
) -> None:
    await set_up(admin, guild)
    anonymous = guild.channel("anonymous")
    await share(alice, "first time posting here")
    post = await loopback.next_message(anonymous)
    op_name = post.embeds[0]["title"]

    bobs = await reply(bob, post, "welcome, glad you're here")
    assert "Replied anonymously" in bobs.content
    alices = await reply(alice, post, "thank you")
    assert "marked OP" in alices.content
    clock.advance(timedelta(minutes=1))
    again = await reply(bob, post, "anytime")

    (thread,) = guild.threads
    assert footer_code(post) in thread.name
    titles = [m.embeds[0]["title"] for m in thread.messages]
    bob_name = titles[0]
    assert titles == [bob_name, f"{op_name} (OP)", bob_name]
    assert bob_name != op_name
    assert again.flags & 64
    for body in sent_to(loopback, thread.id):
        assert body["allowed_mentions"] == {"parse": []}

    # A second post by the same author carries a name nobody can link to the first.
    clock.advance(timedelta(minutes=10))
    await share(alice, "another day")
    second = await loopback.next_message(anonymous)
    assert second.embeds[0]["title"] != op_name


async def test_report_remove_and_block_then_the_author_is_told_why(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    moderator: Person,
    alice: Person,
    bob: Person,
    clock: FakeClock,
) -> None:
    await set_up(admin, guild)
    receipt = await share(alice, "something unkind")
    code = code_in(receipt)
    post = await loopback.next_message(guild.channel("anonymous"))

    shown = await bob.click(post, "Report")
    thanks = await bob.submit(shown.modal, {"What's wrong with it?": "it's mean to someone"})
    assert thanks.ephemeral
    assert "won't see who reported it" in thanks.content

    mods = guild.channel("mods")
    report = await loopback.next_message(mods)
    card = visible_text(report)
    assert code in card
    assert "it's mean to someone" in card
    assert "something unkind" in card
    assert report.allowed_mentions == {"parse": []}

    # Someone without moderator rights can't act, even if they could see the buttons.
    refused = await bob.click(report, "Remove post")
    assert refused.ephemeral
    assert "Only moderators" in refused.content
    assert not gone(post)

    removed = await moderator.click(report, "Remove post")
    assert removed.response_type == 7
    assert gone(post)
    assert "Post removed." in visible_text(report)
    assert "Remove post" not in str(report.components)

    shown = await moderator.click(report, "Block author")
    blocked = await moderator.submit(
        shown.modal,
        {"For how many days? (0: until lifted)": "3", "Reason (the author will see it)": "Be kind"},
    )
    assert blocked.response_type == 7
    assert "Nobody, you included, learns who it is" in (await blocked.next_followup()).content
    assert "Author blocked for 3 days." in visible_text(report)

    clock.advance(timedelta(hours=1))
    refusal = await alice.slash("share")
    assert refusal.modal is None
    assert refusal.ephemeral
    assert "paused for you" in refusal.content
    assert code in refusal.content
    assert "Be kind" in refusal.content
    assert (await bob.slash("share")).modal is not None  # only the author is blocked

    listed = await admin.slash("anon", "blocks")
    assert code in visible_text(listed.message)
    (choice,) = await admin.autocomplete("anon", "unblock", block="")
    assert code in str(choice["name"])
    lifted = await admin.slash("anon", "unblock", block=str(choice["value"]))
    assert "Lifted" in lifted.content
    assert (await alice.slash("share")).modal is not None


async def report(person: Person, post: Message, reason: str) -> None:
    shown = await person.click(post, "Report")
    thanks = await person.submit(shown.modal, {"What's wrong with it?": reason})
    assert "Thank you for looking out" in thanks.content


async def test_reports_are_counted_on_one_review_message_and_forgotten_with_the_post(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    alice: Person,
    bob: Person,
) -> None:
    await set_up(admin, guild)
    receipt = await share(alice, "something unkind")
    post = await loopback.next_message(guild.channel("anonymous"))
    mods = guild.channel("mods")

    await report(bob, post, "it's mean")
    review = await loopback.next_message(mods)
    assert "Reported 1 time" in visible_text(review)
    await report(admin, post, "still mean, please look")
    assert visible(mods) == [review]
    shown = visible_text(review)
    assert "Reported 2 times" in shown
    assert "• still mean, please look\n• it's mean" in shown  # newest first, none lost
    assert "Remove post" in str(review.components)

    # Moderators deleted the review message: the next report brings a new one.
    await loopback.hub.message_deleted(review)
    await report(bob, post, "third time")
    fresh = await loopback.next_message(mods)
    assert "Reported 3 times" in visible_text(fresh)

    rows = await lantern.storage.database.fetch_all("SELECT * FROM anon_reports")
    assert [row["reason"] for row in rows] == ["it's mean", "still mean, please look", "third time"]
    assert set(rows[0].keys()) == {"report_id", "post_id", "reason", "created_at"}
    await alice.click(receipt, "Delete")
    rows = await lantern.storage.database.fetch_all("SELECT reason FROM anon_reports")
    assert [row["reason"] for row in rows] == [None, None, None]


async def test_a_block_by_code_ends_on_its_own(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    alice: Person,
    clock: FakeClock,
) -> None:
    await set_up(admin, guild)
    code = code_in(await share(alice, "a post"))
    blocked = await admin.slash("anon", "block", code=code.lower(), days=1, reason="Cool off")
    assert "can't share anonymously here until" in blocked.content
    clock.advance(timedelta(hours=23))
    assert (await alice.slash("share")).modal is None
    clock.advance(timedelta(hours=2))
    assert (await alice.slash("share")).modal is not None


async def test_an_admin_removes_a_post_by_its_code(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, admin: Person, bob: Person
) -> None:
    await set_up(admin, guild)
    code = code_in(await share(bob, "a post nobody reported"))
    post = await loopback.next_message(guild.channel("anonymous"))
    removed = await admin.slash("anon", "remove", code=f"#{code.lower()}")
    assert removed.content == f"Removed `{code}`."
    assert gone(post)
    assert "already down" in (await admin.slash("anon", "remove", code=code)).content
    assert "can't find a post" in (await admin.slash("anon", "remove", code="nope")).content


async def test_approval_holds_posts_and_tells_the_author_the_outcome(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    moderator: Person,
    alice: Person,
    clock: FakeClock,
) -> None:
    await set_up(admin, guild, approval=True)
    anonymous, mods = guild.channel("anonymous"), guild.channel("mods")
    receipt = await share(alice, "please let this through")
    code = code_in(receipt)
    assert "waiting for a moderator's approval" in receipt.content
    review = await loopback.next_message(mods)
    assert code in visible_text(review)
    assert "please let this through" in visible_text(review)
    assert visible(anonymous) == []

    approved = await moderator.click(review, "Approve")
    assert approved.deferred
    post = await loopback.next_message(anonymous)
    assert footer_code(post) == code
    assert "Approved" in visible_text(await approved.next_edit())
    assert review.components == []
    dm = await alice.next_dm()
    assert code in dm.content
    assert "approved" in dm.content

    # Rejected while DMs are closed: the author hears at their next /share.
    clock.advance(timedelta(minutes=6))
    second = code_in(await share(alice, "and this one"))
    review = await loopback.next_message(mods)
    alice.closes_dms()
    rejected = await moderator.click(review, "Reject")
    assert rejected.response_type == 7
    assert "Not approved." in visible_text(review)
    again = await moderator.click(review, "Reject") if review.components else None
    assert again is None

    clock.advance(timedelta(minutes=6))
    news = await alice.slash("share")
    assert news.modal is None
    assert second in news.content
    assert "wasn't approved" in news.content
    opened = await alice.click(news, "Write a post")
    assert opened.modal is not None
    assert second not in (await alice.slash("share")).content  # told once


async def test_approval_needs_a_review_channel(
    lantern: Lantern, guild: GuildHandle, admin: Person
) -> None:
    answer = await admin.slash("anon", "setup", channel=guild.channel("anonymous"), approval=True)
    assert answer.ephemeral
    assert "needs a review channel" in answer.content


async def test_the_author_can_delete_from_the_receipt_or_with_unshare(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    alice: Person,
    bob: Person,
    clock: FakeClock,
) -> None:
    await set_up(admin, guild)
    anonymous = guild.channel("anonymous")
    receipt = await share(alice, "first")
    first = await loopback.next_message(anonymous)
    deleted = await alice.click(receipt, "Delete")
    assert deleted.ephemeral
    assert "Deleted" in deleted.content
    assert gone(first)
    post = await lantern.storage.anon.post_by_code(guild.id, code_in(receipt))
    assert post is not None
    assert post.text is None

    clock.advance(timedelta(minutes=6))
    code = code_in(await share(alice, "second"))
    second = await loopback.next_message(anonymous)
    choices = await alice.autocomplete("unshare", code="")
    assert [choice["value"] for choice in choices] == [code]
    assert await bob.autocomplete("unshare", code="") == []

    # Someone else can't delete it, even knowing its code.
    refused = await bob.slash("unshare", code=code)
    assert "only delete posts that you wrote" in refused.content
    assert not gone(second)
    done = await alice.slash("unshare", code=code)
    assert "Deleted" in done.content
    assert gone(second)
    assert await alice.autocomplete("unshare", code="") == []


async def post_with_a_reply(
    loopback: LoopbackDiscord, guild: GuildHandle, alice: Person, bob: Person
) -> tuple[Message, Message, ChannelHandle]:
    """Alice's post, her receipt, and the thread holding Bob's reply to it."""
    receipt = await share(alice, "a post that gets a reply")
    post = await loopback.next_message(guild.channel("anonymous"))
    await reply(bob, post, "sending you warmth")
    (thread,) = guild.threads
    return post, receipt, thread


async def stored_reply(lantern: Lantern, guild: GuildHandle, thread: ChannelHandle) -> AnonPost:
    (reply_message,) = thread.messages
    found = await lantern.storage.anon.post_by_code(guild.id, footer_code(reply_message))
    assert found is not None
    return found


async def test_deleting_a_post_deletes_its_replies_and_forgets_them(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    alice: Person,
    bob: Person,
) -> None:
    await set_up(admin, guild)
    post, receipt, thread = await post_with_a_reply(loopback, guild, alice, bob)
    deleted = await alice.click(receipt, "Delete")
    assert "Deleted" in deleted.content
    assert gone(post)
    assert guild.threads == []
    assert thread.channel.deleted
    reply_post = await stored_reply(lantern, guild, thread)
    assert reply_post.status is PostStatus.DELETED
    assert reply_post.text is None


async def test_removing_a_post_removes_its_replies_but_keeps_them_for_moderation(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    alice: Person,
    bob: Person,
) -> None:
    await set_up(admin, guild)
    post, receipt, thread = await post_with_a_reply(loopback, guild, alice, bob)
    removed = await admin.slash("anon", "remove", code=code_in(receipt))
    assert removed.content.startswith("Removed")
    assert gone(post)
    assert guild.threads == []
    reply_post = await stored_reply(lantern, guild, thread)
    assert reply_post.status is PostStatus.REMOVED
    assert reply_post.text == "sending you warmth"


async def test_a_post_still_comes_down_when_its_thread_is_already_gone(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    alice: Person,
    bob: Person,
) -> None:
    await set_up(admin, guild)
    post, receipt, thread = await post_with_a_reply(loopback, guild, alice, bob)
    reply_post = await stored_reply(lantern, guild, thread)
    await thread.delete()
    done = await alice.slash("unshare", code=code_in(receipt))
    assert "Deleted" in done.content
    assert gone(post)
    taken_reply = await lantern.storage.anon.post(reply_post.post_id)
    assert taken_reply is not None
    assert taken_reply.status is PostStatus.DELETED


async def test_without_manage_threads_a_removed_posts_replies_are_still_closed(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    alice: Person,
    bob: Person,
) -> None:
    await set_up(admin, guild)
    await guild.channel("anonymous").forbid_bot("manage_threads")
    post, receipt, thread = await post_with_a_reply(loopback, guild, alice, bob)
    removed = await admin.slash("anon", "remove", code=code_in(receipt))
    assert removed.content.startswith("Removed")
    assert gone(post)
    assert not thread.channel.deleted  # only Manage Threads may delete a thread
    assert thread.channel.archived  # but the bot may archive a thread it made
    shown = await admin.slash("config", "show")
    assert "I'm missing Manage Threads" in json.dumps(shown.embeds)


async def test_invites_and_links_are_refused_and_the_words_given_back(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, admin: Person, alice: Person
) -> None:
    await set_up(admin, guild)
    anonymous = guild.channel("anonymous")
    words = "come chat with us at discord.gg/abc123, it helped me a lot"
    refusal = await share(alice, words)
    assert refusal.flags & 64
    assert "invites" in refusal.content
    assert refusal.embeds[0]["description"] == words
    retry = await alice.click(refusal, "Edit and try again")
    assert retry.modal is not None
    assert words in json.dumps(retry.modal.form)

    refusal = await share(alice, "this article helped: https://example.org/coping")
    assert "Links aren't allowed" in refusal.content
    assert visible(anonymous) == []

    await set_up(admin, guild, allow_links=True, cooldown=0)
    assert "Posted" in (await share(alice, "this helped: https://example.org/coping")).content
    assert "invites" in (await share(alice, "join discord.com/invite/xyz")).content


async def test_edit_and_try_again_opens_the_form_with_the_words_still_in_it(
    lantern: Lantern, loopback: LoopbackDiscord, guild: GuildHandle, admin: Person, alice: Person
) -> None:
    await set_up(admin, guild)
    words = "come chat with us at discord.gg/abc123"
    refusal = await share(alice, words, warning="loneliness")
    retry = await alice.click(refusal, "Edit and try again")
    untouched = await alice.submit(retry.modal, {})  # Submit pressed straight away
    assert "invites" in untouched.content
    assert untouched.embeds[0]["description"] == words

    retry = await alice.click(untouched, "Edit and try again")
    edited = await alice.submit(retry.modal, {TEXT: "you're not alone, I'm around"})
    assert "Posted anonymously" in (await edited.next_followup()).content
    post = await loopback.next_message(guild.channel("anonymous"))
    description = post.embeds[0]["description"]
    assert description == "**Content warning:** loneliness\n||you're not alone, I'm around||"


async def test_cooldowns_say_when_posting_is_possible_again(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    alice: Person,
    bob: Person,
    clock: FakeClock,
) -> None:
    await set_up(admin, guild, cooldown=10)
    await share(alice, "one")
    clock.advance(timedelta(minutes=4))
    early = await alice.slash("share")
    assert early.modal is None
    assert "you can post again in 6 minutes" in early.content
    assert (await bob.slash("share")).modal is not None

    # A modal opened before the cooldown started is checked again on submit, words kept.
    opened = await bob.slash("share")
    await share(bob, "first")
    late = await bob.submit(opened.modal, {TEXT: "second", WARNING: ""})
    assert "post again in 10 minutes" in late.content
    assert late.embeds[0]["description"] == "second"


async def test_a_busy_server_rests_for_a_moment(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    alice: Person,
    bob: Person,
    clock: FakeClock,
) -> None:
    await set_up(admin, guild, cooldown=0)
    for number in range(10):
        await share(alice if number % 2 else bob, f"post {number}")
        clock.advance(timedelta(seconds=30))
    busy = await alice.slash("share")
    assert busy.modal is None
    assert "resting for a moment" in busy.content
    assert "5 minutes" in busy.content


async def test_a_crisis_post_goes_out_with_support_for_the_writer_and_an_alert_by_code(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    alice: Person,
    bob: Person,
) -> None:
    await admin.slash("crisis", "setup", moderator_channel=guild.channel("mods"), country="GB")
    await set_up(admin, guild)
    receipt = await share(alice, CRISIS_TEXT)
    code = code_in(receipt)
    assert "Samaritans" in visible_text(receipt)
    post = await loopback.next_message(guild.channel("anonymous"))
    assert code in post.embeds[0]["footer"]["text"]

    alert = visible_text(await loopback.next_message(guild.channel("mods")))
    assert code in alert
    assert "may be in crisis" in alert
    assert CRISIS_TEXT not in alert
    assert str(alice.id) not in alert
    assert alice.mention not in alert

    answer = await reply(bob, post, "i want to kill myself too")
    assert "Samaritans" in visible_text(answer)
    reply_alert = visible_text(await loopback.next_message(guild.channel("mods")))
    assert f"Anonymous reply `{code_in(answer)}`" in reply_alert
    assert str(bob.id) not in reply_alert


async def test_config_show_and_disable(
    lantern: Lantern, guild: GuildHandle, admin: Person, alice: Person
) -> None:
    assert "isn't switched on" in (await alice.slash("share")).content
    await set_up(admin, guild)
    shown = visible_text((await admin.slash("config", "show")).message)
    assert "Anonymous sharing" in shown
    assert guild.channel("anonymous").mention in shown
    off = await admin.slash("anon", "disable")
    assert "off" in off.content
    assert "isn't switched on" in (await alice.slash("share")).content


async def test_setup_refuses_a_channel_the_bot_cannot_use(
    lantern: Lantern, guild: GuildHandle, admin: Person
) -> None:
    anonymous = guild.channel("anonymous")
    await anonymous.forbid_bot("create_public_threads")
    answer = await admin.slash("anon", "setup", channel=anonymous)
    assert "Create Public Threads" in answer.content


async def test_mydata_covers_the_posts_a_member_can_prove_are_theirs(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    alice: Person,
    bob: Person,
) -> None:
    await set_up(admin, guild)
    code = code_in(await share(alice, "mine to keep"))
    await share(bob, "bob's words")

    exported = await alice.slash("mydata", "export")
    data = json.loads((await exported.next_followup()).attachments[0].data)
    (post,) = data["anonymous_posts"]
    assert post["code"] == code
    assert post["text"] == "mine to keep"
    assert "bob's words" not in json.dumps(data)

    asked = await alice.slash("mydata", "delete")
    await alice.click(asked, "Delete everything")
    unlinked = "anonymous posts linked to you (the posts stay, unlinked): 1"
    assert unlinked in visible_text(asked.message)
    assert await alice.autocomplete("unshare", code="") == []
    assert len(visible(guild.channel("anonymous"))) == 2
    refused = await admin.slash("anon", "block", code=code, days=0, reason="Spam")
    assert "asked Lantern to forget" in refused.content


async def test_nothing_names_the_author_in_the_database_logs_or_what_others_see(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    moderator: Person,
    alice: Person,
    bob: Person,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The whole feature, then a search for Alice everywhere except what is hers alone.

    Excluded, because they are inherently Alice's own: opening a DM channel with her (Discord
    needs her id to do that) and the messages sent into it. Interaction responses need no
    exclusion: they name nobody. Libraries' DEBUG logs are excluded too: discord.py logs every raw
    gateway event (each interaction carries its user) and aiosqlite every query with its
    parameters, which Lantern can't change; their INFO and above are searched, as is everything
    Lantern itself logs at any level.
    """
    caplog.set_level(logging.DEBUG)
    await admin.slash("crisis", "setup", moderator_channel=guild.channel("mods"), country="GB")
    await set_up(admin, guild)
    anonymous, mods = guild.channel("anonymous"), guild.channel("mods")

    receipt = await share(alice, CRISIS_TEXT, warning="suicide")
    post = await loopback.next_message(anonymous)
    await reply(bob, post, "we're here with you")
    await reply(alice, post, "thank you")
    shown = await bob.click(post, "Report")
    await bob.submit(shown.modal, {"What's wrong with it?": "worried"})
    report = next(m for m in mods.messages if "Report on" in visible_text(m))
    shown = await moderator.click(report, "Block author")
    await moderator.submit(
        shown.modal,
        {"For how many days? (0: until lifted)": "1", "Reason (the author will see it)": "Rest"},
    )
    await admin.slash("anon", "unblock", block="1")
    await alice.click(receipt, "Delete")

    await set_up(admin, guild, approval=True)
    clock.advance(timedelta(minutes=10))
    await share(alice, "waiting for approval")
    review = next(m for m in mods.messages if "waiting for approval" in visible_text(m))
    await moderator.click(review, "Approve")
    await alice.next_dm()
    await alice.autocomplete("unshare", code="")
    await (await alice.slash("mydata", "export")).next_followup()

    needles = [str(alice.id), alice.name, alice.user.global_name or alice.name]
    alice_id_bytes = alice.id.to_bytes(8, "big")

    # The database, main file and write-ahead log both, as raw bytes.
    database = lantern.settings.database_path
    raw = b"".join(
        path.read_bytes()
        for path in (database, database.with_name(database.name + "-wal"))
        if path.exists()
    )
    assert raw  # something was read
    for needle in needles:
        assert needle.encode() not in raw
        assert needle.lower().encode() not in raw.lower()
    assert alice_id_bytes not in raw

    # Logs.
    searched = [
        record.getMessage()
        for record in caplog.records
        if record.name.startswith(("bot.", "cogs.")) or record.levelno >= logging.INFO
    ]
    assert any("anonymous post" in line for line in searched)
    for line in searched:
        for needle in needles:
            assert needle.lower() not in line.lower(), line

    # Every request the bot sent, except opening and writing to Alice's own DMs.
    dm_channel = loopback.world.dm_channel(alice.user)
    own = [
        r
        for r in loopback.requests
        if r.path == f"/channels/{dm_channel.id}/messages"
        or (r.path == "/users/@me/channels" and str(r.json) == str({"recipient_id": alice.id}))
    ]
    assert [r.path for r in own] == ["/users/@me/channels", f"/channels/{dm_channel.id}/messages"]
    checked = [r for r in loopback.requests if r not in own]
    assert len(checked) > 20
    for request in checked:
        seen = f"{request.path} {json.dumps(request.json)}".lower()
        for needle in needles:
            assert needle.lower() not in seen, request


async def test_a_post_that_cannot_be_sent_is_given_back_and_not_kept(
    lantern: Lantern, guild: GuildHandle, admin: Person, alice: Person
) -> None:
    await set_up(admin, guild)
    await guild.channel("anonymous").forbid_bot("send_messages")
    answer = await share(alice, "are my words safe?")
    assert "nothing was posted" in answer.content
    assert answer.embeds[0]["description"] == "are my words safe?"
    assert await alice.autocomplete("unshare", code="") == []


async def test_the_retention_purge_runs_while_the_cog_is_loaded(lantern: Lantern) -> None:
    # discord.py imports extensions afresh, so the loaded class isn't this module's Anon.
    cog = cast("Anon", lantern.get_cog("Anon"))
    assert cog.purge_loop.running
    await lantern.remove_cog("Anon")
    assert not cog.purge_loop.running


async def test_the_retention_purge_outlives_a_database_lock_and_forgets_the_text_after_it(
    lantern: Lantern, guild: GuildHandle, admin: Person, alice: Person, clock: FakeClock
) -> None:
    await set_up(admin, guild, retention_days=1)
    code = code_in(await share(alice, "words that should not outlive a day"))
    store = lantern.storage.anon

    async def kept_text() -> str | None:
        post = await store.post_by_code(guild.id, code)
        assert post is not None
        return post.text

    clock.advance(timedelta(days=1, minutes=1))
    loop = cast("Anon", lantern.get_cog("Anon")).purge_loop
    async with WriteLockHeld(lantern.storage.database) as lock:
        await asyncio.wait_for(loop.run_now(), 5)
        assert loop.health().last_error == "the database is locked"
        assert await kept_text() == "words that should not outlive a day"
        await lock.release()
        await asyncio.wait_for(loop.run_now(), 5)
    assert loop.running
    assert loop.health().failing_since is None
    assert await kept_text() is None


async def test_an_approved_post_that_cannot_be_published_waits_for_another_try(
    lantern: Lantern,
    loopback: LoopbackDiscord,
    guild: GuildHandle,
    admin: Person,
    moderator: Person,
    alice: Person,
) -> None:
    await set_up(admin, guild, approval=True)
    anonymous, mods = guild.channel("anonymous"), guild.channel("mods")
    code = code_in(await share(alice, "hold on to this"))
    review = await loopback.next_message(mods)
    await anonymous.forbid_bot("send_messages")

    failed = await moderator.click(review, "Approve")
    assert failed.deferred
    apology = await failed.next_followup()
    assert apology.flags & 64
    assert f"I couldn't post `{code}`" in apology.content
    assert "still waiting here" in apology.content
    assert visible(anonymous) == []

    await anonymous.allow_bot("send_messages")
    approved = await moderator.click(review, "Approve")
    assert footer_code(await loopback.next_message(anonymous)) == code
    assert "Approved" in visible_text(await approved.next_edit())
    assert code in (await alice.next_dm()).content


def test_the_anonymous_cogs_import_each_other_only_at_the_top() -> None:
    """The review UI lives in cogs.anon_review, so no import hides inside a function."""
    for module in ("anon", "anon_admin", "anon_review"):
        tree = ast.parse((PROJECT_ROOT / "cogs" / f"{module}.py").read_text(encoding="utf-8"))
        functions = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        ]
        for function in functions:
            nested = [
                node for node in ast.walk(function) if isinstance(node, ast.Import | ast.ImportFrom)
            ]
            assert nested == [], f"cogs/{module}.py imports inside {function.name}"
    review = ast.parse((PROJECT_ROOT / "cogs" / "anon_review.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(review) if isinstance(node, ast.ImportFrom)}
    assert not {"cogs.anon", "cogs.anon_admin"} & imported
