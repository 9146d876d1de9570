"""The hub's way into the tickets area: the use cases it needs, as one small interface.

The hub never touches ticket tables: it calls the ticketing use cases (which check who may do
what, keep SLA clocks and the audit trail) through :class:`TicketDesk`; tests pass a fake.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from ticketing.domain.auth import BOT, Principal
from ticketing.domain.conversations import Conversation, Handoff
from ticketing.domain.tickets import TicketDraft
from ticketing.services.common import Clock
from ticketing.services.escalation import EscalationService
from ticketing.services.ticket_work import TicketService


@dataclass(frozen=True)
class TicketFacts:
    """Where a ticket is now: its team and assignee."""

    ticket_id: str
    team_id: str
    assignee_id: str | None


class TicketDesk(Protocol):
    """The ticket operations a conversation needs (every call is synchronous)."""

    def open_for(self, conversation: Conversation, description: str) -> Handoff:
        """Open (or reuse) the conversation's ticket and route it."""

    def facts(self, principal: Principal, ticket_id: str) -> TicketFacts:
        """The ticket's team and assignee (raises when ``principal`` may not see it)."""

    def customer_wrote(self, ticket_id: str, body: str) -> None:
        """Record a customer's message on the ticket (resumes a waiting ticket)."""

    def agent_wrote(self, principal: Principal, ticket_id: str, body: str, public: bool) -> None:
        """Record an agent's reply or internal note (checks the agent's team)."""

    def resolve(self, principal: Principal, ticket_id: str) -> None:
        """Mark the ticket resolved."""

    def transfer(
        self, principal: Principal, ticket_id: str, team_id: str, reason: str
    ) -> TicketFacts:
        """Move the ticket to another team; returns where it landed."""


class ServiceDesk:
    """:class:`TicketDesk` on the ticketing use cases and the service's database."""

    def __init__(self, engine: Engine, clock: Clock, business_tz: ZoneInfo) -> None:
        self._tickets = TicketService(engine, clock)
        self._escalation = EscalationService(engine, clock, business_tz)

    def open_for(self, conversation: Conversation, description: str) -> Handoff:
        subject = {"zh": "在线客服转人工", "en": "Chat handed to a person"}
        draft = TicketDraft(
            subject=subject["en" if conversation.language == "en" else "zh"],
            category="other",
            description=description or "-",
            channel="chat",
            language=conversation.language,
            conversation_id=conversation.id,
            customer_id=conversation.customer_id,
        )
        view = self._escalation.open_ticket(BOT, draft).view
        assignee = view.assignee.id if view.assignee else None
        return Handoff(view.ticket.id, view.team.id, assignee)

    def facts(self, principal: Principal, ticket_id: str) -> TicketFacts:
        view = self._tickets.get(principal, ticket_id)
        return TicketFacts(view.ticket.id, view.team.id, view.ticket.assignee_id)

    def customer_wrote(self, ticket_id: str, body: str) -> None:
        self._tickets.customer_message(BOT, ticket_id, body)

    def agent_wrote(self, principal: Principal, ticket_id: str, body: str, public: bool) -> None:
        self._tickets.reply(principal, ticket_id, body, public)

    def resolve(self, principal: Principal, ticket_id: str) -> None:
        self._tickets.transition(principal, ticket_id, "resolved", "resolved in the chat")

    def transfer(
        self, principal: Principal, ticket_id: str, team_id: str, reason: str
    ) -> TicketFacts:
        view = self._tickets.transfer(principal, ticket_id, team_id, reason)
        return TicketFacts(view.ticket.id, view.team.id, view.ticket.assignee_id)
