"""Keep only the writer's own words: drop code, quoted lines and text in quotation marks.

Quoting a message, a lyric or a headline is not saying it, and code is not speech. Each part
removed becomes a line break, so the words on either side never join into a new phrase.

Spoilers (``||...||``) are kept on purpose: on support servers people hide their own painful
news behind a spoiler as a courtesy to readers, so a spoiler says nothing about fiction.
"""

import re

_CODE_BLOCK = re.compile(r"```.*?(?:```|\Z)", re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`\n]+`")
# Discord's ">>> " quotes the rest of the message, "> " one line.
_QUOTE_REST = re.compile(r"^[ \t]*>>>[ \t].*", re.MULTILINE | re.DOTALL)
_QUOTE_LINE = re.compile(r"^[ \t]*>[ \t][^\n]*", re.MULTILINE)
_LONGEST_QUOTATION = 300
_QUOTATION = re.compile(
    "|".join(
        f"{opening}[^{closing}\n]{{1,{_LONGEST_QUOTATION}}}[{closing}]"
        for opening, closing in (
            ('"', '"'),
            ("\u201c", "\u201d"),  # “ ”
            ("\u201e", "\u201c\u201d"),  # „ “
            ("\u00ab", "\u00bb"),  # « »
            ("\u00bb", "\u00ab"),  # » «
        )
    )
)
_MARKERS = ("`", ">", '"', "\u201c", "\u201e", "\u00ab", "\u00bb")


def own_words(text: str) -> str:
    """``text`` without code, quoted lines and quotations."""
    if not any(marker in text for marker in _MARKERS):
        return text
    for pattern in (_CODE_BLOCK, _INLINE_CODE, _QUOTE_REST, _QUOTE_LINE, _QUOTATION):
        text = pattern.sub("\n", text)
    return text
