"""An agent's (and the bot's) work on existing tickets: read, search, queue, change.

Every change runs in one unit of work: load the ticket (row-locked on PostgreSQL), check who
may do it, apply the domain method (which appends the audit events), keep the agents' load
counters in step, save with a version check, commit. A failure leaves nothing written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TypeVar

from sqlalchemy.engine import Engine

from ticketing.domain.auth import Principal
from ticketing.domain.catalog import Priority
from ticketing.domain.errors import AgentUnavailable, FieldProblem, InvalidInput, PermissionDenied
from ticketing.domain.sla_policies import SlaPolicy, policy_for
from ticketing.domain.statuses import TicketStatus
from ticketing.domain.teams import Team
from ticketing.domain.tickets import Ticket, TicketEvent
from ticketing.services.common import (
    Clock,
    actor_of,
    assign_with_claim,
    check_staff_on,
    check_visible,
    load_owner,
    refill_from_queue,
    route_to_agent,
    settle_load,
)
from ticketing.services.views import TicketView, ViewBuilder
from ticketing.storage.tickets_repository import UNASSIGNED, Message, TicketFilter
from ticketing.storage.unit_of_work import UnitOfWork

R = TypeVar("R")
Change = Callable[[UnitOfWork, Ticket, Team, SlaPolicy, datetime], R]
MAX_BODY = 20_000
BOT_TRANSITIONS = {TicketStatus.CLOSED, TicketStatus.REOPENED}
"""The bot acts for the customer: confirm a resolution (close) or say it is not solved."""


class TicketService:
    """Use cases on existing tickets; every method takes the caller's principal first."""

    def __init__(self, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock

    # --- reading -------------------------------------------------------------------------

    def get(self, principal: Principal, ticket_id: str) -> TicketView:
        """One ticket; 404 when unknown, 403 when another team's."""
        now = self._clock()
        with UnitOfWork(self._engine, write=False) as uow:
            ticket = uow.tickets.get(ticket_id)
            check_visible(principal, ticket)
            return ViewBuilder(uow, now).build(ticket)

    def search(
        self, principal: Principal, criteria: TicketFilter, limit: int = 50, offset: int = 0
    ) -> list[TicketView]:
        """Tickets matching ``criteria`` among those the caller may see, newest first.

        The bot may only ask by conversation or customer.
        """
        if principal.kind == "service":
            if not (criteria.conversation_id or criteria.customer_id):
                raise PermissionDenied("the bot may list tickets of a conversation or customer")
        elif not principal.is_admin:
            criteria = replace(criteria, team_ids=principal.team_ids)
        now = self._clock()
        with UnitOfWork(self._engine, write=False) as uow:
            views = ViewBuilder(uow, now)
            found = uow.tickets.search(criteria, limit, offset)
            return [views.build(ticket) for ticket in found]

    def queue(
        self, principal: Principal, team_id: str | None, assignee: str | None, limit: int = 50
    ) -> list[TicketView]:
        """Active tickets of the caller's teams, most urgent first.

        ``assignee``: None (all), ``"none"`` (waiting for an agent) or ``"me"``.
        """
        principal.require("agent", "reading the queue")
        now = self._clock()
        with UnitOfWork(self._engine, write=False) as uow:
            if team_id is not None:
                if not principal.sees_team(team_id):
                    raise PermissionDenied(f"team {team_id} is not yours", team_id=team_id)
                team_ids = [team_id]
            elif principal.is_admin:
                team_ids = [team.id for team in uow.teams.list()]
            else:
                team_ids = sorted(principal.team_ids)
            who = principal.agent_id if assignee == "me" else assignee
            found = uow.tickets.queue(team_ids, who, limit)
            views, places = ViewBuilder(uow, now), dict.fromkeys(team_ids, 0)
            result = []
            for ticket in found:
                place = None
                if ticket.assignee_id is None and assignee == UNASSIGNED:
                    places[ticket.team_id] += 1  # the list is the queue itself, in order
                    place = places[ticket.team_id]
                result.append(views.build(ticket, place if assignee == UNASSIGNED else -1))
            return result

    def events(self, principal: Principal, ticket_id: str) -> list[TicketEvent]:
        """The audit trail of a ticket (staff only)."""
        principal.require("agent", "reading the audit trail")
        with UnitOfWork(self._engine, write=False) as uow:
            check_visible(principal, uow.tickets.get(ticket_id))
            return uow.tickets.events(ticket_id)

    def messages(self, principal: Principal, ticket_id: str) -> list[Message]:
        """Replies and customer messages; internal notes only for staff."""
        with UnitOfWork(self._engine, write=False) as uow:
            check_visible(principal, uow.tickets.get(ticket_id))
            return uow.tickets.messages(ticket_id, include_internal=principal.is_staff)

    # --- changing ------------------------------------------------------------------------

    def transition(
        self, principal: Principal, ticket_id: str, status: str, reason: str | None = None
    ) -> TicketView:
        """Change the status; 409 with the reason when the life cycle refuses."""
        wanted = _status(status)

        def change(
            uow: UnitOfWork, ticket: Ticket, team: Team, policy: SlaPolicy, now: datetime
        ) -> None:
            if principal.kind == "service":
                if wanted not in BOT_TRANSITIONS:
                    raise PermissionDenied(f"the bot may not set a ticket to {wanted.value}")
            else:
                check_staff_on(principal, ticket, "changing a ticket")
            actor = actor_of(principal)
            ticket.transition(wanted, actor, now, team.calendar, policy, reason)

        return self._change(principal, ticket_id, change)

    def reply(
        self, principal: Principal, ticket_id: str, body: str, public: bool
    ) -> tuple[Message, TicketView]:
        """An agent's public reply (the customer sees it; stops response clocks) or a note."""
        _check_body(body)
        stored: list[Message] = []

        def change(
            uow: UnitOfWork, ticket: Ticket, team: Team, policy: SlaPolicy, now: datetime
        ) -> None:
            check_staff_on(principal, ticket, "replying")
            ticket.reply(public, actor_of(principal), now, team.calendar)
            visibility = "public" if public else "internal"
            stored.append(
                uow.tickets.add_message(ticket.id, now, actor_of(principal), visibility, body)
            )

        view = self._change(principal, ticket_id, change)
        return stored[0], view

    def customer_message(
        self, principal: Principal, ticket_id: str, body: str
    ) -> tuple[Message, TicketView]:
        """A customer's message relayed by the bot or the gateway (a service principal)."""
        if principal.kind != "service":
            raise PermissionDenied("customer messages come from the bot or the chat gateway")
        _check_body(body)
        stored: list[Message] = []

        def change(
            uow: UnitOfWork, ticket: Ticket, team: Team, policy: SlaPolicy, now: datetime
        ) -> None:
            ticket.customer_wrote(now, team.calendar, policy)
            customer = actor_of(principal)
            stored.append(uow.tickets.add_message(ticket.id, now, customer, "public", body))

        view = self._change(principal, ticket_id, change)
        return stored[0], view

    def assign(self, principal: Principal, ticket_id: str, agent_id: str) -> TicketView:
        """Assign to ``agent_id``: an agent may claim for themselves, a supervisor for anyone
        in the team. Capacity is claimed atomically (409 when full)."""

        def change(
            uow: UnitOfWork, ticket: Ticket, team: Team, policy: SlaPolicy, now: datetime
        ) -> None:
            check_staff_on(principal, ticket, "assigning")
            if agent_id != principal.agent_id:
                principal.require("supervisor", "assigning a ticket to someone else")
            elif ticket.assignee_id not in (None, agent_id) and not principal.at_least(
                "supervisor"
            ):
                raise AgentUnavailable(
                    f"ticket {ticket.id} is already taken by {ticket.assignee_id}",
                    ticket_id=ticket.id,
                )
            actor = actor_of(principal)
            assign_with_claim(uow, ticket, agent_id, actor, now, team, False)

        return self._change(principal, ticket_id, change, settle=False)

    def transfer(
        self, principal: Principal, ticket_id: str, team_id: str, reason: str
    ) -> TicketView:
        """Hand the ticket to another team with a reason; it is routed there at once if an
        agent is free, else it waits in that team's queue (the 1-hour transfer timer runs)."""

        def change(
            uow: UnitOfWork, ticket: Ticket, team: Team, policy: SlaPolicy, now: datetime
        ) -> None:
            check_staff_on(principal, ticket, "transferring")
            target = uow.teams.get(team_id)
            owner_before = load_owner(ticket)
            ticket.transfer(team_id, reason, actor_of(principal), now, target.calendar, policy)
            settle_load(uow, owner_before, ticket)
            route_to_agent(uow, ticket, target, now)

        return self._change(principal, ticket_id, change, settle=False)

    def set_priority(
        self, principal: Principal, ticket_id: str, priority: str, reason: str
    ) -> TicketView:
        """An agent's priority override with a reason; deadlines follow the new policy."""
        try:
            wanted = Priority(priority)
        except ValueError:
            problem = FieldProblem("priority", "must be P1, P2, P3 or P4")
            raise InvalidInput("unknown priority", (problem,)) from None

        def change(
            uow: UnitOfWork, ticket: Ticket, team: Team, policy: SlaPolicy, now: datetime
        ) -> None:
            check_staff_on(principal, ticket, "changing the priority")
            new_policy = policy_for(wanted, ticket.customer_segment, uow.policies.list())
            actor = actor_of(principal)
            ticket.override_priority(wanted, reason, actor, now, team.calendar, new_policy)

        return self._change(principal, ticket_id, change)

    def set_tags(self, principal: Principal, ticket_id: str, tags: list[str]) -> TicketView:
        """Replace the ticket's tags."""

        def change(
            uow: UnitOfWork, ticket: Ticket, team: Team, policy: SlaPolicy, now: datetime
        ) -> None:
            check_staff_on(principal, ticket, "tagging")
            ticket.set_tags(tuple(tags), actor_of(principal), now)

        return self._change(principal, ticket_id, change)

    def merge(
        self, principal: Principal, ticket_id: str, into_id: str, reason: str | None
    ) -> TicketView:
        """Close ``ticket_id`` as a duplicate of ``into_id``; returns the surviving ticket."""

        def change(
            uow: UnitOfWork, ticket: Ticket, team: Team, policy: SlaPolicy, now: datetime
        ) -> Ticket:
            check_staff_on(principal, ticket, "merging")
            target = uow.tickets.get(into_id, lock=True)
            check_staff_on(principal, target, "merging")
            ticket.merge_into(target, actor_of(principal), now, team.calendar, policy, reason)
            uow.tickets.save(target)
            return target

        return self._change(principal, ticket_id, change, show_result=True)

    # --- the one transaction shape -------------------------------------------------------

    def _change(
        self,
        principal: Principal,
        ticket_id: str,
        change: Change,
        settle: bool = True,
        show_result: bool = False,
    ) -> TicketView:
        now = self._clock()
        with UnitOfWork(self._engine) as uow:
            ticket = uow.tickets.get(ticket_id, lock=True)
            check_visible(principal, ticket)
            team = uow.teams.get(ticket.team_id)
            policy = policy_for(ticket.priority, ticket.customer_segment, uow.policies.list())
            owner_before = load_owner(ticket)
            result = change(uow, ticket, team, policy, now)
            if settle:
                settle_load(uow, owner_before, ticket)
            uow.tickets.save(ticket)
            if owner_before is not None and load_owner(ticket) != owner_before:
                refill_from_queue(uow, owner_before, now)
            shown = result if show_result else ticket
            view = ViewBuilder(uow, now).build(shown)
            uow.commit()
        return view


def _status(value: str) -> TicketStatus:
    try:
        return TicketStatus(value)
    except ValueError:
        names = ", ".join(status.value for status in TicketStatus)
        raise InvalidInput("unknown status", (FieldProblem("status", f"one of {names}"),)) from None


def _check_body(body: str) -> None:
    if not 1 <= len(body.strip()) <= MAX_BODY:
        problem = FieldProblem("body", f"must be 1 to {MAX_BODY} characters")
        raise InvalidInput("the message is empty or too long", (problem,))
