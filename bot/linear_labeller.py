"""A calibrated linear model over Rasa messages' sentence features, saved as plain arrays.

The shared part of :mod:`bot.linear_intent` (labels: intents) and
:mod:`bot.linear_response_selector` (labels: FAQ topics). It reads each message's *sentence*
features of ``text`` block by block, in pipeline order (word and character n-gram counts,
keyword hits, the English sentence embedding, the Chinese mean word vector), scales them with
:class:`bot.linear_model.BlockScaler` and ranks labels with
:class:`bot.linear_model.CalibratedLinearClassifier`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.linear_model import Block, BlockScaler, CalibratedLinearClassifier

logger = logging.getLogger(__name__)

Width = tuple[bool, int]  # (is sparse, number of columns) of one feature block


def sentence_blocks(message: Message) -> list[Block]:
    """The message's sentence features of ``text``, one 1-row block per featurizer."""
    return [
        f.features
        for f in message.features
        if f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE
    ]


def _widths(blocks: list[Block]) -> list[Width]:
    return [(sp.issparse(block), int(block.shape[1])) for block in blocks]


def block_widths(message: Message) -> list[Width]:
    """(is sparse, width) of each of the message's sentence-feature blocks."""
    return _widths(sentence_blocks(message))


def stacked_blocks(messages: list[Message], widths: list[Width]) -> list[Block]:
    """Each block stacked over the messages; a message whose blocks differ from ``widths``
    (none at all, or another pipeline's) gets zeros, and a warning if it had features."""
    columns: list[list[Block]] = [[] for _ in widths]
    for message in messages:
        blocks = sentence_blocks(message)
        found = _widths(blocks)
        if found != widths:
            if blocks:
                logger.warning(
                    "linear model: the message's feature blocks %s differ from the trained %s; "
                    "scored as featureless",
                    found,
                    widths,
                )
            blocks = [
                sp.csr_matrix((1, width)) if sparse else np.zeros((1, width))
                for sparse, width in widths
            ]
        for column, block in zip(columns, blocks, strict=True):
            column.append(block)
    return [
        column[0] if len(column) == 1 else sp.vstack(column) if sparse else np.vstack(column)
        for column, (sparse, _) in zip(columns, widths, strict=True)
    ]


@dataclass(frozen=True)
class Ranking:
    """Labels, best first, with their probabilities."""

    labels: list[str]
    confidences: list[float]


@dataclass(frozen=True)
class LinearLabeller:
    """Feature layout, block scaler and classifier of one trained model."""

    widths: list[Width]
    scaler: BlockScaler
    classifier: CalibratedLinearClassifier

    @classmethod
    def train(
        cls, messages: list[Message], labels: list[str], c: float, folds: int, seed: int
    ) -> LinearLabeller:
        """Fit on ``messages`` (all featurized by the same pipeline) and their ``labels``."""
        widths = block_widths(messages[0])
        if not widths:
            raise ValueError(
                "the linear model needs sentence features: put featurizers "
                "(e.g. CountVectorsFeaturizer) before it in the pipeline"
            )
        blocks = stacked_blocks(messages, widths)
        scaler = BlockScaler.fit(blocks)
        classifier = CalibratedLinearClassifier.fit(
            scaler.transform(blocks), labels, c=c, folds=folds, seed=seed
        )
        return cls(widths, scaler, classifier)

    def rank(self, messages: list[Message], length: int) -> list[Ranking]:
        """The ``length`` most likely labels of every message (all of them if 0)."""
        blocks = self.scaler.scaled(stacked_blocks(messages, self.widths))
        probabilities = self.classifier.probabilities(blocks)
        keep = length or len(self.classifier.labels)
        rankings = []
        for row in probabilities:
            order = np.argsort(-row, kind="stable")[:keep]
            rankings.append(
                Ranking([self.classifier.labels[i] for i in order], [float(row[i]) for i in order])
            )
        return rankings

    def save(self, path: Path) -> None:
        """Write the model as one ``.npz`` file of arrays (no pickles)."""
        widths = np.array([[int(sparse), width] for sparse, width in self.widths], dtype=np.int64)
        np.savez(path, widths=widths, **self.scaler.arrays(), **self.classifier.arrays())

    @classmethod
    def load(cls, path: Path) -> LinearLabeller:
        """Read a model written by :meth:`save`."""
        with np.load(path, allow_pickle=False) as stored:
            arrays = dict(stored)
        widths = [(bool(sparse), int(width)) for sparse, width in arrays["widths"]]
        return cls(
            widths,
            BlockScaler.from_arrays(arrays),
            CalibratedLinearClassifier.from_arrays(arrays),
        )
