"""The Chinese word-vector table: word2vec's binary format read without gensim, and the mean
vector of a message's words."""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path

import numpy as np
import pytest

from bot import word_vectors
from bot.word_vectors import WordVectors, WordVectorsUnavailable, read_word2vec


def write_word2vec(path: Path, table: dict[str, list[float]], newline: bool = True) -> Path:
    dimensions = len(next(iter(table.values())))
    data = f"{len(table)} {dimensions}\n".encode()
    for word, vector in table.items():
        data += word.encode("utf-8") + b" " + struct.pack(f"<{dimensions}f", *vector)
        data += b"\n" if newline else b""
    path.write_bytes(data)
    return path


TABLE = {"快递": [3.0, 4.0, 0.0], "包裹": [4.0, 3.0, 0.0], "退款": [0.0, 0.0, 2.0]}


@pytest.mark.parametrize("newline", [True, False])
def test_words_and_unit_vectors_are_read_with_or_without_newlines(tmp_path, newline):
    index, vectors = read_word2vec(write_word2vec(tmp_path / "w.vector", TABLE, newline))
    assert set(index) == set(TABLE)
    assert np.allclose(vectors[index["快递"]], [0.6, 0.8, 0.0])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)


def test_the_mean_of_known_words_has_unit_length_and_unknown_words_are_skipped(tmp_path):
    vectors = WordVectors(*read_word2vec(write_word2vec(tmp_path / "w.vector", TABLE)))
    mean = vectors.mean(["快递", "包裹", "没见过的词"])
    assert np.isclose(np.linalg.norm(mean), 1.0)
    assert np.allclose(mean, np.array([7.0, 7.0, 0.0]) / np.hypot(7, 7))
    assert "快递" in vectors and "没见过的词" not in vectors


def test_an_unknown_word_stands_for_the_mean_of_its_known_characters(tmp_path):
    table = {"退": [0.0, 0.0, 1.0], "款": [0.0, 1.0, 0.0], "快递": [1.0, 0.0, 0.0]}
    vectors = WordVectors(*read_word2vec(write_word2vec(tmp_path / "w.vector", table)))
    assert np.allclose(vectors.mean(["退款"]), np.array([0.0, 1.0, 1.0]) / np.sqrt(2))
    assert np.allclose(vectors.mean(["退欵"]), [0.0, 0.0, 1.0])  # 欵 unknown: 退 alone
    # the unknown word counts once, as much as a known word, whatever its length
    both = vectors.mean(["快递", "退款"])
    assert np.allclose(both, np.array([1.0, 0.5, 0.5]) / np.linalg.norm([1.0, 0.5, 0.5]))


def test_a_message_with_no_known_word_gets_zeros(tmp_path):
    vectors = WordVectors(*read_word2vec(write_word2vec(tmp_path / "w.vector", TABLE)))
    assert not vectors.mean(["???", ""]).any()
    assert vectors.mean([]).shape == (3,)


def test_a_missing_package_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(WordVectorsUnavailable, match="make setup"):
        word_vectors.vector_file()


def test_the_installed_table_puts_synonyms_closer_than_unrelated_words():
    table = word_vectors.installed_word_vectors()
    parcel, courier, refund = (table.mean([w]) for w in ("包裹", "快递", "退款"))
    assert table.dimensions == word_vectors.DIMENSIONS
    assert parcel @ courier > parcel @ refund
