"""Command line of the ticketing service: ``python -m ticketing <command>`` (see --help)."""

from __future__ import annotations

import argparse
import logging
import sys

from aiohttp import web

from kefu.logs import configure_logging
from kefu.settings import SettingsError, load_settings
from ticketing.demo import load_demo_data
from ticketing.services import commands
from ticketing.storage.db import make_engine, migrate
from ticketing.web.app import init_app


def main(argv: list[str] | None = None) -> int:
    """Run one sub-command; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m ticketing", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("serve", help="run the service (API, gateway, console, scheduler)")
    sub.add_parser("migrate", help="create or upgrade the database schema")
    sub.add_parser("seed", help="load the demo data once (a no-op when already loaded)")
    commands.register(sub)
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"kefu: bad setting: {error}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    if hasattr(args, "handler"):
        return args.handler(args, settings)
    if args.command == "migrate":
        migrate(settings.database_url)
    elif args.command == "seed":
        engine = make_engine(settings.database_url)
        try:
            print(load_demo_data(engine, settings=settings))
        finally:
            engine.dispose()
    else:
        logging.getLogger(__name__).info("service on %s", settings.service_url)
        web.run_app(init_app(settings), host=settings.host, port=settings.service_port, print=None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
