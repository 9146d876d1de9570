"""Personal-data protection: masking for display, encryption at rest, keyed hashes for lookup.

Phone and email are stored three ways, never in the clear:
- ``*_cipher``: AES-256-GCM (random 96-bit nonce, the field name as associated data, so a
  ciphertext copied into another column does not decrypt), text ``v1:<base64(nonce|ct|tag)>``;
- ``*_hash``: HMAC-SHA256 of the normalised value, hex, for exact-value lookup (``WHERE
  phone_hash = ?``) without decrypting every row;
- ``*_masked``: ``138****5678`` / ``e***@example.com``, what agents see by default.

Both keys derive from ``settings.data_key`` with HKDF-SHA256 and distinct ``info`` labels, so the
lookup key cannot decrypt and one secret is enough to configure. Rotating ``data_key`` requires
re-encrypting (not provided yet; documented in docs/customers.md).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PERSONAL_FIELDS = ("mobile", "email")
_VERSION = "v1:"


class PersonalDataError(Exception):
    """A ciphertext cannot be read: wrong key, wrong field or tampered data."""


def mask_mobile(mobile: str | None) -> str | None:
    """``13812345678`` → ``138****5678`` (first 3 and last 4 digits stay)."""
    if not mobile:
        return None
    if len(mobile) < 8:
        return "*" * len(mobile)
    return f"{mobile[:3]}{'*' * (len(mobile) - 7)}{mobile[-4:]}"


def mask_email(email: str | None) -> str | None:
    """``echo@example.com`` → ``e***@example.com`` (first letter and the domain stay)."""
    if not email:
        return None
    local, sep, domain = email.partition("@")
    if not sep:
        return "***"
    return f"{local[:1]}***@{domain}"


def mask(field: str, value: str | None) -> str | None:
    """The masked form of a personal field's value (``mobile`` or ``email``)."""
    return mask_mobile(value) if field == "mobile" else mask_email(value)


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII)
_MOBILE = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)")
# Order and tracking numbers, ID and bank cards, landlines: a run of letters, digits and
# dashes or spaces between digit groups that holds at least five digits.
_NUMBER = re.compile(r"[A-Za-z0-9]*\d[A-Za-z0-9]*(?:[ -]?[A-Za-z0-9]*\d[A-Za-z0-9]*)*")
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


def _number(found: re.Match[str]) -> str:
    run = found.group()
    if _DATE.fullmatch(run) or sum(c.isdigit() for c in run) < 5:
        return run
    return "[number]"


# Full-width digits, letters and the marks of emails and numbers, read as ASCII; Chinese
# punctuation stays as written.
_HALF_WIDTH = {
    code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if chr(code - 0xFEE0).isalnum()
}
_HALF_WIDTH.update({ord("＠"): "@", ord("．"): ".", ord("－"): "-", ord("＋"): "+", 0x3000: " "})


def mask_text(text: str) -> str:
    """Free text with its personal data replaced: emails ``[email]``, mainland mobile numbers
    ``[phone]``, and any other run of five or more digits (order, tracking, card and ID
    numbers, landlines; not dates like 2024-05-01) ``[number]``. Full-width digits and letters
    are read as their ASCII forms. Names and addresses are not recognised: review the text
    before sharing it."""
    text = text.translate(_HALF_WIDTH)
    text = _EMAIL.sub("[email]", text)
    text = _MOBILE.sub("[phone]", text)
    return _NUMBER.sub(_number, text)


def _derive(secret: bytes, label: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"kefu", info=label).derive(secret)


class PersonalDataCipher:
    """Encrypts, decrypts and hashes personal values with keys derived from one secret."""

    def __init__(self, data_key: str) -> None:
        if len(data_key) < 16:
            raise PersonalDataError("data_key must be at least 16 characters")
        secret = data_key.encode("utf-8")
        self._aead = AESGCM(_derive(secret, b"kefu personal data encryption v1"))
        self._lookup_key = _derive(secret, b"kefu personal data lookup v1")

    def encrypt(self, field: str, value: str | None) -> str | None:
        """The stored ciphertext of ``value`` for column ``field`` (None stays None)."""
        if value is None:
            return None
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, value.encode("utf-8"), field.encode("ascii"))
        return _VERSION + base64.b64encode(nonce + sealed).decode("ascii")

    def decrypt(self, field: str, token: str | None) -> str | None:
        """The clear value of a ciphertext made by :meth:`encrypt` for the same field."""
        if token is None:
            return None
        if not token.startswith(_VERSION):
            raise PersonalDataError(f"unknown ciphertext version for {field}")
        raw = base64.b64decode(token[len(_VERSION) :])
        try:
            return self._aead.decrypt(raw[:12], raw[12:], field.encode("ascii")).decode("utf-8")
        except InvalidTag:
            raise PersonalDataError(f"{field} cannot be decrypted with this key") from None

    def lookup_hash(self, field: str, value: str | None) -> str | None:
        """HMAC-SHA256 (hex) of a normalised value: equal values give equal hashes."""
        if value is None:
            return None
        message = f"{field}:{value}".encode()
        return hmac.new(self._lookup_key, message, hashlib.sha256).hexdigest()


def masked_for_audit(field: str, value: object) -> object:
    """A value as the audit trail may show it: phone, email, name and birthday masked."""
    if value is None:
        return None
    if field in PERSONAL_FIELDS:
        return mask(field, str(value))
    if field == "name":
        text = str(value)
        return text[:1] + "*" * max(len(text) - 1, 1)
    if field == "birthday":
        return "****-**-**"
    if isinstance(value, frozenset | set | tuple | list):
        return sorted(str(item) for item in value)
    return str(value)
