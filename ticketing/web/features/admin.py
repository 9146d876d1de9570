"""Admin API: teams (skills), business calendars, agents (roles, capacity, teams), SLA policies."""

from __future__ import annotations

from aiohttp import web

from ticketing.domain.catalog import Priority
from ticketing.domain.errors import FieldProblem, InvalidInput, NotFound
from ticketing.domain.sla_policies import SlaPolicy, SlaTarget
from ticketing.domain.teams import CalendarConfig, Team
from ticketing.services.admin import AdminService
from ticketing.web.context import blocking, clock_of, engine_of, principal_of, run_service
from ticketing.web.openapi import add_schema, describe
from ticketing.web.requests import AgentChange, AgentIn, CalendarIn, PolicyIn, TeamIn, parse
from ticketing.web.ticket_json import agent_json, policy_json, team_json


def _admin(request: web.Request) -> AdminService:
    return AdminService(engine_of(request), clock_of(request.app))


def _calendar(body: CalendarIn) -> CalendarConfig:
    return CalendarConfig(
        tz=body.tz,
        hours={day: list(spans) for day, spans in body.hours.items()},
        china_holidays=body.china_holidays,
        extra_holidays=tuple(body.extra_holidays),
        extra_workdays=tuple(body.extra_workdays),
    )


async def list_teams(request: web.Request) -> web.Response:
    """GET /api/v1/teams"""
    teams = await run_service(request, _admin(request).teams, principal_of(request))
    return web.json_response({"teams": [team_json(team) for team in teams]})


async def put_team(request: web.Request) -> web.Response:
    """PUT /api/v1/teams/{team_id}: create or replace"""
    body = await parse(request, TeamIn)
    calendar = _calendar(body.calendar) if body.calendar else CalendarConfig()
    team = Team(
        request.match_info["team_id"], body.name_zh, body.name_en, frozenset(body.skills), calendar
    )
    saved = await run_service(request, _admin(request).put_team, principal_of(request), team)
    return web.json_response(team_json(saved))


async def get_calendar(request: web.Request) -> web.Response:
    """GET /api/v1/teams/{team_id}/calendar"""
    teams = await run_service(request, _admin(request).teams, principal_of(request))
    team_id = request.match_info["team_id"]
    for team in teams:
        if team.id == team_id:
            return web.json_response(team.calendar_config.to_dict())
    raise NotFound(f"team {team_id} does not exist", team_id=team_id)


async def put_calendar(request: web.Request) -> web.Response:
    """PUT /api/v1/teams/{team_id}/calendar"""
    body = await parse(request, CalendarIn)
    team = await run_service(
        request,
        _admin(request).put_calendar,
        principal_of(request),
        request.match_info["team_id"],
        _calendar(body),
    )
    return web.json_response(team_json(team))


async def list_agents(request: web.Request) -> web.Response:
    """GET /api/v1/agents?team="""
    found = await run_service(
        request, _admin(request).agents, principal_of(request), request.query.get("team")
    )
    return web.json_response({"agents": [agent_json(agent) for agent in found]})


async def create_agent(request: web.Request) -> web.Response:
    """POST /api/v1/agents"""
    body = await parse(request, AgentIn)
    agent = await blocking(  # hashes the password (scrypt): off the event loop
        _admin(request).create_agent,
        principal_of(request),
        body.username,
        body.password,
        body.display_name,
        body.role,
        body.team_ids,
        body.capacity,
        body.id,
    )
    return web.json_response(agent_json(agent), status=201)


async def change_agent(request: web.Request) -> web.Response:
    """PATCH /api/v1/agents/{agent_id}"""
    body = await parse(request, AgentChange)
    changes = body.dict(exclude_none=True, exclude={"password"})
    agent = await blocking(  # may hash a new password (scrypt): off the event loop
        _admin(request).update_agent,
        principal_of(request),
        request.match_info["agent_id"],
        changes,
        body.password,
    )
    return web.json_response(agent_json(agent))


async def list_policies(request: web.Request) -> web.Response:
    """GET /api/v1/sla-policies: effective policies (configured rows and defaults)"""
    rows = await run_service(request, _admin(request).policies, principal_of(request))
    return web.json_response({"policies": [policy_json(policy, mine) for policy, mine in rows]})


