"""The part the dense sentence featurizers share: one vector per message with text, added as
a *sentence* feature of ``text`` at training and at parse time.

Subclasses (:mod:`bot.sentence_features`, :mod:`bot.word_vector_features`) say how to compute
the vectors (:meth:`SentenceVectorFeaturizer.sentence_vectors`) and register themselves with
Rasa's recipe.
"""

from __future__ import annotations

import numpy as np
from rasa.engine.graph import GraphComponent
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


class SentenceVectorFeaturizer(DenseFeaturizer, GraphComponent):
    """A dense featurizer giving every message with text one sentence vector."""

    def sentence_vectors(self, messages: list[Message]) -> np.ndarray:
        """One row per message (all have text)."""
        raise NotImplementedError

    def _featurize(self, messages: list[Message]) -> None:
        with_text = [m for m in messages if m.get(TEXT)]
        if not with_text:
            return
        for message, vector in zip(with_text, self.sentence_vectors(with_text), strict=True):
            self.add_features_to_message(
                sequence=None, sentence=vector[None, :], attribute=TEXT, message=message
            )

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurize every training example's text."""
        self._featurize(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Featurize incoming messages."""
        self._featurize(messages)
        return messages
