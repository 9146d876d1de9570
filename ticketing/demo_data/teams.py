"""Demo teams and agents: the four service teams, their calendars, agents and an admin.

Calendars: every team works Monday to Friday 09:00-12:00 and 13:00-18:00 on mainland China's
working days (holidays closed, 调休 weekend days open); customer care also works Saturdays
10:00-16:00, because complaints and negative feedback must be handled within 2 hours.
Every demo account's password is ``kefu-demo`` (a local demo only; see docs/ticketing.md).
Agents start offline; they go online when they sign in.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.engine import Connection

from kefu.settings import Settings
from ticketing.demo import DemoDataSet
from ticketing.domain.credentials import hash_password
from ticketing.domain.teams import Agent, CalendarConfig, Team
from ticketing.sla import OFFICE_HOURS
from ticketing.storage.people_repository import AgentRepository, TeamRepository
from ticketing.storage.schema.tickets import agents

DEMO_PASSWORD = "kefu-demo"

OFFICE = CalendarConfig(hours=OFFICE_HOURS)
WITH_SATURDAY = CalendarConfig(hours={**OFFICE_HOURS, 5: [("10:00", "16:00")]})

TEAMS = (
    Team("tech", "技术支持", "Technical support", frozenset({"product_issue", "account"}), OFFICE),
    Team("billing", "财务", "Billing", frozenset({"payment", "invoice", "refund"}), OFFICE),
    Team("logistics", "物流", "Logistics", frozenset({"delivery", "return_exchange"}), OFFICE),
    Team("care", "客户关怀", "Customer care", frozenset({"complaint", "other"}), WITH_SATURDAY),
)

# (id = username, display name, role, teams, capacity)
AGENTS = (
    ("tech.li", "李伟 Li Wei", "agent", ("tech",), 5),
    ("tech.wang", "王芳 Wang Fang", "agent", ("tech",), 4),
    ("tech.lead", "张强 Zhang Qiang", "supervisor", ("tech",), 3),
    ("bill.chen", "陈静 Chen Jing", "agent", ("billing",), 5),
    ("bill.zhao", "赵磊 Zhao Lei", "agent", ("billing",), 4),
    ("bill.lead", "刘洋 Liu Yang", "supervisor", ("billing",), 3),
    ("logi.sun", "孙丽 Sun Li", "agent", ("logistics",), 6),
    ("logi.zhou", "周杰 Zhou Jie", "agent", ("logistics",), 6),
    ("logi.wu", "吴敏 Wu Min", "agent", ("logistics", "care"), 4),
    ("logi.lead", "郑浩 Zheng Hao", "supervisor", ("logistics",), 3),
    ("care.huang", "黄婷 Huang Ting", "agent", ("care",), 5),
    ("care.xu", "徐涛 Xu Tao", "agent", ("care",), 5),
    ("care.lead", "何琳 He Lin", "supervisor", ("care",), 3),
    ("admin", "管理员 Admin", "admin", (), 1),
)


def load(connection: Connection, settings: Settings | None = None) -> int:
    """Create (or refresh) the teams and agents; returns the number of rows written."""
    now = datetime.now(timezone.utc)
    teams, people = TeamRepository(connection), AgentRepository(connection)
    known_teams = {team.id for team in teams.list()}
    for team in TEAMS:
        if team.id in known_teams:
            teams.update(team)
        else:
            teams.add(team, now)
    known_agents = set(connection.execute(select(agents.c.id)).scalars())
    for agent_id, name, role, team_ids, capacity in AGENTS:
        agent = Agent(agent_id, agent_id, name, role, frozenset(team_ids), capacity)
        if agent_id in known_agents:
            people.update(agent)
        else:
            people.add(agent, hash_password(DEMO_PASSWORD), now)
    return len(TEAMS) + len(AGENTS)


DATA_SET = DemoDataSet(name="teams", version="1", load=load, order=10)
