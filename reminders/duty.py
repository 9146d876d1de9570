"""Who receives a staff notice: nobody is woken outside their working hours.

A person is on duty while the calendar of one of their teams is open. A notice for someone off
duty goes to whoever is on duty instead — a colleague of the same team first (supervisors first
for escalations), then a supervisor of any team on duty — and it is still left, silently, in the
original recipient's console inbox. When nobody at all is on duty, the notice only lands in the
recipient's inbox (no email, no webhook): it waits for the morning instead of waking anyone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from ticketing.domain.teams import Agent, Team


@dataclass(frozen=True)
class Route:
    """Deliver to ``recipient`` (loudly, when ``wake``); ``fallback_of`` names the person who
    was off duty, whose inbox gets a quiet copy."""

    recipient: str
    wake: bool
    fallback_of: str | None = None


@dataclass(frozen=True)
class Staff:
    """The people and teams, read once per run."""

    agents: Mapping[str, Agent]
    teams: Mapping[str, Team]

    def on_duty(self, agent_id: str, now: datetime) -> bool:
        """True while one of the person's teams is open (admins with no team: never)."""
        agent = self.agents.get(agent_id)
        if agent is None or not agent.active:
            return False
        return any(
            self.teams[team].calendar.is_open(now) for team in agent.team_ids if team in self.teams
        )

    def supervisor_of(self, team_id: str) -> str | None:
        """The team's supervisor (the first by id), or None."""
        return self._supervisors.get(team_id)

    @cached_property
    def _supervisors(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for agent in sorted(self.agents.values(), key=lambda a: a.id):
            if agent.active and agent.role == "supervisor":
                for team_id in agent.team_ids:
                    found.setdefault(team_id, agent.id)
        return found

    def route(
        self, recipient: str, now: datetime, team_id: str | None = None, escalation: bool = False
    ) -> Route:
        """Where a notice meant for ``recipient`` (about ``team_id``'s work) goes at ``now``."""
        if self.on_duty(recipient, now) or recipient not in self.agents:
            return Route(recipient, wake=recipient in self.agents)
        agent = self.agents[recipient]
        teams = [team_id] if team_id else sorted(agent.team_ids)
        for candidate in self._stand_ins(teams, now, escalation):
            if candidate != recipient:
                return Route(candidate, wake=True, fallback_of=recipient)
        return Route(recipient, wake=False)

    def _stand_ins(self, team_ids: Sequence[str], now: datetime, escalation: bool) -> list[str]:
        def rank(agent: Agent) -> tuple:
            same_team = bool(agent.team_ids & set(team_ids))
            supervisor = agent.role == "supervisor"
            return (not same_team, not supervisor if escalation else supervisor, agent.id)

        on_duty = [a for a in self.agents.values() if self.on_duty(a.id, now)]
        same_team = [a for a in on_duty if a.team_ids & set(team_ids)]
        supervisors = [a for a in on_duty if a.role == "supervisor"]
        chosen = {a.id: a for a in [*same_team, *supervisors]}
        return [a.id for a in sorted(chosen.values(), key=rank)]
