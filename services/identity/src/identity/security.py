"""Small cryptographic helpers shared by the aggregates: random tokens, hashes, a secret box."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from cryptography.fernet import Fernet, InvalidToken


def random_token(nbytes: int = 32) -> str:
    """An unguessable URL-safe token (codes, refresh tokens, session cookies, interaction ids)."""
    return secrets.token_urlsafe(nbytes)


def token_hash(value: str) -> str:
    """What is stored for a bearer secret: its SHA-256 (the secret itself never is)."""
    return hashlib.sha256(value.encode()).hexdigest()


def keyed_hash(secret_key: str, *parts: str) -> str:
    """HMAC-SHA256 keyed by the service secret: low-entropy values (6-digit codes) stay unguessable
    offline even if the table leaks."""
    message = "\x1f".join(parts).encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()


def equals(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


class SecretBox:
    """Symmetric encryption at rest (signing keys, TOTP secrets) with a key derived from the secret."""

    def __init__(self, secret_key: str) -> None:
        key = base64.urlsafe_b64encode(hashlib.sha256(b"motcua-identity-box:" + secret_key.encode()).digest())
        self._fernet = Fernet(key)

    def seal(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode()

    def open(self, sealed: str) -> str:
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken as exc:
            raise ValueError("sealed value cannot be opened with this secret key") from exc
