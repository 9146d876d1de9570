"""Admin audit entries: what a snapshot holds (configuration, never secrets or live state) and
when a change is worth recording."""

from datetime import datetime, timezone

import pytest

from ticketing.domain.admin_audit import admin_change, agent_snapshot, team_snapshot
from ticketing.domain.teams import Agent, Team
from ticketing.domain.ticket_records import Actor

ROOT = Actor("agent", "root")
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)
AGENT = Agent("l1", "l1", "李", "agent", frozenset({"logistics"}), capacity=4)


def test_an_agent_snapshot_is_the_profile_without_presence_load_or_password() -> None:
    busy = Agent(
        "l1", "l1", "李", "agent", frozenset({"logistics"}), 4, online=True, open_tickets=3
    )
    assert agent_snapshot(busy) == agent_snapshot(AGENT)
    assert set(agent_snapshot(AGENT)) == {
        "id", "username", "display_name", "role", "team_ids", "capacity", "active"
    }  # fmt: skip
    assert agent_snapshot(AGENT, password_changed=True)["password"] == "changed"


def test_a_change_is_recorded_only_when_something_changed() -> None:
    before = agent_snapshot(AGENT)
    assert admin_change("agent_changed", "agent", "l1", before, before, ROOT, NOW) is None
    after = {**before, "capacity": 5}
    change = admin_change("agent_changed", "agent", "l1", before, after, ROOT, NOW)
    assert change is not None and (change.before, change.after) == (before, after)
    assert (change.actor, change.at) == (ROOT, NOW)


def test_a_password_change_alone_is_a_change() -> None:
    before = agent_snapshot(AGENT)
    after = agent_snapshot(AGENT, password_changed=True)
    assert admin_change("agent_changed", "agent", "l1", before, after, ROOT, NOW) is not None


def test_unknown_actions_or_entities_are_programming_errors() -> None:
    team = team_snapshot(Team("care", "客户关怀", "Care", frozenset({"complaint"})))
    with pytest.raises(ValueError):
        admin_change("team_renamed", "team", "care", None, team, ROOT, NOW)
    with pytest.raises(ValueError):
        admin_change("team_created", "ticket", "care", None, team, ROOT, NOW)
