"""The demo teams load once and work with the routing; the create-agent command."""

import argparse

from ticketing.demo import load_demo_data
from ticketing.demo_data.teams import DATA_SET, DEMO_PASSWORD
from ticketing.domain.auth import BOT
from ticketing.domain.tickets import TicketDraft
from ticketing.services.auth import AuthService
from ticketing.services.commands import create_agent, register
from ticketing.services.escalation import EscalationService
from ticketing.storage.unit_of_work import UnitOfWork

from .conftest import SHANGHAI


def test_demo_teams_load_once_with_offline_agents_who_can_sign_in(engine, clock) -> None:
    assert load_demo_data(engine, [DATA_SET]) == "demo data: teams v1 (18 rows)"
    assert load_demo_data(engine, [DATA_SET]) == "demo data: up to date"
    with UnitOfWork(engine, write=False) as uow:
        teams = {team.id: team for team in uow.teams.list()}
        staff = uow.agents.list()
    assert set(teams) == {"tech", "billing", "logistics", "care"}
    assert teams["care"].calendar.is_open(clock.now.replace(day=28, hour=11))  # a Saturday
    assert not teams["tech"].calendar.is_open(clock.now.replace(day=28, hour=11))
    assert not any(agent.online for agent in staff)
    assert {agent.role for agent in staff} == {"agent", "supervisor", "admin"}
    # Nobody is online yet: a complaint waits in customer care's queue.
    draft = TicketDraft(subject="投诉", category="complaint", conversation_id="demo-1")
    opened = EscalationService(engine, clock, SHANGHAI).open_ticket(BOT, draft)
    assert opened.view.team.id == "care" and opened.view.queue_position == 1
    session = AuthService(engine, clock).login("care.xu", DEMO_PASSWORD)
    assert session.agent.online and session.agent.open_tickets == 1  # took the queued one


def test_the_create_agent_command(engine, settings, database_url, monkeypatch, capsys) -> None:
    settings = settings.copy(update={"database_url": database_url})
    load_demo_data(engine, [DATA_SET])
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(
        ["create-agent", "new.agent", "--display-name", "新人", "--team", "care", "--capacity", "3"]
    )
    monkeypatch.setenv("KEFU_NEW_AGENT_PASSWORD", "a-long-password")
    assert args.handler(args, settings) == 0
    assert "created agent new.agent in care" in capsys.readouterr().out
    assert create_agent(args, settings) == 1  # the username is taken
    assert "is taken" in capsys.readouterr().err
    with UnitOfWork(engine, write=False) as uow:
        created = uow.agents.get("new.agent")
    assert (created.capacity, created.team_ids, created.online) == (3, frozenset({"care"}), False)
