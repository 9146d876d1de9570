"""Apply reviewed labelling decisions to ``nlu_data/``: ``python -m bot.nlu_eval.relabel FILE...``.

Each file holds JSON lines written by a person reviewing ``bot.nlu_eval.suspects`` against the
labelling guide (docs/conversation.md, "Where one intent ends"):

- ``{"action": "relabel", "file": ..., "label": "faq/x", "raw": "<line as written>", "to": "y"}``
- ``{"action": "drop", "file": ..., "label": ..., "raw": ...}`` (a duplicate or self-contradiction)
- ``{"action": "add", "label": "y", "raw": "<new example, entity annotations allowed>"}``

An example is found by its label and its text as written, so decisions survive line shifts. A
moved or added example goes to the end of its new label's block, wherever that label lives; one
already there is not written twice. Anything that cannot be found is reported and skipped.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

INTENT_LINE = re.compile(r"^\s*-\s*intent:\s*(\S+)\s*$")
EXAMPLE_PREFIX = "      - "


@dataclass
class Block:
    """One ``- intent:`` block: where it is and its example lines (without the prefix)."""

    path: Path
    label: str
    examples: list[str] = field(default_factory=list)


def read_blocks(nlu_path: Path) -> tuple[dict[str, Block], dict[Path, list[str | Block]]]:
    """Every intent block by label, and each file as its lines with blocks in their place."""
    blocks: dict[str, Block] = {}
    layout: dict[Path, list[str | Block]] = {}
    for path in sorted(nlu_path.glob("*.yml")):
        parts: list[str | Block] = []
        pending: str | None = None
        current: Block | None = None
        for line in path.read_text(encoding="utf-8").splitlines():
            if current and line.startswith(EXAMPLE_PREFIX):
                current.examples.append(line[len(EXAMPLE_PREFIX) :])
                continue
            current = None
            parts.append(line)
            if match := INTENT_LINE.match(line):
                pending = match.group(1)
                if pending in blocks:
                    raise SystemExit(f"{path}: intent {pending} appears twice in {nlu_path}")
            elif pending and line.strip() == "examples: |":
                current = blocks[pending] = Block(path, pending)
                parts.append(current)
                pending = None
        layout[path] = parts
    return blocks, layout


def write_layout(layout: dict[Path, list[str | Block]]) -> None:
    for path, parts in layout.items():
        lines: list[str] = []
        for part in parts:
            if isinstance(part, Block):
                lines.extend(EXAMPLE_PREFIX + example for example in part.examples)
            else:
                lines.append(part)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def apply(decisions: list[dict], blocks: dict[str, Block]) -> dict[str, int]:
    counts = {"relabel": 0, "drop": 0, "add": 0, "skipped": 0}
    for decision in decisions:
        action, raw = decision.get("action"), decision.get("raw", "").strip()
        source = blocks.get(decision.get("label", ""))
        target = blocks.get(decision.get("to") or decision.get("label", ""))
        if action in ("relabel", "drop"):
            if source is None or raw not in source.examples:
                print(f"skipped (not found): {decision}")
                counts["skipped"] += 1
                continue
            if action == "relabel" and target is None:
                print(f"skipped (unknown label {decision.get('to')!r}): {decision}")
                counts["skipped"] += 1
                continue
            source.examples.remove(raw)
        elif action == "add":
            if target is None or not raw:
                print(f"skipped (unknown label or empty): {decision}")
                counts["skipped"] += 1
                continue
        elif action != "keep":
            print(f"skipped (unknown action): {decision}")
            counts["skipped"] += 1
            continue
        if action in ("relabel", "add") and target is not None and raw not in target.examples:
            target.examples.append(raw)
        if action in counts:
            counts[action] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("decisions", nargs="+", type=Path)
    parser.add_argument("--data", default="nlu_data", type=Path)
    args = parser.parse_args(argv)
    blocks, layout = read_blocks(args.data)
    decisions = [
        json.loads(line)
        for path in args.decisions
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    counts = apply(decisions, blocks)
    write_layout(layout)
    print(", ".join(f"{name} {n}" for name, n in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
