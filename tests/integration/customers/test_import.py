"""Importing customer files: good rows import, bad ones are reported, duplicates merge,
dry runs write nothing, re-imports are safe and a crash mid-file resumes cleanly."""

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ticketing.domain.auth import Principal
from ticketing.services import customers_import
from ticketing.services.customers_import import import_customers
from ticketing.services.customers_import_files import ImportFileError
from ticketing.storage import customers as customer_rows
from ticketing.storage import customers_audit
from ticketing.storage.schema.customers import customer_audit, customer_imports, customers

from .conftest import NOW, SHANGHAI

ADMIN = Principal(kind="agent", agent_id="admin-1", role="admin")
HEADER = "customer_id,name,mobile,email,birthday,total_spend,spend_12m,last_order_on,consent_sms\n"
MIXED = (
    HEADER
    + "C2024050001,王芳,13812345678,wf@example.com,1990-02-28,5000,3000,2026-11-01,是\n"
    + "C2024050002,李强,1381234567,lq@example.com,1985-01-01,100,100,2026-10-01,否\n"
    + "C2024050003,张伟,13900001111,zw@example,1985-13-01,100.123,100,2026-10-01,否\n"
    + "C2024050004,刘洋,13700002222,,1999-09-09,900,800,2026-09-01,1\n"
    + "X123,陈静,13600003333,cj@example.com,1999-09-09,1,1,2026-09-01,0\n"
)


def run(engine, cipher, path: Path, **options):
    return import_customers(engine, path, cipher, ADMIN, lambda: NOW, SHANGHAI, **options)


def write(tmp_path: Path, text: str, name: str = "customers.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def count(engine, table) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def test_a_mixed_file_imports_its_good_rows_and_reports_each_bad_one(engine, cipher, tmp_path):
    report = run(engine, cipher, write(tmp_path, MIXED))
    assert (report.total_rows, report.created, report.rejected) == (5, 2, 3)
    assert [(p.row, p.field, p.code) for p in report.problems] == [
        (2, "mobile", "bad_mobile"),
        (3, "email", "bad_email"),
        (3, "birthday", "bad_date"),
        (3, "total_spend", "bad_amount"),
        (5, "customer_id", "bad_customer_id"),
    ]
    with engine.connect() as connection:
        ids = set(connection.execute(select(customers.c.customer_id)).scalars())
        stored = customer_rows.profile_from_row(
            customer_rows.get_row(connection, "C2024050001"), cipher
        )
        segment = customer_rows.get_row(connection, "C2024050001").segment
    assert ids == {"C2024050001", "C2024050004"}
    assert (stored.mobile, stored.email, stored.consents) == (
        "13812345678",
        "wf@example.com",
        frozenset({"sms"}),
    )
    assert segment == "regular"  # active, ¥3,000 a year = 50% of the default ¥6,000
    assert count(engine, customer_audit) == 2


def test_json_lines_import_too_and_unreadable_lines_are_reported(engine, cipher, tmp_path):
    lines = [
        json.dumps({"customer_id": "C2024050001", "name": "王芳", "mobile": "13812345678"}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"customer_id": "C2024050002", "name": "李强", "consent_sms": True}),
    ]
    report = run(engine, cipher, write(tmp_path, "\n".join(lines) + "\n", "c.jsonl"))
    assert (report.created, report.rejected) == (2, 2)
    assert [(p.row, p.field, p.code) for p in report.problems] == [
        (2, "_record", "unreadable"),
        (3, "_record", "unreadable"),
    ]


def test_a_dry_run_reports_everything_and_writes_nothing(engine, cipher, tmp_path):
    report = run(engine, cipher, write(tmp_path, MIXED), dry_run=True)
    assert (report.created, report.rejected, report.import_id) == (2, 3, None)
    assert len(report.problems) == 5
    assert count(engine, customers) == count(engine, customer_audit) == 0
    assert count(engine, customer_imports) == 0


def test_re_importing_the_same_file_changes_nothing(engine, cipher, tmp_path):
    path = write(tmp_path, MIXED)
    run(engine, cipher, path)
    again = run(engine, cipher, path)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 2, 3)
    assert count(engine, customers) == 2
    assert count(engine, customer_audit) == 2  # nothing changed, nothing audited


