"""Pure rules of the provider (no I/O): authorization request checks, PKCE, assurance levels."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import asdict, dataclass, field
from typing import Any

ACR_LEVELS = {"LoA1": 1, "LoA2": 2, "LoA3": 3}
SUPPORTED_SCOPES = ("openid", "profile", "email", "phone", "address", "offline_access")
PKCE_VERIFIER = re.compile(r"^[A-Za-z0-9\-._~]{43,128}$")
PKCE_CHALLENGE = re.compile(r"^[A-Za-z0-9\-_]{43}$")


class AuthorizeError(Exception):
    """A refused authorization request; ``redirectable`` once client and redirect URI are trusted."""

    def __init__(self, error: str, description: str, *, redirectable: bool = True) -> None:
        super().__init__(error)
        self.error = error
        self.description = description
        self.redirectable = redirectable


@dataclass
class AuthorizationRequest:
    client_id: str
    redirect_uri: str
    scope: list[str]
    state: str
    nonce: str | None = None
    code_challenge: str | None = None
    prompt: list[str] = field(default_factory=list)
    max_age: int | None = None
    acr_values: list[str] = field(default_factory=list)
    login_hint: str | None = None
    #: Set once the user signed in during this request (``prompt=login``/``max_age`` are then satisfied).
    reauthenticated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AuthorizationRequest:
        return cls(**data)

    @property
    def openid(self) -> bool:
        return "openid" in self.scope


def parse(
    params: dict[str, str],
    *,
    client_scopes: list[str],
    client_is_public: bool,
) -> AuthorizationRequest:
    """Check an authorization request whose client and redirect URI are already known to be good.

    - only ``response_type=code``; ``state`` always; ``nonce`` with ``openid``;
    - PKCE with S256 only: required for public clients, and ``plain`` is refused for everyone
      (no downgrade);
    - scopes within what the client was registered for.
    """
    if "request" in params or "request_uri" in params:
        raise AuthorizeError("request_not_supported", "request objects are not supported")
    if params.get("response_type") != "code":
        raise AuthorizeError("unsupported_response_type", "only response_type=code is supported")
    state = params.get("state", "")
    if not state:
        raise AuthorizeError("invalid_request", "state is required")
    scope = params.get("scope", "").split()
    if not scope:
        raise AuthorizeError("invalid_scope", "scope is required")
    if not set(scope) <= set(client_scopes):
        raise AuthorizeError("invalid_scope", "scope not allowed for this client")
    nonce = params.get("nonce") or None
    if "openid" in scope and not nonce:
        raise AuthorizeError("invalid_request", "nonce is required")
    challenge = params.get("code_challenge") or None
    method = params.get("code_challenge_method") or None
    if challenge is None:
        if client_is_public:
            raise AuthorizeError("invalid_request", "PKCE (code_challenge, S256) is required")
        if method is not None:
            raise AuthorizeError("invalid_request", "code_challenge_method without code_challenge")
    else:
        if method != "S256":
            raise AuthorizeError("invalid_request", "code_challenge_method must be S256")
        if not PKCE_CHALLENGE.match(challenge):
            raise AuthorizeError("invalid_request", "malformed code_challenge")
    prompt = params.get("prompt", "").split()
    if not set(prompt) <= {"none", "login", "consent", "select_account"}:
        raise AuthorizeError("invalid_request", "unknown prompt value")
    if "none" in prompt and len(prompt) > 1:
        raise AuthorizeError("invalid_request", "prompt=none cannot be combined")
    max_age: int | None = None
    if params.get("max_age"):
        try:
            max_age = int(params["max_age"])
        except ValueError:
            raise AuthorizeError("invalid_request", "max_age must be an integer") from None
        if max_age < 0:
            raise AuthorizeError("invalid_request", "max_age must not be negative")
    return AuthorizationRequest(
        client_id=params["client_id"],
        redirect_uri=params["redirect_uri"],
        scope=scope,
        state=state,
        nonce=nonce,
        code_challenge=challenge,
        prompt=prompt,
        max_age=max_age,
        acr_values=[v for v in params.get("acr_values", "").split() if v in ACR_LEVELS],
        login_hint=params.get("login_hint") or None,
    )


def required_acr(request_acr_values: list[str], account_kind: str | None) -> str:
    """The lowest level the request accepts, and at least LoA2 for officials (always MFA)."""
    level = min((ACR_LEVELS[v] for v in request_acr_values), default=1)
    if account_kind == "official":
        level = max(level, 2)
    return f"LoA{level}"


def satisfies(acr: str, required: str) -> bool:
    return ACR_LEVELS.get(acr, 0) >= ACR_LEVELS.get(required, 0)


def pkce_matches(verifier: str, challenge: str) -> bool:
    if not PKCE_VERIFIER.match(verifier):
        return False
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    computed = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    import hmac

    return hmac.compare_digest(computed, challenge)


def upstream_acr(national_acr: str | None) -> str:
    """The national portal's level of assurance mapped to ours (R-FMT-5: LoA1, LoA2 = verified in person)."""
    return {"LoA1": "LoA1", "LoA2": "LoA2"}.get(national_acr or "", "LoA1")
