"""Reports API for supervisors: ``GET /api/v1/reports/bot-coverage``, the share of customer
conversations the bot settled without a person (SPEC: at least 80 %), and
``GET /api/v1/reports/missed-questions``, what customers asked that the bot did not understand
(JSON, or a CSV file for the people who write the bot's training data)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ticketing.domain.bot_coverage import TARGET, BotCoverage, Tally
from ticketing.domain.bot_understanding import MOST_QUESTIONS, Miss, MissedQuestion
from ticketing.domain.errors import FieldProblem, InvalidInput
from ticketing.services.reports import MissedQuestions, ReportService
from ticketing.web.context import clock_of, engine_of, principal_of, run_service
from ticketing.web.csv_files import csv_response
from ticketing.web.openapi import add_schema, describe
from ticketing.web.requests import query_choice, query_time
from ticketing.web.ticket_json import iso

PATH = "/api/v1/reports/bot-coverage"
MISSED_PATH = "/api/v1/reports/missed-questions"
WINDOW_QUERY = {
    "since": "ISO 8601 time with offset (inclusive; default until minus 7 days)",
    "until": "ISO 8601 time with offset (exclusive; default now)",
}
QUESTION_COLUMNS = (
    "text",
    "language",
    "miss",
    "guess",
    "confidence",
    "times",
    "conversations",
    "handed_over",
    "last_at",
)


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


def question_json(question: MissedQuestion) -> dict[str, Any]:
    """One missed question (JSON and CSV use the same names)."""
    return {
        "text": question.text,
        "language": question.language,
        "miss": question.miss.value,
        "guess": question.guess,
        "confidence": round(question.confidence, 4),
        "times": question.times,
        "conversations": question.conversations,
        "handed_over": question.handed_over,
        "last_at": iso(question.last_at),
    }


def missed_json(report: MissedQuestions) -> dict[str, Any]:
    """The review: its window and filter, how many messages it read, the questions."""
    return {
        "since": iso(report.window.since),
        "until": iso(report.window.until),
        "language": report.language,
        "unsure_below": report.unsure_below,
        "messages": report.messages,
        "questions": [question_json(q) for q in report.questions],
    }


def _most(request: web.Request) -> int:
    text = request.query.get("limit", "200")
    if not text.isdigit() or not 1 <= int(text) <= MOST_QUESTIONS:
        problem = FieldProblem("limit", f"1 to {MOST_QUESTIONS}")
        raise InvalidInput(f"limit must be a number from 1 to {MOST_QUESTIONS}", (problem,))
    return int(text)


async def missed_questions(request: web.Request) -> web.Response:
    """GET /api/v1/reports/missed-questions?since=&until=&language=&limit=&format=json|csv."""
    language = query_choice(request, "language", ("zh", "en"))
    as_csv = query_choice(request, "format", ("json", "csv")) == "csv"
    service = ReportService(engine_of(request), clock_of(request.app))
    report = await run_service(
        request,
        service.missed_questions,
        principal_of(request),
        query_time(request, "since"),
        query_time(request, "until"),
        language,
        _most(request),
    )
    if as_csv:
        day = report.window.until.date().isoformat()
        rows = [question_json(q) for q in report.questions]
        return csv_response(rows, QUESTION_COLUMNS, f"missed-questions-{day}.csv")
    return web.json_response(missed_json(report))


def setup(app: web.Application) -> None:
    """Mount the reports API."""
    app.router.add_get(PATH, bot_coverage)
    app.router.add_get(MISSED_PATH, missed_questions)
    _describe_missed(app)
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
        query=WINDOW_QUERY,
    )


def _describe_missed(app: web.Application) -> None:
    question = {
        "type": "object",
        "properties": {
            "text": {
                "type": "string",
                "description": "what was said (the latest wording), emails, phone numbers and "
                "runs of 5+ digits masked as [email], [phone], [number]",
            },
            "language": {"type": "string", "enum": ["zh", "en"]},
            "miss": {"type": "string", "enum": [miss.value for miss in Miss]},
            "guess": {"type": "string", "description": "NLU's best intent or faq/<topic>"},
            "confidence": {"type": "number", "description": "how sure NLU was of the guess"},
            "times": {"type": "integer", "description": "messages that said this"},
            "conversations": {"type": "integer"},
            "handed_over": {"type": "integer", "description": "of those conversations"},
            "last_at": {"type": "string", "format": "date-time"},
        },
    }
    add_schema(
        app,
        "MissedQuestions",
        {
            "type": "object",
            "properties": {
                "since": {"type": "string", "format": "date-time"},
                "until": {"type": "string", "format": "date-time"},
                "language": {"type": "string", "nullable": True},
                "unsure_below": {"type": "number"},
                "messages": {"type": "integer", "description": "missed messages in the window"},
                "questions": {"type": "array", "items": question},
            },
        },
    )
    describe(
        app,
        "get",
        MISSED_PATH,
        "Questions the bot did not understand, took for out of scope, was unsure of, or "
        "answered and saw passed over for a related question",
        "reports",
        response="MissedQuestions",
        roles="supervisor, admin",
        query={
            **WINDOW_QUERY,
            "language": "zh or en (default both)",
            "limit": f"questions, 1 to {MOST_QUESTIONS} (default 200), most often asked first",
            "format": "json (default) or csv (a spreadsheet-safe UTF-8 file)",
        },
    )