def test_duplicates_merge_on_customer_id_within_the_file_and_with_stored_data(
    engine, cipher, tmp_path
):
    run(engine, cipher, write(tmp_path, MIXED))
    update = (
        HEADER
        + "C2024050001,王芳芳,,,,,,2026-11-20,否\n"  # blanks keep, consent withdrawn
        + "C2024050004,刘洋,13700002222,ly@example.com,,,,,\n"
        + "C2024050004,刘洋,+86 137-0000-2222,,,,,,\n"  # same customer twice in the file
    )
    report = run(engine, cipher, write(tmp_path, update, "update.csv"))
    assert (report.created, report.updated, report.unchanged, report.rejected) == (0, 2, 1, 0)
    with engine.connect() as connection:
        first = customer_rows.profile_from_row(
            customer_rows.get_row(connection, "C2024050001"), cipher
        )
        fourth = customer_rows.profile_from_row(
            customer_rows.get_row(connection, "C2024050004"), cipher
        )
        trail = customers_audit.entries_for(connection, "C2024050001")
    assert (first.name, first.mobile, first.consents) == ("王芳芳", "13812345678", frozenset())
    assert str(first.last_order_on) == "2026-11-20"
    assert fourth.email == "ly@example.com"
    assert trail[-1]["action"] == "import_update"
    assert trail[-1]["detail"]["changes"]["name"] == {"before": "王*", "after": "王**"}
    assert "13812345678" not in json.dumps(trail, ensure_ascii=False, default=str)


def test_a_contact_belonging_to_another_customer_is_rejected_not_merged(engine, cipher, tmp_path):
    run(engine, cipher, write(tmp_path, MIXED))
    clash = HEADER + "C2024060001,王二芳,13812345678,,,,,,\nC2024060002,某某,,WF@example.com,,,,,\n"
    report = run(engine, cipher, write(tmp_path, clash, "clash.csv"))
    assert [(p.row, p.field, p.code) for p in report.problems] == [
        (1, "mobile", "contact_conflict"),
        (2, "email", "contact_conflict"),
    ]
    assert "C2024050001" in report.problems[0].message_en
    assert count(engine, customers) == 2


def test_a_crash_mid_file_leaves_whole_batches_and_the_rerun_resumes(
    engine, cipher, tmp_path, monkeypatch
):
    rows = "".join(
        f"C2024{(n // 10000) + 1:02d}{n % 10000:04d},客户{n},1{3 + n % 2}{n:09d},,,,,,\n"
        for n in range(25)
    )
    path = write(tmp_path, HEADER + rows)
    real_record, calls = customers_audit.record, []

    def crash_on_third_batch(connection, entries):
        calls.append(len(entries))
        real_record(connection, entries)  # the batch's customers are already inserted
        if len(calls) == 3:
            raise RuntimeError("power cut")

    monkeypatch.setattr(customers_audit, "record", crash_on_third_batch)
    with pytest.raises(RuntimeError, match="power cut"):
        run(engine, cipher, path, batch_size=10)
    assert count(engine, customers) == 20  # two whole batches, none of the third
    with engine.connect() as connection:
        state = connection.execute(
            select(customer_imports.c.status, customer_imports.c.rows_done)
        ).one()
    assert tuple(state) == ("running", 20)

    monkeypatch.setattr(customers_audit, "record", real_record)
    report = run(engine, cipher, path, batch_size=10)
    assert (report.resumed_after, report.created, report.rejected) == (20, 25, 0)
    assert count(engine, customers) == 25 and count(engine, customer_audit) == 25
    assert count(engine, customer_imports) == 1


def test_progress_is_reported_per_batch(engine, cipher, tmp_path):
    seen = []
    run(
        engine,
        cipher,
        write(tmp_path, MIXED),
        batch_size=2,
        progress=lambda d, t: seen.append((d, t)),
    )
    assert seen == [(0, 5), (2, 5), (4, 5), (5, 5)]


def test_an_unknown_format_or_missing_file_is_refused(engine, cipher, tmp_path):
    with pytest.raises(ImportFileError, match="unknown format"):
        run(engine, cipher, write(tmp_path, "x", "c.xlsx"))
    with pytest.raises(ImportFileError, match="no such file"):
        run(engine, cipher, tmp_path / "missing.csv")


def test_the_import_module_documents_its_batch_size():
    assert customers_import.BATCH_SIZE == 1000
