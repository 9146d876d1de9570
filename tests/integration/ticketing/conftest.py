"""Fixtures for the ticketing storage, service and API tests: an engine on a migrated database
(SQLite, and PostgreSQL when configured), a settable clock and a small desk of teams/agents."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine

from kefu.settings import load_settings
from ticketing.domain.credentials import hash_password
from ticketing.domain.teams import Agent, CalendarConfig, Team
from ticketing.storage.db import make_engine
from ticketing.storage.unit_of_work import UnitOfWork
from ticketing.web.app import init_app
from ticketing.web.context import CLOCK

SHANGHAI = ZoneInfo("Asia/Shanghai")
PASSWORD = "kefu-test-pw"
PASSWORD_HASH = hash_password(PASSWORD)  # once per session: scrypt is slow on purpose
ALWAYS_OPEN = CalendarConfig(hours={d: [("00:00", "24:00")] for d in range(7)})

TEAMS = (
    Team("tech", "技术支持", "Technical support", frozenset({"product_issue", "account"})),
    Team("billing", "财务", "Billing", frozenset({"payment", "invoice", "refund"})),
    Team("logistics", "物流", "Logistics", frozenset({"delivery", "return_exchange"})),
    Team("care", "客户关怀", "Customer care", frozenset({"complaint", "other"})),
)


class FakeClock:
    """A clock the test sets: ``clock()`` returns ``clock.now``."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += timedelta(minutes=minutes)


@pytest.fixture
def clock() -> FakeClock:
    """Monday 2026-11-23 10:00 in Shanghai (the office calendar is open)."""
    return FakeClock(datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI))


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def add_agent(
    engine: Engine,
    agent_id: str,
    teams: tuple[str, ...],
    role: str = "agent",
    capacity: int = 2,
    online: bool = True,
    now: datetime | None = None,
) -> None:
    """Store an agent (password ``PASSWORD``) directly."""
    agent = Agent(agent_id, agent_id, agent_id.upper(), role, frozenset(teams), capacity)
    with UnitOfWork(engine) as uow:
        uow.agents.add(agent, PASSWORD_HASH, now or datetime(2026, 11, 1, tzinfo=SHANGHAI))
        if online:
            uow.agents.set_online(agent_id, True)
        uow.commit()


@pytest.fixture
def desk(engine: Engine) -> Engine:
    """Four teams on office hours; logistics has agents l1, l2 (capacity 2, online) and l3
    (offline); billing has b1; supervisor ls1 for logistics; admin root."""
    with UnitOfWork(engine) as uow:
        for team in TEAMS:
            uow.teams.add(team, datetime(2026, 11, 1, tzinfo=SHANGHAI))
        uow.commit()
    add_agent(engine, "l1", ("logistics",))
    add_agent(engine, "l2", ("logistics",))
    add_agent(engine, "l3", ("logistics",), online=False)
    add_agent(engine, "b1", ("billing",))
    add_agent(engine, "ls1", ("logistics",), role="supervisor", online=False)
    add_agent(engine, "root", (), role="admin", online=False)
    return engine


@pytest.fixture
async def api(desk, database_url, var_dir, clock, aiohttp_client):
    """The service app on the desk's database with the fixed clock; ``api.bot`` are the
    bot's headers."""
    settings = load_settings(var_dir=var_dir, database_url=database_url)
    app = init_app(settings)
    app[CLOCK] = clock
    client = await aiohttp_client(app)
    client.bot = {"Authorization": f"Bearer {settings.service_token.get_secret_value()}"}
    return client


async def sign_in(api, username: str) -> dict[str, str]:
    """Sign in as ``username`` (password ``PASSWORD``); returns the Authorization header."""
    response = await api.post(
        "/api/v1/auth/login", json={"username": username, "password": PASSWORD}
    )
    assert response.status == 200, await response.text()
    return {"Authorization": f"Bearer {(await response.json())['token']}"}
