"""Issue 6, done when #1 — the whole intake journey through the gateway, with identity signing the tokens:
a citizen signs in (OpenID Connect, code + PKCE), starts a dossier whose e-form is pre-filled from their
profile (R-CAT-4, R-ID-2), uploads a document, submits with a code identity sends them (R-ID-3); the
desk asks for a supplement listing everything at once (R-INT-3, form 02); the citizen supplements; the
desk receives it: the receipt (form 01) carries the dossier code and the appointment date counted in
working days past a day off the agency declared (R-FMT-2, R-FMT-8); the public lookup shows the
limited view, the owner's lookup the full one (R-LOOK-1/2)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import httpx
from stack import Stack

from servicekit.calendar import WorkingCalendar
from servicekit.documents import vn_date
from servicekit.documents.testing import embedded_qr_matrices, pdf_text
from servicekit.testing import TokenFactory, eventually
from tests.e2e.identity_support import DEMO_PASSWORD, Portal, form_fields
from tests.e2e.support import etag, fetch, submit_online

pytest_plugins = ["tests.e2e.identity_support"]

CITIZEN = "001090012345"  # Nguyễn Văn An in identity's demo data, email an.nguyen@example.vn
PROCEDURE = "1.000401"  # Cấp lại sổ BHXH, thẻ BHYT: level 4, 5 working days, no fee
AGENCY = "000.00.25.H49"  # Bảo hiểm xã hội tỉnh Quảng Ninh
FORM = "TK1-TS"
CALENDAR_CHANGED = "vn.motcua.calendar.changed.v1"


async def sign_in(stack: Stack, site: Portal, user: httpx.AsyncClient) -> str:
    """What the citizen does in a browser: open the portal, sign in at the provider; the portal's token."""
    page = await user.get(f"{site.base_url}/login")
    gateway = stack.url("gateway").replace("127.0.0.1", "localhost")
    landed = await user.post(
        f"{gateway}/oidc/login",
        data={**form_fields(page.text), "username": CITIZEN, "password": DEMO_PASSWORD},
    )
    assert 'id="signed-in"' in landed.text, landed.text
    return str(site.token_of("Nguyễn Văn An")["access_token"])


def minted(stack: Stack) -> TokenFactory:
    """Officials' tokens signed with the stack's development key, which identity publishes in development."""
    return TokenFactory.from_private_jwk(stack.signing_key_path, issuer=stack.issuer)


async def declare_day_off(api: httpx.AsyncClient, stack: Stack, admin: dict[str, str], day: date) -> None:
    """The agency's catalogue administrator declares ``day`` off; intake hears calendar.changed."""
    before = await fetch(
        stack, "intake", "select count(*) as n from inbox where event_type = $1", CALENDAR_CHANGED
    )
    declared = await api.put(
        f"/v1/agencies/{AGENCY}/calendar/overrides/{day.isoformat()}",
        json={"kind": "day_off", "note": "Nghỉ bù theo thông báo của UBND tỉnh (thử nghiệm đầu-cuối)"},
        headers=admin,
    )
    assert declared.status_code in (200, 201), declared.text

    async def heard() -> bool:
        rows = await fetch(
            stack, "intake", "select count(*) as n from inbox where event_type = $1", CALENDAR_CHANGED
        )
        return int(rows[0]["n"]) > int(before[0]["n"])

    await eventually(heard, timeout=60, message="intake consuming calendar.changed")


async def letter(api: httpx.AsyncClient, headers: dict[str, str], dossier_id: str, kind: str) -> bytes:
    async def issued() -> dict[str, Any] | None:
        items = (await api.get(f"/v1/dossiers/{dossier_id}/letters", headers=headers)).json()["items"]
        return next((i for i in items if i["kind"] == kind and i["status"] == "issued"), None)

    found = await eventually(issued, timeout=60, message=f"the {kind} letter")
    response = await api.get(found["content_url"], headers=headers)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    return response.content


