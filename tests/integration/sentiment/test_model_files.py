"""Saving, loading and versioning the model on disk."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.sentiment import (
    SentimentModelIncompatible,
    SentimentModelMissing,
    forget_loaded_models,
    load_analyzer,
)
from bot.sentiment.build import built_version, current_version
from bot.sentiment.corpus import CHAT_FILE, REVIEW_FILES


def test_a_saved_model_loads_and_predicts_like_the_shape_in_the_design(small_model_dir: Path):
    forget_loaded_models()
    analyzer = load_analyzer(small_model_dir)
    (result,) = analyzer.predict(["再不退款我就投诉到12315！！！"])
    assert (result.label, result.anger) == ("negative", True)
    assert 0.5 < result.score <= 1.0
    assert analyzer.version == "small-test-model"
    assert load_analyzer(small_model_dir) is analyzer  # loaded once, shared


def test_a_missing_model_names_the_build_command(tmp_path: Path):
    with pytest.raises(SentimentModelMissing, match=r"python -m bot\.sentiment build"):
        load_analyzer(tmp_path / "nowhere")


def test_a_model_of_another_format_is_refused(small_model_dir: Path, tmp_path: Path):
    copy = tmp_path / "old"
    shutil.copytree(small_model_dir, copy)
    meta = json.loads((copy / "meta.json").read_text(encoding="utf-8"))
    meta["format"] = 0
    (copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(SentimentModelIncompatible, match="Rebuild"):
        load_analyzer(copy)


def test_the_version_stamp_follows_the_data(tmp_path: Path):
    for name in REVIEW_FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("label,review\n1,很好\n", encoding="utf-8")
    before = current_version(tmp_path)
    assert current_version(tmp_path) == before
    (tmp_path / REVIEW_FILES[0]).write_text("label,review\n0,很差\n", encoding="utf-8")
    assert current_version(tmp_path) != before
    assert CHAT_FILE.is_file()


def test_built_version_reads_the_stamp(small_model_dir: Path, tmp_path: Path):
    assert built_version(small_model_dir) == "small-test-model"
    assert built_version(tmp_path) is None
