"""What the customer is told: service errors mapped to polite replies in one place, and a
ticket described (number, team, agent, expected wait) with domain responses only."""

from __future__ import annotations

import logging
import math
from datetime import datetime
from zoneinfo import ZoneInfo

from rasa_sdk.executor import CollectingDispatcher

from actions.service_client import (
    CustomerNotFound,
    OrderNotFound,
    ServiceError,
    ServiceUnavailable,
    Ticket,
)

logger = logging.getLogger(__name__)

# Which response answers which failure; anything else counts as the service being unavailable.
_ERROR_RESPONSES: dict[type[ServiceError], str] = {
    OrderNotFound: "utter_order_not_found",
    CustomerNotFound: "utter_unsubscribe_how",
    ServiceUnavailable: "utter_service_unavailable",
}


def reply_to_error(
    dispatcher: CollectingDispatcher,
    error: ServiceError,
    unavailable_response: str = "utter_service_unavailable",
) -> None:
    """Tell the customer politely what went wrong; the conversation goes on."""
    response = _ERROR_RESPONSES.get(type(error), unavailable_response)
    if isinstance(error, ServiceUnavailable):
        response = unavailable_response
        logger.warning("answering without the service: %s", error.operation)
    kwargs = {"order_id": error.order_id} if isinstance(error, OrderNotFound) else {}
    dispatcher.utter_message(response=response, **kwargs)


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None


def describe_ticket(
    dispatcher: CollectingDispatcher, ticket: Ticket, now: datetime, tz: ZoneInfo
) -> None:
    """Ticket number and team, the agent if one is assigned, and how long the wait is."""
    team = ticket.get("team") or {}
    names = {"team_zh": team.get("name_zh", ""), "team_en": team.get("name_en", "")}
    response = "utter_ticket_created" if ticket.get("created", True) else "utter_ticket_existing"
    dispatcher.utter_message(response=response, ticket_id=ticket["id"], **names)
    assignee = ticket.get("assignee")
    if assignee and assignee.get("display_name"):
        dispatcher.utter_message(
            response="utter_ticket_assignee", assignee=assignee["display_name"]
        )
    describe_wait(dispatcher, ticket, now, tz)


def describe_wait(
    dispatcher: CollectingDispatcher, ticket: Ticket, now: datetime, tz: ZoneInfo
) -> None:
    """The expected wait: minutes and queue place in business hours, else the reply time."""
    expected = _parse_time(ticket.get("expected_first_response_at"))
    if ticket.get("business_hours_open", True):
        if expected is not None:
            minutes = max(1, math.ceil((expected - now).total_seconds() / 60))
            dispatcher.utter_message(response="utter_ticket_wait_minutes", wait_minutes=minutes)
        position = ticket.get("queue_position")
        if isinstance(position, int) and position > 0:
            dispatcher.utter_message(
                response="utter_ticket_queue_position", queue_position=position
            )
    elif expected is not None:
        local = expected.astimezone(tz).strftime("%Y-%m-%d %H:%M")
        dispatcher.utter_message(response="utter_ticket_after_hours", expected_time=local)
