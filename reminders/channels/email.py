"""Staff email over SMTP (stdlib ``smtplib``): one plain-text message in Chinese and English."""

from __future__ import annotations

import smtplib
from collections.abc import Mapping
from email.message import EmailMessage


class SmtpMailer:
    """Sends to the addresses in ``staff_emails`` (agent id → address) through one server."""

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        staff_emails: Mapping[str, str],
        timeout: float = 10,
    ) -> None:
        self._host, self._port, self._sender = host, port, sender
        self._addresses = dict(staff_emails)
        self._timeout = timeout

    def address_of(self, agent_id: str) -> str | None:
        """The agent's email address, or None (then no email is sent)."""
        return self._addresses.get(agent_id)

    def send(self, agent_id: str, subject: str, texts: Mapping[str, str]) -> bool:
        """Email ``texts`` (zh first, then en); False when the agent has no address."""
        address = self.address_of(agent_id)
        if address is None:
            return False
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = address
        message["Subject"] = subject
        message.set_content(f"{texts['zh']}\n\n{texts['en']}\n", charset="utf-8")
        with smtplib.SMTP(self._host, self._port, timeout=self._timeout) as smtp:
            smtp.send_message(message)
        return True
