"""Reading import files: CSV (UTF-8, with a header row) and JSON Lines, record by record.

Records are numbered from 1 (the first data record; a CSV header is not counted), the number
the error report uses. A record that cannot even be read as a record (a JSON line that is not
an object, a CSV row with more cells than the header) comes back with a problem instead.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ticketing.domain.customers_validation import FieldProblem

CSV_SUFFIXES = (".csv",)
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")


class ImportFileError(Exception):
    """The file cannot be imported at all (missing, unknown format, no header)."""


@dataclass(frozen=True)
class RawRecord:
    """One record of the file: its number and fields, or the reason it could not be read."""

    row: int
    fields: dict[str, object] | None
    problem: FieldProblem | None = None


def file_format(path: Path) -> str:
    """``csv`` or ``jsonl``, from the file name."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    raise ImportFileError(f"{path.name}: unknown format (use .csv or .jsonl)")


def fingerprint(path: Path) -> str:
    """SHA-256 of the file's bytes: the same file resumes the same unfinished import."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_records(path: Path) -> Iterator[RawRecord]:
    """Every record of ``path`` in file order."""
    if not path.is_file():
        raise ImportFileError(f"{path}: no such file")
    if file_format(path) == "csv":
        yield from _csv_records(path)
    else:
        yield from _jsonl_records(path)


def count_records(path: Path) -> int:
    """How many records ``path`` holds (for the progress bar)."""
    return sum(1 for _ in read_records(path))


def _csv_records(path: Path) -> Iterator[RawRecord]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames:
            raise ImportFileError(f"{path.name}: no header row")
        for row, record in enumerate(reader, start=1):
            if None in record:
                yield RawRecord(row, None, _unreadable("more cells than header columns"))
            else:
                yield RawRecord(row, {k.strip(): v for k, v in record.items() if k is not None})


def _jsonl_records(path: Path) -> Iterator[RawRecord]:
    with path.open(encoding="utf-8-sig") as handle:
        row = 0
        for line in handle:
            if not line.strip():
                continue
            row += 1
            try:
                record = json.loads(line)
            except ValueError:
                yield RawRecord(row, None, _unreadable("not valid JSON"))
                continue
            if isinstance(record, dict):
                yield RawRecord(row, record)
            else:
                yield RawRecord(row, None, _unreadable("not a JSON object"))


def _unreadable(reason: str) -> FieldProblem:
    return FieldProblem("_record", "unreadable", f"无法读取该记录（{reason}）", reason)
