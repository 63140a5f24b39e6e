"""The country a member is most likely in, when neither they nor their server has said.

A crisis reply with a real number to call beats one with directories alone, so Lantern guesses
from what it knows (the language the message matched in, the server's preferred locale) and the
reply says it is a guess and how to change it.
"""

from __future__ import annotations

# Where most speakers of a language on Discord live, for languages whose locale names no region.
# Spanish goes to Mexico, the largest Spanish-speaking country; Portuguese to Brazil.
LANGUAGE_COUNTRIES = {
    "bg": "BG",
    "cs": "CZ",
    "da": "DK",
    "de": "DE",
    "el": "GR",
    "en": "US",
    "es": "MX",
    "fi": "FI",
    "fr": "FR",
    "hi": "IN",
    "hr": "HR",
    "hu": "HU",
    "id": "ID",
    "it": "IT",
    "ja": "JP",
    "ko": "KR",
    "lt": "LT",
    "nl": "NL",
    "no": "NO",
    "pl": "PL",
    "pt": "BR",
    "ro": "RO",
    "ru": "RU",
    "sv": "SE",
    "th": "TH",
    "tr": "TR",
    "uk": "UA",
    "vi": "VN",
    "zh": "CN",
}


def likely_country(*, server_locale: str | None, message_language: str | None) -> str | None:
    """An ISO country code for a Discord locale ("en-GB", "de", "es-419") and a language ("de").

    The message's language wins when it differs from the server's: a German message in an
    English-speaking server is more likely from Germany than from the United States.
    """
    language, _, region = (server_locale or "").partition("-")
    language = language.casefold()
    if message_language and message_language.casefold() != language:
        return LANGUAGE_COUNTRIES.get(message_language.casefold())
    if len(region) == 2 and region.isascii() and region.isalpha():
        return region.upper()
    return LANGUAGE_COUNTRIES.get(language)


def message_language(rule_ids: tuple[str, ...]) -> str | None:
    """The language of the first built-in rule that matched ("en.crisis.want_to_die" is "en")."""
    for rule_id in rule_ids:
        language, _, rest = rule_id.partition(".")
        if rest and len(language) == 2 and language.isascii() and language.isalpha():
            return language
    return None
