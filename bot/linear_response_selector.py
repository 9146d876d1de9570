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

import json
import logging
import warnings
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.linear_labeller import LinearLabeller

logger = logging.getLogger(__name__)
MODEL_FILE = "linear_response_selector.npz"
RESPONSES_FILE = "responses.json"

# Rasa's recipe validator knows only its own ResponseSelector class and would tell whoever trains
# that the FAQ examples go unused; this component uses them.
warnings.filterwarnings(
    "ignore", message="You have defined training data with examples for training a response"
)


def utter_action(intent_response_key: str) -> str:
    """``faq/delivery_time`` → ``utter_faq/delivery_time``, the response that answers it."""
    return f"utter_{intent_response_key}"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearResponseSelector(IntentClassifier, GraphComponent):
    """The retrieval intent's topics ranked by a linear SVM with calibrated confidences."""

    @classmethod
    def required_components(cls) -> list[type]:
        """Sentence features come from featurizers earlier in the pipeline."""
        return [Featurizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """``retrieval_intent``: whose topics to learn; ``C``, ``calibration_folds``,
        ``random_seed``: as :class:`bot.linear_intent.LinearIntentClassifier`;
        ``ranking_length``: topics kept in the ranking."""
        return {
            "retrieval_intent": "faq",
            "C": 2.0,
            "calibration_folds": 3,
            "ranking_length": 10,
            "random_seed": 42,
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: LinearLabeller | None = None,
        responses: dict[str, list[dict[str, Any]]] | None = None,
        retrieval_intents: list[str] | None = None,
    ) -> None:
        """Use :meth:`create` or :meth:`load`."""
        self._config = {**self.get_default_config(), **config}
        self.validate_config(self._config)
        self._model_storage = model_storage
        self._resource = resource
        self._model = model
        self._responses = responses or {}
        self._retrieval_intents = retrieval_intents or []

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """A retrieval intent must be named; ``C`` positive; two folds at least."""
        if not config.get("retrieval_intent"):
            raise ValueError(f"{cls.__name__}: name the 'retrieval_intent' (e.g. faq)")
        if float(config.get("C", 0)) <= 0:
            raise ValueError(f"{cls.__name__}: 'C' must be a positive number")
        if int(config.get("calibration_folds", 0)) < 2:
            raise ValueError(f"{cls.__name__}: 'calibration_folds' must be at least 2")

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearResponseSelector:
        """An untrained selector."""
        return cls(config, model_storage, resource)

    @property
    def _retrieval_intent(self) -> str:
        return str(self._config["retrieval_intent"])

    def train(self, training_data: TrainingData) -> Resource:
        """Fit on the retrieval intent's examples, labelled by their topic."""
        examples = [
            e
            for e in training_data.intent_examples
            if e.get(INTENT) == self._retrieval_intent
            and e.get(INTENT_RESPONSE_KEY)
            and e.get(TEXT)
        ]
        if not examples:
            logger.debug("linear response selector: no %s examples", self._retrieval_intent)
            return self._resource
        self._model = LinearLabeller.train(
            examples,
            [e.get(INTENT_RESPONSE_KEY) for e in examples],
            c=float(self._config["C"]),
            folds=int(self._config["calibration_folds"]),
            seed=int(self._config["random_seed"]),
        )
        self._retrieval_intents = sorted(training_data.retrieval_intents)
        prefix = utter_action(self._retrieval_intent) + "/"
        self._responses = {
            key: value for key, value in training_data.responses.items() if key.startswith(prefix)
        }
        with self._model_storage.write_to(self._resource) as directory:
            self._model.save(directory / MODEL_FILE)
            (directory / RESPONSES_FILE).write_text(
                json.dumps(
                    {"retrieval_intents": self._retrieval_intents, "responses": self._responses},
                    ensure_ascii=False,
                ),
                encoding="utf-8",
            )
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearResponseSelector:
        """The trained selector, or an untrained one if training had no examples."""
        try:
            with model_storage.read_from(resource) as directory:
                model = LinearLabeller.load(directory / MODEL_FILE)
                stored = json.loads((directory / RESPONSES_FILE).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):
            logger.debug("linear response selector: no trained model in %s", resource.name)
            return cls(config, model_storage, resource)
        return cls(
            config,
            model_storage,
            resource,
            model,
            stored["responses"],
            stored["retrieval_intents"],
        )

    def process(self, messages: list[Message]) -> list[Message]:
        """Add the topic ranking to every message with text, as Rasa's ResponseSelector does."""
        with_text = [m for m in messages if m.get(TEXT)]
        if self._model is None or not with_text:
            return messages
        rankings = self._model.rank(with_text, int(self._config["ranking_length"]))
        for message, ranking in zip(with_text, rankings, strict=True):
            key = ranking.labels[0]
            prediction = {
                "response": {
                    "responses": self._responses.get(utter_action(key), [{TEXT: key}]),
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
            selectors["all_retrieval_intents"] = self._retrieval_intents
            selectors[self._retrieval_intent] = prediction
            message.set("response_selector", selectors, add_to_output=True)
        return messages
