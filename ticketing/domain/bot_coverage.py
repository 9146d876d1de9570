"""Bot coverage: the share of customer conversations the bot settles without a person.

SPEC's first service target: the bot covers at least 80 % of common questions without a person
(智能客服覆盖80%常见问题). Live, the unit is a conversation: it counts when it started in the
window and the customer wrote in it; it was *handed over* when it went to a person (it has a
handoff ticket), whatever happened after; the bot *settled* the rest. The offline counterpart,
per message, is ``python -m bot.evaluate_nlu`` (bot.nlu_eval.coverage).

Pure: the store counts, this module judges.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ticketing.domain.errors import FieldProblem, InvalidInput

TARGET = 0.80
DEFAULT_DAYS = 7
LONGEST_WINDOW = timedelta(days=366)


@dataclass(frozen=True)
class Window:
    """From ``since`` (included) to ``until`` (excluded), both aware."""

    since: datetime
    until: datetime

    @classmethod
    def asked(cls, since: datetime | None, until: datetime | None, now: datetime) -> Window:
        """The window a caller asked for: ``until`` defaults to now, ``since`` to
        :data:`DEFAULT_DAYS` days before ``until``. Raises :class:`InvalidInput` for an empty or
        reversed window, or one longer than :data:`LONGEST_WINDOW`."""
        end = until or now
        start = since or end - timedelta(days=DEFAULT_DAYS)
        if start >= end:
            problem = FieldProblem("since", "a time before until")
            raise InvalidInput("since must come before until", (problem,))
        if end - start > LONGEST_WINDOW:
            problem = FieldProblem("since", f"at most {LONGEST_WINDOW.days} days before until")
            raise InvalidInput("the window is too long", (problem,))
        return cls(start, end)


@dataclass(frozen=True)
class Tally:
    """Conversations the customer wrote in, and how many of them went to a person."""

    conversations: int = 0
    handed_over: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.handed_over <= self.conversations:
            raise ValueError(f"handed_over {self.handed_over} of {self.conversations}")

    @property
    def settled_by_bot(self) -> int:
        return self.conversations - self.handed_over

    @property
    def coverage(self) -> float | None:
        """The share the bot settled; None when there were no conversations."""
        return self.settled_by_bot / self.conversations if self.conversations else None

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.conversations + other.conversations, self.handed_over + other.handed_over)


@dataclass(frozen=True)
class BotCoverage:
    """Coverage over a window, per conversation language and in all."""

    window: Window
    by_language: dict[str, Tally] = field(default_factory=dict)

    @property
    def total(self) -> Tally:
        return sum(self.by_language.values(), Tally())

    @property
    def meets_target(self) -> bool | None:
        """Whether coverage reaches :data:`TARGET`; None when there were no conversations."""
        coverage = self.total.coverage
        return None if coverage is None else coverage >= TARGET
