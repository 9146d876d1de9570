"""Helpers for the hub's browser tests: headless Debian chromium, the widget and the console."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import pytest
import requests

T = TypeVar("T")
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
DEMO_PASSWORD = "kefu-demo"
TEAM_AGENT = {  # one demo agent per team (docs/ticketing.md, "Demo teams and accounts")
    "care": "care.huang",
    "tech": "tech.li",
    "billing": "bill.chen",
    "logistics": "logi.sun",
}


@contextmanager
def chromium(width: int = 1280, height: int = 800) -> Iterator[Any]:
    """A headless chromium with a fresh profile, closed (and its profile removed) afterwards."""
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        pytest.skip("Debian's chromium and chromium-driver are not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="kefu-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait_for(check: Callable[[], T | None], timeout: float = 30, what: str = "") -> T:
    """Call ``check`` until it returns something truthy (ignoring errors); fail after timeout."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except Exception as error:  # the page may be mid-render
            last = error
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what or check}: {last!r}")


def texts(driver: Any, css: str) -> list[str]:
    """The text of every element matching ``css``."""
    from selenium.webdriver.common.by import By

    return [node.text for node in driver.find_elements(By.CSS_SELECTOR, css)]


def widget_session(driver: Any) -> str:
    """The widget's stored session token (``<conversation id>.<signature>``)."""
    return wait_for(
        lambda: driver.execute_script("return localStorage.getItem('kefu.session')"),
        what="the widget's session",
    )


def widget_say(driver: Any, text: str) -> None:
    """Type ``text`` into the widget and send it."""
    from selenium.webdriver.common.by import By

    box = driver.find_element(By.ID, "input")
    box.clear()
    box.send_keys(text)
    driver.find_element(By.ID, "send").click()


def service_token(stack: Any) -> str:
    """The service token the bot uses (from the stack's generated secrets)."""
    secrets = (stack.var_dir / "secrets.env").read_text()
    return secrets.split("service_token=")[1].split()[0]


def bot_api(stack: Any, method: str, path: str, **kwargs: Any) -> requests.Response:
    """Call the service API as the bot."""
    headers = {"Authorization": f"Bearer {service_token(stack)}"}
    return requests.request(
        method, stack.url("service") + path, headers=headers, timeout=30, **kwargs
    )
