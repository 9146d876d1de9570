"""Order lookup: what the customer is told for each order status and failure."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.orders import ActionCheckOrder
from tests.unit.actions.fakes import FakeServiceClient, make_tracker, sample_order, user_event


def run_lookup(client, events, order_id="E100123456789"):
    action = ActionCheckOrder(client_factory=lambda: client)
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(events, slots={"order_id": order_id})
    return dispatcher, action.run(dispatcher, tracker, {})


@pytest.mark.parametrize(
    ("status", "second"),
    [
        ("pending_payment", "utter_order_pending_payment"),
        ("paid", "utter_order_not_shipped"),
        ("shipped", "utter_order_on_the_way"),
        ("in_transit", "utter_order_on_the_way"),
        ("delivered", "utter_order_delivered"),
        ("refunding", "utter_order_refund_progress"),
    ],
)
async def test_each_status_gets_its_explanation(status, second):
    client = FakeServiceClient(orders={"E100123456789": sample_order(status)})
    dispatcher, run = run_lookup(client, [user_event("我的快递到哪了", "track_order")])

    assert await run == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_order_status", second]
    assert client.calls == [("get_order", ("E100123456789", "C2024050001"))]


async def test_on_the_way_names_carrier_tracking_number_and_day():
    client = FakeServiceClient(orders={"E100123456789": sample_order("in_transit")})
    dispatcher, run = run_lookup(client, [user_event("到哪了", "track_order")])
    await run

    status, detail = dispatcher.messages
    assert status["status_label_zh"] == "运输中"
    assert status["status_label_en"] == "in transit"
    assert detail["carrier"] == "顺丰速运"
    assert detail["tracking_no"] == "SF123456789012"
    assert detail["estimated_delivery"] == "2026-11-24"


async def test_refund_question_on_an_order_without_refund():
    client = FakeServiceClient(orders={"E100123456789": sample_order("delivered")})
    dispatcher, run = run_lookup(client, [user_event("我的退款到账了吗", "track_refund")])
    await run

    assert [m["response"] for m in dispatcher.messages] == [
        "utter_order_status",
        "utter_order_no_refund",
    ]


async def test_someone_elses_or_unknown_order_is_not_found_and_forgotten():
    client = FakeServiceClient(orders={"E100123456789": sample_order(customer_id="C2024059999")})
    dispatcher, run = run_lookup(client, [user_event("查订单", "track_order")])

    assert await run == [SlotSet("order_id", None)]
    assert dispatcher.messages[0]["response"] == "utter_order_not_found"
    assert dispatcher.messages[0]["order_id"] == "E100123456789"


async def test_service_down_is_said_politely():
    dispatcher, run = run_lookup(
        FakeServiceClient(down=True), [user_event("查订单", "track_order")]
    )

    assert await run == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_service_unavailable"]


async def test_anonymous_visitor_must_log_in_and_the_service_is_not_asked():
    client = FakeServiceClient(orders={"E100123456789": sample_order()})
    dispatcher, run = run_lookup(client, [user_event("查订单", "track_order", customer_id=None)])

    await run
    assert [m["response"] for m in dispatcher.messages] == ["utter_order_needs_login"]
    assert client.calls == []
