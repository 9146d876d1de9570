"""The per-process configuration cache: teams, SLA policies and memberships are served from
memory only while the stored revision is unchanged, so a change made by another process (here:
another engine on the same database) or the CLI is seen by the very next unit of work."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

import pytest

from ticketing.domain.auth import BOT
from ticketing.domain.catalog import Priority
from ticketing.domain.sla_policies import SlaPolicy, SlaTarget
from ticketing.services.escalation import EscalationService
from ticketing.storage.db import make_engine
from ticketing.storage.schema.configuration import config_revisions
from ticketing.storage.unit_of_work import UnitOfWork

from .test_services import SHANGHAI, delivery

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)


@pytest.fixture
def other_process(database_url):
    """A second engine on the same database: what another service process would hold."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def configuration(engine):
    with UnitOfWork(engine, write=False) as uow:
        return uow.configuration()


def test_an_unchanged_configuration_is_served_from_the_cache(desk) -> None:
    assert configuration(desk) is configuration(desk)


def test_changes_made_elsewhere_are_seen_by_the_next_unit_of_work(desk, other_process) -> None:
    before = configuration(desk)
    with UnitOfWork(other_process) as uow:
        care = uow.teams.get("care")
        uow.teams.update(replace(care, skills=frozenset({"complaint", "delivery"})))
        uow.policies.put(
            SlaPolicy(Priority.P2, "*", SlaTarget(3), SlaTarget(20), SlaTarget(90)), NOW
        )
        uow.agents.set_teams("l1", ["logistics", "care"])
        uow.commit()

    after = configuration(desk)

    assert after.revision != before.revision
    assert after.team("care").skills == {"complaint", "delivery"}
    assert [(p.priority, p.segment) for p in after.policies] == [(Priority.P2, "*")]
    assert after.memberships["l1"] == {"logistics", "care"}
    assert before.memberships["l1"] == {"logistics"}


def test_a_rolled_back_change_never_reaches_other_units_of_work(desk) -> None:
    original = configuration(desk)
    with UnitOfWork(desk) as uow:
        care = uow.teams.get("care")
        uow.teams.update(replace(care, name_en="Renamed"))
        assert uow.configuration().team("care").name_en == "Renamed"  # its own change
        # no commit: rolled back

    assert configuration(desk).team("care").name_en == original.team("care").name_en


def test_escalation_routes_by_a_team_changed_in_another_process(desk, clock, other_process):
    service = EscalationService(desk, clock, SHANGHAI)
    assert service.open_ticket(BOT, delivery("conv-1")).view.team.id == "logistics"
    with UnitOfWork(other_process) as uow:
        logistics = uow.teams.get("logistics")
        uow.teams.update(replace(logistics, skills=frozenset({"return_exchange"})))
        care = uow.teams.get("care")
        uow.teams.update(replace(care, skills=care.skills | {"delivery"}))
        uow.commit()

    assert service.open_ticket(BOT, delivery("conv-2")).view.team.id == "care"


def test_escalation_works_before_any_revision_was_stored(desk, clock) -> None:
    with desk.begin() as connection:  # a database configured before revisions existed
        connection.execute(config_revisions.delete())
    service = EscalationService(desk, clock, SHANGHAI)

    first = service.open_ticket(BOT, delivery("conv-1"))
    again = service.open_ticket(BOT, delivery("conv-1"))

    assert first.created and first.view.team.id == "logistics"
    assert not again.created and again.view.ticket.id == first.view.ticket.id
