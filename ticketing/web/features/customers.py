"""Customers API: profiles (masked), the 360° view, reveal, correction, data-subject requests
and bulk export. Orders and interactions are in ``customers_orders``.

Every handler reads ``request["principal"]`` (set by the auth feature) and leaves permission
checks to the services (``ticketing.domain.customers_access``). Errors of the customers area
become ``{"error": {"code", "message"}}`` here, in one place (:func:`customer_errors`).
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone

from aiohttp import web

from ticketing.domain.auth import Principal
from ticketing.domain.customers import CustomerError, CustomerNotFound, OrderNotFound
from ticketing.domain.customers_access import PermissionDenied
from ticketing.domain.personal_data import PersonalDataCipher
from ticketing.services import customers_privacy, customers_profiles, customers_view
from ticketing.services.customers_context import CustomerContext
from ticketing.services.customers_interactions import InteractionNotFound
from ticketing.services.customers_profiles import ContactTaken, InvalidCustomerChange
from ticketing.web.csv_files import csv_response

CIPHER = web.AppKey("customers_cipher", PersonalDataCipher)
CLOCK = web.AppKey("customers_clock", Callable[[], datetime])
"""Overrides the clock of the customers routes (tests); default: the app's shared clock."""
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def context_of(request: web.Request) -> CustomerContext:
    """The customers services' dependencies for this app (clock: the app's clock if set)."""
    from ticketing.web.app import ENGINE, SETTINGS

    app = request.app
    clock = app.get(CLOCK)
    if clock is None:
        try:
            from ticketing.web.context import clock_of

            clock = clock_of(app)
        except ImportError:  # the shared web context is not there yet
            clock = _utc_now
    return CustomerContext(app[ENGINE], app[CIPHER], clock, app[SETTINGS].tz)


class ApiError(Exception):
    """A request problem found in the web layer: answered as a JSON error with ``status``."""

    def __init__(self, status: int, code: str, message: str, **extra: object) -> None:
        super().__init__(message)
        self.status = status
        self.body = {"error": {"code": code, "message": message, **extra}}


def principal_of(request: web.Request) -> Principal:
    """The caller, or a 401 when the request is not authenticated."""
    principal = request.get("principal")
    if principal is None:
        raise ApiError(401, "unauthorized", "send Authorization: Bearer <token>")
    return principal


def _as_api_error(error: Exception) -> ApiError:
    if isinstance(error, ApiError):
        return error
    if isinstance(error, PermissionDenied):
        return ApiError(403, "forbidden", str(error))
    if isinstance(error, CustomerNotFound | OrderNotFound | InteractionNotFound):
        return ApiError(404, "not_found", str(error))
    if isinstance(error, ContactTaken):
        return ApiError(409, "conflict", str(error), field=error.field)
    if isinstance(error, InvalidCustomerChange):
        fields = [
            {"field": p.field, "problem": p.message_en, "problem_zh": p.message_zh}
            for p in error.problems
        ]
        return ApiError(422, "invalid_request", str(error), fields=fields)
    field = getattr(error, "field", None)
    extra = {"fields": [{"field": field, "problem": str(error)}]} if field else {}
    return ApiError(422, "invalid_request", str(error), **extra)


