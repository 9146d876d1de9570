"""What the bot understood of customers' messages, and which of them people should review.

The bot's NLU reads every customer message; kefu's Rasa channel reports what the dialogue acted
on (the intent, ``nlu_fallback`` when NLU was unsure), NLU's best guess before any fallback, and
how sure it was (``bot/channels/gateway.py``). The gateway keeps that with the message.

A message is a *miss* when the bot did not understand it (fallback), took it for a question
outside the service (out_of_scope: often a question the service should answer but nobody wrote
data for), or acted on a guess it was unsure of (confidence below ``UNSURE_BELOW``). Misses are
what the people who write the bot's training data need to see: the real questions the data does
not cover yet. The review lists them grouped by what was said, personal data masked, most
frequent first.
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
UNSURE_BELOW = 0.5
MOST_ENTRIES = 1000


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
class HeardMessage:
    """A customer message the bot read, with its conversation's facts."""

    body: str
    understanding: Understanding
    at: datetime
    conversation_id: str
    language: str
    handed_over: bool


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


def same_question_key(masked: str) -> str:
    """Messages with the same key say the same thing: width, case, spaces and trailing
    punctuation do not count."""
    folded = unicodedata.normalize("NFKC", masked).casefold()
    return _TRAILING_MARKS.sub("", _SPACES.sub("", folded))


@dataclass
class _Group:
    latest: HeardMessage
    text: str
    times: int
    conversations: set[str]
    handed_over: set[str]


def missed_questions(
    messages: Iterable[HeardMessage],
    unsure_below: float = UNSURE_BELOW,
    most: int = MOST_ENTRIES,
) -> list[MissedQuestion]:
    """The misses among ``messages``, grouped by what was said (masked), most often asked first,
    then the most recent; at most ``most`` of them."""
    groups: dict[str, _Group] = {}
    for message in messages:
        if miss_of(message.understanding, unsure_below) is None:
            continue
        text = mask_text(message.body)
        key = same_question_key(text)
        if not key:
            continue
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(message, text, 0, set(), set())
        group.times += 1
        group.conversations.add(message.conversation_id)
        if message.handed_over:
            group.handed_over.add(message.conversation_id)
        if message.at > group.latest.at:  # on a tie the first given (newest first) stands
            group.latest, group.text = message, text
    questions = [_question(group, unsure_below) for group in groups.values()]
    questions.sort(key=lambda q: (-q.times, -q.last_at.timestamp(), q.text))
    return questions[:most]


def _question(group: _Group, unsure_below: float) -> MissedQuestion:
    latest = group.latest
    miss = miss_of(latest.understanding, unsure_below)
    assert miss is not None  # only misses are grouped
    return MissedQuestion(
        text=group.text,
        language=latest.language,
        miss=miss,
        guess=latest.understanding.guess,
        confidence=latest.understanding.confidence,
        times=group.times,
        conversations=len(group.conversations),
        handed_over=len(group.handed_over),
        last_at=latest.at,
    )
