"""Helpers shared by the end-to-end tests: reading a service's database, and filing dossiers the ways the
suite offers — a citizen's draft submitted online with an OTP (a stack where identity signs the tokens),
or a paper dossier registered and received at the one-stop desk by a reception officer."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Any

import asyncpg
import httpx

from servicekit.testing import TokenFactory, eventually

#: The ministry where the demo officials of identity's seed work, and its demo procedure (level 3,
#: one e-form, a conditional attachment, 10 working days): "Cấp thẻ thẩm định viên về giá".
AGENCY = "000.00.00.G12"
PROCEDURE = "1.005129"
FORM = "DN-TDV"


async def fetch(stack: Any, service: str, query: str, *args: Any) -> list[asyncpg.Record]:
    """Read a service's own database directly, as an operator would, to check invariants."""
    url = stack.database_url(service).replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(url)
    try:
        return list(await conn.fetch(query, *args))
    finally:
        await conn.close()


def form_data(**overrides: Any) -> dict[str, Any]:
    """A complete, valid DN-TDV (the e-form of the demo procedure)."""
    data: dict[str, Any] = {
        "nguoi_yeu_cau": {"ho_ten": "Nguyễn Văn An", "so_dinh_danh": "001090012345"},
        "so_chung_chi": "TĐG-2019-0457",
        "ngay_cap_chung_chi": "2019-08-15",
        "noi_cong_tac": "Công ty Cổ phần Thẩm định giá Hà Nội",
    }
    data.update(overrides)
    return data


def dossier_body(**overrides: Any) -> dict[str, Any]:
    """The body of ``POST /v1/dossiers`` (a draft) for the demo procedure, ready to submit."""
    body: dict[str, Any] = {"procedure_code": PROCEDURE, "forms": {FORM: form_data()}}
    body.update(overrides)
    return body


def officer(
    tokens: TokenFactory, agency: str = AGENCY, *, name: str = "Phạm Thị Tiếp Nhận"
) -> dict[str, str]:
    return tokens.headers(
        f"officer-{uuid.uuid4()}", kind="official", roles=["reception_officer"], agencies=[agency], name=name
    )


def etag(dossier: dict[str, Any]) -> dict[str, str]:
    return {"If-Match": f'"{dossier["version"]}"'}


async def file_at_counter(
    gateway: httpx.AsyncClient, tokens: TokenFactory, applicant_subject: str, *, name: str = "Nguyễn Văn An"
) -> dict[str, Any]:
    """A reception officer registers the applicant's paper dossier at the counter (R-INT-1): it is
    filed at once (dossier.submitted) for the applicant's account."""
    body = {
        "procedure_code": PROCEDURE,
        "channel": "desk",
        "applicant": {
            "name": name,
            "personal_id": "001090012345",
            "phone": "0912345678",
            "address": "Số 1 Tràng Tiền, phường Tràng Tiền, quận Hoàn Kiếm, Hà Nội",
            "account_subject": applicant_subject,
        },
        "forms": {FORM: form_data(nguoi_yeu_cau={"ho_ten": name, "so_dinh_danh": "001090012345"})},
    }
    headers = officer(tokens) | {"Idempotency-Key": str(uuid.uuid4())}
    response = await gateway.post("/v1/reception/dossiers", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


async def receive(
    gateway: httpx.AsyncClient, tokens: TokenFactory, dossier: dict[str, Any]
) -> dict[str, Any]:
    """The desk receives a complete dossier: code, appointment date, receipt, dossier.received."""
    response = await gateway.post(
        f"/v1/reception/dossiers/{dossier['id']}/acceptance", json={}, headers=officer(tokens) | etag(dossier)
    )
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def file_and_receive(
    gateway: httpx.AsyncClient, tokens: TokenFactory, applicant_subject: str
) -> dict[str, Any]:
    return await receive(gateway, tokens, await file_at_counter(gateway, tokens, applicant_subject))


async def otp_from_mail(stack: Any, address: str, *, since: str) -> str:
    """The newest six-digit code the stack's mail sink received for ``address`` since ``since``."""
    assert stack.mail_sink_url is not None

    async def probe() -> str | None:
        async with httpx.AsyncClient() as client:
            found = (
                await client.get(f"{stack.mail_sink_url}/messages", params={"to": address, "since": since})
            ).json()
        for message in reversed(found):
            match = re.search(r"\b(\d{6})\b", message.get("text") or "")
            if match:
                return match.group(1)
        return None

    return await eventually(probe, timeout=30, message=f"an OTP email to {address}")


async def submit_online(
    api: httpx.AsyncClient, stack: Any, headers: dict[str, str], dossier: dict[str, Any], *, email: str
) -> dict[str, Any]:
    """The applicant confirms the submission with the code identity sends to their email (R-ID-3)."""
    since = datetime.now(UTC).isoformat()
    path = f"/v1/dossiers/{dossier['id']}/submission"
    sent = await api.post(f"{path}/otp", json={"channel": "email"}, headers=headers)
    assert sent.status_code == 201, sent.text
    code = await otp_from_mail(stack, email, since=since)
    body = {"otp": {"challenge_id": sent.json()["challenge_id"], "code": code}}
    filed = await api.post(
        path, json=body, headers=headers | etag(dossier) | {"Idempotency-Key": str(uuid.uuid4())}
    )
    assert filed.status_code == 200, filed.text
    return filed.json()  # type: ignore[no-any-return]
