"""Form slot validation and unsubscribing."""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import parse_order_id
from actions.forms import ValidateOrderLookupForm, ValidateRefundForm
from actions.subscriptions import ActionUnsubscribe
from tests.unit.actions.fakes import FakeServiceClient, make_tracker, user_event


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("E100123456789", "E100123456789"),
        ("订单号是e100123456789哦", "E100123456789"),
        ("Ｅ１００１２３４５６７８９", "E100123456789"),
        ("E12345", None),
        ("E1001234567890", None),
        ("不知道", None),
        (None, None),
    ],
)
def test_order_number_parsing(text, expected):
    assert parse_order_id(text) == expected


async def test_bad_order_number_is_explained_and_asked_again():
    dispatcher = CollectingDispatcher()
    result = await ValidateOrderLookupForm().validate_order_id("E123", dispatcher, None, {})
    assert result == {"order_id": None}
    assert [m["response"] for m in dispatcher.messages] == ["utter_invalid_order_id"]


async def test_good_order_number_is_accepted_silently():
    dispatcher = CollectingDispatcher()
    result = await ValidateOrderLookupForm().validate_order_id(
        "单号 e100123456789", dispatcher, None, {}
    )
    assert result == {"order_id": "E100123456789"}
    assert dispatcher.messages == []


@pytest.mark.parametrize(
    ("reply", "expected"),
    [("尺码小了", "尺码小了"), ("  too   small ", "too small"), ("😡", None), ("？？", None)],
)
async def test_reason_needs_some_words(reply, expected):
    result = await ValidateRefundForm().validate_reason(reply, CollectingDispatcher(), None, {})
    assert result == {"reason": expected}


async def unsubscribe(client, customer_id):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([user_event("退订", "unsubscribe", customer_id=customer_id)])
    await ActionUnsubscribe(client_factory=lambda: client).run(dispatcher, tracker, {})
    return [m["response"] for m in dispatcher.messages]


async def test_logged_in_customer_is_unsubscribed_through_the_service():
    client = FakeServiceClient()
    assert await unsubscribe(client, "C2024050001") == ["utter_unsubscribed"]
    assert client.calls == [("unsubscribe", "C2024050001")]


async def test_anonymous_visitor_hears_how_to_unsubscribe():
    client = FakeServiceClient()
    assert await unsubscribe(client, None) == ["utter_unsubscribe_how"]
    assert client.calls == []


async def test_unknown_customer_or_service_down_never_claims_success():
    assert await unsubscribe(FakeServiceClient(), "C2099010001") == ["utter_unsubscribe_how"]
    assert await unsubscribe(FakeServiceClient(down=True), "C2024050001") == [
        "utter_service_unavailable"
    ]
