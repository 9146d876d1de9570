"""Building the model reproducibly, stamping it with a version, and finding it again.

The version is ``<CODE_VERSION>-<sha256 of every input>[:12]``: the shared review files, our
chat messages, the training configuration, the code version and the word lists copied from
packages. ``build`` does nothing when the model on disk carries the current stamp.
The model is written to a temporary folder next to the target and renamed into place, so a
crashed build never leaves a half-written model behind.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from bot.sentiment.corpus import REPO_ROOT, iter_files_for_stamp, review_data_dir
from bot.sentiment.training import DEFAULT_CONFIG, TrainingConfig

# Bump when a change to the code changes what training produces.
CODE_VERSION = "3"
MODEL_ENV = "KEFU_SENTIMENT_MODEL"


def default_model_dir() -> Path:
    """``$KEFU_SENTIMENT_MODEL`` or ``<repo>/models/sentiment``."""
    override = os.environ.get(MODEL_ENV)
    return Path(override) if override else REPO_ROOT / "models" / "sentiment"


def current_version(data_dir: Path, config: TrainingConfig = DEFAULT_CONFIG) -> str:
    """The version stamp a model built now from ``data_dir`` would carry."""
    digest = hashlib.sha256()
    digest.update(json.dumps(asdict(config), sort_keys=True).encode())
    digest.update(CODE_VERSION.encode())
    for path in [*iter_files_for_stamp(data_dir), *_package_files()]:
        digest.update(path.name.encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return f"{CODE_VERSION}-{digest.hexdigest()[:12]}"


def built_version(model_dir: Path) -> str | None:
    """The stamp of the model in ``model_dir``, or None when there is none."""
    try:
        meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta.get("info", {}).get("version")


def build(
    model_dir: Path | None = None,
    *,
    force: bool = False,
    config: TrainingConfig = DEFAULT_CONFIG,
    log=print,
) -> str:
    """Train and write the model unless the one in ``model_dir`` is current; return the stamp."""
    from bot.sentiment.corpus import assemble
    from bot.sentiment.resources import english_lexicon, traditional_to_simplified
    from bot.sentiment.text import dedup_key
    from bot.sentiment.training import train

    model_dir = model_dir or default_model_dir()
    data_dir = review_data_dir()
    version = current_version(data_dir, config)
    if not force and built_version(model_dir) == version:
        log(f"sentiment model {version} is up to date in {model_dir}")
        return version
    started = time.monotonic()
    simplify = traditional_to_simplified()
    table = str.maketrans(simplify)
    splits = assemble(data_dir, config.seed, lambda text: dedup_key(text, table))
    log(
        f"training on {len(splits.review_train)} reviews (deduplicated: {splits.dedup}) "
        f"and {len(splits.chat_train)} chat messages"
    )
    model = train(
        splits.review_train,
        splits.chat_train,
        splits.review_dev,
        english_lexicon(),
        simplify,
        config,
    )
    model.info.update(version=version, seconds=round(time.monotonic() - started, 1))
    model_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".sentiment-", dir=model_dir.parent))
    try:
        model.save(staging)
        staging.chmod(0o755)  # mkdtemp makes it private; the Rasa server may run as another user
        if model_dir.exists():
            shutil.rmtree(model_dir)
        staging.rename(model_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log(f"sentiment model {version} written to {model_dir} in {model.info['seconds']} s")
    return version


def _package_files() -> list[Path]:
    files = []
    for package, name in (("vaderSentiment", "vader_lexicon.txt"), ("snownlp", "normal/zh.py")):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.origin is not None:
            files.append(Path(spec.origin).parent / name)
    return files
