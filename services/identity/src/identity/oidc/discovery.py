"""OpenID Provider metadata (``/.well-known/openid-configuration``) and the JWKS."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from identity.context import IdentityDep
from identity.deps import SessionDep
from identity.oidc import keys
from identity.oidc.rules import ACR_LEVELS, SUPPORTED_SCOPES
from identity.settings import IdentitySettings

router = APIRouter(tags=["oidc"])


def metadata(settings: IdentitySettings) -> dict[str, Any]:
    e = settings.endpoint
    return {
        "issuer": settings.issuer,
        "authorization_endpoint": e("authorize"),
        "token_endpoint": e("token"),
        "userinfo_endpoint": e("userinfo"),
        "jwks_uri": e("jwks"),
        "revocation_endpoint": e("revoke"),
        "introspection_endpoint": e("introspect"),
        "end_session_endpoint": e("logout"),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["ES256", "RS256"],
        "scopes_supported": list(SUPPORTED_SCOPES),
        "claims_supported": [
            "sub",
            "name",
            "birthdate",
            "email",
            "email_verified",
            "phone_number",
            "phone_number_verified",
            "address",
            "acr",
            "amr",
            "auth_time",
            "sid",
        ],
        "acr_values_supported": list(ACR_LEVELS),
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": [
            "none",
            "client_secret_basic",
            "client_secret_post",
            "private_key_jwt",
        ],
        "token_endpoint_auth_signing_alg_values_supported": ["ES256", "RS256", "PS256"],
        "revocation_endpoint_auth_methods_supported": [
            "none",
            "client_secret_basic",
            "client_secret_post",
            "private_key_jwt",
        ],
        "introspection_endpoint_auth_methods_supported": [
            "client_secret_basic",
            "client_secret_post",
            "private_key_jwt",
        ],
        "prompt_values_supported": ["none", "login", "consent"],
        "ui_locales_supported": ["vi", "en"],
        "claims_parameter_supported": False,
        "request_parameter_supported": False,
        "request_uri_parameter_supported": False,
        "authorization_response_iss_parameter_supported": True,
        "frontchannel_logout_supported": False,
        "backchannel_logout_supported": False,
    }


@router.get("/.well-known/openid-configuration", summary="OpenID Provider metadata")
async def discovery(identity: IdentityDep) -> JSONResponse:
    return JSONResponse(metadata(identity.settings), headers={"Cache-Control": "public, max-age=300"})


@router.get("/jwks", summary="Signing keys (JWKS)")
async def jwks(session: SessionDep, identity: IdentityDep) -> JSONResponse:
    # Short cache: a verifier meeting an unknown kid refetches anyway (servicekit JWKSSource).
    document = await keys.published(session)
    if identity.settings.dev_jwks_file:
        document["keys"] += await keys.dev_keys(identity.settings.dev_jwks_file)
    return JSONResponse(document, headers={"Cache-Control": "public, max-age=60"})
