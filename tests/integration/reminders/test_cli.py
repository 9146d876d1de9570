"""``python -m reminders run-once --at … [--dry-run]`` prints what it sent or would send."""

from __future__ import annotations

from datetime import date

import pytest

from reminders.__main__ import main

from .conftest import add_customer


@pytest.fixture
def environment(monkeypatch, var_dir, database_url, desk) -> None:
    monkeypatch.setenv("KEFU_VAR_DIR", str(var_dir))
    monkeypatch.setenv("KEFU_DATABASE_URL", database_url)


def test_run_once_dry_run_prints_and_sends_nothing_then_a_real_run_sends(
    environment, desk, capsys
) -> None:
    add_customer(desk, "C2024050001", birthday=date(1990, 11, 23))
    at = "2026-11-23T10:05:00+08:00"
    assert main(["run-once", "--at", at, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would_send birthday_greeting target=C2024050001" in out and "via=sms" in out
    assert main(["run-once", "--at", at]) == 0
    assert "sent birthday_greeting target=C2024050001" in capsys.readouterr().out
    assert main(["run-once", "--at", at]) == 0
    assert "duplicate birthday_greeting" in capsys.readouterr().out


def test_run_once_needs_an_offset(environment, capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["run-once", "--at", "2026-11-23T10:00"])
    assert stopped.value.code == 2
    assert "needs a UTC offset" in capsys.readouterr().err
