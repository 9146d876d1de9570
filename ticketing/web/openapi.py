"""The OpenAPI 3 description at ``/api/v1/openapi.json``, assembled from what features declare.

A feature calls :func:`describe` next to each route it adds; request bodies come from pydantic
models (their JSON schema), responses name a component schema. Other areas use the same call.
"""

from __future__ import annotations

import copy
from typing import Any

from aiohttp import web
from pydantic import BaseModel

OPERATIONS = web.AppKey("openapi_operations", list)
SCHEMAS = web.AppKey("openapi_schemas", dict)

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"field": {"type": "string"}, "problem": {"type": "string"}},
                    },
                },
            },
        }
    },
}


def add_schema(app: web.Application, name: str, schema: dict[str, Any]) -> None:
    """Register a component schema (e.g. ``Ticket``) for responses to refer to."""
    app.setdefault(SCHEMAS, {})[name] = schema


def describe(
    app: web.Application,
    method: str,
    path: str,
    summary: str,
    tag: str,
    body: type[BaseModel] | None = None,
    response: str | None = None,
    status: int = 200,
    roles: str = "agent",
    query: dict[str, str] | None = None,
    public: bool = False,
) -> None:
    """Declare one operation: who may call it, its body model, response schema and query."""
    app.setdefault(OPERATIONS, []).append(
        {
            "method": method.lower(),
            "path": path,
            "summary": summary,
            "tag": tag,
            "body": body,
            "response": response,
            "status": status,
            "roles": roles,
            "query": query or {},
            "public": public,
        }
    )


def build_spec(app: web.Application) -> dict[str, Any]:
    """The whole OpenAPI 3.0 document."""
    schemas: dict[str, Any] = {"Error": ERROR_SCHEMA, **app.get(SCHEMAS, {})}
    paths: dict[str, Any] = {}
    for op in app.get(OPERATIONS, []):
        operation: dict[str, Any] = {
            "summary": op["summary"],
            "tags": [op["tag"]],
            "description": f"Roles: {op['roles']}.",
            "responses": _responses(op),
        }
        if op["public"]:
            operation["security"] = []
        parameters = [
            {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            for name in _path_names(op["path"])
        ]
        parameters += [
            {"name": name, "in": "query", "description": text, "schema": {"type": "string"}}
            for name, text in op["query"].items()
        ]
        if parameters:
            operation["parameters"] = parameters
        if op["body"] is not None:
            model = op["body"]
            # pydantic caches the schema dict: copy it before taking the definitions out.
            schema = copy.deepcopy(model.schema(ref_template="#/components/schemas/{model}"))
            for name, definition in schema.pop("definitions", {}).items():
                schemas[name] = definition
            schemas[model.__name__] = schema
            operation["requestBody"] = {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {"$ref": f"#/components/schemas/{model.__name__}"}
                    }
                },
            }
        paths.setdefault(op["path"], {})[op["method"]] = operation
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "kefu ticketing service",
            "version": "1",
            "description": "Tickets, SLA, routing and more. Errors: "
            '{"error": {"code", "message"}}. Times: ISO 8601 in UTC.',
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
    }


def _responses(op: dict[str, Any]) -> dict[str, Any]:
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    ok: dict[str, Any] = {"description": "success"}
    if op["response"]:
        ok["content"] = {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{op['response']}"}}
        }
    responses: dict[str, Any] = {str(op["status"]): ok}
    failures = {"422": "invalid request (fields listed)", "413": "body too large"}
    if not op["public"]:
        failures |= {"401": "no or bad token", "403": "role or team does not allow it"}
    if "{" in op["path"]:
        failures["404"] = "not found"
    if op["method"] != "get":
        failures["409"] = "conflicts with the current state (reason given)"
    for status, text in failures.items():
        responses[status] = {"description": text, "content": error}
    return responses


def _path_names(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{")]


async def openapi_json(request: web.Request) -> web.Response:
    """GET /api/v1/openapi.json"""
    return web.json_response(build_spec(request.app))
