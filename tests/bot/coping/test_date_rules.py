import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.coping.date_rules import (
    DateRule,
    FixedDate,
    NthWeekday,
    WeekdayOnOrBefore,
    parse_rule,
)

YEARS = st.integers(min_value=1900, max_value=2200)
WEEKDAYS = st.integers(min_value=0, max_value=6)
MONTHS = st.integers(min_value=1, max_value=12)


@st.composite
def fixed_dates(draw: st.DrawFn) -> FixedDate:
    month = draw(MONTHS)
    last_day = calendar.monthrange(2001, month)[1]  # a common year: no 29 February
    return FixedDate(month, draw(st.integers(min_value=1, max_value=last_day)))


RULES: st.SearchStrategy[DateRule] = st.one_of(
    fixed_dates(),
    st.builds(NthWeekday, st.sampled_from([1, 2, 3, 4, -1]), WEEKDAYS, MONTHS),
    st.builds(WeekdayOnOrBefore, WEEKDAYS, fixed_dates()),
)


@pytest.mark.parametrize(
    ("rule", "year", "expected"),
    [
        ("first Thursday of February", 2026, date(2026, 2, 5)),  # Time to Talk Day
        ("first Thursday of February", 2027, date(2027, 2, 4)),
        ("second Thursday of March", 2025, date(2025, 3, 13)),  # University Mental Health Day
        ("second Monday of May", 2026, date(2026, 5, 11)),
        ("last Monday of May", 2026, date(2026, 5, 25)),
        ("last Friday of February", 2028, date(2028, 2, 25)),
        ("Friday on or before 19 March", 2026, date(2026, 3, 13)),  # World Sleep Day
        ("Friday on or before 19 March", 2027, date(2027, 3, 19)),
        ("10 October", 2026, date(2026, 10, 10)),
    ],
)
def test_known_days(rule: str, year: int, expected: date) -> None:
    assert parse_rule(rule).in_year(year) == expected


def test_reading_ignores_case_and_extra_spaces() -> None:
    assert parse_rule("  FIRST   thursday of february ") == NthWeekday(1, 3, 2)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "fifth Monday of May",
        "31 February",
        "29 February",
        "10 Octember",
        "every Friday",
        "0 May",
    ],
)
def test_rejects_rules_that_do_not_describe_a_yearly_day(text: str) -> None:
    with pytest.raises(ValueError, match=r"date rule|every year"):
        parse_rule(text)


@given(RULES)
def test_a_rule_reads_back_from_its_own_description(rule: DateRule) -> None:
    assert parse_rule(str(rule)) == rule


@given(st.builds(NthWeekday, st.sampled_from([1, 2, 3, 4]), WEEKDAYS, MONTHS), YEARS)
def test_nth_weekday_lands_in_the_right_week_of_the_month(rule: NthWeekday, year: int) -> None:
    day = rule.in_year(year)

    assert (day.year, day.month, day.weekday()) == (year, rule.month, rule.weekday)
    assert (day.day - 1) // 7 + 1 == rule.ordinal


@given(st.builds(NthWeekday, st.just(-1), WEEKDAYS, MONTHS), YEARS)
def test_last_weekday_has_no_later_twin_in_the_month(rule: NthWeekday, year: int) -> None:
    day = rule.in_year(year)

    assert (day.year, day.month, day.weekday()) == (year, rule.month, rule.weekday)
    assert (day + timedelta(weeks=1)).month != rule.month


@given(st.builds(WeekdayOnOrBefore, WEEKDAYS, fixed_dates()), YEARS)
def test_weekday_on_or_before_is_within_the_week_up_to_the_anchor(
    rule: WeekdayOnOrBefore, year: int
) -> None:
    day = rule.in_year(year)
    anchor = rule.anchor.in_year(year)

    assert day.weekday() == rule.weekday
    assert anchor - timedelta(days=6) <= day <= anchor


@given(st.text(max_size=60))
def test_any_text_either_reads_or_fails_with_value_error(text: str) -> None:
    try:
        rule = parse_rule(text)
    except ValueError:
        return
    assert parse_rule(str(rule)) == rule
