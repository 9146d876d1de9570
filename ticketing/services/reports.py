"""Reports for supervisors: figures SPEC asks the product to measure and show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine

from ticketing.domain.auth import Principal
from ticketing.domain.bot_coverage import BotCoverage, Window
from ticketing.domain.bot_understanding import UNSURE_BELOW, MissedQuestion
from ticketing.services.common import Clock
from ticketing.services.conversations.store import ConversationStore


@dataclass(frozen=True)
class MissedQuestions:
    """The questions the bot missed in a window, grouped, personal data masked."""

    window: Window
    language: str | None
    unsure_below: float
    messages: int
    questions: list[MissedQuestion]


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

    def missed_questions(
        self,
        principal: Principal,
        since: datetime | None,
        until: datetime | None,
        language: str | None = None,
        most: int = 200,
    ) -> MissedQuestions:
        """What customers asked that the bot did not understand, took for out of scope or was
        unsure of, in the asked window (default: the last seven days), optionally in one
        conversation language; the ``most`` most frequent. Supervisors and admins only."""
        principal.require("supervisor", "reviewing the questions the bot missed")
        window = Window.asked(since, until, self._clock())
        store = ConversationStore(self._engine)
        messages, questions = store.missed_questions(window, language, most)
        return MissedQuestions(window, language, UNSURE_BELOW, messages, questions)
