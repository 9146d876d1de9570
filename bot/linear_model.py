"""A linear classifier with calibrated confidences over blocks of sentence features.

The NLU pipeline gives every message several blocks of features: word and character n-gram
counts, keyword hits (sparse), an English sentence embedding and a Chinese mean word vector
(dense). :class:`BlockScaler` turns each sparse block into sublinear tf-idf (``log(1 + count)``
times the block's inverse document frequency) and scales every block to unit length, so no block
outweighs another because it is wider. :class:`CalibratedLinearClassifier` is a one-vs-rest
linear SVM over the result, its scores turned into probabilities by a softmax whose single scale
is fitted on out-of-fold scores (the confidence the fallback threshold reads).

Both keep their state in plain arrays (:meth:`arrays` / ``from_arrays``), saved with
``numpy.savez``: no pickles in a model file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp

Block = sp.spmatrix | np.ndarray


def _inverse_norms(squares_per_row: np.ndarray) -> np.ndarray:
    return 1.0 / np.maximum(np.sqrt(squares_per_row), 1e-12)


@dataclass(frozen=True)
class BlockScaler:
    """Per block: inverse document frequencies (sparse blocks) or ``None`` (dense blocks)."""

    idf: tuple[np.ndarray | None, ...]

    @classmethod
    def fit(cls, blocks: Sequence[Block]) -> BlockScaler:
        """Learn each sparse block's idf, smoothed as scikit-learn's ``TfidfVectorizer`` does."""
        idf: list[np.ndarray | None] = []
        for block in blocks:
            if sp.issparse(block):
                rows = block.shape[0]
                document_frequency = np.asarray((sp.csr_matrix(block) > 0).sum(axis=0)).ravel()
                idf.append(np.log((1 + rows) / (1 + document_frequency)) + 1.0)
            else:
                idf.append(None)
        return cls(tuple(idf))

    def transform(self, blocks: Sequence[Block]) -> sp.csr_matrix:
        """One row per message: the scaled blocks side by side."""
        return sp.hstack([sp.csr_matrix(b) for b in self.scaled(blocks)], format="csr")

    def scaled(self, blocks: Sequence[Block]) -> list[Block]:
        """Each block scaled, sparse blocks as CSR matrices and dense ones as arrays."""
        if len(blocks) != len(self.idf):
            raise ValueError(f"expected {len(self.idf)} feature blocks, got {len(blocks)}")
        return [
            self._scaled_block(number, block, idf)
            for number, (block, idf) in enumerate(zip(blocks, self.idf, strict=True))
        ]

    @staticmethod
    def _scaled_block(number: int, block: Block, idf: np.ndarray | None) -> Block:
        if idf is None:
            dense = np.asarray(block.toarray() if sp.issparse(block) else block, dtype=np.float64)
            return dense * _inverse_norms((dense**2).sum(axis=1))[:, None]
        if not sp.issparse(block) or block.shape[1] != idf.shape[0]:
            kind = "sparse" if sp.issparse(block) else "dense"
            raise ValueError(
                f"feature block {number}: expected sparse width {idf.shape[0]}, "
                f"got {kind} width {block.shape[1]}"
            )
        matrix = sp.csr_matrix(block, dtype=np.float64, copy=True)
        matrix.sum_duplicates()
        matrix.data = np.log1p(np.abs(matrix.data)) * np.sign(matrix.data) * idf[matrix.indices]
        rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
        squares = np.bincount(rows, weights=matrix.data**2, minlength=matrix.shape[0])
        matrix.data *= _inverse_norms(squares)[rows]
        return matrix

    def arrays(self) -> dict[str, np.ndarray]:
        """The state as named arrays (dense blocks stored as empty idf arrays)."""
        out = {"block_is_sparse": np.array([idf is not None for idf in self.idf])}
        for number, idf in enumerate(self.idf):
            out[f"idf_{number}"] = idf if idf is not None else np.zeros(0)
        return out

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> BlockScaler:
        """The inverse of :meth:`arrays`."""
        kinds = arrays["block_is_sparse"]
        return cls(tuple(arrays[f"idf_{n}"] if kinds[n] else None for n in range(len(kinds))))


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def _fitted_scale(scores: np.ndarray, truth: np.ndarray) -> float:
    """The softmax scale that minimises the log loss of out-of-fold scores."""
    from scipy.optimize import minimize_scalar

    def log_loss(log_scale: float) -> float:
        probabilities = _softmax(scores * np.exp(log_scale))
        return float(-np.mean(np.log(probabilities[np.arange(len(truth)), truth] + 1e-12)))

    result = minimize_scalar(log_loss, bounds=(np.log(0.1), np.log(100.0)), method="bounded")
    return float(np.exp(result.x))


@dataclass(frozen=True)
class CalibratedLinearClassifier:
    """Labels, one weight row and intercept per label, and the softmax scale."""

    labels: tuple[str, ...]
    weights: np.ndarray
    intercepts: np.ndarray
    scale: float

    @classmethod
    def fit(
        cls,
        features: sp.csr_matrix,
        labels: Sequence[str],
        c: float = 0.5,
        folds: int = 3,
        seed: int = 42,
    ) -> CalibratedLinearClassifier:
        """Train on every row; fit the confidence scale on ``folds``-fold out-of-fold scores.

        Classes are weighted inversely to their frequency. With one label only, that label is
        always the answer; with too few examples per label for the folds, the scale is 1."""
        names = tuple(sorted(set(labels)))
        if not names:
            raise ValueError("no labelled examples to train on")
        truth = np.array([names.index(label) for label in labels])
        if len(names) == 1:
            return cls(names, np.zeros((1, features.shape[1])), np.zeros(1), 1.0)
        weights, intercepts = cls._svm(features, truth, c, seed)
        smallest = int(np.bincount(truth).min())
        scale = 1.0
        if min(folds, smallest) >= 2:
            from sklearn.model_selection import StratifiedKFold

            out_of_fold = np.zeros((len(truth), len(names)))
            splitter = StratifiedKFold(min(folds, smallest), shuffle=True, random_state=seed)
            for train, held_out in splitter.split(np.zeros(len(truth)), truth):
                fold_weights, fold_intercepts = cls._svm(features[train], truth[train], c, seed)
                present = np.unique(truth[train])
                scores = np.full((len(held_out), len(names)), -1e3)
                scores[:, present] = features[held_out] @ fold_weights.T + fold_intercepts
                out_of_fold[held_out] = scores
            scale = _fitted_scale(out_of_fold, truth)
        return cls(names, weights, intercepts, scale)

    @staticmethod
    def _svm(
        features: sp.csr_matrix, truth: np.ndarray, c: float, seed: int
    ) -> tuple[np.ndarray, np.ndarray]:
        from sklearn.svm import LinearSVC

        model = LinearSVC(C=c, class_weight="balanced", random_state=seed, max_iter=5000)
        model.fit(features, truth)
        weights, intercepts = model.coef_, model.intercept_
        if weights.shape[0] == 1:  # two classes: scikit-learn keeps one row, for class 1
            weights = np.vstack([-weights, weights])
            intercepts = np.concatenate([-intercepts, intercepts])
        return weights, intercepts

    def probabilities(self, features: Block | Sequence[Block]) -> np.ndarray:
        """One row per message, one column per label (``labels``' order), rows summing to 1.

        ``features`` is one matrix, or blocks of columns side by side as
        :meth:`BlockScaler.scaled` returns them (no stacking: cheaper for one message)."""
        single = sp.issparse(features) or isinstance(features, np.ndarray)
        blocks = [features] if single else list(features)
        width = sum(block.shape[1] for block in blocks)
        if width != self.weights.shape[1]:
            raise ValueError(f"expected {self.weights.shape[1]} features, got {width}")
        scores = np.tile(self.intercepts, (blocks[0].shape[0], 1))
        offset = 0
        for block in blocks:
            end = offset + block.shape[1]
            scores += np.asarray(block @ self._by_feature[offset:end])
            offset = end
        return _softmax(scores * self.scale)

    @cached_property
    def _by_feature(self) -> np.ndarray:
        """The weights one row per feature, contiguous, so that row slices are cheap."""
        return np.ascontiguousarray(self.weights.T)

    def arrays(self) -> dict[str, np.ndarray]:
        """The state as named arrays."""
        return {
            "labels": np.array(self.labels, dtype=str),
            "weights": self.weights,
            "intercepts": self.intercepts,
            "scale": np.array([self.scale]),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> CalibratedLinearClassifier:
        """The inverse of :meth:`arrays`."""
        return cls(
            tuple(str(label) for label in arrays["labels"]),
            arrays["weights"],
            arrays["intercepts"],
            float(arrays["scale"][0]),
        )
