"""Order lookup at the end of the order form: status, carrier, tracking and refund progress."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import customer_id_of, intent_of, user_events
from actions.replies import reply_to_error
from actions.runtime import ClientFactory, service_client
from actions.service_client import Order, OrderNotFound, ServiceError

ON_THE_WAY = frozenset({"shipped", "in_transit"})
REFUND_STATUSES = frozenset({"refunding", "refunded", "returned"})
_LOOKUP_INTENTS = ("track_order", "track_refund")


def asked_about_refund(tracker: Tracker) -> bool:
    """Whether the lookup answers "where is my refund" rather than "where is my order"."""
    for event in reversed(user_events(tracker.events)):
        intent = intent_of(event)
        if intent in _LOOKUP_INTENTS:
            return intent == "track_refund"
    return False


def _day(value: str | None) -> str:
    return value[:10] if value else "-"


def describe_order(dispatcher: CollectingDispatcher, order: Order, refund_question: bool) -> None:
    """The order's status line and what it means for the customer."""
    status = order.get("status")
    dispatcher.utter_message(
        response="utter_order_status",
        order_id=order["order_id"],
        status_label_zh=order.get("status_label_zh") or status,
        status_label_en=order.get("status_label_en") or status,
    )
    if status in REFUND_STATUSES:
        dispatcher.utter_message(response="utter_order_refund_progress")
        return
    if refund_question:
        dispatcher.utter_message(response="utter_order_no_refund")
        return
    if status == "pending_payment":
        dispatcher.utter_message(response="utter_order_pending_payment")
    elif status == "paid":
        dispatcher.utter_message(
            response="utter_order_not_shipped",
            estimated_delivery=_day(order.get("estimated_delivery")),
        )
    elif status in ON_THE_WAY:
        dispatcher.utter_message(
            response="utter_order_on_the_way",
            carrier=order.get("carrier") or "-",
            tracking_no=order.get("tracking_no") or "-",
            estimated_delivery=_day(order.get("estimated_delivery")),
        )
    elif status == "delivered":
        dispatcher.utter_message(
            response="utter_order_delivered", delivered_at=_day(order.get("delivered_at"))
        )


class ActionCheckOrder(Action):
    """Look the order up for the logged-in customer and describe it."""

    def __init__(self, client_factory: ClientFactory = service_client) -> None:
        """``client_factory`` builds the service client per run."""
        self._client_factory = client_factory

    def name(self) -> str:
        """Action name in the domain."""
        return "action_check_order"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Anonymous visitors are asked to log in: an order is personal data."""
        order_id = tracker.get_slot("order_id")
        customer_id = customer_id_of(tracker)
        if not customer_id:
            dispatcher.utter_message(response="utter_order_needs_login")
            return []
        try:
            order = await self._client_factory().get_order(order_id, customer_id)
        except OrderNotFound as error:
            reply_to_error(dispatcher, error)
            return [SlotSet("order_id", None)]
        except ServiceError as error:
            reply_to_error(dispatcher, error)
            return []
        describe_order(dispatcher, order, asked_about_refund(tracker))
        return []
