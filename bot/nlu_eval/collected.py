"""Add labelled real customer questions to the training data, one in five held out to test on:
``python -m bot.nlu_eval.collected missed-questions.csv [--data nlu_data] [--held-out FILE]``.

The file is the console's "Missed questions" CSV (``GET /api/v1/reports/missed-questions
?format=csv``) with a column ``label`` that a person filled in by the labelling guide
(docs/conversation.md, "Where one intent ends"): an intent (``track_order``), an FAQ topic
(``faq/warranty``) or ``out_of_scope``. Rows without a label are left out.

The masks of personal data become made-up, annotated values: ``[phone]`` →
``[13800000000](phone)``, ``[email]`` → ``[someone@example.com](email)``. ``[number]`` may be an
order, a tracking or a card number, so the person writes an annotated value in its place
(``[E100123456789](order_id)``); a row still holding ``[number]`` is refused.

The whole file is checked first: one unknown label, unresolved ``[number]`` or empty text and
nothing is written, and every problem is named with its line. Then each question goes, by a
stable hash of its text, either to the held-out file (one in five; ``make eval-nlu`` scores it
apart, no model trains on it) or to the end of its label's block in ``nlu_data/``. A question
already in either place is not added again, so importing a file twice changes nothing.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from bot.nlu_eval.relabel import EXAMPLE_PREFIX, INTENT_LINE, read_blocks, write_layout
from ticketing.web.csv_files import as_written

ROOT = Path(__file__).resolve().parents[2]
HELD_OUT = Path(__file__).resolve().parent / "collected" / "held_out.yml"
HELD_OUT_SHARE = 5  # one in five
_MASKS = {
    "phone": "[13800000000](phone)",
    "email": "[someone@example.com](email)",
}
_MASK = re.compile(r"\[(phone|email|number)\](?!\()")
_SPACES = re.compile(r"\s+")


class CollectedFileError(Exception):
    """The file cannot be imported; ``problems`` name each line at fault."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Question:
    """A labelled question ready for the training data."""

    line: int
    label: str
    text: str

    @property
    def held_out(self) -> bool:
        """Whether this question is kept apart for testing (stable across runs and files)."""
        key = _SPACES.sub("", self.text).casefold().encode("utf-8")
        return hashlib.sha256(key).digest()[0] % HELD_OUT_SHARE == 0


def unmask(text: str) -> str:
    """Masks of phones and emails as made-up annotated values; ``[number]`` stays."""
    return _MASK.sub(lambda found: _MASKS.get(found.group(1), found.group()), text)


def _cell_text(raw: str) -> str:
    return _SPACES.sub(" ", as_written(raw)).strip()


def read_questions(path: Path, labels: set[str]) -> tuple[list[Question], int]:
    """The labelled questions of a CSV file and how many rows had no label; raises
    :class:`CollectedFileError` naming every problem."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = set(reader.fieldnames or ())
        if not {"text", "label"} <= columns:
            raise CollectedFileError(
                [f"{path}: needs the columns text and label (found: {', '.join(sorted(columns))})"]
            )
        questions: list[Question] = []
        problems: list[str] = []
        unlabelled = 0
        for row in reader:
            line = reader.line_num
            label = (row.get("label") or "").strip()
            if not label:
                unlabelled += 1
                continue
            text = unmask(_cell_text(row.get("text") or ""))
            if label not in labels:
                problems.append(f"line {line}: unknown label {label!r} (no such intent or topic)")
            if not text:
                problems.append(f"line {line}: the text is empty")
            if _MASK.search(text):  # phones and emails are unmasked: a [number] is left
                problems.append(
                    f"line {line}: write an annotated value for [number], "
                    "e.g. [E100123456789](order_id)"
                )
            questions.append(Question(line, label, text))
    if problems:
        raise CollectedFileError(problems)
    return questions, unlabelled


def read_held_out(path: Path) -> dict[str, list[str]]:
    """The held-out questions by label, as :func:`write_held_out` wrote them (an absent file
    holds none)."""
    held_out: dict[str, list[str]] = {}
    if not path.exists():
        return held_out
    examples: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := INTENT_LINE.match(line):
            examples = held_out.setdefault(match.group(1), [])
        elif examples is not None and line.startswith(EXAMPLE_PREFIX):
            examples.append(line[len(EXAMPLE_PREFIX) :])
    return held_out


def write_held_out(path: Path, held_out: dict[str, list[str]]) -> None:
    """Write the held-out file, labels in order."""
    lines = [
        'version: "3.1"',
        "# Real customers' questions, labelled and held out of training: make eval-nlu scores",
        "# them apart. Written by bot/nlu_eval/collected.py; never copy into nlu_data/.",
        "nlu:",
    ]
    for label in sorted(held_out):
        lines += [f"  - intent: {label}", "    examples: |"]
        lines += [EXAMPLE_PREFIX + text for text in held_out[label]]
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")


@dataclass(frozen=True)
class Imported:
    """What an import did."""

    trained_on: int
    held_out: int
    already_there: int
    unlabelled: int


def import_questions(csv_path: Path, data: Path, held_out_path: Path) -> Imported:
    """Check the whole file, then add its questions to ``data`` or the held-out file."""
    blocks, layout = read_blocks(data)
    questions, unlabelled = read_questions(csv_path, set(blocks))
    held_out = read_held_out(held_out_path)
    known = {text for block in blocks.values() for text in block.examples}
    known |= {text for texts in held_out.values() for text in texts}
    trained_on = kept_apart = already = 0
    for question in questions:
        if question.text in known:
            already += 1
            continue
        known.add(question.text)
        if question.held_out:
            held_out.setdefault(question.label, []).append(question.text)
            kept_apart += 1
        else:
            blocks[question.label].examples.append(question.text)
            trained_on += 1
    if trained_on:
        write_layout(layout)
    if kept_apart:
        write_held_out(held_out_path, held_out)
    return Imported(trained_on, kept_apart, already, unlabelled)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.nlu_eval.collected", description=__doc__.splitlines()[0]
    )
    parser.add_argument("file", type=Path, help="the missed-questions CSV with a label column")
    parser.add_argument("--data", type=Path, default=ROOT / "nlu_data")
    parser.add_argument("--held-out", type=Path, default=HELD_OUT)
    args = parser.parse_args(argv)
    try:
        done = import_questions(args.file, args.data, args.held_out)
    except CollectedFileError as error:
        print(f"nothing imported: {len(error.problems)} problem(s) in {args.file}")
        for problem in error.problems:
            print(f"  {problem}")
        return 1
    print(
        f"added {done.trained_on} to {args.data} and {done.held_out} to {args.held_out} "
        f"(held out); {done.already_there} already there, {done.unlabelled} rows without a label"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
