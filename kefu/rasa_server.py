"""Start the Rasa server from the settings: ``python -m kefu.rasa_server``.

Run in-process rather than through ``rasa run --auth-token ...`` so the token never appears on a
command line (where ``ps`` would show it to every user of the machine).
"""

from __future__ import annotations

import os
import sys

from kefu.logs import configure_logging
from kefu.settings import PROJECT_ROOT, SettingsError, load_settings


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
