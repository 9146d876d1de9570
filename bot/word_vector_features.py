"""Rasa 3.6 featurizer: the mean Chinese word vector of a message (:mod:`bot.word_vectors`).

Pipeline entry (config.yml), after the tokenizer::

    - name: bot.word_vector_features.WordVectorFeaturizer

Adds one dense *sentence* feature of 100 dimensions to the ``text`` of every message: the
unit-length mean of the vectors of its tokens (jieba words, folded to simplified Chinese and
lower case by :class:`bot.tokenizer.MixedTextTokenizer`). A message with no known word gets
zeros. It gives the classifiers the synonyms the n-grams cannot see (docs/benchmarks.md,
"Conversation").
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.sentence_vector_featurizer import SentenceVectorFeaturizer
from bot.word_vectors import WordVectors, installed_word_vectors


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class WordVectorFeaturizer(SentenceVectorFeaturizer):
    """The mean word vector of each message's tokens."""

    @staticmethod
    def required_components() -> list[type]:
        """The words come from a tokenizer earlier in the pipeline."""
        return [Tokenizer]

    def __init__(self, config: dict[str, Any], name: str, vectors: WordVectors) -> None:
        """Use :meth:`create`."""
        super().__init__(name, config)
        self._vectors = vectors

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> WordVectorFeaturizer:
        """Rasa's constructor hook; the table comes from the installed ``synonyms`` package."""
        return cls(config, execution_context.node_name, installed_word_vectors())

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """No settings beyond DenseFeaturizer's."""

    def sentence_vectors(self, messages: list[Message]) -> np.ndarray:
        """Each message's mean word vector (zeros if no token is a known word)."""
        return np.stack([self.sentence_vector(message) for message in messages])

    def sentence_vector(self, message: Message) -> np.ndarray:
        """The message's mean word vector (zeros if no token is a known word)."""
        tokens = message.get(TOKENS_NAMES[TEXT]) or []
        return self._vectors.mean(token.text for token in tokens)
