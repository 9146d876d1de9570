"""The conversations API the handoff console uses (agents' tokens; the bot may hand off).

Who may see what is decided by the hub (an agent: their teams' conversations only) and by the
ticketing use cases it calls (replies, resolve, transfer); errors map in one place.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ticketing.domain.errors import FieldProblem, InvalidInput
from ticketing.services.conversations.wire import conversation_json, message_json
from ticketing.web.context import principal_of
from ticketing.web.features.gateway import HUB
from ticketing.web.openapi import describe

BASE = "/api/v1/conversations"
ONE = BASE + "/{conversation_id}"


async def _json(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        raise InvalidInput("the body is not JSON", (FieldProblem("body", "JSON object"),)) from None
    if not isinstance(body, dict):
        raise InvalidInput("the body is not a JSON object", (FieldProblem("body", "object"),))
    return body


def _text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{name} is required", (FieldProblem(name, "a non-empty string"),))
    return value


def _id(request: web.Request) -> str:
    return request.match_info["conversation_id"]


async def list_conversations(request: web.Request) -> web.Response:
    """GET /api/v1/conversations: handed-off conversations of my teams, newest first."""
    found = await request.app[HUB].listed(principal_of(request))
    return web.json_response({"conversations": [conversation_json(c) for c in found]})


async def get_conversation(request: web.Request) -> web.Response:
    """GET /api/v1/conversations/{id}: the conversation and its whole transcript."""
    conversation, messages = await request.app[HUB].transcript(principal_of(request), _id(request))
    return web.json_response(
        {
            "conversation": conversation_json(conversation),
            "messages": [message_json(m) for m in messages],
        }
    )


async def reply(request: web.Request) -> web.Response:
    """POST .../replies {body, internal: false}: a reply to the customer or an internal note."""
    body = await _json(request)
    internal = body.get("internal", False) is True
    message = await request.app[HUB].agent_says(
        principal_of(request), _id(request), body.get("body"), internal
    )
    return web.json_response(message_json(message), status=201)


async def hand_off(request: web.Request) -> web.Response:
    """POST .../handoff {ticket_id}: mode human for that ticket's team (bot or agent)."""
    body = await _json(request)
    conversation = await request.app[HUB].hand_off(
        principal_of(request), _id(request), _text(body, "ticket_id")
    )
    return web.json_response(conversation_json(conversation))


async def return_to_bot(request: web.Request) -> web.Response:
    """POST .../return-to-bot: the bot answers again, with the same context."""
    conversation = await request.app[HUB].return_to_bot(principal_of(request), _id(request))
    return web.json_response(conversation_json(conversation))


async def resolve(request: web.Request) -> web.Response:
    """POST .../resolve: resolve the ticket and give the chat back to the bot."""
    conversation = await request.app[HUB].resolve(principal_of(request), _id(request))
    return web.json_response(conversation_json(conversation))


async def transfer(request: web.Request) -> web.Response:
    """POST .../transfer {team_id, reason}: the ticket and the chat go to another team."""
    body = await _json(request)
    conversation = await request.app[HUB].transfer(
        principal_of(request), _id(request), _text(body, "team_id"), _text(body, "reason")
    )
    return web.json_response(conversation_json(conversation))


def setup(app: web.Application) -> None:
    """Mount the conversations API."""
    routes = [
        ("GET", BASE, list_conversations, "Handed-off conversations of my teams"),
        ("GET", ONE, get_conversation, "A conversation with its whole transcript"),
        ("POST", ONE + "/replies", reply, "Reply to the customer, or an internal note"),
        ("POST", ONE + "/handoff", hand_off, "Switch to mode human for a ticket"),
        ("POST", ONE + "/return-to-bot", return_to_bot, "Give the chat back to the bot"),
        ("POST", ONE + "/resolve", resolve, "Resolve the ticket; the bot takes over"),
        ("POST", ONE + "/transfer", transfer, "Transfer the ticket and chat to another team"),
    ]
    for method, path, handler, summary in routes:
        app.router.add_route(method, path, handler)
        describe(app, method.lower(), path, summary, "conversations")
