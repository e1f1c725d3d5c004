"""UserInfo: the signed-in person's claims by scope; the national provider answers in the national
portal's names (R-FMT-5: HoVaTen, SoDinhDanh, ThuDienTu, SoDienThoai, DiaChi …)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from joserfc.jwk import KeySet

from identity.accounts.models import Account
from identity.context import Identity, IdentityDep
from identity.deps import SessionDep
from identity.oidc import keys
from identity.oidc.errors import OAuthError
from identity.oidc.models import RevokedAccessToken
from servicekit.auth import bearer_token

router = APIRouter(tags=["oidc"])


async def verify_access_token(session: Any, identity: Identity, token: str) -> dict[str, Any]:
    """Claims of one of our access tokens that is valid and not revoked, else ValueError."""
    key_set = KeySet.import_key_set(await keys.published(session))  # type: ignore[arg-type]
    claims = keys.decode_own(token, key_set, issuer=identity.settings.issuer)
    if "client_id" not in claims or "azp" in claims:
        raise ValueError("not an access token")
    if await session.get(RevokedAccessToken, str(claims.get("jti", ""))) is not None:
        raise ValueError("revoked")
    return claims


def standard_claims(account: Account, scopes: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"sub": account.subject}
    if "profile" in scopes:
        out |= {
            "name": account.full_name,
            "preferred_username": account.username,
            "birthdate": account.date_of_birth.isoformat() if account.date_of_birth else None,
            "kind": account.kind,
            "so_dinh_danh": account.so_dinh_danh,
            "tax_code": account.tax_code,
            "identity_level": account.identity_level,
        }
        if account.kind == "official":
            out |= {"agency_code": account.agency_code, "unit": account.unit, "roles": account.roles}
    if "email" in scopes:
        out |= {"email": account.email, "email_verified": account.email_verified}
    if "phone" in scopes:
        out |= {"phone_number": account.phone, "phone_number_verified": account.phone_verified}
    if "address" in scopes and account.address:
        out["address"] = {"formatted": account.address}
    return {k: v for k, v in out.items() if v is not None}


def national_claims(account: Account) -> dict[str, Any]:
    """The national portal's userinfo shape (R-FMT-5); LoaiTaiKhoan 1 = citizen, 2 = organisation."""
    return {
        "sub": account.subject,
        "HoVaTen": account.full_name,
        "SoDinhDanh": account.so_dinh_danh,
        "SoCMND": None,
        "MaSoThue": account.tax_code,
        "MaSoDoanhNghiep": account.tax_code if account.kind == "organisation" else None,
        "LoaiTaiKhoan": 2 if account.kind == "organisation" else 1,
        "ThuDienTu": account.email,
        "SoDienThoai": account.phone,
        "DiaChi": account.address,
        "NgaySinh": account.date_of_birth.isoformat() if account.date_of_birth else None,
        "MucDoDinhDanh": account.identity_level,
    }


@router.api_route("/userinfo", methods=["GET", "POST"], summary="UserInfo endpoint")
async def userinfo(request: Request, session: SessionDep, identity: IdentityDep) -> Response:
    token = bearer_token(request)
    try:
        if token is None:
            raise ValueError("no token")
        claims = await verify_access_token(session, identity, token)
        scopes = set(str(claims.get("scope", "")).split())
        if "openid" not in scopes:
            return OAuthError("insufficient_scope", status=403).response()
        account = await session.get(Account, uuid.UUID(str(claims["sub"])))
    except (ValueError, KeyError):
        return OAuthError("invalid_token", status=401).response()
    if account is None or account.status != "active":
        return OAuthError("invalid_token", status=401).response()
    body = (
        national_claims(account) if identity.settings.mode == "national" else standard_claims(account, scopes)
    )
    return JSONResponse(body, headers={"Cache-Control": "no-store"})
