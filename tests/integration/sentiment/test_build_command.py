"""The command line: clear errors, and no work when the model is current."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.sentiment import SentimentDataMissing
from bot.sentiment.__main__ import main
from bot.sentiment.build import build, current_version
from bot.sentiment.corpus import DATA_ENV, review_data_dir


def test_missing_review_data_is_a_clear_error(monkeypatch, tmp_path: Path, capsys):
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "no-data"))
    assert main(["build", "--model-dir", str(tmp_path / "model")]) == 2
    error = capsys.readouterr().err
    assert "sentiment training data not found" in error and DATA_ENV in error


def test_build_does_nothing_when_the_stamp_is_current(small_model_dir: Path, tmp_path: Path):
    try:
        data_dir = review_data_dir()
    except SentimentDataMissing:  # it is beside the repository in every checkout and in CI
        pytest.skip("shared sentiment data not available")
    model_dir = tmp_path / "model"
    shutil.copytree(small_model_dir, model_dir)
    meta = (model_dir / "meta.json").read_text(encoding="utf-8")
    version = current_version(data_dir)
    (model_dir / "meta.json").write_text(
        meta.replace('"small-test-model"', f'"{version}"'), encoding="utf-8"
    )
    messages: list[str] = []
    assert build(model_dir, log=messages.append) == version
    assert messages == [f"sentiment model {version} is up to date in {model_dir}"]
