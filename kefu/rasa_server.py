"""Start the Rasa server from the settings: ``python -m kefu.rasa_server``.

Run in-process rather than through ``rasa run --auth-token ...`` so the token never appears on a
command line (where ``ps`` would show it to every user of the machine), and so the server can be
tuned before it starts (:func:`validate_action_answers_with_one_validator`).
"""

from __future__ import annotations

import os
import sys
from typing import Any

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


def main() -> int:
    """Serve the trained model with the HTTP API on, token-protected, bound to settings.host."""
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"kefu: bad setting: {error}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)  # Rasa's own errors must reach var/log/rasa.log
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    os.environ["KEFU_ACTION_URL"] = f"{settings.action_url}/webhook"

    from rasa.core.run import serve_application
    from rasa.core.utils import AvailableEndpoints

    validate_action_answers_with_one_validator()

    serve_application(
        model_path=str(settings.model_dir / "kefu.tar.gz"),
        interface=settings.host,
        port=settings.rasa_port,
        credentials=str(PROJECT_ROOT / "credentials.yml"),
        endpoints=AvailableEndpoints.read_endpoints(str(PROJECT_ROOT / "endpoints.yml")),
        auth_token=settings.rasa_token.get_secret_value(),
        enable_api=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
