"""Escalation: the customer learns ticket number, team, agent and wait; the service learns
what the case is about and how the customer feels."""

from __future__ import annotations

from datetime import datetime, timezone

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.escalation import (
    ActionEscalate,
    ActionSubmitRefund,
    ActionTicketStatus,
    latest_ticket,
    ticket_request,
)
from tests.unit.actions.fakes import (
    FakeServiceClient,
    load_tracker,
    make_tracker,
    sample_ticket,
    user_event,
)

NOW = datetime(2026, 11, 23, 4, 0, tzinfo=timezone.utc)


def responses(dispatcher: CollectingDispatcher) -> list[tuple[str, dict]]:
    return [
        (m["response"], {k: v for k, v in m.items() if k not in ("response", "template")})
        for m in dispatcher.messages
        if m.get("response")
    ]


def kwargs_of(dispatcher: CollectingDispatcher, response: str) -> dict:
    return next(m for m in dispatcher.messages if m["response"] == response)


async def test_escalation_of_an_angry_complaint_sends_details_and_anger_and_tells_the_wait():
    client = FakeServiceClient(ticket=sample_ticket())
    action = ActionEscalate(client_factory=lambda: client, clock=lambda: NOW)
    dispatcher = CollectingDispatcher()

    events = await action.run(dispatcher, load_tracker("angry_complaint"), {})

    ((operation, request),) = client.calls
    assert operation == "open_ticket"
    assert request["conversation_id"] == "conv-angry"
    assert request["customer_id"] == "C2024050001"
    assert request["category"] == "complaint"
    assert request["channel"] == "chat"
    assert request["language"] == "zh"
    assert request["subject"] == "快递员把包裹扔在门口，东西摔坏了"
    assert "我要投诉！你们太过分了" in request["description"]
    assert request["sentiment"] == {"label": "negative", "score": 0.97, "anger": True}
    assert [r for r, _ in responses(dispatcher)] == [
        "utter_ticket_created",
        "utter_ticket_assignee",
        "utter_ticket_wait_minutes",
        "utter_ticket_queue_position",
    ]
    created = kwargs_of(dispatcher, "utter_ticket_created")
    assert created["ticket_id"] == "T20261123-0001"
    assert (created["team_zh"], created["team_en"]) == ("客户关怀组", "Customer care")
    assert kwargs_of(dispatcher, "utter_ticket_assignee")["assignee"] == "王敏"
    assert kwargs_of(dispatcher, "utter_ticket_wait_minutes")["wait_minutes"] == 8
    assert kwargs_of(dispatcher, "utter_ticket_queue_position")["queue_position"] == 2
    assert dispatcher.messages[-1]["custom"] == {
        "handoff": {
            "ticket_id": "T20261123-0001",
            "team": sample_ticket()["team"],
            "assignee": sample_ticket()["assignee"],
        }
    }
    assert events == [
        SlotSet("ticket_id", "T20261123-0001"),
        SlotSet("reason", None),
        SlotSet("issue_details", None),
    ]


async def test_after_hours_the_customer_hears_the_local_reply_time():
    ticket = sample_ticket(
        business_hours_open=False,
        assignee=None,
        queue_position=None,
        expected_first_response_at="2026-11-24T01:00:00+00:00",
    )
    client = FakeServiceClient(ticket=ticket)
    action = ActionEscalate(client_factory=lambda: client, clock=lambda: NOW)
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([user_event("转人工", "request_human")])

    await action.run(dispatcher, tracker, {})

    assert [r for r, _ in responses(dispatcher)] == [
        "utter_ticket_created",
        "utter_ticket_after_hours",
    ]
    assert kwargs_of(dispatcher, "utter_ticket_after_hours")["expected_time"] == "2026-11-24 09:00"


async def test_an_existing_ticket_is_reported_as_followed_up():
    client = FakeServiceClient(ticket=sample_ticket(created=False, assignee=None))
    action = ActionEscalate(client_factory=lambda: client, clock=lambda: NOW)
    dispatcher = CollectingDispatcher()

    await action.run(dispatcher, make_tracker([user_event("人工", "request_human")]), {})

    assert responses(dispatcher)[0][0] == "utter_ticket_existing"


async def test_service_down_the_customer_is_told_politely_and_the_chat_goes_on():
    client = FakeServiceClient(down=True)
    action = ActionEscalate(client_factory=lambda: client, clock=lambda: NOW)
    dispatcher = CollectingDispatcher()

    events = await action.run(dispatcher, make_tracker([user_event("人工", "request_human")]), {})

    assert [r for r, _ in responses(dispatcher)] == ["utter_escalation_unavailable"]
    assert SlotSet("ticket_id", "T20261123-0001") not in events


def test_anonymous_neutral_request_has_no_customer_and_no_sentiment():
    tracker = make_tracker(
        [user_event("talk to a human", "request_human", customer_id=None)],
        slots={"language": "en"},
    )

    request = ticket_request(tracker)

    assert "customer_id" not in request
    assert "sentiment" not in request
    assert request["language"] == "en"
    assert request["category"] == "other"


def test_category_follows_the_latest_concern():
    tracker = make_tracker(
        [
            user_event("付款失败了", "payment_issue"),
            user_event("算了", "stop"),
            user_event("转人工", "request_human"),
        ]
    )
    assert ticket_request(tracker)["category"] == "payment"


async def test_refund_request_confirms_order_and_reason_then_the_ticket():
    client = FakeServiceClient(ticket=sample_ticket(category="refund", assignee=None))
    action = ActionSubmitRefund(client_factory=lambda: client, clock=lambda: NOW)
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        [user_event("我要退款", "get_refund"), user_event("不想要了", "inform")],
        slots={"order_id": "E100123456789", "reason": "不想要了"},
    )

    await action.run(dispatcher, tracker, {})

    assert client.calls[0][1]["category"] == "refund"
    assert not any(m.get("custom") for m in dispatcher.messages)  # the bot keeps the chat
    intro = dispatcher.messages[0]
    assert intro["response"] == "utter_refund_request_received"
    assert (intro["order_id"], intro["reason"]) == ("E100123456789", "不想要了")


async def test_ticket_status_describes_the_newest_ticket():
    older = sample_ticket(id="T20261120-0007", status="closed")
    newer = sample_ticket(id="T20261123-0001", status="in_progress", category="refund")
    client = FakeServiceClient(tickets=[newer, older])
    action = ActionTicketStatus(client_factory=lambda: client, clock=lambda: NOW)
    dispatcher = CollectingDispatcher()

    events = await action.run(
        dispatcher, make_tracker([user_event("工单进度", "ticket_status")]), {}
    )

    assert client.calls == [("tickets_for_conversation", "conv-1")]
    status = kwargs_of(dispatcher, "utter_ticket_status")
    assert status["ticket_id"] == "T20261123-0001"
    assert (status["status_zh"], status["status_en"]) == ("正在处理中", "being worked on")
    assert (status["category_zh"], status["category_en"]) == ("退款", "refund")
    assert events == [SlotSet("ticket_id", "T20261123-0001")]


async def test_no_ticket_yet():
    client = FakeServiceClient(tickets=[])
    action = ActionTicketStatus(client_factory=lambda: client, clock=lambda: NOW)
    dispatcher = CollectingDispatcher()

    await action.run(dispatcher, make_tracker([user_event("工单进度", "ticket_status")]), {})

    assert [r for r, _ in responses(dispatcher)] == ["utter_no_ticket"]


def test_latest_ticket_of_none_is_none():
    assert latest_ticket([]) is None
