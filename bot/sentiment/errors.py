"""Errors of the sentiment package, each saying what is wrong and what to run."""

from __future__ import annotations

from pathlib import Path

BUILD_COMMAND = ".venv/bin/python -m bot.sentiment build  (or: make sentiment-model)"


class SentimentError(Exception):
    """Base class of every sentiment error."""


class SentimentDataMissing(SentimentError):
    """The shared review data is not where it should be."""

    def __init__(self, path: Path, missing: list[str], env_var: str) -> None:
        self.path = path
        self.missing = missing
        super().__init__(
            f"sentiment training data not found in {path} (missing: {', '.join(missing)}). "
            f"Put the shared data there (the repository's sibling folder shared/data/sentiment) "
            f"or point the environment variable {env_var} at the folder that holds it."
        )


class SentimentModelMissing(SentimentError):
    """No built model in the expected folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"no sentiment model in {path}. Build it from the repository's data with: "
            f"{BUILD_COMMAND}"
        )


class SentimentModelIncompatible(SentimentError):
    """A model was built by a different, incompatible version of this code."""

    def __init__(self, path: Path, found: object, expected: object) -> None:
        self.path = path
        super().__init__(
            f"the sentiment model in {path} has format {found!r}, this code reads {expected!r}. "
            f"Rebuild it with: {BUILD_COMMAND}"
        )
