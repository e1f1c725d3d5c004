"""Intake's service tests run the real neighbours it talks to: the catalogue (seeded with the demo
procedures) and identity (seeded with the demo accounts and intake's client), each in-process on its
own database and served on a real local port, as intake reaches them over HTTP. Identity sends OTP
codes to a small receiver speaking notify's contract, where the tests read them."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from servicekit.app import runtime_of
from servicekit.testing import TokenFactory
from servicekit.testing.plugin import service_under_test

REPO = Path(__file__).resolve().parents[3]
#: The demo procedure most tests file: level 4, no fees, one e-form (TK1-TS) and one conditional
#: attachment (TP2), 5 working days, decided by BHXH Quảng Ninh.
SO_BHXH = "1.000401"
BHXH_QN = "000.00.25.H49"
#: Level 4 with fees paid online (online_payment): payment is due on reception.
LY_LICH_TU_PHAP = "2.000488"
#: The demo citizen of identity's seed (phone 0912345678).
DEMO_CITIZEN = "001090012345"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.asynccontextmanager
async def serve(app: FastAPI) -> AsyncIterator[str]:
    """Serve an app whose lifespan already runs (service_under_test) on a free local port."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@dataclass
class OtpReceiver:
    """Stand-in for notify's ``POST /internal/v1/otp-deliveries``: keeps the codes identity sends."""

    deliveries: list[dict[str, Any]] = field(default_factory=list)

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/internal/v1/otp-deliveries")
        async def deliver(request: Request) -> JSONResponse:
            self.deliveries.append(await request.json())
            return JSONResponse({"status": "accepted"}, status_code=202)

        return app

    def latest(self, address: str) -> str:
        for delivery in reversed(self.deliveries):
            if delivery["address"] == address:
                return str(delivery["code"])
        raise AssertionError(f"no code sent to {address}")


@contextlib.asynccontextmanager
async def running_catalog(pg_server_url: str, kafka: str, tokens: TokenFactory) -> AsyncIterator[str]:
    from catalog import seed
    from catalog.app import create_app
    from catalog.db import tables
    from catalog.settings import CatalogSettings
    from servicekit.outbox import Outbox

    async with service_under_test(
        create_app,
        CatalogSettings,
        REPO / "services" / "catalog",
        server_url=pg_server_url,
        kafka_bootstrap=kafka,
        tokens=tokens,
    ) as (_, app):
        async with runtime_of(app).db.transaction() as session:
            await seed.seed(session, Outbox(tables, service="catalog"))
        async with serve(app) as url:
            yield url


@dataclass
class Identity:
    url: str
    app: FastAPI
    otp: OtpReceiver

    async def account_id(self, username: str) -> str:
        from identity.accounts import repository

        async with runtime_of(self.app).db.transaction() as session:
            account = await repository.by_username(session, username)
            assert account is not None
            return str(account.id)

    async def new_citizen(self, *, phone: str | None = None, name: str = "Lê Thị Hoa") -> str:
        """A verified citizen account (as registration leaves it); returns its subject."""
        from identity.accounts.models import Account

        account_id = uuid.uuid4()
        async with runtime_of(self.app).db.transaction() as session:
            session.add(
                Account(
                    id=account_id,
                    kind="citizen",
                    username=str(uuid.uuid4().int)[:12],
                    status="active",
                    full_name=name,
                    phone=phone,
                    phone_verified=phone is not None,
                    email_verified=False,
                )
            )
        return str(account_id)


@contextlib.asynccontextmanager
async def running_identity(pg_server_url: str, kafka: str, tokens: TokenFactory) -> AsyncIterator[Identity]:
    from identity.app import create_app
    from identity.seed import seed
    from identity.settings import IdentitySettings

    receiver = OtpReceiver()
    async with (
        serve(receiver.app()) as notify_url,
        service_under_test(
            create_app,
            IdentitySettings,
            REPO / "services" / "identity",
            server_url=pg_server_url,
            kafka_bootstrap=kafka,
            tokens=tokens,
            notify_base_url=notify_url,
            argon2_time_cost=1,
            argon2_memory_kib=1024,
            argon2_parallelism=1,
            otp_sends_per_subject_hour=1000,
            otp_sends_per_ip_hour=1000,
            otp_resend_cooldown=0,
        ) as (_, app),
    ):
        await seed(app.state.identity.settings, out=lambda _line: None)
        async with serve(app) as url:
            yield Identity(url=url, app=app, otp=receiver)


@dataclass
class Suite:
    """Intake in-process (``client``), and the catalogue and identity it calls."""

    client: httpx.AsyncClient
    app: FastAPI
    tokens: TokenFactory
    identity: Identity
    catalog_url: str
    kafka: str

    def citizen(self, subject: str | None = None, **claims: Any) -> dict[str, str]:
        return self.tokens.headers(subject or f"citizen-{uuid.uuid4()}", **claims)

    def officer(
        self, agency: str = BHXH_QN, *, roles: tuple[str, ...] = ("reception_officer",)
    ) -> dict[str, str]:
        return self.tokens.headers(
            f"officer-{uuid.uuid4()}", kind="official", roles=list(roles), agencies=[agency]
        )


