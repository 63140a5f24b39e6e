from hypothesis import given
from hypothesis import strategies as st

from bot.anon.cards import (
    REPORT_REASONS_SHOWN,
    TEXT_LIMIT,
    WARNING_LIMIT,
    post_card,
    reply_card,
    report_card,
    review_card,
    shown_text,
)

DESCRIPTION_LIMIT = 4096
EMBED_FIELD_VALUE_LIMIT = 1024


def test_a_post_is_signed_with_its_pseudonym_and_code() -> None:
    card = post_card("Quiet Otter 3fa", "K7M2QX", "a hard day", None)
    assert card.title == "Quiet Otter 3fa"
    assert card.description == "a hard day"
    assert "K7M2QX" in card.footer


def test_a_warning_puts_the_text_behind_a_spoiler() -> None:
    assert shown_text("it hurts", "self  harm") == "**Content warning:** self harm\n||it hurts||"


def test_the_op_is_marked_in_replies() -> None:
    assert reply_card("Quiet Otter 3fa", "AAAAAA", "thanks", None, by_op=True).title.endswith(
        "(OP)"
    )
    assert reply_card("Kind Fox 111", "AAAAAA", "hi", None, by_op=False).title == "Kind Fox 111"


def test_moderators_see_the_text_or_that_it_is_gone_and_never_a_mention() -> None:
    assert "no longer held" in review_card("AAAAAA", None, None).description
    report = report_card("AAAAAA", ["pings @everyone"], "text", None, times=1)
    assert "@everyone" not in report.fields[0][1]


def test_a_report_card_says_how_often_the_post_was_reported_and_why() -> None:
    once = report_card("AAAAAA", ["unkind"], "text", None, times=1)
    assert dict(once.fields) == {"Reason given": "unkind", "Reports": "Reported 1 time"}
    again = report_card("AAAAAA", ["still unkind", "unkind"], "text", None, times=3)
    assert dict(again.fields) == {
        "Latest reasons given": "• still unkind\n• unkind",
        "Reports": "Reported 3 times",
    }


def test_the_reasons_of_many_long_reports_fit_an_embed_field() -> None:
    reasons = ["x" * 500] * REPORT_REASONS_SHOWN
    card = report_card("AAAAAA", reasons, "text", None, times=9)
    assert len(card.fields[0][1]) <= EMBED_FIELD_VALUE_LIMIT
    assert card.fields[0][1].count("•") == REPORT_REASONS_SHOWN


@given(
    st.text(min_size=1, max_size=TEXT_LIMIT),
    st.one_of(st.none(), st.text(min_size=1, max_size=WARNING_LIMIT)),
)
def test_any_post_fits_an_embed_description(text: str, warning: str | None) -> None:
    assert len(shown_text(text, warning)) <= DESCRIPTION_LIMIT


def test_the_worst_case_post_still_fits() -> None:
    worst = shown_text("|" * TEXT_LIMIT, "@here" * (WARNING_LIMIT // 5))
    assert len(worst) <= DESCRIPTION_LIMIT


def test_a_report_card_without_held_reasons_says_so() -> None:
    assert report_card("AAAAAA", [], None, None, times=2).fields[0][1] == "*No longer held.*"
