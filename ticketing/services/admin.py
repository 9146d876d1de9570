"""Admin use cases: teams (skills, calendars), agents (roles, capacity, teams), SLA policies.

Every change appends an :class:`~ticketing.domain.admin_audit.AdminChange` (who, what, when,
before and after) in the same transaction as the change: a failed change leaves neither.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from ticketing.domain.admin_audit import (
    AdminChange,
    Snapshot,
    admin_change,
    agent_snapshot,
    policy_key,
    policy_snapshot,
    team_snapshot,
)
from ticketing.domain.auth import Principal
from ticketing.domain.catalog import CATEGORIES, Priority
from ticketing.domain.credentials import hash_password
from ticketing.domain.errors import Conflict, FieldProblem, InvalidInput
from ticketing.domain.sla_policies import DEFAULT_POLICIES, SlaPolicy, policy_for
from ticketing.domain.teams import ROLES, Agent, CalendarConfig, Team
from ticketing.domain.ticket_records import Actor
from ticketing.services.common import Clock, actor_of
from ticketing.storage.admin_audit import AuditFilter
from ticketing.storage.unit_of_work import UnitOfWork

_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,39}$")
MIN_PASSWORD = 8
CLI = Actor("system", "cli")
"""The audit actor of changes made with the command line (``principal`` None)."""


def _invalid(field: str, problem: str) -> InvalidInput:
    return InvalidInput(f"{field} {problem}", (FieldProblem(field, problem),))


class AdminService:
    """Configuration changes; every method needs the admin role (lists need staff)."""

    def __init__(self, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock

    # --- teams and calendars -------------------------------------------------------------

    def teams(self, principal: Principal) -> list[Team]:
        """Every team (any signed-in person or the bot may read them)."""
        with UnitOfWork(self._engine, write=False) as uow:
            return uow.teams.list()

    def put_team(self, principal: Principal, team: Team) -> Team:
        """Create or replace a team (id, names, skills, calendar)."""
        principal.require("admin", "changing teams")
        if not _ID.match(team.id):
            raise _invalid("id", "must be lower-case letters, digits, _ . - (max 40)")
        unknown = sorted(set(team.skills) - set(CATEGORIES))
        if unknown:
            raise _invalid("skills", f"unknown categories: {', '.join(unknown)}")
        if not team.name_zh.strip() or not team.name_en.strip():
            raise _invalid("name", "both name_zh and name_en are required")
        team.calendar_config.validate()
        now = self._clock()
        with UnitOfWork(self._engine) as uow:
            before = {existing.id: existing for existing in uow.teams.list()}.get(team.id)
            if before is not None:
                uow.teams.update(team)
            else:
                uow.teams.add(team, now)
            self._audit(
                uow,
                principal,
                now,
                "team_changed" if before else "team_created",
                "team",
                team.id,
                team_snapshot(before) if before else None,
                team_snapshot(team),
            )
            uow.commit()
        return team

    def put_calendar(self, principal: Principal, team_id: str, config: CalendarConfig) -> Team:
        """Replace a team's business calendar."""
        principal.require("admin", "changing calendars")
        config.validate()
        now = self._clock()
        with UnitOfWork(self._engine) as uow:
            team = uow.teams.get(team_id)
            changed = Team(team.id, team.name_zh, team.name_en, team.skills, config)
            uow.teams.update(changed)
            self._audit(
                uow,
                principal,
                now,
                "calendar_changed",
                "team",
                team_id,
                {"calendar": team.calendar_config.to_dict()},
                {"calendar": config.to_dict()},
            )
            uow.commit()
        return changed

    # --- agents --------------------------------------------------------------------------

    def agents(self, principal: Principal, team_id: str | None = None) -> list[Agent]:
        """Agents (staff only); non-admins see the members of their own teams."""
        principal.require("agent", "listing agents")
        with UnitOfWork(self._engine, write=False) as uow:
            found = uow.agents.list(team_id)
        if principal.is_admin:
            return found
        return [agent for agent in found if agent.team_ids & principal.team_ids]

    def create_agent(
        self,
        principal: Principal | None,
        username: str,
        password: str,
        display_name: str,
        role: str = "agent",
        team_ids: Iterable[str] = (),
        capacity: int = 5,
        agent_id: str | None = None,
    ) -> Agent:
        """A new agent (offline until they sign in). ``principal`` None: the CLI (trusted)."""
        if principal is not None:
            principal.require("admin", "creating agents")
        agent = Agent(
            id=agent_id or f"a-{secrets.token_hex(4)}",
            username=username,
            display_name=display_name,
            role=role,
            team_ids=frozenset(team_ids),
            capacity=capacity,
        )
        self._check_agent(agent)
        if len(password) < MIN_PASSWORD:
            raise _invalid("password", f"must be at least {MIN_PASSWORD} characters")
        password_hash = hash_password(password)  # slow on purpose: before the transaction
        now = self._clock()
        with UnitOfWork(self._engine) as uow:
            self._check_teams(uow, agent.team_ids)
            try:
                uow.agents.add(agent, password_hash, now)
                self._audit(
                    uow,
                    principal,
                    now,
                    "agent_created",
                    "agent",
                    agent.id,
                    None,
                    agent_snapshot(agent, password_changed=True),
                )
                uow.commit()
            except IntegrityError:
                raise Conflict(f"username {username} or id {agent.id} is taken") from None
        return agent

    def update_agent(
        self, principal: Principal, agent_id: str, changes: dict, password: str | None = None
    ) -> Agent:
        """Change an agent's name, role, capacity, teams, active flag or password."""
        principal.require("admin", "changing agents")
        if password is not None and len(password) < MIN_PASSWORD:
            raise _invalid("password", f"must be at least {MIN_PASSWORD} characters")
        password_hash = hash_password(password) if password else None  # before the transaction
        now = self._clock()
        with UnitOfWork(self._engine) as uow:
            current = uow.agents.get(agent_id)
            fields = {"display_name", "role", "capacity", "team_ids", "active"}
            allowed = {key: value for key, value in changes.items() if key in fields}
            if "team_ids" in allowed:
                allowed["team_ids"] = frozenset(allowed["team_ids"])
            agent = Agent(**{**current.__dict__, **allowed})
            self._check_agent(agent)
            self._check_teams(uow, agent.team_ids)
            uow.agents.update(agent, password_hash)
            if password or not agent.active:
                uow.tokens.delete_for_agent(agent_id)
            self._audit(
                uow,
                principal,
                now,
                "agent_changed",
                "agent",
                agent_id,
                agent_snapshot(current),
                agent_snapshot(agent, password_changed=bool(password)),
            )
            uow.commit()
            return agent

    @staticmethod
    def _check_agent(agent: Agent) -> None:
        if not _ID.match(agent.id):
            raise _invalid("id", "must be lower-case letters, digits, _ . - (max 40)")
        if not 1 <= len(agent.username) <= 80 or not agent.display_name.strip():
            raise _invalid("username", "username and display_name are required")
        if agent.role not in ROLES:
            raise _invalid("role", f"must be one of {', '.join(ROLES)}")
        if not 1 <= agent.capacity <= 100:
            raise _invalid("capacity", "must be between 1 and 100")

    @staticmethod
    def _check_teams(uow: UnitOfWork, team_ids: frozenset[str]) -> None:
        known = {team.id for team in uow.teams.list()}
        unknown = sorted(team_ids - known)
        if unknown:
            raise _invalid("team_ids", f"unknown teams: {', '.join(unknown)}")

    # --- SLA policies --------------------------------------------------------------------

    def policies(self, principal: Principal) -> list[tuple[SlaPolicy, bool]]:
        """The effective policy of every priority and segment row: (policy, configured?)."""
        principal.require("agent", "reading SLA policies")
        with UnitOfWork(self._engine, write=False) as uow:
            configured = uow.policies.list()
        keys = {(p.priority, p.segment) for p in (*DEFAULT_POLICIES, *configured)}
        mine = {(p.priority, p.segment) for p in configured}
        return [
            (policy_for(priority, segment, configured), (priority, segment) in mine)
            for priority, segment in sorted(keys, key=lambda key: (key[0].value, key[1]))
        ]

    def put_policy(self, principal: Principal, policy: SlaPolicy) -> SlaPolicy:
        """Create or replace the policy of a priority and segment (new tickets use it)."""
        principal.require("admin", "changing SLA policies")
        policy.validate()
        now = self._clock()
        key = policy_key(policy)
        with UnitOfWork(self._engine) as uow:
            before = _configured(uow, key)
            uow.policies.put(policy, now)
            self._audit(
                uow,
                principal,
                now,
                "sla_policy_set",
                "sla_policy",
                key,
                before,
                policy_snapshot(policy),
            )
            uow.commit()
        return policy

    def delete_policy(self, principal: Principal, priority: Priority, segment: str) -> bool:
        """Drop a configured policy (the default applies again)."""
        principal.require("admin", "changing SLA policies")
        now = self._clock()
        key = f"{priority.value}/{segment}"
        with UnitOfWork(self._engine) as uow:
            before = _configured(uow, key)
            removed = uow.policies.delete(priority, segment)
            if removed:
                self._audit(
                    uow, principal, now, "sla_policy_deleted", "sla_policy", key, before, None
                )
            uow.commit()
        return removed

    # --- the audit trail -----------------------------------------------------------------

    def audit(
        self, principal: Principal, criteria: AuditFilter, limit: int = 50, offset: int = 0
    ) -> list[AdminChange]:
        """Admin changes matching ``criteria``, newest first (admins only)."""
        principal.require("admin", "reading the admin audit trail")
        with UnitOfWork(self._engine, write=False) as uow:
            return uow.admin_audit.search(criteria, limit, offset)

    @staticmethod
    def _audit(
        uow: UnitOfWork,
        principal: Principal | None,
        now: datetime,
        action: str,
        entity_kind: str,
        entity_id: str,
        before: Snapshot | None,
        after: Snapshot | None,
    ) -> None:
        actor = CLI if principal is None else actor_of(principal)
        change = admin_change(action, entity_kind, entity_id, before, after, actor, now)
        if change is not None:
            uow.admin_audit.record(change)


def _configured(uow: UnitOfWork, key: str) -> Snapshot | None:
    """The configured policy row with this audit key, or None (the default applies)."""
    for policy in uow.policies.list():
        if policy_key(policy) == key:
            return policy_snapshot(policy)
    return None