async def test_a_citizen_files_online_the_desk_asks_once_then_receives_and_the_lookup_tells(
    identity_stack: Stack, portal: Portal
) -> None:
    stack = identity_stack
    tokens = minted(stack)
    officer = tokens.headers(
        f"officer-{uuid.uuid4()}",
        kind="official",
        roles=["reception_officer"],
        agencies=[AGENCY],
        name="Phạm Thị Tiếp Nhận",
    )
    admin = tokens.headers(
        f"admin-{uuid.uuid4()}", kind="official", roles=["catalog_admin"], agencies=[AGENCY]
    )

    async with httpx.AsyncClient(follow_redirects=True, timeout=30) as browser:
        token = await sign_in(stack, portal, browser)
    citizen = {"Authorization": f"Bearer {token}"}

    async with httpx.AsyncClient(base_url=stack.url("gateway"), timeout=30) as api:
        # 1. A draft, pre-filled from the profile the citizen signed in with (R-CAT-4, R-ID-2).
        created = await api.post(
            "/v1/dossiers",
            json={"procedure_code": PROCEDURE},
            headers=citizen | {"Idempotency-Key": str(uuid.uuid4())},
        )
        assert created.status_code == 201, created.text
        draft = created.json()
        person = draft["forms"][FORM]["nguoi_yeu_cau"]
        assert (person["ho_ten"], person["so_dinh_danh"], person["dien_thoai"]) == (
            "Nguyễn Văn An",
            CITIZEN,
            "0912345678",
        )
        assert {e["field"] for e in draft["form_errors"]} == {
            f"forms.{FORM}.ma_so_bhxh",
            f"forms.{FORM}.noi_dung",
        }
        saved = await api.patch(
            f"/v1/dossiers/{draft['id']}",
            json={
                "forms": {
                    FORM: draft["forms"][FORM]
                    | {"ma_so_bhxh": "0123456789", "noi_dung": "Điều chỉnh thông tin"}
                }
            },
            headers=citizen | etag(draft),
        )
        assert saved.status_code == 200 and saved.json()["form_errors"] == [], saved.text

        # 2. A document for the conditional component, checked by its content.
        scan = b"%PDF-1.7\n" + b"1 0 obj << /Type /Catalog >> endobj\n" * 200 + b"%%EOF"
        uploaded = await api.post(
            f"/v1/dossiers/{draft['id']}/documents",
            data={"component_code": "TP2"},
            files={"file": ("giay-khai-sinh.pdf", scan, "application/pdf")},
            headers=citizen,
        )
        assert uploaded.status_code == 201, uploaded.text

        # 3. Submitted with the code identity sends by email (R-ID-3).
        current = (await api.get(f"/v1/dossiers/{draft['id']}", headers=citizen)).json()
        filed = await submit_online(api, stack, citizen, current, email="an.nguyen@example.vn")
        assert filed["status"]["value"] == "submitted" and filed["submission_method"] == "otp"

        # 4. The desk asks for everything at once (R-INT-3), on form 02.
        queue = (await api.get("/v1/reception/queue", params={"limit": 100}, headers=officer)).json()["items"]
        assert filed["id"] in [d["id"] for d in queue]
        items = [
            {
                "component_code": "TP2",
                "reason": "Bản chụp giấy khai sinh không rõ ngày sinh cần điều chỉnh.",
                "guidance": "Chụp lại bản chính giấy khai sinh, rõ nét, đủ bốn góc.",
            }
        ]
        asked = await api.post(
            f"/v1/reception/dossiers/{filed['id']}/supplement-request",
            json={"items": items},
            headers=officer | etag(filed),
        )
        assert asked.status_code == 200, asked.text
        request_text = pdf_text(await letter(api, citizen, filed["id"], "supplement_request"))
        assert items[0]["reason"] in request_text and items[0]["guidance"] in request_text

        # 5. The citizen supplements: a clearer scan, then back to the desk's queue.
        clearer = await api.post(
            f"/v1/dossiers/{filed['id']}/documents",
            data={"component_code": "TP2"},
            files={"file": ("giay-khai-sinh-ro.pdf", scan + b"\n% ro net", "application/pdf")},
            headers=citizen,
        )
        assert clearer.status_code == 201, clearer.text
        current = (await api.get(f"/v1/dossiers/{filed['id']}", headers=citizen)).json()
        back = await api.post(
            f"/v1/dossiers/{filed['id']}/supplement",
            headers=citizen | etag(current) | {"Idempotency-Key": str(uuid.uuid4())},
        )
        assert back.status_code == 200 and back.json()["status"]["value"] == "submitted", back.text

        # 6. The agency declares the next working day off; the desk receives the dossier.
        plain = WorkingCalendar()
        reception = plain.reception_date(datetime.now(UTC))
        day_off = plain.next_working_day(reception)
        await declare_day_off(api, stack, admin, day_off)
        try:
            received = await api.post(
                f"/v1/reception/dossiers/{filed['id']}/acceptance",
                json={},
                headers=officer | etag(back.json()),
            )
            assert received.status_code == 200, received.text
            dossier = received.json()
        finally:
            await api.delete(f"/v1/agencies/{AGENCY}/calendar/overrides/{day_off.isoformat()}", headers=admin)
        with_day_off = WorkingCalendar(extra_days_off=[day_off])
        reception_date = with_day_off.reception_date(datetime.fromisoformat(dossier["received_at"]))
        appointment = with_day_off.due_date(reception_date, 5)
        assert dossier["appointment_date"] == appointment.isoformat()
        assert reception_date < day_off < appointment  # the day off was skipped (R-FMT-7, R-FMT-8)
        assert appointment > plain.due_date(reception_date, 5) or reception_date >= day_off
        code = dossier["code"]
        assert code.startswith(f"{AGENCY}-{reception_date:%y%m%d}-")

        # 7. The receipt (form 01): the code, its QR code, the appointment date — all from the data.
        receipt = await letter(api, citizen, filed["id"], "receipt")
        text = pdf_text(receipt)
        assert f"Mã hồ sơ: {code}" in text
        assert vn_date(appointment) in text
        assert "Nguyễn Văn An" in text and "5 ngày làm việc" in text
        assert embedded_qr_matrices(receipt)

        # 8. Lookup: the public sees the code, procedure and progress; the owner everything.
        public = await api.get(f"/v1/lookup/{code}")
        assert public.status_code == 200
        # Received, or already being processed if workflow started on it meanwhile (its own pace).
        assert public.json() | {"procedure_name": "…"} in (
            {
                "dossier_code": code,
                "procedure_code": PROCEDURE,
                "procedure_name": "…",
                "status": status,
                "status_label": label,
                "details": None,
            }
            for status, label in (("received", "Đã tiếp nhận"), ("processing", "Đang xử lý"))
        )
        assert "Nguyễn Văn An" not in public.text
        mine = (await api.get(f"/v1/lookup/{code}", headers=citizen)).json()["details"]
        assert mine["appointment_date"] == appointment.isoformat()
        assert mine["reception_date"] == reception_date.isoformat()
        assert mine["agency"]["name"] == "Bảo hiểm xã hội tỉnh Quảng Ninh"
        assert [d["filename"] for d in mine["documents"]] == ["giay-khai-sinh.pdf", "giay-khai-sinh-ro.pdf"]
        moves = [entry["action"] for entry in mine["history"] if entry["to_status"]]
        assert moves[:5] == ["draft_created", "submitted", "supplement_requested", "supplemented", "received"]
        assert moves[5:] in ([], ["processing_started"]), moves
        assert {letter_["kind"] for letter_ in mine["letters"]} == {"supplement_request", "receipt"}
