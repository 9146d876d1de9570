"""Authentication for everything under ``/api/``, the API's error mapping, and sign-in.

Mounted first (``FEATURE_ORDER``). Its two middlewares: :func:`ticketing.web.errors.api_errors`
(outermost: every failure becomes a JSON error) and :func:`authenticate`, which sets
``request["principal"]`` (:class:`ticketing.domain.auth.Principal`) from
``Authorization: Bearer <token>``: the service token is the bot, any other token must be an
agent's unexpired sign-in token. Paths outside ``/api/`` (widget, console, socket.io, /health)
and the public API paths below need no token.
"""

from __future__ import annotations

import hmac

from aiohttp import web

from ticketing.domain.auth import BOT
from ticketing.domain.errors import AuthenticationFailed
from ticketing.services.auth import AuthService
from ticketing.web.context import blocking, clock_of, engine_of, principal_of, run_service
from ticketing.web.errors import Handler, api_errors
from ticketing.web.openapi import add_schema, describe, openapi_json
from ticketing.web.requests import Login, Presence, parse
from ticketing.web.ticket_json import agent_json, iso

PUBLIC_PATHS = frozenset({"/api/v1/openapi.json", "/api/v1/auth/login"})


def _auth(request: web.Request) -> AuthService:
    return AuthService(engine_of(request), clock_of(request.app))


def bearer_token(request: web.Request) -> str:
    """The bearer token of the request; raises :class:`AuthenticationFailed` when absent."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationFailed("send Authorization: Bearer <token>")
    return token.strip()


@web.middleware
async def authenticate(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Attach the caller's principal, or answer 401."""
    if not request.path.startswith("/api/") or request.path in PUBLIC_PATHS:
        return await handler(request)
    token = bearer_token(request)
    from ticketing.web.app import SETTINGS

    service_token = request.app[SETTINGS].service_token.get_secret_value()
    if service_token and hmac.compare_digest(token.encode(), service_token.encode()):
        request["principal"] = BOT
    else:
        principal = await run_service(request, _auth(request).principal_for, token)
        if principal is None:
            raise AuthenticationFailed("the token is unknown or expired; sign in again")
        request["principal"] = principal
    return await handler(request)


async def login(request: web.Request) -> web.Response:
    """POST /api/v1/auth/login {username, password} → {token, agent, expires_at}"""
    body = await parse(request, Login)
    # scrypt takes tens of milliseconds: always off the event loop.
    session = await blocking(_auth(request).login, body.username, body.password)
    return web.json_response(
        {
            "token": session.token,
            "agent": agent_json(session.agent),
            "expires_at": iso(session.expires_at),
        }
    )


async def logout(request: web.Request) -> web.Response:
    """POST /api/v1/auth/logout: revoke this token; the agent goes offline."""
    if principal_of(request).kind != "agent":
        raise AuthenticationFailed("only a signed-in agent can sign out")
    await run_service(request, _auth(request).logout, bearer_token(request))
    return web.json_response({"signed_out": True})


async def me(request: web.Request) -> web.Response:
    """GET /api/v1/auth/me: the signed-in agent (or the bot's principal)."""
    principal = principal_of(request)
    if principal.kind != "agent":
        return web.json_response({"kind": principal.kind, "role": principal.role})
    agent = await run_service(request, _auth(request).me, principal)
    return web.json_response({"kind": "agent", "agent": agent_json(agent)})


async def presence(request: web.Request) -> web.Response:
    """PUT /api/v1/agents/{agent_id}/presence {online}: "me" is the caller."""
    body = await parse(request, Presence)
    principal = principal_of(request)
    agent_id = request.match_info["agent_id"]
    agent_id = principal.agent_id if agent_id == "me" else agent_id
    agent = await run_service(
        request, _auth(request).set_presence, principal, agent_id or "", body.online
    )
    return web.json_response(agent_json(agent))


def setup(app: web.Application) -> None:
    """Install the error mapping and authentication middlewares and the sign-in routes."""
    app.middlewares.append(api_errors)
    app.middlewares.append(authenticate)
    app.router.add_get("/api/v1/openapi.json", openapi_json)
    app.router.add_post("/api/v1/auth/login", login)
    app.router.add_post("/api/v1/auth/logout", logout)
    app.router.add_get("/api/v1/auth/me", me)
    app.router.add_put("/api/v1/agents/{agent_id}/presence", presence)
    add_schema(
        app,
        "Agent",
        {
            "type": "object",
            "description": "id, username, display_name, role, team_ids, capacity, online, "
            "open_tickets, active",
        },
    )
    add_schema(
        app,
        "Session",
        {
            "type": "object",
            "properties": {
                "token": {"type": "string"},
                "agent": {"$ref": "#/components/schemas/Agent"},
                "expires_at": {"type": "string", "format": "date-time"},
            },
        },
    )
    describe(
        app,
        "post",
        "/api/v1/auth/login",
        "Sign in; the agent goes online",
        "auth",
        Login,
        "Session",
        roles="anyone",
        public=True,
    )
    describe(app, "post", "/api/v1/auth/logout", "Sign out; the agent goes offline", "auth")
    describe(
        app, "get", "/api/v1/auth/me", "Who am I", "auth", response="Agent", roles="agent, bot"
    )
    describe(
        app,
        "put",
        "/api/v1/agents/{agent_id}/presence",
        "Go online (takes queued tickets) or offline; agent_id may be 'me'",
        "auth",
        Presence,
        "Agent",
        roles="agent for self, supervisor for anyone",
    )
