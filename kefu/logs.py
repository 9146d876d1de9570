"""Logging set-up shared by the kefu processes: one line per record, key facts first."""

from __future__ import annotations

import logging

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(level: str = "INFO") -> None:
    """Log to stderr (the supervisor collects it into var/log/) at ``level``."""
    logging.basicConfig(level=level, format=FORMAT, force=True)
    # Third-party chatter that would drown our own lines at INFO.
    for noisy in ("apscheduler.scheduler", "apscheduler.executors", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
