"""Examples whose label the rest of the data disagrees with: ``python -m bot.nlu_eval.suspects``.

Every example is predicted by the quick check's linear model trained on the other folds
(5-fold, stratified, seeded). Where that out-of-fold prediction differs from the label, the
example is listed with its file and line, the two labels and the model's margin: a large margin
means the rest of the data says, loudly, that messages like this one belong elsewhere. Each is a
question for a person with the labelling guide (docs/conversation.md, "Where one intent ends"):
a label to fix, a near-copy of another intent's example, or a message the model gets wrong and
the data should teach better. The list is a reviewing aid, never an automatic relabelling.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from bot.language import detect_language
from bot.nlu_eval.quick import _classifier
from bot.nlu_eval.relabel import INTENT_LINE

_EXAMPLE_LINE = re.compile(r"^\s{4,}-\s(.*)$")
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


@dataclass(frozen=True)
class SourceExample:
    """An example as written: where it is, its label, its raw line and its plain text."""

    file: str
    line: int
    label: str
    raw: str
    text: str

    @property
    def intent(self) -> str:
        return self.label.split("/", 1)[0]


@dataclass(frozen=True)
class Suspect:
    file: str
    line: int
    label: str
    predicted: str
    margin: float
    language: str
    text: str


def read_examples(nlu_path: Path) -> Iterator[SourceExample]:
    """Every ``- intent:`` example under ``nlu_path``, in file order, with its line number."""
    files = sorted(nlu_path.glob("*.yml")) if nlu_path.is_dir() else [nlu_path]
    for path in files:
        label = None
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if match := INTENT_LINE.match(line):
                label = match.group(1)
            elif line.lstrip().startswith("- ") and not line.startswith("      "):
                label = None  # a lookup, synonym or regex block
            elif label and (match := _EXAMPLE_LINE.match(line)):
                raw = match.group(1)
                yield SourceExample(str(path), number, label, raw, _ANNOTATION.sub(r"\1", raw))


def _folds(examples: list[SourceExample], k: int) -> list[int]:
    """A fold number per example, dealt round-robin within each label (stable across runs)."""
    seen: Counter[str] = Counter()
    fold = []
    for example in examples:
        fold.append(seen[example.label] % k)
        seen[example.label] += 1
    return fold


def out_of_fold(
    examples: list[SourceExample], labels: list[str], k: int
) -> list[tuple[str, float]]:
    """(prediction, margin over the label's own score) per example, from the other folds."""
    fold = _folds(examples, k)
    result: list[tuple[str, float]] = [("", 0.0)] * len(examples)
    for held in range(k):
        train = [i for i in range(len(examples)) if fold[i] != held]
        test = [i for i in range(len(examples)) if fold[i] == held]
        model = _classifier()
        model.fit([examples[i].text for i in train], [labels[i] for i in train])
        scores = model.decision_function([examples[i].text for i in test])
        classes = list(model.classes_)
        for row, i in zip(scores, test, strict=True):
            best = int(row.argmax())
            own = row[classes.index(labels[i])] if labels[i] in classes else float(row.min())
            result[i] = (classes[best], float(row[best] - own))
    return result


def find_suspects(nlu_path: Path, k: int = 5) -> list[Suspect]:
    examples = list(read_examples(nlu_path))
    suspects = []
    intent_level = out_of_fold(examples, [e.intent for e in examples], k)
    faq = [e for e in examples if e.intent == "faq"]
    topic_level = dict(zip(map(id, faq), out_of_fold(faq, [e.label for e in faq], k), strict=True))
    for example, (predicted, margin) in zip(examples, intent_level, strict=True):
        if predicted == example.intent and id(example) in topic_level:
            predicted, margin = topic_level[id(example)]
            if predicted == example.label:
                continue
        elif predicted == example.intent:
            continue
        language = detect_language(example.text) or "zh"
        suspects.append(
            Suspect(
                example.file,
                example.line,
                example.label,
                predicted,
                round(margin, 3),
                language,
                example.raw,
            )
        )
    return sorted(suspects, key=lambda s: -s.margin)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="nlu_data", type=Path)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--jsonl", type=Path, help="write every suspect here as JSON lines")
    parser.add_argument("--show", type=int, default=40, help="print the strongest N")
    args = parser.parse_args(argv)

    suspects = find_suspects(args.data, args.folds)
    total = sum(1 for _ in read_examples(args.data))
    print(f"{len(suspects)} of {total} examples disagree with their out-of-fold prediction")
    pairs = Counter((s.label.split("/")[0], s.predicted.split("/")[0]) for s in suspects)
    for (label, predicted), n in pairs.most_common(15):
        print(f"  {n:4d}  {label} → {predicted}")
    for s in suspects[: args.show]:
        print(f"{s.margin:6.2f}  {s.file}:{s.line}  {s.label} → {s.predicted}  {s.text}")
    if args.jsonl:
        with args.jsonl.open("w", encoding="utf-8") as out:
            for s in suspects:
                out.write(json.dumps(asdict(s), ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
