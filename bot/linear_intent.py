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
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.linear_component import LinearModelComponent

NO_INTENT = {"name": None, "confidence": 0.0}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(LinearModelComponent):
    """Intents ranked by a linear SVM whose scores a fitted softmax turns into confidences."""

    def labelled(self, training_data: TrainingData) -> tuple[list[Message], list[str]]:
        """Every example with an intent and text, labelled by its intent."""
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        return examples, [e.get(INTENT) for e in examples]

    def process(self, messages: list[Message]) -> list[Message]:
        """Set ``intent`` and ``intent_ranking`` on every message. As with DIET, a message
        without text (or a model trained on no intents) gets no intent, with confidence 0."""
        for message in messages:
            message.set(INTENT, dict(NO_INTENT), add_to_output=True)
            message.set("intent_ranking", [], add_to_output=True)
        with_text = [m for m in messages if m.get(TEXT)]
        if self._model is None or not with_text:
            return messages
        for message, ranking in zip(
            with_text, self._model.rank(with_text, self.ranking_length), strict=True
        ):
            intents = [
                {"name": name, "confidence": confidence}
                for name, confidence in zip(ranking.labels, ranking.confidences, strict=True)
            ]
            message.set(INTENT, intents[0], add_to_output=True)
            message.set("intent_ranking", intents, add_to_output=True)
        return messages
