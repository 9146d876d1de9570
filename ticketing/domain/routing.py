"""Routing policy: which team takes a category, and which of its agents takes the ticket.

Team: the team whose skills include the category (the lowest id when several do); when no team
has the skill, the team that takes ``other``. Agent: among online agents under capacity, the
least loaded (fewest unfinished tickets); ties go round-robin to whoever was assigned longest
ago (never assigned first), then by id. Offline agents and full agents never get a ticket; when
nobody qualifies the ticket waits in the team's queue. The storage makes the claim atomic.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone

from ticketing.domain.errors import NoTeamForCategory
from ticketing.domain.teams import Agent, Team

FALLBACK_SKILL = "other"
_NEVER = datetime.min.replace(tzinfo=timezone.utc)


def team_for_category(category: str, teams: Iterable[Team]) -> Team:
    """The team that handles ``category``; raises :class:`NoTeamForCategory`."""
    ordered = sorted(teams, key=lambda team: team.id)
    for skill in (category, FALLBACK_SKILL):
        for team in ordered:
            if skill in team.skills:
                return team
    raise NoTeamForCategory(category)


def rank_agents(agents: Iterable[Agent], team_id: str) -> list[Agent]:
    """The team's agents who may take a ticket now, the best choice first."""
    eligible = [agent for agent in agents if team_id in agent.team_ids and agent.has_room]
    return sorted(
        eligible,
        key=lambda agent: (agent.open_tickets, agent.last_assigned_at or _NEVER, agent.id),
    )


def pick_agent(agents: Iterable[Agent], team_id: str) -> Agent | None:
    """The agent to assign, or None when the ticket must wait in the queue."""
    ranked = rank_agents(agents, team_id)
    return ranked[0] if ranked else None
