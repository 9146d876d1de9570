"""``python -m reminders``: run what is due at an instant, or simulate 30 days.

    python -m reminders run-once --at 2026-11-23T10:00:00+08:00 [--dry-run] [--group watch|care]
    python -m reminders simulate --days 30 [--start 2026-11-23]

``run-once`` prints one line per notice it sent (or would send), held back or found already
sent, then a summary; the exit code is 0, or 2 for a bad argument or setting.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime

from kefu.settings import SettingsError, load_settings
from reminders.config import ReminderConfigError, load_reminder_config
from reminders.jobs import delivery_from, run_context
from reminders.plan import GROUPS
from reminders.runner import Report, run
from ticketing.storage.db import make_engine, migrate


def _instant(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} needs a UTC offset, e.g. {text}+08:00")
    return moment


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m reminders", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    once = commands.add_parser("run-once", help="run every job due at an instant")
    once.add_argument("--at", type=_instant, required=True, help="ISO 8601 time with offset")
    once.add_argument("--dry-run", action="store_true", help="decide, print, send nothing")
    once.add_argument("--group", choices=GROUPS, action="append", help="only these job groups")
    simulate = commands.add_parser("simulate", help="30 days over the demo data, in memory")
    simulate.add_argument("--days", type=int, default=30)
    simulate.add_argument("--start", type=_instant, default=None, help="first day (ISO time)")
    simulate.add_argument("--customers", type=int, default=0, help="0: the demo data set")
    return parser


def print_report(report: Report, out=None) -> None:
    """One line per outcome, then totals per kind and status, and hold-back reasons."""
    out = out or sys.stdout
    for outcome in report.outcomes:
        print(outcome.line(), file=out)
    print("summary:", file=out)
    for (kind, status), count in sorted(report.counts.items()):
        print(f"  {kind:22} {status:11} {count}", file=out)
    for (kind, reason), count in sorted(report.reasons.items()):
        print(f"  held back: {kind:22} {reason:22} {count}", file=out)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
        config = load_reminder_config()
    except (SettingsError, ReminderConfigError) as error:
        print(f"reminders: bad setting: {error}", file=sys.stderr)
        return 2
    if args.command == "simulate":
        from reminders.simulation import main as simulate

        return simulate(settings, args.days, args.start, args.customers)
    migrate(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        groups = tuple(args.group) if args.group else GROUPS
        report = run(
            engine,
            args.at,
            run_context(settings, config),
            delivery_from(config),
            dry_run=args.dry_run,
            groups=groups,
        )
    finally:
        engine.dispose()
    print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
