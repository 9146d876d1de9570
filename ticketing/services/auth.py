"""Signing agents in and out, and turning a bearer token into a :class:`Principal`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from ticketing.domain.auth import Principal
from ticketing.domain.credentials import (
    hash_password,
    new_token,
    token_digest,
    verify_password,
)
from ticketing.domain.errors import AuthenticationFailed
from ticketing.domain.teams import Agent
from ticketing.services.common import Clock, refill_from_queue
from ticketing.storage.unit_of_work import UnitOfWork

TOKEN_LIFETIME = timedelta(hours=12)
# Checked when the username is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = hash_password("not a password", salt=b"0" * 16)


@dataclass(frozen=True)
class Session:
    """A fresh sign-in: the bearer token (shown once), the agent and the expiry."""

    token: str
    agent: Agent
    expires_at: datetime


class AuthService:
    """Sign-in, sign-out, token checks and presence."""

    def __init__(self, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock

    def login(self, username: str, password: str) -> Session:
        """Check the password, issue a token and set the agent online (they may get tickets)."""
        now = self._clock()
        # The slow password check runs outside the writing transaction (no lock held meanwhile).
        with UnitOfWork(self._engine, write=False) as uow:
            found = uow.agents.by_username(username)
        stored = found[1] if found else _DUMMY_HASH
        if not verify_password(password, stored) or found is None or not found[0].active:
            raise AuthenticationFailed("wrong username or password")
        with UnitOfWork(self._engine) as uow:
            agent = found[0]
            token, expires_at = new_token(), now + TOKEN_LIFETIME
            uow.tokens.add(token_digest(token), agent.id, now, expires_at)
            uow.agents.set_online(agent.id, True)
            refill_from_queue(uow, agent.id, now, limit=agent.capacity)
            agent = uow.agents.get(agent.id)
            uow.commit()
        return Session(token, agent, expires_at)

    def logout(self, token: str) -> None:
        """Revoke the token and set the agent offline."""
        with UnitOfWork(self._engine) as uow:
            agent_id = uow.tokens.delete(token_digest(token))
            if agent_id is not None:
                uow.agents.set_online(agent_id, False)
            uow.commit()

    def principal_for(self, token: str) -> Principal | None:
        """The principal holding an unexpired token of an active agent, else None."""
        now = self._clock()
        with UnitOfWork(self._engine, write=False) as uow:
            found = uow.tokens.agent_for(token_digest(token), now)
            if found is None:
                return None
            agent_id, role = found
            team_ids = uow.agents.team_ids(agent_id)
        return Principal("agent", agent_id, role, team_ids)

    def me(self, principal: Principal) -> Agent:
        """The signed-in agent's profile."""
        with UnitOfWork(self._engine, write=False) as uow:
            return uow.agents.get(principal.agent_id or "")

    def set_presence(self, principal: Principal, agent_id: str, online: bool) -> Agent:
        """Go online (and take queued tickets up to capacity) or offline.

        Agents set their own presence; supervisors and admins anyone's.
        """
        principal.require("agent", "setting presence")
        if agent_id != principal.agent_id:
            principal.require("supervisor", "setting someone else's presence")
        now = self._clock()
        with UnitOfWork(self._engine) as uow:
            agent = uow.agents.get(agent_id)
            uow.agents.set_online(agent_id, online)
            if online:
                refill_from_queue(uow, agent_id, now, limit=agent.capacity)
            agent = uow.agents.get(agent_id)
            uow.commit()
        return agent