def customer_errors(handler: Handler) -> Handler:
    """Answer the customers area's exceptions as JSON errors with the right status."""

    @functools.wraps(handler)
    async def wrapped(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except (ApiError, CustomerError, PermissionDenied) as error:
            found = _as_api_error(error)
            return web.json_response(found.body, status=found.status)

    return wrapped


async def call(function: Callable, *args: object, **kwargs: object):
    """Run a synchronous service call on the default thread pool."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, functools.partial(function, *args, **kwargs))


async def json_body(request: web.Request) -> dict:
    """The request's JSON object, or a 422."""
    try:
        body = await request.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise ApiError(422, "invalid_request", "send a JSON object")
    return body


def _int(request: web.Request, name: str, default: int) -> int:
    value = request.query.get(name, str(default))
    if not value.isdigit():
        raise ApiError(422, "invalid_request", f"{name} must be a whole number")
    return int(value)


@customer_errors
async def list_customers(request: web.Request) -> web.Response:
    """GET /api/v1/customers?segment=&mobile=&email=&limit=&offset= (masked)."""
    query = request.query
    found = await call(
        customers_profiles.list_customers,
        context_of(request),
        principal_of(request),
        segment=query.get("segment"),
        mobile=query.get("mobile"),
        email=query.get("email", "").strip().lower() or None,
        limit=_int(request, "limit", 50),
        offset=_int(request, "offset", 0),
    )
    return web.json_response({"customers": found})


@customer_errors
async def get_customer(request: web.Request) -> web.Response:
    """GET /api/v1/customers/{customer_id} (masked)."""
    customer_id = request.match_info["customer_id"]
    profile = await call(
        customers_profiles.get_profile, context_of(request), principal_of(request), customer_id
    )
    return web.json_response(profile)


@customer_errors
async def change_customer(request: web.Request) -> web.Response:
    """PATCH /api/v1/customers/{customer_id} {field: value, ...}: a correction (audited)."""
    body = await json_body(request)
    customer_id = request.match_info["customer_id"]
    profile = await call(
        customers_profiles.change, context_of(request), principal_of(request), customer_id, body
    )
    return web.json_response(profile)


@customer_errors
async def view_customer(request: web.Request) -> web.Response:
    """GET /api/v1/customers/{customer_id}/view: the 360° view."""
    customer_id = request.match_info["customer_id"]
    view = await call(
        customers_view.view_360, context_of(request), principal_of(request), customer_id
    )
    return web.json_response(view)


@customer_errors
async def reveal_customer(request: web.Request) -> web.Response:
    """POST /api/v1/customers/{customer_id}/reveal {reason}: full phone/email (audited)."""
    body = await json_body(request)
    reason = str(body.get("reason") or "").strip()
    if not reason:
        raise ApiError(422, "invalid_request", "a reason is required")
    customer_id = request.match_info["customer_id"]
    found = await call(
        customers_profiles.reveal,
        context_of(request),
        principal_of(request),
        customer_id,
        reason,
    )
    return web.json_response(found)


@customer_errors
async def export_subject(request: web.Request) -> web.Response:
    """POST /api/v1/customers/{customer_id}/data-requests/export: everything about them."""
    customer_id = request.match_info["customer_id"]
    document = await call(
        customers_privacy.export_subject, context_of(request), principal_of(request), customer_id
    )
    return web.json_response(document)


@customer_errors
async def erase_subject(request: web.Request) -> web.Response:
    """POST /api/v1/customers/{customer_id}/data-requests/erase: anonymise them."""
    customer_id = request.match_info["customer_id"]
    await call(
        customers_privacy.erase_subject, context_of(request), principal_of(request), customer_id
    )
    return web.json_response({"customer_id": customer_id, "erased": True})


@customer_errors
async def bulk_export(request: web.Request) -> web.Response:
    """GET /api/v1/customers/export?segment=&format=json|csv: export permission only."""
    rows = await call(
        customers_privacy.bulk_export,
        context_of(request),
        principal_of(request),
        request.query.get("segment"),
    )
    if request.query.get("format") == "csv":
        columns = ["customer_id", "name", "mobile", "email", "city", "segment", "consent_marketing"]
        return csv_response(rows, columns, "customers.csv")
    return web.json_response({"customers": rows})


async def _cipher_ctx(app: web.Application):
    from ticketing.web.app import SETTINGS

    app[CIPHER] = PersonalDataCipher(app[SETTINGS].data_key.get_secret_value())
    yield


def setup(app: web.Application) -> None:
    """Mount the customers routes (the export route before the ``{customer_id}`` ones)."""
    app.cleanup_ctx.append(_cipher_ctx)
    base = "/api/v1/customers"
    app.router.add_get(base, list_customers)
    app.router.add_get(f"{base}/export", bulk_export)
    app.router.add_get(base + "/{customer_id}", get_customer)
    app.router.add_patch(base + "/{customer_id}", change_customer)
    app.router.add_get(base + "/{customer_id}/view", view_customer)
    app.router.add_post(base + "/{customer_id}/reveal", reveal_customer)
    app.router.add_post(base + "/{customer_id}/data-requests/export", export_subject)
    app.router.add_post(base + "/{customer_id}/data-requests/erase", erase_subject)
    _describe(app)


def _describe(app: web.Application) -> None:
    from ticketing.web.openapi import add_schema, describe

    add_schema(app, "Customer", {"type": "object", "description": "masked profile, see docs"})
    base, tag = "/api/v1/customers", "customers"
    query = {"segment": "segment name", "mobile": "exact mobile", "email": "exact email"}
    query |= {"limit": "≤ 200", "offset": "skip"}
    for method, path, summary, roles, extra in (
        ("get", base, "Customers, masked", "agent", query),
        (
            "get",
            f"{base}/export",
            "Bulk export (audited; refusal alerts)",
            "admin",
            {"segment": "segment name", "format": "json or csv"},
        ),
        ("get", base + "/{customer_id}", "One customer, masked", "agent", None),
        ("patch", base + "/{customer_id}", "Correct fields (audited)", "supervisor", None),
        ("get", base + "/{customer_id}/view", "360° view", "agent", None),
        (
            "post",
            base + "/{customer_id}/reveal",
            "Full phone/email {reason} (audited)",
            "supervisor",
            None,
        ),
        (
            "post",
            base + "/{customer_id}/data-requests/export",
            "Export everything about them",
            "admin",
            None,
        ),
        ("post", base + "/{customer_id}/data-requests/erase", "Anonymise them", "admin", None),
    ):
        describe(app, method, path, summary, tag, response="Customer", roles=roles, query=extra)
