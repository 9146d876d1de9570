"""End-to-end fixtures: the real processes, started the way `make run` starts them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kefu.settings import PROJECT_ROOT

MODEL = PROJECT_ROOT / "models" / "kefu.tar.gz"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """The model `make model` trains; its absence fails under `make test` (KEFU_REQUIRE_MODEL)."""
    if not MODEL.exists():
        message = f"no trained model at {MODEL}; run `make model`"
        if os.environ.get("KEFU_REQUIRE_MODEL"):
            pytest.fail(message)
        pytest.skip(message)
    return MODEL


@dataclass
class Stack:
    """A running `python -m kefu run` and how to reach it."""

    process: subprocess.Popen[str]
    env: dict[str, str]
    var_dir: Path
    output: list[str]

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.env[f'KEFU_{name.upper()}_PORT']}"


def stack_env(var_dir: Path) -> dict[str, str]:
    """Environment for a stack on free ports with its own state folder."""
    return {
        **os.environ,
        "KEFU_VAR_DIR": str(var_dir),
        "KEFU_RASA_PORT": str(free_port()),
        "KEFU_ACTION_PORT": str(free_port()),
        "KEFU_SERVICE_PORT": str(free_port()),
        "PYTHONUNBUFFERED": "1",
    }


def start_stack(var_dir: Path, timeout: float = 300) -> Stack:
    """Start every process and return once the supervisor says "ready."."""
    env = stack_env(var_dir)
    process = subprocess.Popen(
        [sys.executable, "-m", "kefu", "run"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output: list[str] = []
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        output.append(line.rstrip())
        if line.startswith("kefu: ready."):
            return Stack(process, env, var_dir, output)
    process.kill()
    pytest.fail("the stack did not become ready:\n" + "\n".join(output))


def stop_stack(stack: Stack) -> int:
    """Ctrl-C the supervisor and return its exit code."""
    if stack.process.poll() is None:
        stack.process.send_signal(signal.SIGINT)
    try:
        rest, _ = stack.process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        stack.process.kill()
        raise
    stack.output.extend(rest.splitlines())
    return stack.process.returncode


@pytest.fixture(scope="module")
def stack(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The whole product running on free ports (shared by the tests of one module)."""
    running = start_stack(tmp_path_factory.mktemp("stack") / "var")
    yield running
    stop_stack(running)
