"""Demo data, idempotent: ``python -m identity.seed`` (run by the local stack after migrations).

Suite provider: one citizen, one organisation, one official per role in agency ``000.00.00.G12``
and the demo clients. National provider (``IDENTITY_MODE=national``): citizens with level-1 and
level-2 electronic identities, and the client the suite signs in with (R-ID-2). Prints the logins.
"""

# ruff: noqa: S105, S106 (published demo credentials, development only)

from __future__ import annotations

import asyncio
import os
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from identity.accounts import repository
from identity.accounts.models import Account
from identity.accounts.service import set_password
from identity.context import Identity
from identity.credentials.models import TotpCredential
from identity.credentials.passwords import Passwords
from identity.oidc.models import Client
from identity.oidc.registration import ClientRegistration, register_client
from identity.security import SecretBox, token_hash
from identity.settings import IdentitySettings
from servicekit.db import Database, utcnow
from servicekit.ratelimit import MemoryRateLimiter

DEMO_PASSWORD = "MotCua@2026"
DEMO_AGENCY = "000.00.00.G12"
#: TOTP secret of the demo system administrator (add it to an authenticator app).
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPMOTCUADEMO234567"
DEMO_MINISTRY_SECRET = "demo-ministry-secret-change-me"
#: Intake's client (client credentials, scope identity:otp) for OTP confirmations of dossiers (R-ID-3);
#: the same development value is intake's default ``INTAKE_CLIENT_SECRET``.
INTAKE_CLIENT_ID = "intake"
DEV_INTAKE_CLIENT_SECRET = "dev-intake-client-secret-change-me"
NOTIFY_CLIENT_ID = "notify"
DEV_NOTIFY_CLIENT_SECRET = "dev-notify-client-secret-change-me"
#: The suite's own services as clients of identity (client credentials): id, name, scope, development
#: secret (``IDENTITY_SEED_<ID>_CLIENT_SECRET`` replaces it).
SUITE_SERVICE_CLIENTS = (
    (
        INTAKE_CLIENT_ID,
        "motcua intake (xác nhận nộp hồ sơ bằng OTP)",
        "identity:otp",
        DEV_INTAKE_CLIENT_SECRET,
    ),
    (NOTIFY_CLIENT_ID, "motcua notify (tra cứu hồ sơ qua SMS)", "dossiers:lookup", DEV_NOTIFY_CLIENT_SECRET),
)
DEFAULT_FEDERATION_SECRET = "dev-national-portal-client-secret"

OFFICIALS: tuple[tuple[str, str, str], ...] = (
    ("tiepnhan", "reception_officer", "Phạm Thị Tiếp Nhận"),
    ("chuyenvien", "specialist", "Hoàng Văn Chuyên"),
    ("truongphong", "unit_head", "Đỗ Thị Trưởng"),
    ("lanhdao", "agency_leader", "Vũ Văn Lãnh"),
    ("qtdanhmuc", "catalog_admin", "Bùi Thị Danh Mục"),
    ("qtcoquan", "agency_admin", "Ngô Văn Quản"),
    ("qthethong", "system_admin", "Đặng Thị Hệ Thống"),
)


@dataclass
class DemoAccount:
    username: str
    kind: str
    full_name: str
    fields: dict[str, Any] = field(default_factory=dict)
    totp_secret: str | None = None


def suite_accounts() -> list[DemoAccount]:
    accounts = [
        DemoAccount(
            "001090012345",
            "citizen",
            "Nguyễn Văn An",
            {
                "so_dinh_danh": "001090012345",
                "date_of_birth": date(1990, 5, 17),
                "phone": "0912345678",
                "email": "an.nguyen@example.vn",
                "address": "Số 1 Tràng Tiền, phường Tràng Tiền, quận Hoàn Kiếm, Hà Nội",
            },
        ),
        DemoAccount(
            "0101234567",
            "organisation",
            "Công ty TNHH Dịch vụ Một Cửa",
            {
                "tax_code": "0101234567",
                "phone": "0243123456",
                "email": "lienhe@motcua-demo.example.vn",
                "address": "Số 8 Phạm Hùng, Cầu Giấy, Hà Nội",
                "representatives": [{"full_name": "Trần Văn Đại Diện", "position": "Giám đốc"}],
            },
        ),
    ]
    for username, role, name in OFFICIALS:
        accounts.append(
            DemoAccount(
                username,
                "official",
                name,
                {
                    "email": f"{username}@g12.example.gov.vn",
                    "agency_code": DEMO_AGENCY,
                    "unit": "Bộ phận Một cửa" if role == "reception_officer" else "Văn phòng Bộ",
                    "roles": [role],
                },
                totp_secret=DEMO_TOTP_SECRET if role == "system_admin" else None,
            )
        )
    return accounts


def national_accounts() -> list[DemoAccount]:
    def citizen(
        number: str, name: str, level: int, phone: str, email: str, born: date, address: str
    ) -> DemoAccount:
        return DemoAccount(
            number,
            "citizen",
            name,
            {
                "so_dinh_danh": number,
                "identity_level": level,
                "phone": phone,
                "email": email,
                "date_of_birth": born,
                "address": address,
            },
        )

    return [
        citizen(
            "001190054321",
            "Trần Thị Bình",
            1,
            "0987654321",
            "binh.tran@example.vn",
            date(1991, 3, 8),
            "Số 12 Lê Lợi, Hải Châu, Đà Nẵng",
        ),
        citizen(
            "079085001234",
            "Lê Văn Cường",
            2,
            "0903123456",
            "cuong.le@example.vn",
            date(1985, 11, 2),
            "Số 5 Nguyễn Huệ, Quận 1, TP. Hồ Chí Minh",
        ),
        citizen(
            "001090012345",
            "Nguyễn Văn An",
            2,
            "0912345678",
            "an.nguyen@example.vn",
            date(1990, 5, 17),
            "Số 1 Tràng Tiền, phường Tràng Tiền, quận Hoàn Kiếm, Hà Nội",
        ),
    ]


