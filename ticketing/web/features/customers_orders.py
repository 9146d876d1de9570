"""Orders and interactions API (customers area).

- ``GET /api/v1/orders/{order_id}[?customer_id=]``: the bot's order lookup; an order of another
  customer than ``customer_id`` is a 404 like an unknown one.
- ``PUT /api/v1/orders/{order_id}``: an upstream system records an order (re-segments).
- ``GET /api/v1/customers/{customer_id}/orders``
- ``GET|POST /api/v1/customers/{customer_id}/interactions``: the interaction log.
- ``POST /api/v1/interactions/{interaction_id}/done``: the next action is done.
"""

from __future__ import annotations

from aiohttp import web

from ticketing.services import customers_interactions, customers_orders
from ticketing.web.features.customers import (
    ApiError,
    call,
    context_of,
    customer_errors,
    json_body,
    principal_of,
)


@customer_errors
async def lookup_order(request: web.Request) -> web.Response:
    """GET /api/v1/orders/{order_id}?customer_id=C2024050001"""
    order = await call(
        customers_orders.lookup_order,
        context_of(request),
        principal_of(request),
        request.match_info["order_id"],
        request.query.get("customer_id") or None,
    )
    return web.json_response(order)


@customer_errors
async def record_order(request: web.Request) -> web.Response:
    """PUT /api/v1/orders/{order_id} {customer_id, status, amount, ordered_at, ...}"""
    body = await json_body(request)
    order, created = await call(
        customers_orders.record_order,
        context_of(request),
        principal_of(request),
        request.match_info["order_id"],
        body,
    )
    return web.json_response(order, status=201 if created else 200)


@customer_errors
async def orders_of_customer(request: web.Request) -> web.Response:
    """GET /api/v1/customers/{customer_id}/orders"""
    found = await call(
        customers_orders.customer_orders,
        context_of(request),
        principal_of(request),
        request.match_info["customer_id"],
    )
    return web.json_response({"orders": found})


@customer_errors
async def list_interactions(request: web.Request) -> web.Response:
    """GET /api/v1/customers/{customer_id}/interactions (newest first)"""
    found = await call(
        customers_interactions.list_interactions,
        context_of(request),
        principal_of(request),
        request.match_info["customer_id"],
    )
    return web.json_response({"interactions": found})


@customer_errors
async def log_interaction(request: web.Request) -> web.Response:
    """POST /api/v1/customers/{customer_id}/interactions {channel, summary, ...}"""
    body = await json_body(request)
    logged = await call(
        customers_interactions.log_interaction,
        context_of(request),
        principal_of(request),
        request.match_info["customer_id"],
        body,
    )
    return web.json_response(logged, status=201)


@customer_errors
async def complete_next_action(request: web.Request) -> web.Response:
    """POST /api/v1/interactions/{interaction_id}/done"""
    raw = request.match_info["interaction_id"]
    if not raw.isdigit():
        raise ApiError(404, "not_found", f"interaction {raw} not found")
    done = await call(
        customers_interactions.complete_next_action,
        context_of(request),
        principal_of(request),
        int(raw),
    )
    return web.json_response(done)


def setup(app: web.Application) -> None:
    """Mount the order and interaction routes."""
    app.router.add_get("/api/v1/orders/{order_id}", lookup_order)
    app.router.add_put("/api/v1/orders/{order_id}", record_order)
    app.router.add_get("/api/v1/customers/{customer_id}/orders", orders_of_customer)
    app.router.add_get("/api/v1/customers/{customer_id}/interactions", list_interactions)
    app.router.add_post("/api/v1/customers/{customer_id}/interactions", log_interaction)
    app.router.add_post("/api/v1/interactions/{interaction_id}/done", complete_next_action)
    from ticketing.web.openapi import add_schema, describe

    add_schema(app, "Order", {"type": "object", "description": "see docs/customers.md"})
    order, customer = "/api/v1/orders/{order_id}", "/api/v1/customers/{customer_id}"
    describe(
        app,
        "get",
        order,
        "Order lookup (id ^E\\d{12}$)",
        "orders",
        response="Order",
        roles="bot, agent",
        query={"customer_id": "the owner; another's order is 404"},
    )
    describe(
        app,
        "put",
        order,
        "Record an order (re-segments)",
        "orders",
        response="Order",
        roles="supervisor",
    )
    describe(app, "get", customer + "/orders", "A customer's orders", "orders")
    describe(app, "get", customer + "/interactions", "Interaction log", "customers")
    describe(app, "post", customer + "/interactions", "Log an interaction", "customers", status=201)
    describe(
        app, "post", "/api/v1/interactions/{interaction_id}/done", "Next action done", "customers"
    )
