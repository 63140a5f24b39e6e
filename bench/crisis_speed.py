"""How fast the crisis detector reads ordinary chat, against a plain regular expression.

Messages of about 75 characters are made from chat-like words with a fixed seed: one set of
plain ASCII, one with accents, emoji and look-alike letters, and one of accented words that are
nearly all new (the detector remembers the key of each word it has seen beyond ASCII, so this
is its worst case). Each set is timed through
``Detector.classify`` (normalising and matching) and through one ``re`` alternation of every
phrase key of the same phrase files, compiled with ``re.IGNORECASE`` and run on the raw text.
Figures are medians of several repeats, in microseconds per message. The regular expression
is slow, so it reads a fixed sample of each set rather than all of it.

    .venv/bin/python -m bench.crisis_speed [--count 1000000] [--repeats 5] [--baseline-count 100]

Targets: at most 3 us per ASCII message, 10 us with non-ASCII text, and 5x the baseline.
"""

import argparse
import random
import re
import statistics
import time
from collections.abc import Callable, Sequence

from bot.crisis.detector import Detector
from bot.crisis.phrases import load_phrase_sets
from bot.paths import DATA_DIR

SEED = 20261122
MESSAGE_LENGTH = 75
ASCII_CHAT = (
    "hey anyone up lol did you see the match last night honestly that ending was wild "
    "i think we should meet at the library tomorrow after class my cat knocked over my "
    "coffee again this morning what time is the raid tonight can someone send the notes "
    "from monday thanks so much good luck on your exam you got this the new album slaps "
    "pizza or tacos for dinner ok brb going to walk the dog just finished my shift at work "
    "so tired but it was a good day check out this meme nice weekend plans anyone"
)
ACCENTED_CHAT = (
    "qué tal todo bien mañana vamos al café después de clase très bien merci à demain "
    "ça marche on se voit à midi schön dass du da bist wir gehen später zum fußballspiel "
    "até amanhã obrigado pela ajuda você viu o jogo ontem hoe gaat het met je tot straks "
    "één koffie graag niño canción corazón garçon élève über größer straße ação coração"
)
ASCII_WORDS = tuple(ASCII_CHAT.split())
ACCENTED_WORDS = tuple(ACCENTED_CHAT.split())
DECORATIONS = ("😂", "❤️", "🎉", "👍", "✨", "🙏", "😅", "ｏｋ", "Привет", "naïve", "“nice”")
# Four of these make 160,000 words, far more than the detector remembers.
SYLLABLES = ("ça", "mé", "lö", "ñu", "ri", "ta", "bé", "gü", "so", "pa", "ké", "dø", "zi", "vá",
             "ho", "ne", "fü", "là", "mo", "sí")  # fmt: skip


UNSEEN_WORDS = 200_000


def unseen_words(count: int) -> list[str]:
    chooser = random.Random(SEED)
    return ["".join(chooser.choices(SYLLABLES, k=4)) for _ in range(count)]


def make_messages(count: int, words: Sequence[str], extras: Sequence[str]) -> list[str]:
    chooser = random.Random(SEED)
    messages = []
    for _ in range(count):
        parts: list[str] = []
        length = 0
        while length < MESSAGE_LENGTH:
            word = chooser.choice(extras) if extras and chooser.random() < 0.12 else None
            word = word or chooser.choice(words)
            parts.append(word)
            length += len(word) + 1
        message = " ".join(parts)
        messages.append(message[0].upper() + message[1:MESSAGE_LENGTH])
    return messages


def microseconds_per_message(
    classify: Callable[[str], object], messages: Sequence[str], repeats: int
) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        for message in messages:
            classify(message)
        timings.append((time.perf_counter() - started) / len(messages) * 1e6)
    return statistics.median(timings)


def baseline_pattern() -> re.Pattern[str]:
    keys = {
        key
        for phrase_set in load_phrase_sets(DATA_DIR / "crisis")
        for rule in phrase_set.rules
        for key in rule.keys
    }
    # Longest first, so the alternation prefers whole phrases as a hand-written one would.
    alternation = "|".join(re.escape(key) for key in sorted(keys, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000, help="messages per set")
    parser.add_argument("--repeats", type=int, default=5)
    # The alternation of ~50k phrase keys takes about 0.1 s a message: a small sample is plenty.
    parser.add_argument("--baseline-count", type=int, default=100, help="messages the re reads")
    options = parser.parse_args()

    detector = Detector.load_default()
    pattern = baseline_pattern()
    sets = {
        "ASCII": make_messages(options.count, ASCII_WORDS, ()),
        "non-ASCII": make_messages(options.count, ASCII_WORDS + ACCENTED_WORDS, DECORATIONS),
        "unseen": make_messages(options.count, unseen_words(UNSEEN_WORDS), ()),
    }
    print(f"{options.count} messages per set, median of {options.repeats} repeats")
    for name, messages in sets.items():
        flagged = sum(detector.classify(message).kind != "none" for message in messages[:10_000])
        ours = microseconds_per_message(detector.classify, messages, options.repeats)
        sample = messages[: options.baseline_count]
        theirs = microseconds_per_message(pattern.search, sample, options.repeats)
        print(
            f"{name:<10} detector {ours:6.2f} us/message   re baseline {theirs:8.2f} us/message"
            f"   {theirs / ours:6.1f}x faster   (flagged in first 10k: {flagged})"
        )


if __name__ == "__main__":
    main()
