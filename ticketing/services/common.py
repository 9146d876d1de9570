"""What every use case shares: the clock type, visibility checks and the agents' load counter."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

from ticketing.domain.auth import Principal
from ticketing.domain.errors import AgentUnavailable, PermissionDenied
from ticketing.domain.routing import rank_agents
from ticketing.domain.statuses import UNFINISHED
from ticketing.domain.teams import Agent, Team
from ticketing.domain.tickets import SYSTEM, Actor, Ticket
from ticketing.storage.unit_of_work import UnitOfWork

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The real time, in UTC."""
    return datetime.now(timezone.utc)


def actor_of(principal: Principal) -> Actor:
    """The audit-trail actor of a principal."""
    return Actor(principal.kind, principal.agent_id)


def check_visible(principal: Principal, ticket: Ticket) -> None:
    """Raise :class:`PermissionDenied` unless the principal may see the ticket.

    The bot (service) reads any ticket: it only ever asks about the conversation it serves.
    """
    if principal.kind == "service" or principal.sees_team(ticket.team_id):
        return
    raise PermissionDenied(
        f"ticket {ticket.id} belongs to another team", ticket_id=ticket.id, team_id=ticket.team_id
    )


def check_staff_on(principal: Principal, ticket: Ticket, action: str) -> None:
    """Raise unless a signed-in person of the ticket's team (or an admin) does ``action``."""
    principal.require("agent", action)
    check_visible(principal, ticket)


def load_owner(ticket: Ticket) -> str | None:
    """The agent whose capacity the ticket uses (an unfinished, assigned ticket), or None."""
    return ticket.assignee_id if ticket.status in UNFINISHED else None


def settle_load(uow: UnitOfWork, owner_before: str | None, ticket: Ticket) -> None:
    """Keep ``agents.open_tickets`` in step after a change that did not go through a claim."""
    owner_after = load_owner(ticket)
    if owner_before == owner_after:
        return
    if owner_before is not None:
        uow.agents.change_load(owner_before, -1)
    if owner_after is not None:
        uow.agents.change_load(owner_after, +1)


def assign_with_claim(
    uow: UnitOfWork,
    ticket: Ticket,
    agent_id: str,
    actor: Actor,
    now: datetime,
    team: Team,
    require_online: bool,
) -> bool:
    """Assign ``ticket`` to ``agent_id`` if the agent's capacity can be claimed atomically.

    Raises :class:`AgentUnavailable` when the agent is not in the team, offline (when
    ``require_online``) or full. Returns False when the agent already had the ticket.
    """
    if ticket.assignee_id == agent_id:
        return False
    agent = uow.agents.get(agent_id)
    if ticket.team_id not in agent.team_ids:
        raise AgentUnavailable(
            f"agent {agent_id} is not in team {ticket.team_id}", agent_id=agent_id
        )
    if not uow.agents.claim(agent_id, now, require_online):
        state = "offline or " if require_online else ""
        raise AgentUnavailable(f"agent {agent_id} is {state}at capacity", agent_id=agent_id)
    owner_before = load_owner(ticket)
    ticket.assign(agent_id, actor, now, team.calendar)
    if owner_before is not None:
        uow.agents.change_load(owner_before, -1)
    return True


def claim_best_agent(
    uow: UnitOfWork, team: Team, now: datetime, members: list[Agent] | None = None
) -> Agent | None:
    """Claim capacity of the team's best available agent (routing policy order), or None.

    ``members`` (the team's agents) may be passed when already loaded. A claim that loses a
    race (the agent filled up meanwhile) moves on to the next agent.
    """
    for agent in rank_agents(uow.agents.list(team.id) if members is None else members, team.id):
        if uow.agents.claim(agent.id, now):
            return agent
    return None


def route_to_agent(uow: UnitOfWork, ticket: Ticket, team: Team, now: datetime) -> bool:
    """Give an unassigned ticket to the best available agent of its team; False = it queues."""
    agent = claim_best_agent(uow, team, now)
    if agent is None:
        return False
    ticket.assign(agent.id, SYSTEM, now, team.calendar)
    return True


def refill_from_queue(uow: UnitOfWork, agent_id: str, now: datetime, limit: int = 1) -> int:
    """Give an agent with free capacity the most urgent queued tickets of their teams.

    Called when capacity frees up (resolve, close, transfer) or the agent comes online; returns
    how many tickets were assigned. Locked tickets are skipped (PostgreSQL ``SKIP LOCKED``).
    """
    assigned = 0
    while assigned < limit:
        agent = uow.agents.get(agent_id)
        if not agent.has_room or not agent.team_ids:
            break
        ticket = uow.tickets.next_in_queue(sorted(agent.team_ids))
        if ticket is None or not uow.agents.claim(agent_id, now):
            break
        team = uow.teams.get(ticket.team_id)
        ticket.assign(agent_id, SYSTEM, now, team.calendar)
        uow.tickets.save(ticket)
        assigned += 1
    return assigned
