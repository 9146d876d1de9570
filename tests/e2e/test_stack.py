"""`python -m kefu run` brings up the whole product, answers, and stops cleanly or whole."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from kefu.settings import PROJECT_ROOT
from tests.e2e.conftest import Stack, stack_env, stop_stack

pytestmark = pytest.mark.e2e


def _chat(stack: Stack, sender: str, message: str) -> list[dict]:
    response = requests.post(
        f"{stack.url('rasa')}/webhooks/rest/webhook",
        json={"sender": sender, "message": message},
        timeout=30,
    )
    response.raise_for_status()
    return response.json()


def test_the_assistant_greets_in_the_customers_language(stack: Stack) -> None:
    chinese = _chat(stack, "e2e-zh", "你好")
    english = _chat(stack, "e2e-en", "hello")
    assert "您好" in chinese[0]["text"]
    assert english[0]["text"].startswith("Hello")


def test_a_custom_action_runs_through_the_action_server_and_the_service(stack: Stack) -> None:
    replies = _chat(stack, "e2e-handoff", "我要转人工")
    texts = " ".join(reply.get("text") or "" for reply in replies)
    assert "T20" in texts  # the ticket number the service opened
    (handoff,) = [reply["custom"]["handoff"] for reply in replies if reply.get("custom")]
    assert handoff["ticket_id"] in texts


def test_every_process_reports_healthy(stack: Stack) -> None:
    assert requests.get(f"{stack.url('service')}/health", timeout=5).json()["status"] == "ok"
    assert requests.get(f"{stack.url('action')}/health", timeout=5).status_code == 200
    token = (stack.var_dir / "secrets.env").read_text().split("rasa_token=")[1].split()[0]
    status = requests.get(f"{stack.url('rasa')}/status", params={"token": token}, timeout=5)
    assert status.status_code == 200
    assert status.json()["model_file"].endswith("kefu.tar.gz")


def test_rasa_http_api_needs_the_token(stack: Stack) -> None:
    assert requests.get(f"{stack.url('rasa')}/status", timeout=5).status_code == 401


def test_every_process_listens_on_loopback_only(stack: Stack) -> None:
    listening = subprocess.run(["ss", "-ltnH"], capture_output=True, text=True).stdout
    for name in ("rasa", "action", "service"):
        port = stack.env[f"KEFU_{name.upper()}_PORT"]
        addresses = [line.split()[3] for line in listening.splitlines() if f":{port}" in line]
        assert addresses, f"{name} is not listening on {port}"
        assert all(address.startswith("127.0.0.1:") for address in addresses), addresses


def test_logs_of_all_processes_are_in_one_place(stack: Stack) -> None:
    combined = (stack.var_dir / "log" / "kefu.log").read_text()
    for name in ("rasa", "action-server", "service"):
        assert f"{name} | " in combined
        assert (stack.var_dir / "log" / f"{name}.log").exists()


def test_a_child_that_dies_stops_the_stack_with_its_name_and_last_lines(stack: Stack) -> None:
    pids = json.loads((stack.var_dir / "log" / "processes.json").read_text())
    os.kill(pids["action-server"], signal.SIGKILL)
    stack.process.wait(timeout=30)  # the supervisor stops on its own, no Ctrl-C
    assert stop_stack(stack) == 1
    report = "\n".join(stack.output)
    assert "action-server exited with code -9; its last lines:" in report
    assert "all processes stopped" in report
    time.sleep(0.5)
    for pid in pids.values():
        assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text()


def _start_failing(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kefu", "run"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_taken_port_stops_start_up_with_one_line_naming_the_setting(tmp_path: Path) -> None:
    env = stack_env(tmp_path / "var")
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", int(env["KEFU_SERVICE_PORT"])))
        squatter.listen()
        result = _start_failing(env)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"kefu: bad setting: KEFU_SERVICE_PORT: 127.0.0.1:{env['KEFU_SERVICE_PORT']} is not free"
        " (Address already in use)"
    ]


def test_a_malformed_database_url_stops_start_up_with_one_line(tmp_path: Path) -> None:
    env = {**stack_env(tmp_path / "var"), "KEFU_DATABASE_URL": "postgres//no-colon"}
    result = _start_failing(env)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "kefu: bad setting: KEFU_DATABASE_URL: not a database URL "
        "(Could not parse SQLAlchemy URL from string 'postgres//no-colon')"
    ]
    assert "Traceback" not in result.stdout + result.stderr


def test_an_unreachable_database_stops_start_up_with_one_line(tmp_path: Path) -> None:
    env = {
        **stack_env(tmp_path / "var"),
        "KEFU_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/kefu",
    }
    result = _start_failing(env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("kefu: bad setting: KEFU_DATABASE_URL: cannot use the database")