@contextlib.asynccontextmanager
async def running_suite(
    pg_server_url: str, kafka: str, tokens: TokenFactory, **intake_settings: Any
) -> AsyncIterator[Suite]:
    from intake.app import create_app
    from intake.settings import IntakeSettings

    async with (
        running_catalog(pg_server_url, kafka, tokens) as catalog_url,
        running_identity(pg_server_url, kafka, tokens) as identity,
        service_under_test(
            create_app,
            IntakeSettings,
            REPO / "services" / "intake",
            server_url=pg_server_url,
            kafka_bootstrap=kafka,
            tokens=tokens,
            service_base_url_catalog=catalog_url,
            service_base_url_identity=identity.url,
            **intake_settings,
        ) as (client, app),
    ):
        yield Suite(client, app, tokens, identity, catalog_url, kafka)


def idem() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


#: Level 4 maternity benefit: its attachment TP2 (copy of the birth certificate) is required;
#: accepted pdf/jpg/png up to 10 MB.
THAI_SAN = "2.000013"


def pdf_bytes(size: int = 2048, *, marker: bytes = b"") -> bytes:
    """Bytes a PDF reader recognises (magic %PDF-), padded to ``size``."""
    head = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + marker
    return head + b"0" * max(0, size - len(head) - 6) + b"\n%%EOF"


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 200
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 400


async def draft(suite: Suite, headers: dict[str, str], procedure: str, **body: Any) -> dict[str, Any]:
    response = await suite.client.post(
        "/v1/dossiers", json={"procedure_code": procedure, "prefill": False} | body, headers=headers | idem()
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


async def upload(
    suite: Suite, headers: dict[str, str], dossier_id: str, component: str, name: str, content: bytes
) -> httpx.Response:
    return await suite.client.post(
        f"/v1/dossiers/{dossier_id}/documents",
        data={"component_code": component},
        files={"file": (name, content, "application/octet-stream")},
        headers=headers,
    )


def person(name: str = "Lê Thị Hoa", personal_id: str = "001190054321") -> dict[str, str]:
    return {"ho_ten": name, "so_dinh_danh": personal_id}


def bhxh_form(**extra: Any) -> dict[str, Any]:
    """A complete, valid TK1-TS (the e-form of 1.000401)."""
    return {
        "TK1-TS": {"nguoi_yeu_cau": person(), "ma_so_bhxh": "0123456789", "noi_dung": "Cấp lại sổ"} | extra
    }


async def submit_with_otp(
    suite: Suite, headers: dict[str, str], dossier: dict[str, Any], phone: str
) -> httpx.Response:
    """Ask for the code, read it where identity sent it, and submit with it."""
    path = f"/v1/dossiers/{dossier['id']}/submission"
    sent = await suite.client.post(f"{path}/otp", json={}, headers=headers)
    assert sent.status_code == 201, sent.text
    code = suite.identity.otp.latest(phone)
    body = {"otp": {"challenge_id": sent.json()["challenge_id"], "code": code}}
    return await suite.client.post(
        path, json=body, headers=headers | idem() | {"If-Match": f'"{dossier["version"]}"'}
    )


async def filed_dossier(
    suite: Suite, *, procedure: str = SO_BHXH, forms: dict[str, Any] | None = None
) -> tuple[dict[str, str], dict[str, Any]]:
    """A citizen with a phone, and a dossier of theirs submitted online with an OTP."""
    phone = "09" + str(uuid.uuid4().int % 10**8).zfill(8)
    subject = await suite.identity.new_citizen(phone=phone)
    headers = suite.citizen(subject, name="Lê Thị Hoa")
    dossier = await draft(suite, headers, procedure, forms=forms or bhxh_form())
    submitted = await submit_with_otp(suite, headers, dossier, phone)
    assert submitted.status_code == 200, submitted.text
    return headers, submitted.json()


async def letter_pdf(suite: Suite, headers: dict[str, str], dossier_id: str, kind: str) -> bytes:
    """The letter of that kind once the letter worker has issued it."""
    from servicekit.testing import eventually

    async def issued() -> dict[str, Any] | None:
        items = (await suite.client.get(f"/v1/dossiers/{dossier_id}/letters", headers=headers)).json()[
            "items"
        ]
        return next((i for i in items if i["kind"] == kind and i["status"] == "issued"), None)

    letter = await eventually(issued, timeout=30, message=f"the {kind} letter")
    response = await suite.client.get(letter["content_url"], headers=headers)
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    return response.content


async def counter_dossier(
    suite: Suite,
    officer: dict[str, str],
    *,
    procedure: str = SO_BHXH,
    forms: dict[str, Any] | None = None,
    **body: Any,
) -> dict[str, Any]:
    """A paper dossier registered at the counter by a reception officer."""
    request = {
        "procedure_code": procedure,
        "channel": "desk",
        "applicant": {
            "name": "Phạm Văn Đức",
            "personal_id": "022090001234",
            "phone": "0912000111",
            "address": "Số 5 phố Cột Đồng Hồ, phường Hồng Gai, tỉnh Quảng Ninh",
        },
        "forms": bhxh_form() if forms is None else forms,
    } | body
    response = await suite.client.post("/v1/reception/dossiers", json=request, headers=officer | idem())
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]
