"""How many common questions the bot settles without a person (SPEC: at least 80 %).

A *common question* is an in-scope message that asks for something the bot itself is built to
give (docs/conversation.md, "What the assistant does with each intent"): an FAQ answer, an order
or refund look-up, a refund or return request it files, an invoice, account or points answer,
and so on. Three kinds of message are not counted: out-of-scope ones; the cases the design hands
to a person (complaint, product_issue, request_human: the "complex" tier of SPEC's two tiers);
and conversation that asks for nothing (greet, thank, goodbye, affirm, deny, stop, inform,
bot_challenge, give_feedback).

Each common question gets one :class:`Outcome` from the NLU's reading of it, which decides the
reply (the dialogue follows the intent by rules and stories):

- ``answered``: the right intent, and for an FAQ the right topic: the customer gets the answer;
- ``wrong_answer``: another self-service intent or FAQ topic: a confident, wrong reply;
- ``to_a_person``: read as a complaint, a product fault or a request for a person: the bot hands
  over what it could have answered;
- ``turned_away``: read as out of scope or not understood: the customer is asked to rephrase.

Coverage is ``answered`` over all common questions. It is an NLU-level figure of one message:
a customer who rephrases after a fallback and is then answered counts as turned away. Under an
answer the NLU was not sure of, the bot offers related FAQ questions as buttons
(actions/faq_related.py); *coverage with related questions* also counts the wrong answers whose
right topic is among them, one click away.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from bot.nlu_eval.metrics import FALLBACK, OUT_OF_SCOPE

FAQ = "faq"
TO_A_PERSON = frozenset({"complaint", "product_issue", "request_human"})
ASKS_FOR_NOTHING = frozenset(
    {"greet", "thank", "goodbye", "affirm", "deny", "stop", "inform", "bot_challenge"}
    | {"give_feedback"}
)
TURNED_AWAY = frozenset({OUT_OF_SCOPE, FALLBACK})


class Outcome(str, Enum):
    ANSWERED = "answered"
    WRONG_ANSWER = "wrong_answer"
    TO_A_PERSON = "to_a_person"
    TURNED_AWAY = "turned_away"


def is_common_question(intent: str) -> bool:
    """Whether a message of this (true) intent is one the bot is built to settle itself."""
    return intent not in TO_A_PERSON | ASKS_FOR_NOTHING | {OUT_OF_SCOPE}


def outcome(label: str, intent: str, response_key: str | None) -> Outcome:
    """What a common question labelled ``label`` (an intent, or ``faq/<topic>``) gets when the
    NLU reads it as ``intent`` with FAQ answer ``response_key``."""
    if intent in TURNED_AWAY or not intent:
        return Outcome.TURNED_AWAY
    if intent in TO_A_PERSON:
        return Outcome.TO_A_PERSON
    if intent == FAQ:
        return Outcome.ANSWERED if response_key == label else Outcome.WRONG_ANSWER
    return Outcome.ANSWERED if intent == label else Outcome.WRONG_ANSWER


@dataclass(frozen=True)
class Coverage:
    """Outcome counts over a set of common questions."""

    counts: dict[Outcome, int]
    related: int = 0  # wrong answers whose right topic is among the related questions
    shown: int = 0  # answers the related questions were shown under

    @classmethod
    def of(cls, readings: Iterable[tuple[str, str, str | None, tuple[str, ...]]]) -> Coverage:
        """From (label, predicted intent, predicted FAQ answer key, related questions offered
        as ``faq/<topic>``) readings; messages that are not common questions (by their label's
        intent) are skipped."""
        counts: Counter[Outcome] = Counter()
        related = shown = 0
        for label, intent, key, offered in readings:
            if not is_common_question(label.split("/", 1)[0]):
                continue
            kind = outcome(label, intent, key)
            counts[kind] += 1
            related += kind is Outcome.WRONG_ANSWER and label in offered
            shown += bool(offered)
        return cls({kind: counts.get(kind, 0) for kind in Outcome}, related, shown)

    @property
    def questions(self) -> int:
        return sum(self.counts.values())

    def _per_question(self, count: int) -> float:
        return count / self.questions if self.questions else 0.0

    def share(self, kind: Outcome) -> float:
        """The share of common questions with this outcome; 0.0 for none."""
        return self._per_question(self.counts[kind])

    @property
    def coverage(self) -> float:
        """The share of common questions the bot answers right, without a person."""
        return self.share(Outcome.ANSWERED)

    @property
    def coverage_with_related(self) -> float:
        """Coverage counting a right topic among the related questions as answered."""
        return self._per_question(self.counts[Outcome.ANSWERED] + self.related)

    def as_dict(self) -> dict[str, float | int]:
        """Figures for the JSON report: coverage (also with related questions), each outcome's
        share, the question count."""
        shares: dict[str, float | int] = {kind.value: self.share(kind) for kind in Outcome}
        return {
            "coverage": self.coverage,
            "with_related_questions": self.coverage_with_related,
            "related_questions_shown": self._per_question(self.shown),
            **shares,
            "questions": self.questions,
        }
