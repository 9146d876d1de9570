"""Request bodies of the ticketing API (pydantic models) and their parsing into 422 errors."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Literal, TypeVar

from aiohttp import web
from pydantic import BaseModel, Field, ValidationError

from ticketing.domain.errors import FieldProblem, InvalidInput

M = TypeVar("M", bound=BaseModel)


class Body(BaseModel):
    """Base of the request bodies: unknown fields are ignored (clients may send more)."""

    class Config:
        extra = "ignore"
        anystr_strip_whitespace = True


class SentimentIn(Body):
    label: Literal["negative", "neutral", "positive"]
    score: float = Field(..., ge=0, le=1, description="P(negative), 0..1")
    anger: bool = False


class CreateTicket(Body):
    """The bot's escalation (or an agent's form)."""

    conversation_id: str | None = Field(None, max_length=100)
    customer_id: str | None = Field(None, description="C + yyyymm + 4 digits")
    customer_segment: str | None = Field(None, description="e.g. high_value_active")
    channel: str = "chat"
    category: str = Field(..., description="delivery, payment, invoice, refund, ...")
    subject: str = Field(..., max_length=200)
    description: str = Field("", max_length=10_000)
    language: Literal["zh", "en"] = "zh"
    sentiment: SentimentIn | None = None
    tags: list[str] = Field(default_factory=list, max_items=20)


class Transition(Body):
    status: str = Field(..., description="new, open, in_progress, pending_customer, ...")
    reason: str | None = Field(None, max_length=2000)


class Reply(Body):
    body: str = Field(..., min_length=1, max_length=20_000)
    visibility: Literal["public", "internal"] = "public"


class CustomerMessage(Body):
    body: str = Field(..., min_length=1, max_length=20_000)


class Assign(Body):
    agent_id: str = Field(..., description='an agent id, or "me"')


class Transfer(Body):
    team_id: str
    reason: str = Field(..., min_length=1, max_length=2000)


class Merge(Body):
    into: str = Field(..., description="the ticket that stays")
    reason: str | None = Field(None, max_length=2000)


class PriorityChange(Body):
    priority: Literal["P1", "P2", "P3", "P4"]
    reason: str = Field(..., min_length=1, max_length=2000)


class Tags(Body):
    tags: list[str] = Field(..., max_items=20)


class Login(Body):
    username: str = Field(..., min_length=1, max_length=80)
    password: str = Field(..., min_length=1, max_length=200)


class Presence(Body):
    online: bool


class CalendarIn(Body):
    tz: str = "Asia/Shanghai"
    hours: dict[int, list[tuple[str, str]]] = Field(
        ..., description='weekday (0 = Monday) → shifts, e.g. {"0": [["09:00", "12:00"]]}'
    )
    china_holidays: bool = True
    extra_holidays: list[date] = Field(default_factory=list)
    extra_workdays: list[date] = Field(default_factory=list)


class TeamIn(Body):
    name_zh: str = Field(..., min_length=1, max_length=100)
    name_en: str = Field(..., min_length=1, max_length=100)
    skills: list[str]
    calendar: CalendarIn | None = None


class AgentIn(Body):
    username: str = Field(..., min_length=1, max_length=80)
    password: str = Field(..., min_length=8, max_length=200)
    display_name: str = Field(..., min_length=1, max_length=100)
    role: Literal["agent", "supervisor", "admin"] = "agent"
    team_ids: list[str] = Field(default_factory=list)
    capacity: int = Field(5, ge=1, le=100)
    id: str | None = None


class AgentChange(Body):
    display_name: str | None = Field(None, min_length=1, max_length=100)
    role: Literal["agent", "supervisor", "admin"] | None = None
    team_ids: list[str] | None = None
    capacity: int | None = Field(None, ge=1, le=100)
    active: bool | None = None
    password: str | None = Field(None, min_length=8, max_length=200)


class TargetIn(Body):
    minutes: int = Field(..., ge=1, le=525_600)
    working: bool = True


class PolicyIn(Body):
    first_response: TargetIn
    next_response: TargetIn
    resolution: TargetIn


async def parse(request: web.Request, model: type[M]) -> M:
    """The request's JSON body as ``model``; :class:`InvalidInput` lists every bad field.

    A body over the size limit raises aiohttp's 413 before any parsing.
    """
    raw = await request.read()
    try:
        data = json.loads(raw or b"null")
    except ValueError:
        raise InvalidInput(
            "the body is not valid JSON", (FieldProblem("body", "not JSON"),)
        ) from None
    if not isinstance(data, dict):
        raise InvalidInput(
            "the body must be a JSON object", (FieldProblem("body", "not an object"),)
        )
    try:
        return model.parse_obj(data)
    except ValidationError as error:
        problems = tuple(
            FieldProblem(
                ".".join(str(part) for part in issue["loc"]),
                "missing" if issue["type"] == "value_error.missing" else issue["msg"],
            )
            for issue in error.errors()
        )
        missing = [p.field for p in problems if p.problem == "missing"]
        message = f"missing fields: {', '.join(missing)}" if missing else "invalid fields"
        raise InvalidInput(message, problems) from None


MAX_LIMIT = 200
"""The largest page a listing returns."""


def query_time(request: web.Request, name: str) -> datetime | None:
    """The query parameter ``name`` as an aware time (None when absent); 422 when malformed."""
    text = request.query.get(name)
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        problem = FieldProblem(
            name, "an ISO 8601 time with an offset, e.g. 2026-11-23T10:00:00+08:00"
        )
        raise InvalidInput(f"{name} is not a time", (problem,))
    return moment


def query_choice(request: web.Request, name: str, allowed: tuple[str, ...]) -> str | None:
    """The query parameter ``name`` if it is one of ``allowed`` (None when absent); 422
    otherwise."""
    value = request.query.get(name) or None
    if value is not None and value not in allowed:
        problem = FieldProblem(name, f"one of {', '.join(allowed)}")
        raise InvalidInput(f"unknown {name} {value}", (problem,))
    return value


def paging(request: web.Request) -> tuple[int, int]:
    """``limit`` (1 to :data:`MAX_LIMIT`, default 50) and ``offset`` (default 0); 422 otherwise."""
    try:
        limit = int(request.query.get("limit", "50"))
        offset = int(request.query.get("offset", "0"))
    except ValueError:
        raise InvalidInput(
            "limit and offset are numbers", (FieldProblem("limit", "a number"),)
        ) from None
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise InvalidInput("paging out of range", (FieldProblem("limit", f"1 to {MAX_LIMIT}"),))
    return limit, offset
