"""What the API shows of a ticket: the ticket plus its team, assignee, queue place and promises."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ticketing.domain.teams import Agent, Team
from ticketing.domain.tickets import Ticket
from ticketing.sla import add_working_minutes
from ticketing.storage.unit_of_work import UnitOfWork

MINUTES_PER_QUEUED_TICKET = 10
"""Estimated agent time per ticket ahead in the queue, for the customer's expected answer."""


@dataclass(frozen=True)
class TicketView:
    """A ticket with what callers need around it, computed at ``now``."""

    ticket: Ticket
    team: Team
    assignee: Agent | None
    queue_position: int | None
    expected_first_response_at: datetime | None
    business_hours_open: bool
    sla: dict[str, dict[str, Any]]


class ViewBuilder:
    """Builds :class:`TicketView` objects inside a unit of work, caching teams and agents."""

    def __init__(
        self,
        uow: UnitOfWork,
        now: datetime,
        teams: Iterable[Team] = (),
        team_agents: dict[str, list[Agent]] | None = None,
    ) -> None:
        self._uow = uow
        self._now = now
        self._teams: dict[str, Team] = {team.id: team for team in teams}
        self._team_agents: dict[str, list[Agent]] = dict(team_agents or {})
        self._agents: dict[str, Agent] = {
            agent.id: agent for members in self._team_agents.values() for agent in members
        }

    def team(self, team_id: str) -> Team:
        """The team (loaded once)."""
        if team_id not in self._teams:
            self._teams[team_id] = self._uow.teams.get(team_id)
        return self._teams[team_id]

    def build(self, ticket: Ticket, queue_position: int | None = -1) -> TicketView:
        """The view; pass ``queue_position`` when already known (-1 asks the database)."""
        team = self.team(ticket.team_id)
        calendar = team.calendar
        assignee = self._agent(ticket.assignee_id) if ticket.assignee_id else None
        if queue_position == -1:
            queue_position = self._uow.tickets.queue_position(ticket)
        return TicketView(
            ticket=ticket,
            team=team,
            assignee=assignee,
            queue_position=queue_position,
            expected_first_response_at=self._expected(ticket, team, queue_position),
            business_hours_open=calendar.is_open(self._now),
            sla=ticket.sla_view(self._now, calendar),
        )

    def _members(self, team_id: str) -> list[Agent]:
        if team_id not in self._team_agents:
            self._team_agents[team_id] = self._uow.agents.list(team_id)
        return self._team_agents[team_id]

    def _agent(self, agent_id: str) -> Agent:
        if agent_id not in self._agents:
            self._agents[agent_id] = self._uow.agents.get(agent_id)
        return self._agents[agent_id]

    def _expected(self, ticket: Ticket, team: Team, position: int | None) -> datetime | None:
        """When the customer may expect the first answer.

        Answered: when it happened. Assigned: the first-response deadline (already counted in
        the team's business hours). Queued at place p: the deadline plus 10 working minutes
        for every full round of the team's online agents ahead, i.e. ceil((p-1)/online) x 10.
        """
        if ticket.first_responded_at is not None:
            return ticket.first_responded_at
        due = ticket.due_at("first_response")
        if due is None or not ticket.unfinished:
            return None
        if not position or position == 1:
            return due
        online = sum(1 for agent in self._members(team.id) if agent.online)
        rounds = math.ceil((position - 1) / max(online, 1))
        return add_working_minutes(due, rounds * MINUTES_PER_QUEUED_TICKET, team.calendar)
