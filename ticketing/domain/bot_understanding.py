"""What the bot understood of customers' messages, and which of them people should review.

The bot's NLU reads every customer message; kefu's Rasa channel reports what the dialogue acted
on (the intent, ``nlu_fallback`` when NLU was unsure), NLU's best guess before any fallback, and
how sure it was (``bot/channels/gateway.py``). The gateway keeps that with the message.

A message is a *miss* when the bot did not understand it (fallback), took it for a question
outside the service (out_of_scope: often a question the service should answer but nobody wrote
data for), acted on a guess it was unsure of (confidence below ``UNSURE_BELOW``), or answered it
and the customer's next message passed the answer over: a click on one of the related questions
offered under it, or, after an FAQ answer, a request for a person (the answer was most likely
not what they asked, or not enough, however sure NLU was). Misses are
what the people who write the bot's training data need to see: the real questions the data does
not cover yet. The review lists them grouped by what was said, personal data masked, most
frequent first. The key a missed message is grouped under is computed when it is stored
(:func:`review_of`, :func:`picked_another`), so the review is one grouped query however long
the window.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from ticketing.domain.personal_data import mask_text

FALLBACK = "nlu_fallback"
OUT_OF_SCOPE = "out_of_scope"
FAQ = "faq"
REQUEST_HUMAN = "request_human"
UNSURE_BELOW = 0.5
MOST_QUESTIONS = 1000


@dataclass(frozen=True)
class Understanding:
    """What NLU made of one customer message."""

    intent: str
    guess: str
    confidence: float

    @classmethod
    def from_json(cls, raw: object) -> Understanding | None:
        """Read the channel's ``understanding``; anything malformed counts as absent."""
        if not isinstance(raw, Mapping):
            return None
        intent, guess, confidence = raw.get("intent"), raw.get("guess"), raw.get("confidence")
        if not isinstance(intent, str) or not intent or len(intent) > 80:
            return None
        if not isinstance(guess, str) or not guess or len(guess) > 80:
            return None
        if isinstance(confidence, bool) or not isinstance(confidence, (int, float)):
            return None
        if not 0.0 <= confidence <= 1.0:
            return None
        return cls(intent, guess, float(confidence))


class Miss(str, Enum):
    """Why a message is worth a person's review."""

    NOT_UNDERSTOOD = "not_understood"
    OUT_OF_SCOPE = "out_of_scope"
    UNSURE = "unsure"
    PICKED_ANOTHER = "picked_another"
    ASKED_FOR_PERSON = "asked_for_person"


def miss_of(understanding: Understanding, unsure_below: float = UNSURE_BELOW) -> Miss | None:
    """The miss this understanding shows, or None when the bot understood the message."""
    if understanding.intent == FALLBACK:
        return Miss.NOT_UNDERSTOOD
    if understanding.intent == OUT_OF_SCOPE:
        return Miss.OUT_OF_SCOPE
    if understanding.confidence < unsure_below:
        return Miss.UNSURE
    return None


@dataclass(frozen=True)
class MissedQuestion:
    """Messages that say the same thing (personal data masked), and what the bot made of them
    the last time."""

    text: str
    language: str
    miss: Miss
    guess: str
    confidence: float
    times: int
    conversations: int
    handed_over: int
    last_at: datetime


_SPACES = re.compile(r"\s+")
_TRAILING_MARKS = re.compile(r"[\s.,!?~。，！？～…、]+$")
KEY_LENGTH = 500


def question_key(body: str) -> str:
    """What a message says, for grouping: personal data masked, and width, case, spaces and
    trailing punctuation left out (at most ``KEY_LENGTH`` characters); empty for a message of
    only spaces and punctuation."""
    folded = unicodedata.normalize("NFKC", mask_text(body)).casefold()
    return _TRAILING_MARKS.sub("", _SPACES.sub("", folded))[:KEY_LENGTH]


@dataclass(frozen=True)
class Review:
    """Why a stored message is up for review, and the key it is grouped under."""

    miss: Miss
    key: str


def review_of(body: str, understanding: Understanding | None) -> Review | None:
    """The review of a message NLU missed; None when it understood it (or said nothing)."""
    miss = None if understanding is None else miss_of(understanding)
    if miss is None:
        return None  # the usual case: no masking on the way
    key = question_key(body)
    return Review(miss, key) if key else None


@dataclass(frozen=True)
class Answered:
    """The bot's answer to a customer message, remembered until the customer's next message:
    whether it was an FAQ answer, and the related questions offered under it."""

    seq: int
    body: str
    faq: bool
    questions: frozenset[str]


def answered(
    seq: int, body: str, understanding: Understanding | None, buttons: Iterable[Mapping[str, str]]
) -> Answered | None:
    """What to remember of the bot's reply to a message: an FAQ answer or related questions
    offered; None when the reply was neither (a form's question, a greeting)."""
    faq = understanding is not None and understanding.intent == FAQ
    questions = offered_questions(buttons)
    return Answered(seq, body, faq, questions) if faq or questions else None


def passed_over(answer: Answered, next_body: str, next_intent: str | None) -> Review | None:
    """The review of the answered message when the customer's next message passed the answer
    over: a related question picked, or a person asked for after an FAQ answer."""
    if next_body in answer.questions:
        miss = Miss.PICKED_ANOTHER
    elif answer.faq and next_intent == REQUEST_HUMAN:
        miss = Miss.ASKED_FOR_PERSON
    else:
        return None
    key = question_key(answer.body)
    return Review(miss, key) if key else None


def offered_questions(buttons: Iterable[Mapping[str, str]]) -> frozenset[str]:
    """The questions among a reply's buttons: a related-question button asks its question as
    text; other buttons send an intent (``/track_order``)."""
    payloads = (button.get("payload") or "" for button in buttons)
    return frozenset(p for p in payloads if p and not p.startswith("/"))
