"""Mint access tokens the way identity will, signed by a test key published as a JWKS file."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

from joserfc import jwt
from joserfc.jwk import ECKey, KeySet


class TokenFactory:
    """Holds an ES256 key; ``jwks_file`` is what services verify against (``OIDC_JWKS_FILE``)."""

    def __init__(
        self, directory: Path, *, issuer: str = "http://localhost:8000/oidc", key: ECKey | None = None
    ) -> None:
        self.issuer = issuer
        self.key = key or ECKey.generate_key(
            "P-256", parameters={"kid": uuid.uuid4().hex[:16], "use": "sig", "alg": "ES256"}
        )
        directory.mkdir(parents=True, exist_ok=True)
        self.jwks_file = directory / "test-jwks.json"
        self.jwks_file.write_text(json.dumps(KeySet([self.key]).as_dict(private=False)))

    @classmethod
    def from_private_jwk(cls, path: Path, *, issuer: str) -> TokenFactory:
        """Sign with an existing private JWK (the local stack's development key)."""
        key = ECKey.import_key(json.loads(path.read_text()))
        return cls(path.parent / "tokens", issuer=issuer, key=key)

    def mint(
        self,
        subject: str | None = None,
        *,
        kind: str = "citizen",
        roles: list[str] | None = None,
        agencies: list[str] | None = None,
        acr: str = "LoA2",
        name: str | None = "Nguyễn Văn An",
        expires_in: int = 600,
        issuer: str | None = None,
        **extra: Any,
    ) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": issuer or self.issuer,
            "sub": subject or str(uuid.uuid4()),
            "iat": now,
            "exp": now + expires_in,
            "kind": kind,
            "roles": roles or [],
            "agencies": agencies or [],
            "acr": acr,
            "amr": ["pwd", "otp"] if acr != "LoA1" else ["pwd"],
            "scope": "openid",
            **({"name": name} if name else {}),
            **extra,
        }
        return jwt.encode({"alg": "ES256", "kid": self.key.kid}, claims, self.key)

    def headers(self, subject: str | None = None, **kwargs: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.mint(subject, **kwargs)}"}
