from collections.abc import Awaitable, Callable

from hypothesis import given
from hypothesis import strategies as st

from bot.loopback.routing import Router

SEGMENT = st.text(st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=20)


Handler = Callable[[], Awaitable[str]]


def handler_named(name: str) -> Handler:
    async def handler() -> str:
        return name

    return handler


def router() -> Router[Handler]:
    table: Router[Handler] = Router()
    table.add("GET", "/users/@me", handler_named("me"))
    table.add("GET", "/users/{user_id}", handler_named("user"))
    table.add("POST", "/channels/{channel_id}/messages", handler_named("send"))
    table.add(
        "PATCH",
        "/webhooks/{application_id}/{webhook_token}/messages/{message_id}",
        handler_named("edit"),
    )
    return table


@given(SEGMENT, SEGMENT, SEGMENT)
def test_parameters_bind_back(application: str, token: str, message: str) -> None:
    path = f"/webhooks/{application}/{token}/messages/{message}"
    match = router().match("PATCH", path)
    assert match is not None
    assert match.params == {
        "application_id": application,
        "webhook_token": token,
        "message_id": message,
    }
    assert match.key == "PATCH /webhooks/{application_id}/{webhook_token}/messages/{message_id}"
    assert match.major == application


def test_literal_routes_win_when_listed_first() -> None:
    table = router()
    me = table.match("GET", "/users/@me")
    other = table.match("GET", "/users/42")
    assert me is not None
    assert me.template == "/users/@me"
    assert other is not None
    assert other.params == {"user_id": "42"}


def test_method_literal_and_length_must_all_fit() -> None:
    table = router()
    assert table.match("GET", "/channels/1/messages") is None
    assert table.match("POST", "/channel/1/messages") is None
    assert table.match("POST", "/channels/1/messages/2") is None
