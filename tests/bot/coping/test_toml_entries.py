from hypothesis import given
from hypothesis import strategies as st

from bot.coping.toml_entries import is_https_url

LABELS = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True)
PATHS = st.from_regex(r"(/[A-Za-z0-9._~%-]{0,15}){0,4}", fullmatch=True)


@given(st.text(max_size=80))
def test_any_text_gets_an_answer_rather_than_an_exception(text: str) -> None:
    assert is_https_url(text) in {True, False}


@given(LABELS, LABELS, PATHS)
def test_https_addresses_with_a_dotted_host_are_accepted(name: str, tld: str, path: str) -> None:
    assert is_https_url(f"https://{name}.{tld}{path}")


@given(LABELS, LABELS, PATHS, st.sampled_from(["http", "ftp", "HTTP", ""]))
def test_other_schemes_are_refused(name: str, tld: str, path: str, scheme: str) -> None:
    assert not is_https_url(f"{scheme}://{name}.{tld}{path}")


def test_hosts_without_a_dot_and_addresses_with_spaces_are_refused() -> None:
    assert not is_https_url("https://localhost/page")
    assert not is_https_url("https://example.org/a page")
    assert not is_https_url("https://[::1/page")
