"""Rasa 3.6 response selector: the FAQ topic by a calibrated linear SVM (bot.linear_labeller).

Pipeline entry (config.yml), after the featurizers::

    - name: bot.linear_response_selector.LinearResponseSelector
      retrieval_intent: faq

It learns the topics (``faq/delivery_time`` …) of the retrieval intent's examples from the same
sentence features as the intent classifier and writes the ``response_selector`` property exactly
as Rasa's ``ResponseSelector`` does, so ``utter_faq`` (``ActionRetrieveResponse``), the
``full_retrieval_intent_name`` of the parse result and ``rasa test`` read it unchanged. On the
held-out split it picked the right topic for 0.90 of the FAQ questions where Rasa's selector at
its tuned sizes picked 0.855, and it trains in seconds (docs/benchmarks.md, "Conversation").
"""

from __future__ import annotations

import warnings
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.linear_component import LinearModelComponent

# Rasa's recipe validator knows only its own ResponseSelector class and would tell whoever trains
# that the FAQ examples go unused; this component uses them.
warnings.filterwarnings(
    "ignore", message="You have defined training data with examples for training a response"
)


def utter_action(intent_response_key: str) -> str:
    """``faq/delivery_time`` → ``utter_faq/delivery_time``, the response that answers it."""
    return f"utter_{intent_response_key}"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearResponseSelector(LinearModelComponent):
    """The retrieval intent's topics ranked by a linear SVM with calibrated confidences."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """``retrieval_intent``: whose topics to learn; the rest as
        :class:`bot.linear_component.LinearModelComponent`."""
        return {**LinearModelComponent.get_default_config(), "retrieval_intent": "faq"}

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """A retrieval intent must be named, besides the shared checks."""
        if not config.get("retrieval_intent"):
            raise ValueError(f"{cls.__name__}: name the 'retrieval_intent' (e.g. faq)")
        super().validate_config(config)

    @property
    def _retrieval_intent(self) -> str:
        return str(self._config["retrieval_intent"])

    def labelled(self, training_data: TrainingData) -> tuple[list[Message], list[str]]:
        """The retrieval intent's examples, labelled by their topic (``faq/warranty``)."""
        examples = [
            e
            for e in training_data.intent_examples
            if e.get(INTENT) == self._retrieval_intent
            and e.get(INTENT_RESPONSE_KEY)
            and e.get(TEXT)
        ]
        return examples, [e.get(INTENT_RESPONSE_KEY) for e in examples]

    def state_from(self, training_data: TrainingData) -> dict[str, Any]:
        """Every retrieval intent's name and this one's responses, as Rasa's selector keeps."""
        prefix = utter_action(self._retrieval_intent) + "/"
        return {
            "retrieval_intents": sorted(training_data.retrieval_intents),
            "responses": {
                key: value
                for key, value in training_data.responses.items()
                if key.startswith(prefix)
            },
        }

    def process(self, messages: list[Message]) -> list[Message]:
        """Add the topic ranking to every message with text, as Rasa's ResponseSelector does."""
        with_text = [m for m in messages if m.get(TEXT)]
        if self._model is None or not with_text:
            return messages
        responses = self._state.get("responses", {})
        for message, ranking in zip(
            with_text, self._model.rank(with_text, self.ranking_length), strict=True
        ):
            key = ranking.labels[0]
            prediction = {
                "response": {
                    "responses": responses.get(utter_action(key), [{TEXT: key}]),
                    "confidence": ranking.confidences[0],
                    INTENT_RESPONSE_KEY: key,
                    "utter_action": utter_action(key),
                },
                "ranking": [
                    {INTENT_RESPONSE_KEY: label, "confidence": confidence}
                    for label, confidence in zip(ranking.labels, ranking.confidences, strict=True)
                ],
            }
            selectors = dict(message.get("response_selector") or {})
            selectors["all_retrieval_intents"] = self._state.get("retrieval_intents", [])
            selectors[self._retrieval_intent] = prediction
            message.set("response_selector", selectors, add_to_output=True)
        return messages
