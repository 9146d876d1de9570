"""Team chat webhooks for escalations, in the WeCom, DingTalk and Slack formats.

- WeCom (企业微信群机器人): ``{"msgtype": "markdown", "markdown": {"content": ...}}``
- DingTalk (钉钉自定义机器人): ``{"msgtype": "markdown", "markdown": {"title", "text"}}``
- Slack (incoming webhook): ``{"text": ..., "blocks": [{"type": "section", "text": {"type":
  "mrkdwn", "text": ...}}]}``

Posted with the standard library (the scheduler's jobs are synchronous) with a short timeout;
a non-2xx answer raises :class:`WebhookError`.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any


class WebhookError(Exception):
    """A webhook answered with an error or could not be reached."""

    def __init__(self, url: str, problem: str) -> None:
        super().__init__(f"webhook {url.split('?')[0]} failed: {problem}")


def payload(format_: str, title: str, texts: Mapping[str, str]) -> dict[str, Any]:
    """The JSON body for ``format_`` (wecom, dingtalk or slack)."""
    body = f"{texts['zh']}\n\n{texts['en']}"
    if format_ == "wecom":
        return {"msgtype": "markdown", "markdown": {"content": f"**{title}**\n{body}"}}
    if format_ == "dingtalk":
        return {"msgtype": "markdown", "markdown": {"title": title, "text": f"### {title}\n{body}"}}
    if format_ == "slack":
        return {
            "text": f"{title}: {texts['en']}",
            "blocks": [
                {"type": "section", "text": {"type": "mrkdwn", "text": f"*{title}*\n{body}"}}
            ],
        }
    raise ValueError(f"unknown webhook format {format_!r}")


class Webhook:
    """One configured webhook."""

    def __init__(self, format_: str, url: str, timeout: float = 5) -> None:
        payload(format_, "", {"zh": "", "en": ""})  # fails early on an unknown format
        self.format, self.url, self._timeout = format_, url, timeout

    def post(self, title: str, texts: Mapping[str, str]) -> None:
        """Post one message; raises :class:`WebhookError` on failure."""
        data = json.dumps(payload(self.format, title, texts), ensure_ascii=False).encode()
        request = urllib.request.Request(
            self.url, data=data, headers={"Content-Type": "application/json; charset=utf-8"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                if not 200 <= response.status < 300:
                    raise WebhookError(self.url, f"HTTP {response.status}")
        except (urllib.error.URLError, OSError) as error:
            raise WebhookError(self.url, str(error)) from None
