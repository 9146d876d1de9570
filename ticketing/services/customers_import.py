"""Importing customer profiles from CSV or JSON Lines: validate, merge, report, resume.

- Each record is validated (``customers_validation``); a bad record is reported (row, field,
  problem) and skipped while the good ones import.
- Duplicates merge by the rule of ``customers_merge`` (within the file and with stored data).
- Records are written in batches; each batch, its audit entries, its problems and the import's
  checkpoint (``rows_done``) commit in one transaction. A crash loses at most the batch in
  flight, and running the same file again resumes after the checkpoint: nothing is
  half-imported and nothing is imported twice.
- Re-importing a finished file starts a new run in which every record is "unchanged".
- ``dry_run`` does all of it in one transaction that is rolled back at the end.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from ticketing.domain.auth import Principal
from ticketing.domain.customers import CustomerProfile
from ticketing.domain.customers_merge import (
    MergeOutcome,
    changed_fields,
    match_record,
    merge_profiles,
)
from ticketing.domain.customers_validation import FieldProblem, parse_customer
from ticketing.domain.personal_data import PersonalDataCipher, masked_for_audit
from ticketing.services import customers_segments
from ticketing.services.customers_context import actor_name
from ticketing.services.customers_import_files import (
    RawRecord,
    count_records,
    fingerprint,
    read_records,
)
from ticketing.storage import customers as customer_rows
from ticketing.storage import customers_audit
from ticketing.storage.customers_audit import AuditEntry
from ticketing.storage.schema.customers import customer_import_problems, customer_imports

BATCH_SIZE = 1000
_BLANK = ("", "None")
Clock = Callable[[], datetime]
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RowProblem:
    """One line of the error report."""

    row: int
    field: str
    code: str
    message_zh: str
    message_en: str


@dataclass
class ImportReport:
    """What an import did (cumulative over resumed runs of the same file)."""

    file_name: str
    total_rows: int
    dry_run: bool
    import_id: int | None = None
    resumed_after: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    problems: list[RowProblem] = field(default_factory=list)


def import_customers(
    engine: Engine,
    path: Path,
    cipher: PersonalDataCipher,
    principal: Principal,
    clock: Clock,
    tz: tzinfo,
    *,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> ImportReport:
    """Import ``path`` (see the module docstring); returns the report."""
    total = count_records(path)
    report = ImportReport(file_name=path.name, total_rows=total, dry_run=dry_run)
    batcher = _Batcher(cipher, principal, clock, tz)
    if dry_run:
        with engine.connect() as connection:
            transaction = connection.begin()
            try:
                for batch in _batches(read_records(path), batch_size, skip=0):
                    report.problems += batcher.run(connection, batch, report, import_id=None)
                    _tick(progress, batch[-1].row, total)
            finally:
                transaction.rollback()
        return report
    with engine.begin() as connection:
        run = _open_run(connection, path, clock())
    report.import_id, report.resumed_after = run["import_id"], run["rows_done"]
    for name in ("created", "updated", "unchanged", "rejected"):
        setattr(report, name, run[name])
    _tick(progress, run["rows_done"], total)
    for batch in _batches(read_records(path), batch_size, skip=run["rows_done"]):
        with engine.begin() as connection:
            batcher.run(connection, batch, report, import_id=report.import_id)
            _checkpoint(connection, report, batch[-1].row, finished=None)
        _tick(progress, batch[-1].row, total)
    with engine.begin() as connection:
        _checkpoint(connection, report, total, finished=clock())
        report.problems = _stored_problems(connection, report.import_id)
    return report


def _tick(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


def _batches(records, size: int, skip: int):
    remaining = itertools.dropwhile(lambda record: record.row <= skip, records)
    while batch := list(itertools.islice(remaining, size)):
        yield batch


def _open_run(connection: Connection, path: Path, now: datetime) -> dict:
    print_ = fingerprint(path)
    unfinished = connection.execute(
        select(customer_imports)
        .where(customer_imports.c.fingerprint == print_, customer_imports.c.status == "running")
        .order_by(customer_imports.c.import_id.desc())
    ).first()
    if unfinished is not None:
        return dict(unfinished._mapping)
    values = {"fingerprint": print_, "file_name": path.name[:255], "status": "running"}
    result = connection.execute(customer_imports.insert().values(**values, started_at=now))
    import_id = result.inserted_primary_key[0]
    counters = dict.fromkeys(("rows_done", "created", "updated", "unchanged", "rejected"), 0)
    return {"import_id": import_id, **counters}


def _checkpoint(connection, report: ImportReport, rows_done: int, finished) -> None:
    values = {
        "rows_done": rows_done,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "rejected": report.rejected,
    }
    if finished is not None:
        values.update(status="completed", finished_at=finished)
    connection.execute(
        customer_imports.update()
        .where(customer_imports.c.import_id == report.import_id)
        .values(**values)
    )


def _stored_problems(connection: Connection, import_id: int) -> list[RowProblem]:
    table = customer_import_problems
    query = select(table).where(table.c.import_id == import_id).order_by(table.c.problem_id)
    return [
        RowProblem(row.row_no, row.field, row.code, row.message_zh, row.message_en)
        for row in connection.execute(query)
    ]


class _Batcher:
    """Validates, merges and writes one batch of records inside the caller's transaction."""

    def __init__(self, cipher, principal: Principal, clock: Clock, tz: tzinfo) -> None:
        self.cipher, self.principal, self.clock, self.tz = cipher, principal, clock, tz

    def run(self, connection, batch: list[RawRecord], report: ImportReport, import_id) -> list:
        now = self.clock()
        today = now.astimezone(self.tz).date()
        problems: list[RowProblem] = []
        valid: list[tuple[int, CustomerProfile, set[str]]] = []
        for record in batch:
            if record.problem is not None:
                problems.append(_row_problem(record.row, record.problem))
                continue
            profile, found = parse_customer(record.fields, today)
            if found:
                problems += [_row_problem(record.row, problem) for problem in found]
            else:
                supplied = {k for k, v in record.fields.items() if str(v).strip() not in _BLANK}
                valid.append((record.row, profile, supplied))
        rows = customer_rows.rows_by_id(connection, (p.customer_id for _, p, _ in valid))
        owners = self._owners(connection, [p for _, p, _ in valid])
        stored: dict[str, CustomerProfile] = {}
        current: dict[str, CustomerProfile] = {}
        rejected_rows = {problem.row for problem in problems}
        for row_no, profile, supplied in valid:
            cid = profile.customer_id
            if cid not in current and cid in rows:
                stored[cid] = current[cid] = customer_rows.profile_from_row(rows[cid], self.cipher)
            hashes = self._hashes(profile)
            match = match_record(
                profile, cid in current, owners.get(hashes["mobile"]), owners.get(hashes["email"])
            )
            if match.outcome is MergeOutcome.CONFLICT:
                problems.append(_conflict(row_no, match.conflict_field, match.other_customer_id))
                rejected_rows.add(row_no)
                continue
            if match.outcome is MergeOutcome.CREATE:
                current[cid] = profile
                report.created += 1
            else:
                merged = merge_profiles(current[cid], profile, supplied)
                changed = merged != current[cid]
                current[cid] = merged
                report.updated += changed
                report.unchanged += not changed
            for name in ("mobile", "email"):
                value = getattr(current[cid], name)
                if value:
                    owners[self.cipher.lookup_hash(name, value)] = cid
        report.rejected += len(rejected_rows)
        self._write(connection, current, stored, now, import_id)
        if import_id is not None and problems:
            connection.execute(
                customer_import_problems.insert(),
                [{"import_id": import_id, "row_no": p.row, **_texts(p)} for p in problems],
            )
        touched = [cid for cid, p in current.items() if stored.get(cid) != p]
        policy = customers_segments.load_policy(connection)
        customers_segments.recompute_segments(connection, policy, now, self.tz, touched)
        return problems

    def _hashes(self, profile: CustomerProfile) -> dict[str, str | None]:
        return {
            name: self.cipher.lookup_hash(name, getattr(profile, name))
            for name in ("mobile", "email")
        }

    def _owners(self, connection, profiles: list[CustomerProfile]) -> dict[str, str]:
        owners: dict[str, str] = {}
        for name in ("mobile", "email"):
            hashes = (self.cipher.lookup_hash(name, getattr(p, name)) for p in profiles)
            owners.update(customer_rows.owners_by_hash(connection, name, hashes))
        return owners

    def _write(self, connection, current, stored, now, import_id) -> None:
        inserts, updates, audits = [], [], []
        actor, role = actor_name(self.principal), self.principal.role
        for cid, profile in current.items():
            before = stored.get(cid)
            if before is None:
                values = customer_rows.profile_values(profile, self.cipher)
                inserts.append({**values, "created_at": now, "updated_at": now})
                detail = {"import_id": import_id, "fields": _non_empty(profile)}
                audits.append(AuditEntry(now, "change", "import_create", actor, role, cid, detail))
            elif profile != before:
                values = customer_rows.profile_values(profile, self.cipher)
                updates.append({**values, "updated_at": now})
                changes = {
                    name: {
                        "before": masked_for_audit(name, getattr(before, name)),
                        "after": masked_for_audit(name, getattr(profile, name)),
                    }
                    for name in changed_fields(before, profile)
                }
                detail = {"import_id": import_id, "changes": changes}
                audits.append(AuditEntry(now, "change", "import_update", actor, role, cid, detail))
        customer_rows.insert_profiles(connection, inserts)
        customer_rows.update_profiles(connection, updates)
        customers_audit.record(connection, audits)


def _non_empty(profile: CustomerProfile) -> list[str]:
    empty = (None, (), 0, frozenset())
    return [name for name, value in vars(profile).items() if value not in empty]


def _row_problem(row: int, problem: FieldProblem) -> RowProblem:
    return RowProblem(row, problem.field, problem.code, problem.message_zh, problem.message_en)


def _conflict(row: int, field_name: str, other: str) -> RowProblem:
    label_zh = "手机号" if field_name == "mobile" else "邮箱"
    return RowProblem(
        row,
        field_name,
        "contact_conflict",
        f"{label_zh}已属于另一位客户 {other}，未合并；请核对客户编号",
        f"{field_name} already belongs to customer {other}; not merged, check the customer id",
    )


def _texts(problem: RowProblem) -> dict[str, str]:
    return {
        "field": problem.field[:40],
        "code": problem.code,
        "message_zh": problem.message_zh,
        "message_en": problem.message_en,
    }
