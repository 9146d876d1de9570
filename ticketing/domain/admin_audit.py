"""The admin audit trail: who changed which team, calendar, agent or SLA policy, when, and the
entity's configuration before and after.

Snapshots hold configuration only: never a password hash (a password change shows as
``"password": "changed"``), and not an agent's live state (presence, load), which changes with
every ticket and is not an admin decision. A request that changes nothing records nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ticketing.domain.sla_policies import METRICS, SlaPolicy
from ticketing.domain.teams import Agent, Team
from ticketing.domain.ticket_records import Actor

ENTITY_KINDS = ("team", "agent", "sla_policy")
ACTIONS = (
    "team_created",
    "team_changed",
    "calendar_changed",
    "agent_created",
    "agent_changed",
    "sla_policy_set",
    "sla_policy_deleted",
)

Snapshot = dict[str, Any]


@dataclass(frozen=True)
class AdminChange:
    """One audited configuration change; ``before`` is None for a creation, ``after`` for a
    deletion. ``id`` is given by the storage."""

    at: datetime
    actor: Actor
    action: str
    entity_kind: str
    entity_id: str
    before: Snapshot | None
    after: Snapshot | None
    id: int | None = None


def team_snapshot(team: Team) -> Snapshot:
    """A team's configuration: names, skills, calendar."""
    return team.to_dict()


def agent_snapshot(agent: Agent, password_changed: bool = False) -> Snapshot:
    """An agent's profile as an admin sets it (no password hash, no presence or load)."""
    snapshot: Snapshot = {
        "id": agent.id,
        "username": agent.username,
        "display_name": agent.display_name,
        "role": agent.role,
        "team_ids": sorted(agent.team_ids),
        "capacity": agent.capacity,
        "active": agent.active,
    }
    if password_changed:
        snapshot["password"] = "changed"
    return snapshot


def policy_snapshot(policy: SlaPolicy) -> Snapshot:
    """An SLA policy row: per metric the target minutes and whether they are working minutes."""
    snapshot: Snapshot = {"priority": policy.priority.value, "segment": policy.segment}
    for metric in METRICS:
        target = policy.target(metric)
        snapshot[metric] = {"minutes": target.minutes, "working": target.working}
    return snapshot


def policy_key(policy: SlaPolicy) -> str:
    """The audit entity id of a policy row: ``P2/high_value_active``, ``P3/*``."""
    return f"{policy.priority.value}/{policy.segment}"


def admin_change(
    action: str,
    entity_kind: str,
    entity_id: str,
    before: Snapshot | None,
    after: Snapshot | None,
    actor: Actor,
    at: datetime,
) -> AdminChange | None:
    """The audit entry of a change, or None when nothing changed."""
    if action not in ACTIONS or entity_kind not in ENTITY_KINDS:
        raise ValueError(f"unknown audit action {action} on {entity_kind}")
    if before == after:
        return None
    return AdminChange(at, actor, action, entity_kind, entity_id, before, after)
