"""Secrets and signatures of webhook deliveries (Standard-Webhooks-like). No I/O.

Each delivery carries ``Webhook-Id`` (the message id: the same on every retry, so receivers dedupe
on it), ``Webhook-Timestamp`` (Unix seconds of this attempt) and ``Webhook-Signature:
v1=<hex HMAC-SHA256(secret, "{id}.{timestamp}.{body}")>``, the key being the UTF-8 bytes of the
whole secret string (``whsec_…``) and ``body`` the exact bytes sent. Receivers should refuse a
timestamp more than ``REPLAY_WINDOW_SECONDS`` away from their clock (see the README's recipe).

Secrets are stored encrypted (AES-256-GCM, key derived from ``NOTIFY_WEBHOOK_SECRETS_KEY``, the
subscription id as associated data, so a ciphertext copied to another row does not decrypt).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret
SIGNATURE_VERSION = "v1"
REPLAY_WINDOW_SECONDS = 300
_CIPHER_VERSION = "v1"


def new_secret() -> str:
    """A fresh signing secret: 32 random bytes, URL-safe base64, prefixed ``whsec_``."""
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def hint(secret: str) -> str:
    """What may be shown again: the prefix and the last four characters."""
    return f"{SECRET_PREFIX}…{secret[-4:]}"


def signature(secret: str, webhook_id: str, timestamp: int, body: bytes) -> str:
    """The ``Webhook-Signature`` header value for one delivery attempt."""
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"{SIGNATURE_VERSION}={digest}"


def verify(secret: str, webhook_id: str, timestamp: int, body: bytes, header: str, *, now: int) -> bool:
    """The receiver's check: a fresh timestamp and a matching signature (any of several ``v1=``)."""
    if abs(now - timestamp) > REPLAY_WINDOW_SECONDS:
        return False
    expected = signature(secret, webhook_id, timestamp, body)
    return any(hmac.compare_digest(expected, candidate.strip()) for candidate in header.split(" "))


class SecretCipher:
    """Encrypts subscription secrets at rest; ``key_material`` is NOTIFY_WEBHOOK_SECRETS_KEY."""

    def __init__(self, key_material: str) -> None:
        self._aead = AESGCM(hashlib.sha256(key_material.encode()).digest())

    def encrypt(self, secret: str, *, subscription_id: uuid.UUID) -> str:
        nonce = secrets.token_bytes(12)
        sealed = self._aead.encrypt(nonce, secret.encode(), subscription_id.bytes)
        return f"{_CIPHER_VERSION}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def decrypt(self, ciphertext: str, *, subscription_id: uuid.UUID) -> str | None:
        """The secret, or None when it cannot be decrypted (another key, tampered row)."""
        version, _, payload = ciphertext.partition(":")
        if version != _CIPHER_VERSION:
            return None
        try:
            raw = base64.urlsafe_b64decode(payload.encode())
            return self._aead.decrypt(raw[:12], raw[12:], subscription_id.bytes).decode()
        except (InvalidTag, ValueError):
            return None
