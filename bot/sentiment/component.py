"""Rasa 3.6 NLU component: puts ``sentiment: {label, score, anger}`` on every parsed message.

Pipeline entry (config.yml)::

    - name: bot.sentiment.component.SentimentAnalyzerComponent

Self-contained model archive: at ``rasa train`` the component copies the built sentiment model
(``models/sentiment``, or the folder named by the option ``model_dir``) into Rasa's model
storage, and at run time it loads it from there. A trained Rasa model therefore carries the
exact sentiment model it was trained with; it runs on a machine without ``models/sentiment``
and cannot silently change when someone rebuilds that folder. Training fails with the build
command in the message when no sentiment model has been built. The built model's version is
part of the component's fingerprint, so ``rasa train`` re-packages it after a rebuild instead of
reusing its cache.

Registered as an intent classifier because, like one, it reads the message text and adds to
the output without feeding other components; it sets no intent.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.sentiment.analyzer import SentimentAnalyzer
from bot.sentiment.model import SentimentModel

logger = logging.getLogger(__name__)

SENTIMENT = "sentiment"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class SentimentAnalyzerComponent(GraphComponent):
    """Adds the message's sentiment to the parse result (``add_to_output``)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """``model_dir``: the built sentiment model to package (default ``models/sentiment``)."""
        return {"model_dir": None}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        analyzer: SentimentAnalyzer | None = None,
    ) -> None:
        """Use :meth:`create` or :meth:`load`."""
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._analyzer = analyzer

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The version stamp of the sentiment model to package (Rasa's training cache key)."""
        from bot.sentiment.build import built_version, default_model_dir

        return built_version(Path(config.get("model_dir") or default_model_dir()))

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentimentAnalyzerComponent:
        """A component that has not been trained yet."""
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Copy the built sentiment model into model storage (the NLU data is not used)."""
        from bot.sentiment.build import default_model_dir

        source = Path(self._config.get("model_dir") or default_model_dir())
        self._analyzer = SentimentAnalyzer(SentimentModel.load(source))  # clear error if missing
        with self._model_storage.write_to(self._resource) as directory:
            for path in source.iterdir():
                if path.is_file():
                    shutil.copy2(path, directory / path.name)
        logger.info("packaged sentiment model %s", self._analyzer.version)
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SentimentAnalyzerComponent:
        """Load the sentiment model packaged into this Rasa model."""
        with model_storage.read_from(resource) as directory:
            model = SentimentModel.load(Path(directory))
        return cls(config, model_storage, resource, SentimentAnalyzer(model))

    def process(self, messages: list[Message]) -> list[Message]:
        """Set ``sentiment`` on each message, in one batch."""
        if self._analyzer is None:
            raise RuntimeError("SentimentAnalyzerComponent used before training or loading")
        results = self._analyzer.predict([m.get(TEXT) or "" for m in messages])
        for message, sentiment in zip(messages, results, strict=True):
            message.set(SENTIMENT, sentiment.as_dict(), add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training examples need no sentiment."""
        return training_data
