"""``python -m ticketing``: migrate and the ticketing area's commands."""

from pathlib import Path

import pytest

from ticketing.__main__ import main


def test_migrate_and_create_agent_from_the_command_line(
    var_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KEFU_VAR_DIR", str(var_dir))
    monkeypatch.setenv("KEFU_NEW_AGENT_PASSWORD", "a-long-password")
    assert main(["migrate"]) == 0
    assert main(["create-agent", "zhang.san", "--display-name", "张三"]) == 0
    assert "created agent zhang.san in no team" in capsys.readouterr().out


def test_a_bad_setting_is_one_line_and_exit_code_2(
    var_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KEFU_VAR_DIR", str(var_dir))
    monkeypatch.setenv("KEFU_TIMEZONE", "Nowhere/Land")
    assert main(["migrate"]) == 2
    assert capsys.readouterr().err == (
        "kefu: bad setting: KEFU_TIMEZONE: unknown time zone 'Nowhere/Land'\n"
    )
