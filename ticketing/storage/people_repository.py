"""Teams, agents (with their load counter) and sign-in tokens."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from ticketing.domain.errors import NotFound
from ticketing.domain.teams import Agent, CalendarConfig, Team
from ticketing.storage.configuration import bump_revision
from ticketing.storage.schema.tickets import agents, auth_tokens, team_members, teams
from ticketing.storage.times import from_db, to_db


class TeamRepository:
    """Teams and their calendars."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def list(self) -> list[Team]:
        """Every team, by id."""
        rows = self._connection.execute(sa.select(teams).order_by(teams.c.id))
        return [_team(row) for row in rows]

    def get(self, team_id: str) -> Team:
        """The team; raises :class:`NotFound`."""
        row = self._connection.execute(sa.select(teams).where(teams.c.id == team_id)).first()
        if row is None:
            raise NotFound(f"team {team_id} does not exist", team_id=team_id)
        return _team(row)

    def add(self, team: Team, now: datetime) -> None:
        """Store a new team."""
        self._connection.execute(teams.insert().values(**team.to_dict(), created_at=to_db(now)))
        bump_revision(self._connection)

    def update(self, team: Team) -> None:
        """Store a changed team."""
        self._connection.execute(
            teams.update().where(teams.c.id == team.id).values(**team.to_dict())
        )
        bump_revision(self._connection)


def _team(row: Row) -> Team:
    return Team(
        row.id,
        row.name_zh,
        row.name_en,
        frozenset(row.skills),
        CalendarConfig.from_dict(row.calendar),
    )


class AgentRepository:
    """Agents, their team memberships and the atomic capacity claim."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def add(self, agent: Agent, password_hash: str, now: datetime) -> None:
        """Store a new agent with their teams."""
        self._connection.execute(
            agents.insert().values(
                id=agent.id,
                username=agent.username,
                display_name=agent.display_name,
                role=agent.role,
                password_hash=password_hash,
                capacity=agent.capacity,
                online=agent.online,
                open_tickets=0,
                last_assigned_at=None,
                active=agent.active,
                created_at=to_db(now),
            )
        )
        self.set_teams(agent.id, agent.team_ids)

    def update(self, agent: Agent, password_hash: str | None = None) -> None:
        """Store a changed profile (name, role, capacity, active, teams, optionally password)."""
        values = {
            "display_name": agent.display_name,
            "role": agent.role,
            "capacity": agent.capacity,
            "active": agent.active,
        }
        if password_hash is not None:
            values["password_hash"] = password_hash
        self._connection.execute(agents.update().where(agents.c.id == agent.id).values(**values))
        self.set_teams(agent.id, agent.team_ids)

    def set_teams(self, agent_id: str, team_ids: Iterable[str]) -> None:
        """Replace the agent's team memberships."""
        self._connection.execute(team_members.delete().where(team_members.c.agent_id == agent_id))
        rows = [{"team_id": team_id, "agent_id": agent_id} for team_id in sorted(set(team_ids))]
        if rows:
            self._connection.execute(team_members.insert(), rows)
        bump_revision(self._connection)

    def get(self, agent_id: str) -> Agent:
        """The agent; raises :class:`NotFound`."""
        found = self._select(agents.c.id == agent_id)
        if not found:
            raise NotFound(f"agent {agent_id} does not exist", agent_id=agent_id)
        return found[0]

    def by_username(self, username: str) -> tuple[Agent, str] | None:
        """The agent and their stored password hash, or None."""
        row = self._connection.execute(
            sa.select(agents.c.id, agents.c.password_hash).where(agents.c.username == username)
        ).first()
        if row is None:
            return None
        return self.get(row.id), row.password_hash

    def list(self, team_id: str | None = None) -> list[Agent]:
        """Every agent, or the members of ``team_id``, by id."""
        if team_id is None:
            return self._select(sa.true())
        members = sa.select(team_members.c.agent_id).where(team_members.c.team_id == team_id)
        return self._select(agents.c.id.in_(members))

    def members(self, team_id: str, memberships: Mapping[str, frozenset[str]]) -> list[Agent]:
        """The team's agents, by id, with their live presence and load, in one query.

        ``memberships`` (agent id -> team ids, from the cached configuration) fills in each
        agent's other teams instead of a second query.
        """
        rows = self._connection.execute(_MEMBERS, {"team_id": team_id})
        return [_agent(row, memberships.get(row.id, frozenset()) | {team_id}) for row in rows]

    def team_ids(self, agent_id: str) -> frozenset[str]:
        """The teams the agent belongs to."""
        rows = self._connection.execute(
            sa.select(team_members.c.team_id).where(team_members.c.agent_id == agent_id)
        )
        return frozenset(row.team_id for row in rows)

    def set_online(self, agent_id: str, online: bool) -> None:
        """Record the agent's presence."""
        self._connection.execute(
            agents.update().where(agents.c.id == agent_id).values(online=online)
        )

    def claim(self, agent_id: str, now: datetime, require_online: bool = True) -> bool:
        """Take one unit of the agent's capacity, atomically; False when there is none.

        A single conditional UPDATE: on PostgreSQL a concurrent claim on the same agent waits for
        this transaction and then re-checks ``open_tickets < capacity`` on the committed row, so
        no interleaving can go beyond capacity. SQLite serialises writers (BEGIN IMMEDIATE).
        """
        condition = sa.and_(
            agents.c.id == agent_id,
            agents.c.active,
            agents.c.open_tickets < agents.c.capacity,
        )
        if require_online:
            condition = sa.and_(condition, agents.c.online)
        result = self._connection.execute(
            agents.update()
            .where(condition)
            .values(open_tickets=agents.c.open_tickets + 1, last_assigned_at=to_db(now))
        )
        return result.rowcount == 1

    def change_load(self, agent_id: str, delta: int) -> None:
        """Add ``delta`` to the agent's unfinished-ticket count (never below zero)."""
        new_value = sa.case(
            (agents.c.open_tickets + delta < 0, 0), else_=agents.c.open_tickets + delta
        )
        self._connection.execute(
            agents.update().where(agents.c.id == agent_id).values(open_tickets=new_value)
        )

    def _select(self, condition) -> list[Agent]:
        rows = self._connection.execute(sa.select(agents).where(condition).order_by(agents.c.id))
        found = list(rows)
        if not found:
            return []
        memberships: dict[str, set[str]] = {row.id: set() for row in found}
        links = self._connection.execute(
            sa.select(team_members).where(team_members.c.agent_id.in_(list(memberships)))
        )
        for link in links:
            memberships[link.agent_id].add(link.team_id)
        return [_agent(row, frozenset(memberships[row.id])) for row in found]


