"""One error mapping for the API: every failure under ``/api/`` becomes
``{"error": {"code", "message"[, "fields"]}}`` with the matching HTTP status.

Domain errors map by family (``ticketing.domain.errors``): NotFound 404, PermissionDenied 403,
AuthenticationFailed 401, Conflict 409, InvalidInput 422 (with ``fields``: every bad or missing
field). aiohttp's own errors keep their status (e.g. 413 for a body over the size limit, 405).
Anything else is a 500 whose details go to the log only.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from ticketing.domain.errors import (
    AuthenticationFailed,
    Conflict,
    DomainError,
    InvalidInput,
    NotFound,
    PermissionDenied,
)

log = logging.getLogger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

STATUS_OF: tuple[tuple[type[DomainError], int], ...] = (
    (AuthenticationFailed, 401),
    (PermissionDenied, 403),
    (NotFound, 404),
    (Conflict, 409),
    (InvalidInput, 422),
)
HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
}


def error_response(status: int, code: str, message: str, **extra: object) -> web.Response:
    """The API's JSON error body."""
    body = {"error": {"code": code, "message": message, **extra}}
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return web.json_response(body, status=status, headers=headers)


def domain_error_response(error: DomainError) -> web.Response:
    """The response for a domain error (500 if it belongs to no known family)."""
    status = next((code for kind, code in STATUS_OF if isinstance(error, kind)), 500)
    extra: dict[str, object] = {}
    if isinstance(error, InvalidInput) and error.problems:
        extra["fields"] = [{"field": p.field, "problem": p.problem} for p in error.problems]
    context = {k: v for k, v in error.context.items() if isinstance(v, str | int | float | bool)}
    if context:
        extra["context"] = context
    return error_response(status, error.code, error.message, **extra)


@web.middleware
async def api_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Map every failure under ``/api/`` to the JSON error body (other paths are untouched)."""
    if not request.path.startswith("/api/"):
        return await handler(request)
    try:
        return await handler(request)
    except DomainError as error:
        return domain_error_response(error)
    except web.HTTPException as error:
        if error.status < 400:
            raise
        code = HTTP_CODES.get(error.status, "http_error")
        return error_response(error.status, code, error.reason)
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, "internal_error", "the service failed; see its log")
