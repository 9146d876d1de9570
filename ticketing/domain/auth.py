"""Who is calling: the :class:`Principal` every authenticated API request carries.

``request["principal"]`` holds one (set by ``ticketing.web.features.auth``). Agents see their
teams' tickets, supervisors manage their teams, admins everything; the bot (the action server,
signed in with the service token) is ``Principal(kind="service", role="bot")``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ticketing.domain.errors import PermissionDenied

Kind = Literal["agent", "service"]
Role = Literal["agent", "supervisor", "admin", "bot"]
_RANK = {"bot": 0, "agent": 1, "supervisor": 2, "admin": 3}


@dataclass(frozen=True)
class Principal:
    """An authenticated caller: an agent (with a role and teams) or a service (the bot)."""

    kind: Kind
    agent_id: str | None
    role: Role
    team_ids: frozenset[str] = frozenset()

    @property
    def is_admin(self) -> bool:
        """True for admins, who see and manage everything."""
        return self.role == "admin"

    @property
    def is_staff(self) -> bool:
        """True for signed-in people (agents, supervisors, admins), not services."""
        return self.kind == "agent"

    def at_least(self, role: Role) -> bool:
        """True when this principal's role is ``role`` or a stronger staff role."""
        return self.is_staff and _RANK[self.role] >= _RANK[role]

    def require(self, role: Role, action: str) -> None:
        """Raise :class:`PermissionDenied` unless :meth:`at_least` ``role``."""
        if not self.at_least(role):
            raise PermissionDenied(f"{action} needs the {role} role", role=self.role)

    def sees_team(self, team_id: str) -> bool:
        """True when the principal may see tickets of ``team_id``."""
        return self.is_admin or team_id in self.team_ids


BOT = Principal(kind="service", agent_id=None, role="bot")