_MEMBERS = (
    sa.select(agents)
    .join(team_members, team_members.c.agent_id == agents.c.id)
    .where(team_members.c.team_id == sa.bindparam("team_id"))
    .order_by(agents.c.id)
)


def _agent(row: Row, team_ids: frozenset[str]) -> Agent:
    return Agent(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        role=row.role,
        team_ids=team_ids,
        capacity=row.capacity,
        online=row.online,
        open_tickets=row.open_tickets,
        last_assigned_at=from_db(row.last_assigned_at),
        active=row.active,
    )


class TokenRepository:
    """Bearer tokens of signed-in agents, stored as digests."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def add(self, digest: str, agent_id: str, now: datetime, expires_at: datetime) -> None:
        """Store a new token digest (and forget this agent's expired ones)."""
        self._connection.execute(
            auth_tokens.delete().where(
                auth_tokens.c.agent_id == agent_id, auth_tokens.c.expires_at <= to_db(now)
            )
        )
        self._connection.execute(
            auth_tokens.insert().values(
                digest=digest,
                agent_id=agent_id,
                created_at=to_db(now),
                expires_at=to_db(expires_at),
            )
        )

    def agent_for(self, digest: str, now: datetime) -> tuple[str, str] | None:
        """(id, role) of the active agent holding this unexpired token, or None."""
        query = (
            sa.select(auth_tokens.c.agent_id, agents.c.role)
            .join(agents, agents.c.id == auth_tokens.c.agent_id)
            .where(
                auth_tokens.c.digest == digest,
                auth_tokens.c.expires_at > to_db(now),
                agents.c.active,
            )
        )
        row = self._connection.execute(query).first()
        return None if row is None else (row.agent_id, row.role)

    def delete(self, digest: str) -> str | None:
        """Revoke a token; returns its agent id (None when unknown)."""
        agent_id = self._connection.execute(
            sa.select(auth_tokens.c.agent_id).where(auth_tokens.c.digest == digest)
        ).scalar_one_or_none()
        self._connection.execute(auth_tokens.delete().where(auth_tokens.c.digest == digest))
        return agent_id

    def delete_for_agent(self, agent_id: str) -> None:
        """Revoke every token of an agent (deactivation, password change)."""
        self._connection.execute(auth_tokens.delete().where(auth_tokens.c.agent_id == agent_id))
