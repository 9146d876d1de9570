"""A small sentiment model built from the repository's chat messages into a temporary folder.

Trained on the chat training split only (a few seconds), so these tests need neither the shared
review data nor a full build.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.sentiment.corpus import load_chat
from bot.sentiment.training import TrainingConfig, train


@pytest.fixture(scope="session")
def small_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Folder holding a saved model trained on the chat messages."""
    chat = [ex for ex in load_chat() if ex.split == "train"]
    polar = [ex for ex in chat if ex.label != "neutral"]
    model = train(
        polar,
        chat,
        polar,
        lexicon={"thanks": 1.9, "great": 3.1, "angry": -2.3},
        simplify={},
        config=TrainingConfig(folds=3),
    )
    model.info["version"] = "small-test-model"
    directory = tmp_path_factory.mktemp("sentiment-model")
    model.save(directory)
    return directory
