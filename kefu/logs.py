"""Logging set-up shared by the kefu processes: one line per record, key facts first."""

from __future__ import annotations

import logging
import sys

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _CurrentStderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time of the record, not at set-up.

    A command run in-process by a test would otherwise keep pytest's captured stream after the
    test closed it.
    """

    @property
    def stream(self):  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


def configure_logging(level: str = "INFO") -> None:
    """Log to stderr (the supervisor collects it into var/log/) at ``level``."""
    logging.basicConfig(level=level, format=FORMAT, handlers=[_CurrentStderr()], force=True)
    # Third-party chatter that would drown our own lines at INFO.
    for noisy in ("apscheduler.scheduler", "apscheduler.executors", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
