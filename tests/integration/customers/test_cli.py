"""The customers command line: import with an error report, averages, recomputation."""

from pathlib import Path

import pytest

from ticketing.customers_cli import main


@pytest.fixture
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KEFU_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("KEFU_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    return tmp_path


def test_import_reports_bad_rows_and_exits_1_then_segments_follow_the_average(
    environment: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample, errors = environment / "sample.jsonl", environment / "errors.csv"
    assert main(["sample-file", str(sample), "--rows", "30", "--bad-every", "10"]) == 0
    assert main(["import", str(sample), "--quiet", "--errors", str(errors)]) == 1
    out = capsys.readouterr().out
    assert "30 rows, 27 created, 0 updated, 0 unchanged, 3 rejected" in out
    assert errors.read_text(encoding="utf-8-sig").splitlines()[0] == (
        "row,field,code,problem_zh,problem_en"
    )
    assert main(["import", str(sample), "--quiet", "--dry-run"]) == 1
    assert "dry run, nothing written" in capsys.readouterr().out
    assert main(["industry-average", "--set", "4000", "--industry", "零售"]) == 0
    assert "零售 ¥4000" in capsys.readouterr().out
    assert main(["recompute-segments"]) == 0
    assert "segments recomputed for 27 customers" in capsys.readouterr().out


def test_an_unusable_file_exits_2(environment: Path, capsys) -> None:
    assert main(["import", str(environment / "missing.csv"), "--quiet"]) == 2
    assert "no such file" in capsys.readouterr().err
