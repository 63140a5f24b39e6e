from bot.crisis.automata import Gate, PhraseMatcher

GATE = Gate({"end my": True, "unalive": False, "k i l": True}, frozenset({"!k", "lll"}))


def test_an_anchor_must_stand_at_the_start_of_a_word() -> None:
    assert GATE.passes(b"i want to end my day")
    assert GATE.passes(b"end my")
    assert not GATE.passes(b"weekend my friends")


def test_a_whole_word_anchor_must_also_end_one() -> None:
    assert GATE.passes(b"end my. pain")
    assert not GATE.passes(b"end myths")


def test_a_prefix_anchor_may_run_on() -> None:
    assert GATE.passes(b"unalived")
    assert not GATE.passes(b"reunalive")


def test_a_trigger_counts_anywhere() -> None:
    assert GATE.passes(b"the k!kill")
    assert GATE.passes(b"killll")
    assert not GATE.passes(b"kill all")


def test_a_character_beyond_ascii_next_to_an_anchor_lets_it_through() -> None:
    # Its bytes are not ASCII letters: the gate errs towards reading the message in full.
    assert GATE.passes("😂end my".encode())
    assert GATE.passes("end myé".encode())


def test_the_matcher_reports_every_overlapping_hit_with_its_owners() -> None:
    matcher = PhraseMatcher({"kill myself": (0,), "myself": (1, 2)})
    assert sorted(matcher.hits("é kill myself")) == [(2, 13, (0,)), (7, 13, (1, 2))]
