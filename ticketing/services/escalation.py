"""Opening a ticket: the bot's escalation (idempotent per conversation) or an agent's form.

One transaction: reuse the conversation's unfinished ticket if there is one; otherwise pick the
team by skills, the priority by the rules, the SLA policy, a readable number, and an agent by
the routing policy (atomic claim) — or leave the ticket in the team's queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from ticketing.domain.auth import Principal
from ticketing.domain.errors import PermissionDenied
from ticketing.domain.priority import assess_priority
from ticketing.domain.routing import team_for_category
from ticketing.domain.sla_policies import policy_for
from ticketing.domain.tickets import SYSTEM, Ticket, TicketDraft, ticket_number
from ticketing.services.common import Clock, actor_of, check_visible, claim_best_agent
from ticketing.services.views import TicketView, ViewBuilder
from ticketing.storage.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Opened:
    """The ticket and whether this call created it (False: the conversation already had one)."""

    view: TicketView
    created: bool


class EscalationService:
    """Creates tickets; see the module docstring."""

    def __init__(self, engine: Engine, clock: Clock, business_tz: ZoneInfo) -> None:
        self._engine = engine
        self._clock = clock
        self._tz = business_tz

    def open_ticket(self, principal: Principal, draft: TicketDraft) -> Opened:
        """Create the ticket (or return the conversation's unfinished one)."""
        if principal.kind != "service" and not principal.at_least("agent"):
            raise PermissionDenied("opening a ticket needs the bot or an agent")
        draft.validate()
        try:
            return self._open(principal, draft)
        except IntegrityError:
            # Another request opened the conversation's ticket between our check and insert.
            existing = self._existing(principal, draft)
            if existing is None:
                raise
            return existing

    def _open(self, principal: Principal, draft: TicketDraft) -> Opened:
        now = self._clock()
        with UnitOfWork(self._engine) as uow:
            if draft.conversation_id:
                config, found = uow.configuration_and_open_ticket(draft.conversation_id)
                if found is not None:
                    check_visible(principal, found)
                    return Opened(ViewBuilder(uow, now).build(found), created=False)
            else:
                config = uow.configuration()
            team = team_for_category(draft.category, config.teams)
            text = f"{draft.subject}\n{draft.description}"
            assessment = assess_priority(
                draft.category, draft.sentiment, draft.customer_segment, text
            )
            policy = policy_for(assessment.priority, draft.customer_segment, config.policies)
            members = uow.agents.members(team.id, config.memberships)
            chosen = claim_best_agent(uow, team, now, members)
            # Taken last: on SQLite the day's counter row stays locked until commit.
            day = now.astimezone(self._tz).date()
            ticket_id = ticket_number(day, uow.next_ticket_serial(f"{day:%Y%m%d}"))
            ticket = Ticket.create(
                ticket_id,
                draft,
                assessment,
                team.id,
                policy,
                team.calendar,
                actor_of(principal),
                now,
            )
            if chosen is not None:
                ticket.assign(chosen.id, SYSTEM, now, team.calendar)
            uow.tickets.add(ticket)
            # The claim changed one agent's load; the view only shows names and presence.
            views = ViewBuilder(uow, now, teams=[team], team_agents={team.id: members})
            view = views.build(ticket, queue_position=None if chosen else -1)
            uow.commit()
        return Opened(view, created=True)

    def _existing(self, principal: Principal, draft: TicketDraft) -> Opened | None:
        if not draft.conversation_id:
            return None
        now = self._clock()
        with UnitOfWork(self._engine, write=False) as uow:
            found = uow.tickets.unfinished_for_conversation(draft.conversation_id)
            if found is None:
                return None
            check_visible(principal, found)
            return Opened(ViewBuilder(uow, now).build(found), created=False)
