"""Ticketing commands for ``python -m ticketing``: ``create-agent``.

The lead wires them in with ``register(subparsers)``; each sub-command sets ``handler``, called
as ``args.handler(args, settings)`` and returning the exit code.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from kefu.settings import Settings
from ticketing.domain.errors import DomainError
from ticketing.services.admin import AdminService
from ticketing.services.common import system_clock
from ticketing.storage.db import make_engine

PASSWORD_VARIABLE = "KEFU_NEW_AGENT_PASSWORD"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ticketing sub-commands to ``python -m ticketing``."""
    create = subparsers.add_parser(
        "create-agent",
        help="create an agent, supervisor or admin (password from a prompt or "
        f"${PASSWORD_VARIABLE})",
    )
    create.add_argument("username")
    create.add_argument("--display-name", required=True)
    create.add_argument("--role", choices=("agent", "supervisor", "admin"), default="agent")
    create.add_argument("--team", action="append", default=[], help="team id (repeatable)")
    create.add_argument("--capacity", type=int, default=5)
    create.set_defaults(handler=create_agent)


def create_agent(args: argparse.Namespace, settings: Settings) -> int:
    """Create the agent; prints its id. Exit code 1 with the reason when refused."""
    password = os.environ.get(PASSWORD_VARIABLE) or getpass.getpass("password: ")
    engine = make_engine(settings.database_url)
    try:
        agent = AdminService(engine, system_clock).create_agent(
            None,
            args.username,
            password,
            args.display_name,
            args.role,
            args.team,
            args.capacity,
            agent_id=args.username,
        )
    except DomainError as error:
        print(f"create-agent: {error.message}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(f"created {agent.role} {agent.id} in {', '.join(sorted(agent.team_ids)) or 'no team'}")
    return 0
