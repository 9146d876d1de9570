"""The admin audit trail: every change to teams, calendars, agents and SLA policies is recorded
(who, what, when, before and after) in the change's own transaction, and only admins read it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ticketing.domain.auth import Principal
from ticketing.domain.teams import Team
from ticketing.services.admin import AdminService
from ticketing.storage.admin_audit import AdminAuditRepository, AuditFilter
from ticketing.storage.schema.configuration import admin_audit
from ticketing.storage.unit_of_work import UnitOfWork

from .conftest import PASSWORD_HASH, sign_in

ROOT = Principal("agent", "root", "admin")
POLICY = {
    "first_response": {"minutes": 3, "working": True},
    "next_response": {"minutes": 20, "working": True},
    "resolution": {"minutes": 90, "working": True},
}


def audit_rows(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(admin_audit)).scalar_one()


async def changes(api, headers, query: str = "") -> list[dict]:
    response = await api.get(f"/api/v1/admin/audit{query}", headers=headers)
    assert response.status == 200, await response.text()
    return (await response.json())["changes"]


async def test_every_admin_change_records_who_what_when_before_and_after(api, clock) -> None:
    admin = await sign_in(api, "root")
    care = {"name_zh": "客户关怀", "name_en": "Customer care", "skills": ["complaint"]}
    assert (await api.put("/api/v1/teams/care", json=care, headers=admin)).status == 200
    weekend = {"hours": {"5": [["10:00", "16:00"]]}}
    assert (await api.put("/api/v1/teams/care/calendar", json=weekend, headers=admin)).status == 200
    new_agent = {"id": "n1", "username": "n1", "password": "long-enough", "display_name": "新人"}
    assert (await api.post("/api/v1/agents", json=new_agent, headers=admin)).status == 201
    change = {"capacity": 3, "team_ids": ["care"], "password": "another-long-one"}
    assert (await api.patch("/api/v1/agents/n1", json=change, headers=admin)).status == 200
    assert (await api.put("/api/v1/sla-policies/P2/*", json=POLICY, headers=admin)).status == 200
    assert (await api.delete("/api/v1/sla-policies/P2/*", headers=admin)).status == 200

    found = await changes(api, admin)

    assert [entry["action"] for entry in found] == [
        "sla_policy_deleted",
        "sla_policy_set",
        "agent_changed",
        "agent_created",
        "calendar_changed",
        "team_changed",
    ]
    assert {entry["actor"]["id"] for entry in found} == {"root"}
    assert {entry["at"] for entry in found} == {"2026-11-23T02:00:00+00:00"}  # the fixed clock
    team = found[5]
    assert team["entity"] == {"kind": "team", "id": "care"}
    assert team["before"]["skills"] == ["complaint", "other"]
    assert team["after"]["skills"] == ["complaint"]
    calendar = found[4]
    assert calendar["after"] == {"calendar": {**calendar["after"]["calendar"], **weekend}}
    assert calendar["before"]["calendar"]["hours"]["0"] == [["09:00", "12:00"], ["13:00", "18:00"]]
    agent = found[2]
    assert (agent["before"]["capacity"], agent["after"]["capacity"]) == (5, 3)
    assert (agent["before"]["team_ids"], agent["after"]["team_ids"]) == ([], ["care"])
    assert agent["after"]["password"] == "changed" and "password" not in agent["before"]
    assert found[3]["before"] is None and found[3]["after"]["username"] == "n1"
    assert found[1]["before"] is None and found[1]["after"]["first_response"]["minutes"] == 3
    assert found[0]["entity"] == {"kind": "sla_policy", "id": "P2/*"}
    assert found[0]["before"]["first_response"]["minutes"] == 3 and found[0]["after"] is None
    # The stored snapshots never carry the password hash.
    assert "scrypt" not in str(found) and "long-enough" not in str(found)


async def test_the_audit_filters_by_entity_actor_action_and_time(api, clock) -> None:
    admin = await sign_in(api, "root")
    new_agent = {"id": "n1", "username": "n1", "password": "long-enough", "display_name": "新人"}
    await api.post("/api/v1/agents", json=new_agent, headers=admin)
    clock.advance(60)
    await api.patch("/api/v1/agents/n1", json={"capacity": 4}, headers=admin)
    await api.put("/api/v1/sla-policies/P3/*", json=POLICY, headers=admin)

    by_agent = await changes(api, admin, "?entity_kind=agent&entity_id=n1")
    assert [entry["action"] for entry in by_agent] == ["agent_changed", "agent_created"]
    assert len(await changes(api, admin, "?actor=root")) == 3
    assert len(await changes(api, admin, "?actor=someone-else")) == 0
    assert len(await changes(api, admin, "?action=sla_policy_set")) == 1
    later = await changes(api, admin, "?since=2026-11-23T10:30:00%2B08:00")
    assert [entry["action"] for entry in later] == ["sla_policy_set", "agent_changed"]
    earlier = await changes(api, admin, "?until=2026-11-23T10:30:00%2B08:00")
    assert [entry["action"] for entry in earlier] == ["agent_created"]
    assert len(await changes(api, admin, "?limit=1&offset=1")) == 1
    bad = await api.get("/api/v1/admin/audit?entity_kind=ticket", headers=admin)
    assert bad.status == 422 and (await bad.json())["error"]["fields"][0]["field"] == "entity_kind"


async def test_only_admins_read_the_audit(api) -> None:
    for username in ("l1", "ls1"):
        refused = await api.get("/api/v1/admin/audit", headers=await sign_in(api, username))
        assert refused.status == 403
    assert (await api.get("/api/v1/admin/audit", headers=api.bot)).status == 403
    assert (await api.get("/api/v1/admin/audit")).status == 401


async def test_a_refused_or_failed_admin_change_writes_no_audit_entry(api, desk) -> None:
    admin = await sign_in(api, "root")
    taken = {"id": "n2", "username": "l1", "password": "long-enough", "display_name": "重名"}
    assert (await api.post("/api/v1/agents", json=taken, headers=admin)).status == 409
    unknown_team = {"team_ids": ["nowhere"]}
    assert (await api.patch("/api/v1/agents/l1", json=unknown_team, headers=admin)).status == 422
    overlapping = {"hours": {"0": [["09:00", "12:00"], ["11:00", "13:00"]]}}
    bad = await api.put("/api/v1/teams/care/calendar", json=overlapping, headers=admin)
    assert bad.status == 422
    agent = await sign_in(api, "l1")
    assert (await api.put("/api/v1/sla-policies/P2/*", json=POLICY, headers=agent)).status == 403
    assert (await api.delete("/api/v1/sla-policies/P4/*", headers=admin)).status == 404
    assert audit_rows(desk) == 0


def test_the_change_and_its_audit_entry_commit_or_roll_back_together(
    desk, clock, monkeypatch
) -> None:
    record = AdminAuditRepository.record

    def record_then_fail(self, change) -> None:
        record(self, change)  # the entry is written in the transaction, then something fails
        raise RuntimeError("the database went away")

    monkeypatch.setattr(AdminAuditRepository, "record", record_then_fail)
    renamed = Team("care", "关怀", "Care", frozenset({"complaint"}))
    with pytest.raises(RuntimeError):
        AdminService(desk, clock).put_team(ROOT, renamed)

    with UnitOfWork(desk, write=False) as uow:
        assert uow.teams.get("care").name_en == "Customer care"
    assert audit_rows(desk) == 0


def test_a_change_that_changes_nothing_records_nothing_and_the_cli_is_named(desk, clock) -> None:
    admin = AdminService(desk, clock)
    care = next(team for team in admin.teams(ROOT) if team.id == "care")
    admin.put_team(ROOT, care)
    admin.create_agent(None, "cli.made", "long-enough", "命令行", agent_id="cli.made")

    with UnitOfWork(desk, write=False) as uow:
        entries = uow.admin_audit.search(AuditFilter())
    assert [(entry.action, entry.actor.kind, entry.actor.id) for entry in entries] == [
        ("agent_created", "system", "cli")
    ]
    assert "password_hash" not in entries[0].after and PASSWORD_HASH not in str(entries[0].after)