async def ensure_account(
    session: AsyncSession, identity: Identity, demo: DemoAccount, password: str
) -> Account:
    account = await repository.by_username(session, demo.username)
    if account is None:
        account = Account(
            id=uuid.uuid4(),
            kind=demo.kind,
            username=demo.username,
            status="active",
            full_name=demo.full_name,
            phone_verified=True,
            email_verified=True,
            **demo.fields,
        )
        session.add(account)
        await session.flush()
        await set_password(session, identity, account, password)
        if demo.totp_secret:
            session.add(
                TotpCredential(
                    account_id=account.id,
                    secret_sealed=identity.box.seal(demo.totp_secret),
                    last_step=0,
                    confirmed_at=utcnow(),
                )
            )
    return account


async def ensure_client(
    session: AsyncSession, data: ClientRegistration, *, secret: str | None = None
) -> None:
    existing = await session.get(Client, data.client_id)
    if existing is None:
        existing, _ = await register_client(session, data)
    # Development secrets are known values (printed below), re-applied on every seed.
    if secret is not None:
        existing.secret_hash = token_hash(secret)
    existing.redirect_uris = data.redirect_uris
    existing.post_logout_redirect_uris = data.post_logout_redirect_uris


def portal_client(extra_redirects: list[str] | None = None) -> ClientRegistration:
    origins = ["http://localhost:3000", "http://localhost:5173"]
    return ClientRegistration(
        client_id="portal-web",
        client_name="Cổng Dịch vụ công — giao diện web",
        token_endpoint_auth_method="none",
        redirect_uris=[f"{o}/callback" for o in origins] + (extra_redirects or []),
        post_logout_redirect_uris=[f"{o}/" for o in origins],
        grant_types=["authorization_code", "refresh_token"],
        scope="openid profile email phone address offline_access",
        first_party=True,
    )


async def seed(settings: IdentitySettings, *, out: Any = print) -> None:
    db = Database(settings.database_url, pool_size=2)
    identity = Identity(
        settings=settings,
        db=db,
        passwords=Passwords(settings),
        box=SecretBox(settings.secret_key),
        limiter=MemoryRateLimiter(),
        otp_sender=None,  # type: ignore[arg-type]
        outbox=None,  # type: ignore[arg-type]
    )
    try:
        async with db.transaction() as session:
            if settings.mode == "national":
                demos = national_accounts()
                suite = settings.oidc_issuer.rstrip("/")
                secret = os.environ.get("IDENTITY_SEED_FEDERATION_CLIENT_SECRET", DEFAULT_FEDERATION_SECRET)
                await ensure_client(
                    session,
                    ClientRegistration(
                        client_id=os.environ.get("IDENTITY_SEED_FEDERATION_CLIENT_ID", "motcua-portal"),
                        client_name="Cổng Dịch vụ công của Bộ (motcua)",
                        token_endpoint_auth_method="client_secret_basic",
                        redirect_uris=[f"{suite}/federation/callback"],
                        post_logout_redirect_uris=[f"{suite}/logged-out"],
                        grant_types=["authorization_code"],
                        scope="openid profile",
                        first_party=True,
                    ),
                    secret=secret,
                )
            else:
                demos = suite_accounts()
                await ensure_client(session, portal_client())
                await ensure_client(
                    session,
                    ClientRegistration(
                        client_id="ministry-demo",
                        client_name="Hệ thống của Bộ (tích hợp mẫu)",
                        token_endpoint_auth_method="client_secret_basic",
                        grant_types=["client_credentials"],
                        scope="dossiers:read",
                        system_roles=["integration"],
                        system_agencies=[DEMO_AGENCY],
                    ),
                    secret=DEMO_MINISTRY_SECRET,
                )
                for client_id, name, scope, secret in SUITE_SERVICE_CLIENTS:
                    await ensure_client(
                        session,
                        ClientRegistration(
                            client_id=client_id,
                            client_name=name,
                            token_endpoint_auth_method="client_secret_basic",
                            grant_types=["client_credentials"],
                            scope=scope,
                        ),
                        secret=os.environ.get(f"IDENTITY_SEED_{client_id.upper()}_CLIENT_SECRET", secret),
                    )
            for demo in demos:
                await ensure_account(session, identity, demo, DEMO_PASSWORD)
    finally:
        await db.dispose()
    for line in demo_logins(settings):
        out(line)


def demo_logins(settings: IdentitySettings) -> list[str]:
    """The lines the stack prints at start-up."""
    if settings.mode == "national":
        lines = [
            f"national portal (mô phỏng) {settings.issuer}{settings.endpoint_prefix}/account"
            f" — password {DEMO_PASSWORD}"
        ]
        lines += [
            f"  {d.username:<14} {d.full_name} (level {d.fields['identity_level']})"
            for d in national_accounts()
        ]
        return lines
    lines = [f"demo logins at {settings.issuer} — password {DEMO_PASSWORD}"]
    for d in suite_accounts():
        role = ", ".join(d.fields.get("roles", [])) or d.kind
        extra = (
            f", TOTP secret {d.totp_secret}"
            if d.totp_secret
            else (", OTP by email" if d.kind == "official" else "")
        )
        lines.append(f"  {d.username:<14} {d.full_name} ({role}{extra})")
    lines.append(f"  client portal-web (public, PKCE); client ministry-demo secret {DEMO_MINISTRY_SECRET}")
    return lines


def main() -> None:
    asyncio.run(seed(IdentitySettings()))


if __name__ == "__main__":
    main()
