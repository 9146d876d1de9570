"""What callers use: ``SentimentAnalyzer.predict(texts)`` → one :class:`Sentiment` per text.

Decisions on top of the model's probabilities:
- ``score`` is the calibrated P(negative).
- ``label`` is the most probable of negative / neutral / positive, neutral raised by a bias
  tuned on the chat messages (``neutral_bias``); forced to "negative" when ``anger`` is set.
- ``anger`` is true when the anger head is confident on a negative message (score >= 0.5),
  when a threat or insult (``cues``) appears in a message that is at least somewhat negative
  (``score >= cue_min_negative``), or when "!!!" or capitals amplify a negative message
  (score >= 0.5): "太棒了!!!" stays calm.
- Input without a single feature the model knows (``None``, empty, whitespace only, control
  characters, symbols never seen in training) gets :data:`NO_TEXT`: neutral, score 0.5, no
  anger. Known emoji and punctuation are scored like any text ("😡😡😡" is negative).
  Non-string input is turned into a string first; very long input is cut (``text.clip``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.sentiment.cues import find_anger_cues
from bot.sentiment.model import SentimentModel
from bot.sentiment.text import coerce_text

LABELS = ("negative", "neutral", "positive")


@dataclass(frozen=True)
class Sentiment:
    """The sentiment of one message, in the shape of Rasa's parse result."""

    label: str
    score: float
    anger: bool

    def as_dict(self) -> dict:
        """``{"label", "score", "anger"}`` as put on the parse result."""
        return {"label": self.label, "score": self.score, "anger": self.anger}


NO_TEXT = Sentiment(label="neutral", score=0.5, anger=False)


class SentimentAnalyzer:
    """A loaded model plus the decision rules; safe to share between threads (read-only)."""

    def __init__(self, model: SentimentModel) -> None:
        self.model = model

    @property
    def version(self) -> str:
        """The version stamp of the loaded model."""
        return str(self.model.info.get("version", "unversioned"))

    def predict(self, texts: Iterable[object]) -> list[Sentiment]:
        """Sentiment of each text; never raises on odd input (see the module docstring)."""
        raw = [coerce_text(t) for t in texts]
        if not raw:
            return []
        probs = self.model.probabilities(raw)
        results = []
        for i, text in enumerate(raw):
            if not probs.known[i]:
                results.append(NO_TEXT)
                continue
            results.append(
                self._decide(
                    text,
                    float(probs.negative[i]),
                    float(probs.neutral[i]),
                    float(probs.positive[i]),
                    float(probs.anger[i]),
                )
            )
        return results

    def predict_one(self, text: object) -> Sentiment:
        """Sentiment of a single text."""
        return self.predict([text])[0]

    def _decide(
        self, text: str, negative: float, neutral: float, positive: float, p_anger: float
    ) -> Sentiment:
        m = self.model
        scores = (negative, neutral + m.neutral_bias, positive)
        label = LABELS[scores.index(max(scores))]
        cues = find_anger_cues(text)
        angry = (
            (p_anger >= m.anger_threshold and negative >= 0.5)
            or (cues.content and negative >= m.cue_min_negative)
            or (cues.intensity and negative >= 0.5)
        )
        if angry:
            label = "negative"
        return Sentiment(label=label, score=round(negative, 4), anger=angry)
