"""Issue 3, done when #1: lifecycle events published on the real broker in the contracts' shape reach
the applicant as the regulations require — emails in the SMTP sink (code, dates, every item), SMS in
the provider simulator, entries in the in-app inbox read through the gateway — and reach a ministry
system as signed webhooks that it verifies. (Lookup by SMS, R-LOOK-2: test_sms_lookup_budget.py, in the identity stack.)"""

from __future__ import annotations

from datetime import date, timedelta

import httpx
import pytest

from contracts.events import (
    DOSSIER_EXTENDED,
    DOSSIER_RECEIVED,
    DOSSIER_RESOLVED,
    DOSSIER_SUPPLEMENT_REQUESTED,
    DossierExtended,
    DossierResolved,
    DossierSupplementRequested,
    SupplementItem,
)
from servicekit.db import utcnow
from servicekit.testing import TokenFactory, eventually
from tests.e2e.notify_support import (
    emit,
    reception,
    register_citizen,
    running_receiver,
    subscribe,
    unique_email,
    unique_phone,
    wait_mails,
    wait_sms,
)
from tests.e2e.support import AGENCY

pytestmark = pytest.mark.e2e

TYPES = [
    "vn.motcua.dossier.received.v1",
    "vn.motcua.dossier.supplement_requested.v1",
    "vn.motcua.dossier.extended.v1",
    "vn.motcua.dossier.resolved.v1",
]


async def test_lifecycle_events_become_emails_sms_inbox_entries_and_signed_webhooks(
    stack,  # type: ignore[no-untyped-def]
    gateway: httpx.AsyncClient,
    e2e_tokens: TokenFactory,
) -> None:
    email, phone = unique_email(), unique_phone()
    citizen = await register_citizen(stack, e2e_tokens, email=email, phone=phone)
    async with running_receiver() as receiver:
        await subscribe(gateway, e2e_tokens, receiver, TYPES)

        received = reception(citizen, appointment=date(2026, 12, 4))
        dossier, code = received.dossier_id, received.dossier_code
        common = {
            "dossier_id": dossier,
            "dossier_code": code,
            "agency_code": AGENCY,
            "procedure_code": "1.005129",
            "applicant_subject": citizen,
        }
        items = (
            SupplementItem(
                name="Bản sao Giấy khai sinh", reason="Bản chụp bị mờ", guidance="Chụp lại rõ nét"
            ),
            SupplementItem(name="Tờ khai", reason="Thiếu chữ ký", guidance="Ký ở trang cuối"),
        )
        events = [
            (DOSSIER_RECEIVED, received),
            (
                DOSSIER_SUPPLEMENT_REQUESTED,
                DossierSupplementRequested(
                    **common, occurred_at=utcnow(), at_desk=False, items=items, requested_by="o-1"
                ),
            ),
            (
                DOSSIER_EXTENDED,
                DossierExtended(
                    **common,
                    occurred_at=utcnow(),
                    previous_appointment_date=date(2026, 12, 4),
                    new_appointment_date=date(2026, 12, 11),
                    reason="Cần xác minh thêm với cơ quan liên quan",
                ),
            ),
            (
                DOSSIER_RESOLVED,
                DossierResolved(
                    **common,
                    occurred_at=utcnow(),
                    decided_by="leader-1",
                    appointment_date=utcnow().date() + timedelta(days=7),
                    on_time=True,
                ),
            ),
        ]
        ids = [(await emit(stack, t, payload, key=str(dossier))).id for t, payload in events]

        # Email: one per notice, with the code, the dates and every item (R-INT-3, R-PROC-8, R-RES-1).
        # Messages are sent concurrently: arrival order is not part of the contract.
        subjects = {
            "received": f"Hồ sơ {code} đã được tiếp nhận",
            "supplement": f"Yêu cầu bổ sung, hoàn thiện hồ sơ {code}",
            "extended": f"Xin lỗi và hẹn lại ngày trả kết quả hồ sơ {code}",
            "early": f"Hồ sơ {code} có kết quả sớm",
        }
        # The real workflow takes the reception as its start and says processing began: a fifth notice.
        processing = f"Hồ sơ {code} đang được giải quyết"
        mails = {m["subject"]: m for m in await wait_mails(stack, email, 5)}
        assert set(mails) == {*subjects.values(), processing}
        receipt = mails[subjects["received"]]["text"]
        assert "Kính gửi Trần Thị Bình," in receipt and "Ngày hẹn trả kết quả: 04/12/2026." in receipt
        for n, item in enumerate(items, start=1):
            line = f"{n}. {item.name}\nLý do: {item.reason}\nHướng dẫn: {item.guidance}"
            assert line in mails[subjects["supplement"]]["text"]
        apology = mails[subjects["extended"]]["text"]
        assert "04/12/2026" in apology and "Ngày hẹn trả kết quả mới: 11/12/2026." in apology
        early = mails[subjects["early"]]
        assert code in (early["html"] or "") and early["from"].startswith("Cổng Dịch vụ công")

        # SMS: the same notices, in Vietnamese with diacritics.
        texts = sorted(m["content"] for m in await wait_sms(stack, phone, 5))
        assert f"Hồ sơ {code} đã được tiếp nhận. Ngày hẹn trả kết quả: 04/12/2026." in texts
        assert [t for t in texts if t.startswith(f"Hồ sơ {code} cần bổ sung 2 nội dung.")]
        assert [t for t in texts if "Ngày hẹn mới: 11/12/2026." in t]
        assert [t for t in texts if "có kết quả sớm" in t]

        # In-app inbox, through the gateway: every legal notice.
        async def inbox() -> list[dict[str, object]] | None:
            answer = await gateway.get("/v1/inbox", headers=e2e_tokens.headers(citizen))
            found: list[dict[str, object]] = answer.json()["items"]
            return found if len(found) == 5 else None

        entries = await eventually(inbox, timeout=30, message="five inbox entries")
        assert {e["title"] for e in entries} == {*subjects.values(), processing}
        assert {e["dossier_id"] for e in entries} == {str(dossier)}

        # Webhooks: each event once, verified by the receiver, as the structured CloudEvent.
        async def webhooks() -> bool:
            return len(receiver.accepted()) == 4

        await eventually(webhooks, timeout=30, message="four verified webhook deliveries")
        by_id = {d.event["id"]: d.event for d in receiver.accepted()}
        assert set(by_id) == set(ids)
        assert [by_id[i]["type"] for i in ids] == TYPES
        assert by_id[ids[0]]["data"]["dossier_code"] == code
        assert len({d.webhook_id for d in receiver.accepted()}) == 4
        assert all(d.valid for d in receiver.deliveries)
