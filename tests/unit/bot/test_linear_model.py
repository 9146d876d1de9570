"""Feature blocks scaled to unit length; a linear classifier whose confidences mean something."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from bot.linear_model import BlockScaler, CalibratedLinearClassifier


def counts(rows: list[list[int]]) -> sp.csr_matrix:
    return sp.csr_matrix(np.array(rows, dtype=float))


def test_every_block_of_every_row_has_unit_length():
    blocks = [counts([[3, 0, 1], [0, 1, 0]]), np.array([[0.6, 0.8], [3.0, 4.0]])]
    scaled = BlockScaler.fit(blocks).transform(blocks).toarray()
    assert np.allclose(np.linalg.norm(scaled[:, :3], axis=1), 1.0)
    assert np.allclose(np.linalg.norm(scaled[:, 3:], axis=1), 1.0)


def test_a_word_in_every_message_weighs_less_than_a_rare_one():
    block = counts([[1, 1], [1, 0], [1, 0]])
    scaled = BlockScaler.fit([block]).transform([block]).toarray()
    assert scaled[0, 1] > scaled[0, 0]


def test_repeating_a_word_helps_less_than_linearly():
    block = counts([[4, 1], [0, 1], [1, 0]])
    scaled = BlockScaler.fit([block]).transform([block]).toarray()
    assert scaled[0, 0] / scaled[0, 1] < 4


def test_an_empty_row_stays_zero_instead_of_dividing_by_zero():
    blocks = [counts([[0, 0], [1, 0]]), np.zeros((2, 3))]
    scaled = BlockScaler.fit(blocks).transform(blocks).toarray()
    assert np.all(np.isfinite(scaled)) and not scaled[0].any()


def test_blocks_of_another_shape_are_refused_with_the_reason():
    scaler = BlockScaler.fit([counts([[1, 0]])])
    with pytest.raises(ValueError, match="expected sparse width 2"):
        scaler.transform([counts([[1, 0, 0]])])
    with pytest.raises(ValueError, match="expected 1 feature blocks, got 2"):
        scaler.transform([counts([[1, 0]]), counts([[1, 0]])])


def test_the_scaler_survives_its_arrays():
    scaler = BlockScaler.fit([counts([[1, 0], [1, 1]]), np.ones((2, 2))])
    again = BlockScaler.from_arrays(scaler.arrays())
    assert again.idf[1] is None and np.allclose(again.idf[0], scaler.idf[0])


def three_topics(
    per_topic: int = 12, noise: float = 0.3, seed: int = 0
) -> tuple[sp.csr_matrix, list[str]]:
    """Rows near one of three directions, with noise."""
    rng = np.random.default_rng(seed)
    rows, labels = [], []
    for number, name in enumerate(("greet", "refund", "track")):
        for _ in range(per_topic):
            row = rng.normal(0, noise, 6)
            row[number * 2] += 2.0
            rows.append(row)
            labels.append(name)
    return sp.csr_matrix(np.array(rows)), labels


def test_it_learns_separable_topics_and_its_rows_are_probabilities():
    features, labels = three_topics()
    model = CalibratedLinearClassifier.fit(features, labels, c=1.0)
    probabilities = model.probabilities(features)
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    predicted = [model.labels[i] for i in probabilities.argmax(axis=1)]
    assert predicted == labels


def test_a_message_between_topics_gets_less_confidence_than_a_clear_one():
    features, labels = three_topics(per_topic=30, noise=1.0)
    model = CalibratedLinearClassifier.fit(features, labels, c=1.0)
    clear = sp.csr_matrix([[2.0, 0, 0, 0, 0, 0]])
    between = sp.csr_matrix([[1.0, 0, 1.0, 0, 0, 0]])
    assert model.probabilities(clear).max() > 0.8
    assert model.probabilities(between).max() < model.probabilities(clear).max() - 0.2


def test_the_classifier_survives_its_arrays():
    features, labels = three_topics()
    model = CalibratedLinearClassifier.fit(features, labels)
    again = CalibratedLinearClassifier.from_arrays(model.arrays())
    assert again.labels == model.labels and again.scale == model.scale
    assert np.allclose(again.probabilities(features), model.probabilities(features))


def test_two_labels_get_a_row_each():
    features, labels = three_topics()
    keep = [i for i, label in enumerate(labels) if label != "track"]
    model = CalibratedLinearClassifier.fit(features[keep], [labels[i] for i in keep])
    assert model.weights.shape[0] == 2
    assert model.labels[model.probabilities(features[:1]).argmax()] == "greet"


def test_one_label_is_always_the_answer_and_none_is_an_error():
    model = CalibratedLinearClassifier.fit(counts([[1, 0], [0, 1]]), ["greet", "greet"])
    assert model.labels == ("greet",)
    assert model.probabilities(counts([[5, 5]]))[0, 0] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="no labelled examples"):
        CalibratedLinearClassifier.fit(counts([]).reshape(0, 2), [])


def test_too_few_examples_for_the_folds_leave_the_scale_alone():
    model = CalibratedLinearClassifier.fit(counts([[1, 0], [0, 1]]), ["greet", "refund"])
    assert model.scale == 1.0


def test_features_of_another_width_are_refused():
    features, labels = three_topics()
    model = CalibratedLinearClassifier.fit(features, labels)
    with pytest.raises(ValueError, match="expected 6 features, got 4"):
        model.probabilities(sp.csr_matrix((1, 4)))


def test_blocks_side_by_side_score_like_the_stacked_matrix():
    blocks = [counts([[3, 0, 1], [0, 1, 0], [1, 1, 1]]), np.array([[0.6, 0.8], [1, 0], [0, 1]])]
    scaler = BlockScaler.fit(blocks)
    model = CalibratedLinearClassifier.fit(scaler.transform(blocks), ["a", "b", "a"])
    assert np.allclose(
        model.probabilities(scaler.scaled(blocks)), model.probabilities(scaler.transform(blocks))
    )
