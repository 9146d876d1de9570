"""Start the Rasa server from the settings: ``python -m kefu.rasa_server``.

Run in-process rather than through ``rasa run --auth-token ...`` so the token never appears on a
command line (where ``ps`` would show it to every user of the machine), and so the server can be
tuned before it starts (:func:`validate_action_answers_with_one_validator`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from typing import Any

import aiohttp
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.utils.endpoints import EndpointConfig

from kefu.logs import configure_logging
from kefu.settings import PROJECT_ROOT, SettingsError, load_settings


def validate_action_answers_with_one_validator() -> None:
    """Check the action server's answers against Rasa's schema with one validator built once.

    Rasa 3.6 checks every answer of the action server with ``jsonschema.validate``, which first
    validates the (constant, large) events schema against its meta-schema and builds a new
    validator: measured 30-60 ms of CPU per custom-action call here, about 40 % of a whole turn
    (every turn calls ``action_validate_slot_mappings``, form turns call more). The same schema
    and the same check (best-matching error, Rasa's hint appended) with a validator built at
    start-up costs about 1 ms. See docs/hub.md ("Where a turn's time goes").
    """
    from jsonschema import ValidationError, exceptions
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        error: ValidationError | None = exceptions.best_match(validator.iter_errors(result))
        if error is None:
            return True
        error.message += (
            ". Failed to validate Action server response from API, make sure your response "
            "from the Action endpoint is valid. For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error

    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]


def quiet_rasa_debug_events(level: str) -> None:
    """Give Rasa's structlog events the settings' level, as ``rasa run`` does.

    Started in-process, Rasa's structlog kept its default set-up, which prints *every* debug
    event: about 25 lines per turn, message texts and parse results included, formatted,
    deep-copied and piped through the supervisor into the logs. That was about 15 % of Rasa's
    CPU per turn, and message bodies must not reach the logs at all (DESIGN.md, Conventions).
    """
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.getLevelName(level))


class KeptAliveEndpoint(EndpointConfig):
    """The action server's endpoint with one connection pool for the whole process.

    Rasa's ``EndpointConfig.request`` opens a new ``aiohttp.ClientSession`` (and so a new TCP
    connection) for every custom-action call: measured ~10 % of Rasa's CPU per turn. Here every
    call goes through one session whose idle connections are dropped after 4 s, before the action
    server's own keep-alive limit (Sanic: 5 s) could close one as it is reused.
    """

    IDLE_SECONDS = 4.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kept: aiohttp.ClientSession | None = None

    @classmethod
    def like(cls, endpoint: EndpointConfig) -> KeptAliveEndpoint:
        """The same endpoint (URL, parameters, headers, authentication, options), pooled."""
        return cls(
            url=endpoint.url,
            params=endpoint.params,
            headers=endpoint.headers,
            basic_auth=endpoint.basic_auth,
            token=endpoint.token,
            token_name=endpoint.token_name,
            cafile=endpoint.cafile,
            **endpoint.kwargs,
        )

    def session(self) -> contextlib.AbstractAsyncContextManager[aiohttp.ClientSession]:
        """The process's session, which ``async with`` leaves open (Rasa's would close it)."""
        if self._kept is None or self._kept.closed:
            auth = None
            if self.basic_auth:
                auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
            self._kept = aiohttp.ClientSession(
                headers=self.headers,
                auth=auth,
                timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
                connector=aiohttp.TCPConnector(keepalive_timeout=self.IDLE_SECONDS),
            )
        return contextlib.nullcontext(self._kept)

    async def close(self) -> None:
        """Close the pool (Rasa never does: it lives as long as the process)."""
        if self._kept is not None:
            await self._kept.close()


def main() -> int:
    """Serve the trained model with the HTTP API on, token-protected, bound to settings.host."""
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"kefu: bad setting: {error}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)  # Rasa's own errors must reach var/log/rasa.log
    quiet_rasa_debug_events(settings.log_level)
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    os.environ["KEFU_ACTION_URL"] = f"{settings.action_url}/webhook"

    from rasa.core.run import serve_application
    from rasa.core.utils import AvailableEndpoints

    validate_action_answers_with_one_validator()
    endpoints = AvailableEndpoints.read_endpoints(str(PROJECT_ROOT / "endpoints.yml"))
    if endpoints.action is not None:
        endpoints.action = KeptAliveEndpoint.like(endpoints.action)

    serve_application(
        model_path=str(settings.model_dir / "kefu.tar.gz"),
        interface=settings.host,
        port=settings.rasa_port,
        credentials=str(PROJECT_ROOT / "credentials.yml"),
        endpoints=endpoints,
        auth_token=settings.rasa_token.get_secret_value(),
        enable_api=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
