"""Reports for supervisors: figures SPEC asks the product to measure and show."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Engine

from ticketing.domain.auth import Principal
from ticketing.domain.bot_coverage import BotCoverage, Window
from ticketing.services.common import Clock
from ticketing.services.conversations.store import ConversationStore


class ReportService:
    """Read-only figures over the service's data."""

    def __init__(self, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock

    def bot_coverage(
        self, principal: Principal, since: datetime | None, until: datetime | None
    ) -> BotCoverage:
        """Conversations the bot settled without a person, in the asked window (default: the
        last seven days); supervisors and admins only."""
        principal.require("supervisor", "reading the bot coverage report")
        window = Window.asked(since, until, self._clock())
        return BotCoverage(window, ConversationStore(self._engine).coverage(window))
