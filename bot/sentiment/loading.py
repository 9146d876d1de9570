"""``load_analyzer``: the one entry point other code needs. Cheap to import (numpy and the
model are loaded on the first call, never rasa or tensorflow)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.sentiment.analyzer import SentimentAnalyzer


def load_analyzer(model_dir: str | Path | None = None) -> SentimentAnalyzer:
    """The analyzer of the built model in ``model_dir`` (default: ``models/sentiment``).

    Loaded once per folder and shared (the analyzer is read-only). Raises
    ``SentimentModelMissing`` naming the build command when no model has been built: building
    takes a minute or two, which a server start or a request must not do behind one's back.
    """
    from bot.sentiment.build import default_model_dir

    path = Path(model_dir) if model_dir is not None else default_model_dir()
    return _load(path.resolve())


@functools.lru_cache(maxsize=4)
def _load(path: Path) -> SentimentAnalyzer:
    from bot.sentiment.analyzer import SentimentAnalyzer
    from bot.sentiment.model import SentimentModel

    return SentimentAnalyzer(SentimentModel.load(path))


def forget_loaded_models() -> None:
    """Drop the cached analyzers (after a rebuild, or in tests)."""
    _load.cache_clear()
