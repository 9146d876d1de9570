"""Per-session rate limit (a token bucket) and signed session tokens (pure)."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime


@dataclass
class RateLimit:
    """A token bucket: ``burst`` messages at once, then ``per_second`` on average.

    The default lets a person type fast (5 in a row, one a second after) and stops a script.
    """

    burst: float = 5.0
    per_second: float = 1.0
    _tokens: float = -1.0
    _at: datetime | None = None

    def allow(self, now: datetime) -> bool:
        """Take one token at ``now``; False when the bucket is empty."""
        if self._at is None:
            self._tokens = self.burst
        else:
            elapsed = max((now - self._at).total_seconds(), 0.0)
            self._tokens = min(self.burst, self._tokens + elapsed * self.per_second)
        self._at = now
        if self._tokens < 1.0:
            return False
        self._tokens -= 1.0
        return True


class SessionSigner:
    """Session tokens ``<conversation id>.<signature>`` given to one widget.

    The conversation id is known to agents, tickets and Rasa; only the widget that started the
    conversation holds the signature, so only it can rejoin the session.
    """

    def __init__(self, key: bytes) -> None:
        self._key = hashlib.sha256(b"kefu-widget-session:" + key).digest()

    def _signature(self, kind: str, value: str) -> str:
        mac = hmac.new(self._key, f"{kind}:{value}".encode(), hashlib.sha256)
        return mac.hexdigest()[:32]

    def token_for(self, conversation_id: str) -> str:
        """The widget's session token for ``conversation_id``."""
        return f"{conversation_id}.{self._signature('session', conversation_id)}"

    def conversation_of(self, token: object) -> str | None:
        """The conversation id a valid token names, or None (forged, malformed, absent)."""
        if not isinstance(token, str) or token.count(".") != 1 or len(token) > 200:
            return None
        conversation_id, signature = token.split(".")
        expected = self._signature("session", conversation_id)
        return conversation_id if hmac.compare_digest(signature, expected) else None

    def customer_token(self, customer_id: str) -> str:
        """What a signed-in shop page passes as ``customData.customer_token``: proof that the
        visitor is ``customer_id`` (the widget cannot claim another customer)."""
        return f"{customer_id}.{self._signature('customer', customer_id)}"

    def customer_of(self, token: object) -> str | None:
        """The customer id a valid customer token names, or None."""
        if not isinstance(token, str) or token.count(".") != 1 or len(token) > 100:
            return None
        customer_id, signature = token.split(".")
        expected = self._signature("customer", customer_id)
        return customer_id if hmac.compare_digest(signature, expected) else None
