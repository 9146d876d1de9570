"""Reports API for supervisors: ``GET /api/v1/reports/bot-coverage``, the share of customer
conversations the bot settled without a person (SPEC: at least 80 %)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ticketing.domain.bot_coverage import TARGET, BotCoverage, Tally
from ticketing.services.reports import ReportService
from ticketing.web.context import clock_of, engine_of, principal_of, run_service
from ticketing.web.openapi import add_schema, describe
from ticketing.web.requests import query_time
from ticketing.web.ticket_json import iso

PATH = "/api/v1/reports/bot-coverage"


def tally_json(tally: Tally) -> dict[str, Any]:
    """One tally: counts and the coverage (null without conversations)."""
    return {
        "conversations": tally.conversations,
        "settled_by_bot": tally.settled_by_bot,
        "handed_over": tally.handed_over,
        "coverage": tally.coverage,
    }


def coverage_json(report: BotCoverage) -> dict[str, Any]:
    """The report: its window, the whole, each conversation language, and the target."""
    return {
        "since": iso(report.window.since),
        "until": iso(report.window.until),
        **tally_json(report.total),
        "by_language": {
            language: tally_json(tally) for language, tally in sorted(report.by_language.items())
        },
        "target": TARGET,
        "meets_target": report.meets_target,
    }


async def bot_coverage(request: web.Request) -> web.Response:
    """GET /api/v1/reports/bot-coverage?since=&until=: default the last seven days."""
    service = ReportService(engine_of(request), clock_of(request.app))
    report = await run_service(
        request,
        service.bot_coverage,
        principal_of(request),
        query_time(request, "since"),
        query_time(request, "until"),
    )
    return web.json_response(coverage_json(report))


def setup(app: web.Application) -> None:
    """Mount the reports API."""
    app.router.add_get(PATH, bot_coverage)
    counts = {
        "conversations": {
            "type": "integer",
            "description": "started in the window, the customer wrote in them",
        },
        "settled_by_bot": {"type": "integer"},
        "handed_over": {"type": "integer", "description": "went to a person (a handoff ticket)"},
        "coverage": {
            "type": "number",
            "nullable": True,
            "description": "settled_by_bot / conversations; null without conversations",
        },
    }
    add_schema(
        app,
        "BotCoverage",
        {
            "type": "object",
            "properties": {
                "since": {"type": "string", "format": "date-time"},
                "until": {"type": "string", "format": "date-time"},
                **counts,
                "by_language": {
                    "type": "object",
                    "description": "per conversation language (zh, en): the same counts",
                    "additionalProperties": {"type": "object", "properties": counts},
                },
                "target": {"type": "number", "description": "SPEC's 0.80"},
                "meets_target": {"type": "boolean", "nullable": True},
            },
        },
    )
    describe(
        app,
        "get",
        PATH,
        "Customer conversations the bot settled without a person (bot coverage)",
        "reports",
        response="BotCoverage",
        roles="supervisor, admin",
        query={
            "since": "ISO 8601 time with offset (inclusive; default until minus 7 days)",
            "until": "ISO 8601 time with offset (exclusive; default now)",
        },
    )
