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

import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers import LABEL_RANKING_LENGTH
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.linear_labeller import LinearLabeller

logger = logging.getLogger(__name__)
MODEL_FILE = "linear_intent.npz"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(IntentClassifier, GraphComponent):
    """Intents ranked by a linear SVM whose scores a fitted softmax turns into confidences."""

    @classmethod
    def required_components(cls) -> list[type]:
        """Sentence features come from featurizers earlier in the pipeline."""
        return [Featurizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """``C``: the SVM's regularisation (smaller: smoother); ``calibration_folds``: folds of
        the out-of-fold scores the confidence scale is fitted on; ``ranking_length``: intents
        kept in ``intent_ranking``."""
        return {
            "C": 2.0,
            "calibration_folds": 3,
            "ranking_length": LABEL_RANKING_LENGTH,
            "random_seed": 42,
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: LinearLabeller | None = None,
    ) -> None:
        """Use :meth:`create` or :meth:`load`."""
        self._config = {**self.get_default_config(), **config}
        self.validate_config(self._config)
        self._model_storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """``C`` must be positive and there must be at least two calibration folds."""
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
    ) -> LinearIntentClassifier:
        """An untrained classifier."""
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Fit on every example with an intent and text."""
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if not examples:
            logger.debug("linear intent classifier: no intent examples, nothing to train")
            return self._resource
        self._model = LinearLabeller.train(
            examples,
            [e.get(INTENT) for e in examples],
            c=float(self._config["C"]),
            folds=int(self._config["calibration_folds"]),
            seed=int(self._config["random_seed"]),
        )
        with self._model_storage.write_to(self._resource) as directory:
            self._model.save(directory / MODEL_FILE)
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearIntentClassifier:
        """The trained classifier, or an untrained one if training had no intents."""
        try:
            with model_storage.read_from(resource) as directory:
                model = LinearLabeller.load(directory / MODEL_FILE)
        except (ValueError, FileNotFoundError):
            logger.debug("linear intent classifier: no trained model in %s", resource.name)
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, model)

    def process(self, messages: list[Message]) -> list[Message]:
        """Set ``intent`` and ``intent_ranking`` on every message. As with DIET, a message
        without text (or a model trained on no intents) gets no intent, with confidence 0."""
        with_text = [m for m in messages if m.get(TEXT)] if self._model else []
        for message in messages:
            message.set(INTENT, {"name": None, "confidence": 0.0}, add_to_output=True)
            message.set("intent_ranking", [], add_to_output=True)
        if not with_text:
            return messages
        assert self._model is not None
        rankings = self._model.rank(with_text, int(self._config["ranking_length"]))
        for message, ranking in zip(with_text, rankings, strict=True):
            intents = [
                {"name": name, "confidence": confidence}
                for name, confidence in zip(ranking.labels, ranking.confidences, strict=True)
            ]
            message.set(INTENT, intents[0], add_to_output=True)
            message.set("intent_ranking", intents, add_to_output=True)
        return messages
