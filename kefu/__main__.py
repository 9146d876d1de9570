"""``python -m kefu run``: check the settings, prepare the database and run every process.

Start-up problems stop here with one line naming the setting (exit code 2), before any child
process starts: a malformed value, a port already taken, a database that does not answer, a
missing model.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import sys

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from kefu.settings import Settings, SettingsError, load_settings
from kefu.supervisor import ProcessSpec, Supervisor

PYTHON = sys.executable


def process_specs(settings: Settings) -> list[ProcessSpec]:
    """The three processes of the embedded default, in start order."""
    env = {"KEFU_VAR_DIR": str(settings.var_dir), "RASA_TELEMETRY_ENABLED": "false"}
    token = settings.rasa_token.get_secret_value()
    return [
        ProcessSpec(
            name="action-server",
            argv=[
                PYTHON,
                "-m",
                "rasa_sdk",
                "--actions",
                "actions",
                "-p",
                str(settings.action_port),
            ],
            health_url=f"{settings.action_url}/health",
            env={**env, "SANIC_HOST": settings.host},
        ),
        ProcessSpec(
            name="rasa",
            argv=[PYTHON, "-m", "kefu.rasa_server"],
            health_url=f"{settings.rasa_url}/status?token={token}",
            env=env,
        ),
        ProcessSpec(
            name="service",
            argv=[PYTHON, "-m", "ticketing", "serve"],
            health_url=f"{settings.service_url}/health",
            env=env,
        ),
    ]


def check_ports(settings: Settings) -> None:
    """Raise SettingsError naming the first port that another program already holds."""
    for name in ("rasa_port", "action_port", "service_port"):
        port = getattr(settings, name)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            # Like the servers themselves: a port left in TIME_WAIT by a stopped run is free.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((settings.host, port))
            except OSError as error:
                raise SettingsError(
                    f"KEFU_{name.upper()}: {settings.host}:{port} is not free ({error.strerror})"
                ) from None


def check_database(settings: Settings) -> None:
    """Migrate and seed; raise SettingsError when the database does not answer."""
    from ticketing.demo import load_demo_data
    from ticketing.storage.db import make_engine, migrate

    try:
        engine = make_engine(settings.database_url)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        migrate(settings.database_url)
        print(f"kefu: database ready; {load_demo_data(engine, settings=settings)}", flush=True)
        engine.dispose()
    except SQLAlchemyError as error:
        reason = str(error.orig if getattr(error, "orig", None) else error).splitlines()[0]
        raise SettingsError(f"KEFU_DATABASE_URL: cannot use the database ({reason})") from None


def check_reminder_config() -> None:
    """Raise SettingsError when a scheduler setting (reminders/config.py) is malformed."""
    from reminders.config import ReminderConfigError, load_reminder_config

    try:
        load_reminder_config()
    except ReminderConfigError as error:
        raise SettingsError(str(error)) from None


def check_model(settings: Settings) -> None:
    """Raise SettingsError when there is no trained model to serve."""
    model = settings.model_dir / "kefu.tar.gz"
    if not model.exists():
        raise SettingsError(f"KEFU_MODEL_DIR: no trained model at {model}; `make run` trains one")


def ready_banner(settings: Settings) -> str:
    """What a person needs once everything answers."""
    return "\n".join(
        [
            "ready.",
            f"  chat page:     {settings.service_url}/chat  (English: /chat?lang=en)",
            f"  agent console: {settings.service_url}/console  (demo accounts: docs/ticketing.md)",
            f"  service API:   {settings.service_url}/api/v1/openapi.json",
            f"  chat (REST):   curl -s {settings.rasa_url}/webhooks/rest/webhook "
            '-d \'{"sender":"t1","message":"你好"}\'',
            f"  Rasa HTTP API: {settings.rasa_url} (token in {settings.var_dir / 'secrets.env'})",
            f"  logs:          {settings.log_dir / 'kefu.log'} (one file per process beside it)",
            "  stop:          Ctrl-C",
        ]
    )


def run(settings: Settings) -> int:
    """Check everything, then supervise the processes until Ctrl-C or a failure."""
    check_ports(settings)
    check_reminder_config()
    check_model(settings)
    check_database(settings)
    supervisor = Supervisor(
        process_specs(settings), settings.log_dir, on_ready=lambda: ready_banner(settings)
    )
    return asyncio.run(supervisor.run())


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code (2 for a bad setting)."""
    parser = argparse.ArgumentParser(prog="python -m kefu", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="run every process until Ctrl-C")
    sub.add_parser("check", help="check the settings, ports and database, then exit")
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        if args.command == "check":
            check_ports(settings)
            check_reminder_config()
            check_database(settings)
            print("kefu: settings, ports and database are fine")
            return 0
        return run(settings)
    except SettingsError as error:
        print(f"kefu: bad setting: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