def _policy_key(request: web.Request) -> tuple[Priority, str]:
    try:
        priority = Priority(request.match_info["priority"])
    except ValueError:
        raise InvalidInput("unknown priority", (FieldProblem("priority", "P1-P4"),)) from None
    return priority, request.match_info["segment"]


async def put_policy(request: web.Request) -> web.Response:
    """PUT /api/v1/sla-policies/{priority}/{segment} (segment "*" = any)"""
    body = await parse(request, PolicyIn)
    priority, segment = _policy_key(request)
    policy = SlaPolicy(
        priority,
        segment,
        SlaTarget(body.first_response.minutes, body.first_response.working),
        SlaTarget(body.next_response.minutes, body.next_response.working),
        SlaTarget(body.resolution.minutes, body.resolution.working),
    )
    saved = await run_service(request, _admin(request).put_policy, principal_of(request), policy)
    return web.json_response(policy_json(saved, True))


async def delete_policy(request: web.Request) -> web.Response:
    """DELETE /api/v1/sla-policies/{priority}/{segment}: back to the default"""
    priority, segment = _policy_key(request)
    removed = await run_service(
        request, _admin(request).delete_policy, principal_of(request), priority, segment
    )
    if not removed:
        raise NotFound(f"no configured policy for {priority.value}/{segment}")
    return web.json_response({"deleted": True})


def setup(app: web.Application) -> None:
    """Mount the admin API."""
    team = "/api/v1/teams/{team_id}"
    agent = "/api/v1/agents/{agent_id}"
    policy = "/api/v1/sla-policies/{priority}/{segment}"
    app.router.add_get("/api/v1/teams", list_teams)
    app.router.add_put(team, put_team)
    app.router.add_get(team + "/calendar", get_calendar)
    app.router.add_put(team + "/calendar", put_calendar)
    app.router.add_get("/api/v1/agents", list_agents)
    app.router.add_post("/api/v1/agents", create_agent)
    app.router.add_patch(agent, change_agent)
    app.router.add_get("/api/v1/sla-policies", list_policies)
    app.router.add_put(policy, put_policy)
    app.router.add_delete(policy, delete_policy)
    add_schema(
        app, "Team", {"type": "object", "description": "id, name_zh, name_en, skills, calendar"}
    )
    add_schema(
        app,
        "Calendar",
        {
            "type": "object",
            "description": "tz, hours, china_holidays, extra_holidays, extra_workdays",
        },
    )
    add_schema(
        app,
        "Policy",
        {
            "type": "object",
            "description": "priority, segment, configured, first_response, next_response, "
            "resolution: {minutes, working}",
        },
    )
    add_schema(app, "List", {"type": "object"})
    describe(
        app,
        "get",
        "/api/v1/teams",
        "Teams with skills and calendars",
        "admin",
        response="List",
        roles="agent, bot",
    )
    describe(app, "put", team, "Create or replace a team", "admin", TeamIn, "Team", roles="admin")
    describe(
        app, "get", team + "/calendar", "A team's business calendar", "admin", response="Calendar"
    )
    describe(
        app,
        "put",
        team + "/calendar",
        "Replace a team's business calendar",
        "admin",
        CalendarIn,
        "Team",
        roles="admin",
    )
    describe(
        app,
        "get",
        "/api/v1/agents",
        "Agents (non-admins: of their teams)",
        "admin",
        response="List",
        query={"team": "team id"},
    )
    describe(
        app,
        "post",
        "/api/v1/agents",
        "Create an agent (offline until they sign in)",
        "admin",
        AgentIn,
        "Agent",
        201,
        roles="admin",
    )
    describe(
        app,
        "patch",
        agent,
        "Change an agent (role, capacity, teams, active, password)",
        "admin",
        AgentChange,
        "Agent",
        roles="admin",
    )
    describe(app, "get", "/api/v1/sla-policies", "Effective SLA policies", "admin", response="List")
    describe(
        app,
        "put",
        policy,
        "Create or replace an SLA policy (segment '*' = any)",
        "admin",
        PolicyIn,
        "Policy",
        roles="admin",
    )
    describe(
        app,
        "delete",
        policy,
        "Drop a configured SLA policy (the default applies)",
        "admin",
        roles="admin",
    )
