"""The escalation path: open (or reuse) the conversation's ticket and tell the customer its
number, team, agent and wait. Also the refund and return requests, which are tickets too, and
the customer's question about their ticket."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import (
    customer_id_of,
    language_of,
    recent_user_texts,
    strongest_recent_sentiment,
    ticket_category,
)
from actions.labels import FINISHED_STATUSES, TICKET_CATEGORY, TICKET_STATUS, bilingual
from actions.replies import describe_ticket, describe_wait, reply_to_error
from actions.runtime import ClientFactory, Clock, business_timezone, service_client, utc_now
from actions.service_client import ServiceError, Ticket, TicketRequest

SUBJECT_CHARS = 60
DESCRIPTION_CHARS = 2000


def ticket_request(tracker: Tracker, category: str | None = None) -> TicketRequest:
    """The ticket body for this conversation: category, what the customer said, sentiment."""
    category = category or ticket_category(tracker.events)
    details = [
        f"{name}: {tracker.get_slot(name)}"
        for name in ("order_id", "reason", "issue_details")
        if tracker.get_slot(name)
    ]
    texts = recent_user_texts(tracker.events)
    description = "\n".join([*details, *texts])[:DESCRIPTION_CHARS] or "-"
    headline = tracker.get_slot("issue_details") or tracker.get_slot("reason") or category
    subject = " ".join(str(headline).split())[:SUBJECT_CHARS]
    request: TicketRequest = {
        "conversation_id": tracker.sender_id,
        "channel": "chat",
        "category": category,  # type: ignore[typeddict-item]
        "subject": subject,
        "description": description,
        "language": language_of(tracker),  # type: ignore[typeddict-item]
    }
    customer_id = customer_id_of(tracker)
    if customer_id:
        request["customer_id"] = customer_id
    sentiment = strongest_recent_sentiment(tracker.events)
    if sentiment.negative:
        request["sentiment"] = sentiment.as_payload()  # type: ignore[typeddict-item]
    return request


class _TicketAction(Action, ABC):
    """Opens the conversation's ticket; subclasses say which category and what comes first.

    Abstract, so the action server does not register it as an action of its own.
    """

    category: str | None = None
    intro_response: str | None = None
    # A person takes the chat over: the gateway switches the conversation to mode "human" when it
    # relays the handoff payload (docs/hub.md). Refund and return requests stay with the bot.
    hands_over: bool = False

    def __init__(
        self, client_factory: ClientFactory = service_client, clock: Clock = utc_now
    ) -> None:
        """``client_factory`` builds the service client per run; ``clock`` tells the time."""
        self._client_factory = client_factory
        self._clock = clock

    @abstractmethod
    def name(self) -> str:
        """Action name in the domain."""

    def intro_kwargs(self, tracker: Tracker) -> dict[str, Any]:
        """Values for the intro response."""
        return {}

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Open the ticket and describe it; when the service is down, say so and carry on."""
        request = ticket_request(tracker, self.category)
        try:
            ticket = await self._client_factory().open_ticket(request)
        except ServiceError as error:
            reply_to_error(dispatcher, error, "utter_escalation_unavailable")
            return [SlotSet("reason", None), SlotSet("issue_details", None)]
        if self.intro_response:
            dispatcher.utter_message(response=self.intro_response, **self.intro_kwargs(tracker))
        describe_ticket(dispatcher, ticket, self._clock(), business_timezone())
        if self.hands_over:
            dispatcher.utter_message(json_message={"handoff": handoff_payload(ticket)})
        return [
            SlotSet("ticket_id", ticket["id"]),
            SlotSet("reason", None),
            SlotSet("issue_details", None),
        ]


class ActionEscalate(_TicketAction):
    """Hand the conversation to a person: asked for, complaint, product issue, repeated misses."""

    hands_over = True

    def name(self) -> str:
        """Action name in the domain."""
        return "action_escalate"


class ActionSubmitRefund(_TicketAction):
    """End of the refund form: the request becomes a refund ticket."""

    category = "refund"
    intro_response = "utter_refund_request_received"

    def name(self) -> str:
        """Action name in the domain."""
        return "action_submit_refund"

    def intro_kwargs(self, tracker: Tracker) -> dict[str, Any]:
        """Order number and reason for the confirmation."""
        return {"order_id": tracker.get_slot("order_id"), "reason": tracker.get_slot("reason")}


class ActionSubmitReturn(ActionSubmitRefund):
    """End of the return/exchange form: the request becomes a return_exchange ticket."""

    category = "return_exchange"
    intro_response = "utter_return_request_received"

    def name(self) -> str:
        """Action name in the domain."""
        return "action_submit_return"


def handoff_payload(ticket: Ticket) -> dict[str, Any]:
    """What the gateway needs to switch the chat to a person (never shown to the customer)."""
    return {
        "ticket_id": ticket["id"],
        "team": ticket.get("team"),
        "assignee": ticket.get("assignee"),
    }


def latest_ticket(tickets: list[Ticket]) -> Ticket | None:
    """The newest ticket: ids (``T<yyyymmdd>-<serial>``) sort by creation."""
    return max(tickets, key=lambda t: t.get("id", "")) if tickets else None


class ActionTicketStatus(Action):
    """Tell the customer where their ticket stands."""

    def __init__(
        self, client_factory: ClientFactory = service_client, clock: Clock = utc_now
    ) -> None:
        """``client_factory`` builds the service client per run; ``clock`` tells the time."""
        self._client_factory = client_factory
        self._clock = clock

    def name(self) -> str:
        """Action name in the domain."""
        return "action_ticket_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Status, category and team of the newest ticket, and the wait if it is still open."""
        try:
            tickets = await self._client_factory().tickets_for_conversation(tracker.sender_id)
        except ServiceError as error:
            reply_to_error(dispatcher, error)
            return []
        ticket = latest_ticket(tickets)
        if ticket is None:
            dispatcher.utter_message(response="utter_no_ticket")
            return []
        status_zh, status_en = bilingual(TICKET_STATUS, ticket.get("status", ""))
        category_zh, category_en = bilingual(TICKET_CATEGORY, ticket.get("category", ""))
        team = ticket.get("team") or {}
        dispatcher.utter_message(
            response="utter_ticket_status",
            ticket_id=ticket["id"],
            status_zh=status_zh,
            status_en=status_en,
            category_zh=category_zh,
            category_en=category_en,
            team_zh=team.get("name_zh", ""),
            team_en=team.get("name_en", ""),
        )
        assignee = ticket.get("assignee")
        if assignee and assignee.get("display_name"):
            dispatcher.utter_message(
                response="utter_ticket_assignee", assignee=assignee["display_name"]
            )
        if ticket.get("status") not in FINISHED_STATUSES:
            describe_wait(dispatcher, ticket, self._clock(), business_timezone())
        return [SlotSet("ticket_id", ticket["id"])]
