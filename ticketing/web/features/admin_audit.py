"""Admin audit API: ``GET /api/v1/admin/audit``, who changed which team, calendar, agent or SLA
policy, when, and the configuration before and after (admins only)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ticketing.domain.admin_audit import ACTIONS, ENTITY_KINDS, AdminChange
from ticketing.services.admin import AdminService
from ticketing.storage.admin_audit import AuditFilter
from ticketing.web.context import clock_of, engine_of, principal_of, run_service
from ticketing.web.openapi import add_schema, describe
from ticketing.web.requests import paging, query_choice, query_time
from ticketing.web.ticket_json import iso

PATH = "/api/v1/admin/audit"


def change_json(change: AdminChange) -> dict[str, Any]:
    """One audit entry."""
    return {
        "id": change.id,
        "at": iso(change.at),
        "actor": {"kind": change.actor.kind, "id": change.actor.id},
        "action": change.action,
        "entity": {"kind": change.entity_kind, "id": change.entity_id},
        "before": change.before,
        "after": change.after,
    }


async def admin_audit(request: web.Request) -> web.Response:
    """GET /api/v1/admin/audit?entity_kind=&entity_id=&actor=&action=&since=&until=: newest first"""
    criteria = AuditFilter(
        entity_kind=query_choice(request, "entity_kind", ENTITY_KINDS),
        entity_id=request.query.get("entity_id") or None,
        actor_id=request.query.get("actor") or None,
        action=query_choice(request, "action", ACTIONS),
        since=query_time(request, "since"),
        until=query_time(request, "until"),
    )
    limit, offset = paging(request)
    service = AdminService(engine_of(request), clock_of(request.app))
    changes = await run_service(
        request, service.audit, principal_of(request), criteria, limit, offset
    )
    return web.json_response({"changes": [change_json(change) for change in changes]})


def setup(app: web.Application) -> None:
    """Mount the admin audit API."""
    app.router.add_get(PATH, admin_audit)
    snapshot = {"type": "object", "nullable": True, "description": "the configuration"}
    add_schema(
        app,
        "AdminChangeList",
        {
            "type": "object",
            "properties": {
                "changes": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "id": {"type": "integer"},
                            "at": {"type": "string", "format": "date-time"},
                            "actor": {
                                "type": "object",
                                "description": "kind (agent, or system for the CLI), id",
                            },
                            "action": {"type": "string", "enum": list(ACTIONS)},
                            "entity": {
                                "type": "object",
                                "description": "kind (team, agent, sla_policy) and id "
                                "(team id, agent id, or priority/segment such as P2/*)",
                            },
                            "before": {**snapshot, "description": "null when created"},
                            "after": {**snapshot, "description": "null when deleted"},
                        },
                    },
                }
            },
        },
    )
    describe(
        app,
        "get",
        PATH,
        "Admin changes to teams, calendars, agents and SLA policies, newest first",
        "admin",
        response="AdminChangeList",
        roles="admin",
        query={
            "entity_kind": ", ".join(ENTITY_KINDS),
            "entity_id": "team id, agent id, or priority/segment (P2/*)",
            "actor": "agent id of the admin",
            "action": ", ".join(ACTIONS),
            "since": "ISO 8601 time with offset (inclusive)",
            "until": "ISO 8601 time with offset (exclusive)",
            "limit": "1-200 (default 50)",
            "offset": "default 0",
        },
    )
