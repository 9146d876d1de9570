"""Rasa 3.6 intent classifier: a calibrated linear SVM over the pipeline's sentence features.

Pipeline entry (config.yml), after the featurizers and before the FallbackClassifier::

    - name: bot.linear_intent.LinearIntentClassifier
      C: 2.0

The model is :class:`bot.linear_labeller.LinearLabeller`: every featurizer's sentence features
scaled to unit length, a one-vs-rest linear SVM, confidences from a softmax fitted on
out-of-fold scores. On the same features it beat DIET on the held-out split by 5 points of
macro-F1 in Chinese and 10 in English and trains in seconds (docs/benchmarks.md,
"Conversation"). It sets ``intent`` and ``intent_ranking`` the way DIET does, so the
FallbackClassifier and the dialogue policies read it unchanged.

``split_retrieval_intents: true`` trains on each retrieval intent's topics as labels of their
own (``faq/warranty``, ``faq/invoice_types``, …) and reports the retrieval intent with the sum
of its topics' confidences. The FAQ is forty-odd unrelated topics; one hyperplane between "faq"
and every other intent has to carve out their union, one per topic does not
(docs/benchmarks.md, "Conversation").
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_RESPONSE_KEY,
    RESPONSE_IDENTIFIER_DELIMITER,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.linear_component import LinearModelComponent

NO_INTENT = {"name": None, "confidence": 0.0}


def intent_confidences(labels: list[str], confidences: list[float]) -> list[tuple[str, float]]:
    """Labels merged into their intents, best first: a topic label (``faq/warranty``) adds its
    confidence to its retrieval intent's (``faq``); other labels stay as they are."""
    merged: dict[str, float] = {}
    for label, confidence in zip(labels, confidences, strict=True):
        intent = label.split(RESPONSE_IDENTIFIER_DELIMITER, 1)[0]
        merged[intent] = merged.get(intent, 0.0) + confidence
    return sorted(merged.items(), key=lambda item: -item[1])


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(LinearModelComponent):
    """Intents ranked by a linear SVM whose scores a fitted softmax turns into confidences."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The shared settings, and ``split_retrieval_intents`` (see the module's doc)."""
        return {**LinearModelComponent.get_default_config(), "split_retrieval_intents": False}

    def labelled(self, training_data: TrainingData) -> tuple[list[Message], list[str]]:
        """Every example with an intent and text, labelled by its intent, or by its topic
        (``faq/warranty``) when retrieval intents are split."""
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if not self._config["split_retrieval_intents"]:
            return examples, [e.get(INTENT) for e in examples]
        return examples, [e.get(INTENT_RESPONSE_KEY) or e.get(INTENT) for e in examples]

    def process(self, messages: list[Message]) -> list[Message]:
        """Set ``intent`` and ``intent_ranking`` on every message. As with DIET, a message
        without text (or a model trained on no intents) gets no intent, with confidence 0."""
        for message in messages:
            message.set(INTENT, dict(NO_INTENT), add_to_output=True)
            message.set("intent_ranking", [], add_to_output=True)
        with_text = [m for m in messages if m.get(TEXT)]
        if self._model is None or not with_text:
            return messages
        for message, ranking in zip(with_text, self._model.rank(with_text, 0), strict=True):
            intents = [
                {"name": name, "confidence": confidence}
                for name, confidence in intent_confidences(ranking.labels, ranking.confidences)
            ][: self.ranking_length or None]
            message.set(INTENT, intents[0], add_to_output=True)
            message.set("intent_ranking", intents, add_to_output=True)
        return messages
