"""After reception (issue 6 scopes 7–9): the public status kept in step with workflow's and payments'
events (DESIGN §3), the lookup by code — limited without signing in, full for the owner and the agency
(R-LOOK-1/2) —, withdrawal by the applicant, and the result returned at the desk, by post or online
(R-RES-1), where it also joins the applicant's document store (R-INT-5)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from contracts.events import (
    DOSSIER_PROCESSING_STARTED,
    DOSSIER_RECEIVED,
    DOSSIER_RESOLVED,
    DOSSIER_SUPPLEMENT_REQUESTED,
    DOSSIER_WITHDRAWN,
    PAYMENT_REQUESTED,
    PAYMENT_SUCCEEDED,
    PROCESS_PROGRESSED,
    DossierProcessingStarted,
    DossierResolved,
    DossierSupplementRequested,
    FeeLine,
    PaymentMethod,
    PaymentRequested,
    PaymentSucceeded,
    ProcessProgressed,
    SupplementItem,
)
from contracts.events.process import ProcessAction
from intake.db import tables
from intake.dossiers.models import Dossier
from servicekit.app import runtime_of
from servicekit.testing import eventually
from servicekit.testing.kafka import publish
from services.intake.tests.support import (
    BHXH_QN,
    LY_LICH_TU_PHAP,
    PNG,
    Suite,
    filed_dossier,
    idem,
    pdf_bytes,
    person,
    upload,
)


def etag(dossier: dict[str, Any]) -> dict[str, str]:
    return {"If-Match": f'"{dossier["version"]}"'}


def base(dossier: dict[str, Any]) -> dict[str, Any]:
    return {
        "dossier_id": uuid.UUID(dossier["id"]),
        "dossier_code": dossier["code"],
        "agency_code": dossier["agency"]["code"],
        "procedure_code": dossier["procedure"]["code"],
        "applicant_subject": "ignored-by-intake",
        "occurred_at": datetime.now(UTC),
    }


async def received_dossier(suite: Suite, **kwargs: Any) -> tuple[dict[str, str], dict[str, Any]]:
    owner, dossier = await filed_dossier(suite, **kwargs)
    officer = suite.officer(dossier["agency"]["code"])
    received = await suite.client.post(
        f"/v1/reception/dossiers/{dossier['id']}/acceptance", json={}, headers=officer | etag(dossier)
    )
    assert received.status_code == 200, received.text
    return owner, received.json()


async def status_of(suite: Suite, owner: dict[str, str], dossier_id: str) -> str:
    return str(
        (await suite.client.get(f"/v1/dossiers/{dossier_id}", headers=owner)).json()["status"]["value"]
    )


async def until_status(suite: Suite, owner: dict[str, str], dossier_id: str, wanted: str) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        body = (await suite.client.get(f"/v1/dossiers/{dossier_id}", headers=owner)).json()
        return body if body["status"]["value"] == wanted else None

    return await eventually(probe, timeout=30, message=f"status {wanted}")


async def test_the_public_sees_the_code_and_progress_only_the_owner_sees_everything(suite: Suite) -> None:
    owner, dossier = await received_dossier(suite)
    path = f"/v1/lookup/{dossier['code']}"
    anonymous = await suite.client.get(path, headers={"X-Forwarded-For": f"10.0.{uuid.uuid4().int % 250}.1"})
    assert anonymous.status_code == 200, anonymous.text
    public = anonymous.json()
    # R-LOOK-1: the code, the procedure and the degree of completion — nothing about the person.
    assert public == {
        "dossier_code": dossier["code"],
        "procedure_code": "1.000401",
        "procedure_name": dossier["procedure"]["name"],
        "status": "received",
        "status_label": "Đã tiếp nhận",
        "details": None,
    }
    assert "Lê Thị Hoa" not in anonymous.text
    stranger = await suite.client.get(path, headers=suite.citizen())
    assert stranger.json()["details"] is None

    mine = (await suite.client.get(path, headers=owner)).json()["details"]
    assert mine["appointment_date"] == dossier["appointment_date"]
    assert mine["reception_date"] == dossier["reception_date"]
    assert mine["agency"] == {"code": BHXH_QN, "name": "Bảo hiểm xã hội tỉnh Quảng Ninh"}
    assert [h["action"] for h in mine["history"]][-2:] == ["submitted", "received"]
    assert mine["status"]["national_code"] == 2
    officer_view = (await suite.client.get(path, headers=suite.officer(BHXH_QN))).json()
    assert officer_view["details"]["id"] == dossier["id"]
    assert (await suite.client.get(path, headers=suite.officer("000.00.11.H49"))).json()["details"] is None

    for unknown in (f"{BHXH_QN}-991231-9999", "not-a-code", "%27%20or%201=1"):
        missing = await suite.client.get(f"/v1/lookup/{unknown}")
        assert missing.status_code == 404 and missing.json()["code"] == "dossier_code_not_found"


async def test_the_public_lookup_is_rate_limited_per_client(suite: Suite) -> None:
    _, dossier = await received_dossier(suite)
    client = {"X-Forwarded-For": f"192.0.2.{uuid.uuid4().int % 250}"}
    answers = [
        (await suite.client.get(f"/v1/lookup/{dossier['code']}", headers=client)).status_code
        for _ in range(31)
    ]
    assert answers[:30] == [200] * 30
    assert answers[30] == 429
    limited = await suite.client.get(f"/v1/lookup/{dossier['code']}", headers=client)
    assert limited.json()["code"] == "rate_limited" and int(limited.headers["retry-after"]) >= 1
    # Another address is not held back by that one.
    other = {"X-Forwarded-For": "198.51.100.7"}
    assert (await suite.client.get(f"/v1/lookup/{dossier['code']}", headers=other)).status_code == 200


async def test_a_service_answering_sms_lookups_has_a_budget_of_its_own(suite: Suite) -> None:
    # R-LOOK-2: notify asks on behalf of everyone who texts a code, from one address; with its
    # dossiers:lookup token it is not held to one person's limit. Without the scope it is.
    _, dossier = await received_dossier(suite)
    path = f"/v1/lookup/{dossier['code']}"
    notify = suite.tokens.headers("notify", kind="system", scope="dossiers:lookup", name=None)
    answers = [(await suite.client.get(path, headers=notify)).status_code for _ in range(40)]
    assert answers == [200] * 40
    # It sees what the public sees: no owner's details.
    assert (await suite.client.get(path, headers=notify)).json().get("details") is None
    other = suite.tokens.headers(f"svc-{uuid.uuid4().hex[:6]}", kind="system", name=None)
    plain = [(await suite.client.get(path, headers=other)).status_code for _ in range(31)]
    assert plain[:30] == [200] * 30 and plain[30] == 429


async def test_workflow_events_move_the_status_and_the_result_is_returned_online(suite: Suite) -> None:
    owner, dossier = await received_dossier(suite)
    instance = uuid.uuid4()
    await publish(
        suite.kafka,
        DOSSIER_PROCESSING_STARTED,
        DossierProcessingStarted(
            **base(dossier), process_instance_id=instance, due_date=date.today() + timedelta(days=7)
        ),
        key=dossier["id"],
    )
    await until_status(suite, owner, dossier["id"], "processing")
    await publish(
        suite.kafka,
        PROCESS_PROGRESSED,
        ProcessProgressed(
            **base(dossier),
            process_instance_id=instance,
            action=ProcessAction.ASSIGNED,
            step_title="Cập nhật dữ liệu, in sổ",
            handling_agency_code=BHXH_QN,
            officer_name="Hoàng Văn Chuyên",
            national_status=4,
        ),
        key=dossier["id"],
    )

    async def unit() -> str | None:
        details = (await suite.client.get(f"/v1/lookup/{dossier['code']}", headers=owner)).json()["details"]
        return details["handling_unit"]  # type: ignore[no-any-return]

    # R-LOOK-1: the owner sees the status down to the unit holding the dossier.
    assert await eventually(unit, timeout=30) == "Bảo hiểm xã hội tỉnh Quảng Ninh"

    # The appraising officer asks for more: the applicant supplements, and it goes back to processing.
    await publish(
        suite.kafka,
        DOSSIER_SUPPLEMENT_REQUESTED,
        DossierSupplementRequested(
            **base(dossier),
            at_desk=False,
            items=(
                SupplementItem(
                    component_code="TP2", name="Giấy khai sinh", reason="Thiếu", guidance="Bổ sung bản chụp"
                ),
            ),
            requested_by="officer-appraisal",
        ),
        key=dossier["id"],
    )
    current = await until_status(suite, owner, dossier["id"], "supplement_requested")
    assert (await upload(suite, owner, dossier["id"], "TP2", "khai-sinh.png", PNG)).status_code == 201
    current = (await suite.client.get(f"/v1/dossiers/{dossier['id']}", headers=owner)).json()
    back = await suite.client.post(
        f"/v1/dossiers/{dossier['id']}/supplement", headers=owner | idem() | etag(current)
    )
    assert back.status_code == 200 and back.json()["status"]["value"] == "processing"

    await publish(
        suite.kafka,
        DOSSIER_RESOLVED,
        DossierResolved(
            **base(dossier),
            decided_by="officer-leader",
            appointment_date=date.fromisoformat(dossier["appointment_date"]),
            on_time=True,
        ),
        key=dossier["id"],
    )
    resolved = await until_status(suite, owner, dossier["id"], "resolved")
    assert (await suite.client.get(f"/v1/lookup/{dossier['code']}")).json()["status"] == "resolved"

    officer = suite.officer(BHXH_QN)
    early = await suite.client.post(
        f"/v1/reception/dossiers/{dossier['id']}/return",
        json={"channel": "online"},
        headers=officer | etag(resolved),
    )
    assert early.status_code == 422 and early.json()["code"] == "online_return_unavailable"
    result_pdf = pdf_bytes(3000, marker=b"so-bhxh-ket-qua")
    recorded = await suite.client.post(
        f"/v1/reception/dossiers/{dossier['id']}/results",
        files={"file": ("so-bhxh.pdf", result_pdf, "application/pdf")},
        data={"title": "Sổ bảo hiểm xã hội (bản điện tử)"},
        headers=officer,
    )
    assert recorded.status_code == 201, recorded.text
    # Not the applicant's before it is returned.
    assert (await suite.client.get(f"/v1/dossiers/{dossier['id']}/results", headers=owner)).json()[
        "items"
    ] == []
    resolved = (await suite.client.get(f"/v1/dossiers/{dossier['id']}", headers=owner)).json()
    returned = await suite.client.post(
        f"/v1/reception/dossiers/{dossier['id']}/return",
        json={"channel": "online"},
        headers=officer | etag(resolved),
    )
    assert returned.status_code == 200, returned.text
    assert (
        returned.json()["status"]["value"] == "returned" and returned.json()["status"]["national_code"] == 10
    )
    results = (await suite.client.get(f"/v1/dossiers/{dossier['id']}/results", headers=owner)).json()["items"]
    assert [r["title"] for r in results] == ["Sổ bảo hiểm xã hội (bản điện tử)"]
    assert (await suite.client.get(results[0]["content_url"], headers=owner)).content == result_pdf
    # R-INT-5: the result joins the applicant's document store, reusable in a later dossier.
    store = (await suite.client.get("/v1/dossiers/documents", headers=owner)).json()["items"]
    assert "result" in {d["category"] for d in store}
    again = await suite.client.post(
        f"/v1/reception/dossiers/{dossier['id']}/return",
        json={"channel": "desk"},
        headers=officer | etag(returned.json()),
    )
    assert again.status_code == 409 and again.json()["code"] == "dossier_not_resolved"


async def test_fees_hold_the_dossier_until_they_are_paid(suite: Suite) -> None:
    forms = {
        "TK-LLTP": {
            "nguoi_yeu_cau": person(),
            "loai_phieu": "Phiếu số 1",
            "so_luong": 1,
            "muc_dich": "Bổ sung hồ sơ xin việc",
        }
    }
    owner, dossier = await received_dossier(suite, procedure=LY_LICH_TU_PHAP, forms=forms)
    # Level 4 with online payment: the fees are due before processing (COORDINATION: payment_due).
    assert dossier["payment_due"] == "before_processing"
    async with runtime_of(suite.app).db.transaction() as session:
        value = await session.scalar(
            select(tables.outbox.c.value).where(
                tables.outbox.c.key == dossier["id"], tables.outbox.c.event_type == DOSSIER_RECEIVED
            )
        )
    assert json.loads(value)["payment_due"] == "before_processing"
    payment = {
        "payment_id": uuid.uuid4(),
        **{k: v for k, v in base(dossier).items() if k != "procedure_code"},
    }
    await publish(
        suite.kafka,
        PAYMENT_REQUESTED,
        PaymentRequested(
            **payment,
            amount=100000,
            fee_lines=(FeeLine(name="Phí cung cấp thông tin lý lịch tư pháp", amount=100000),),
            description="Phí lý lịch tư pháp",
        ),
        key=str(payment["payment_id"]),
    )
    awaiting = await until_status(suite, owner, dossier["id"], "awaiting_payment")
    assert awaiting["status"]["national_code"] == 6 and awaiting["payment_state"] == "requested"
    # Processing does not show before the fees are paid, even if its event comes first.
    await publish(
        suite.kafka, DOSSIER_PROCESSING_STARTED, DossierProcessingStarted(**base(dossier)), key=dossier["id"]
    )
    await publish(
        suite.kafka,
        PAYMENT_SUCCEEDED,
        PaymentSucceeded(
            **payment,
            amount=100000,
            method=PaymentMethod.ONLINE_GATEWAY,
            transaction_ref="14226112",
            paid_at=datetime.now(UTC),
        ),
        key=str(payment["payment_id"]),
    )
    paid = await until_status(suite, owner, dossier["id"], "processing")
    assert paid["payment_state"] == "paid"
    actions = [
        h["action"]
        for h in (await suite.client.get(f"/v1/dossiers/{dossier['id']}/history", headers=owner)).json()[
            "items"
        ]
    ]
    assert actions[-2:] == ["payment_requested", "payment_succeeded"]


async def test_the_desk_does_not_return_a_result_whose_fees_are_due_first(suite: Suite) -> None:
    owner, dossier = await received_dossier(suite)
    async with runtime_of(suite.app).db.transaction() as session:
        # A version whose content says payment_stage "before_return", as payments' catalogue field allows.
        await session.execute(
            update(Dossier)
            .where(Dossier.id == uuid.UUID(dossier["id"]))
            .values(payment_due="before_return", payment_state="requested", status="resolved")
        )
    current = (await suite.client.get(f"/v1/dossiers/{dossier['id']}", headers=owner)).json()
    held = await suite.client.post(
        f"/v1/reception/dossiers/{dossier['id']}/return",
        json={"channel": "desk"},
        headers=suite.officer(BHXH_QN) | etag(current),
    )
    assert held.status_code == 409 and held.json()["code"] == "payment_pending"


async def test_the_applicant_withdraws_a_filed_dossier_before_it_is_resolved(suite: Suite) -> None:
    owner, dossier = await received_dossier(suite)
    path = f"/v1/dossiers/{dossier['id']}/withdrawal"
    stranger = await suite.client.post(path, json={}, headers=suite.citizen() | etag(dossier))
    assert stranger.status_code == 404
    assert (await suite.client.post(path, json={}, headers=owner)).status_code == 428
    withdrawn = await suite.client.post(
        path, json={"reason": "Đã được cấp lại sổ ở nơi khác."}, headers=owner | etag(dossier)
    )
    assert withdrawn.status_code == 200, withdrawn.text
    status = withdrawn.json()["status"]
    assert (status["value"], status["national_code"], status["public"]) == ("withdrawn", 7, "refused")
    again = await suite.client.post(path, json={}, headers=owner | etag(withdrawn.json()))
    assert again.status_code == 409 and again.json()["code"] == "dossier_not_withdrawable"
    async with runtime_of(suite.app).db.transaction() as session:
        types = (
            await session.scalars(
                select(tables.outbox.c.event_type)
                .where(tables.outbox.c.key == dossier["id"])
                .order_by(tables.outbox.c.id)
            )
        ).all()
    assert types[-1] == DOSSIER_WITHDRAWN
    # A draft is deleted, not withdrawn.
    draft = (
        await suite.client.post("/v1/dossiers", json={"procedure_code": "1.000401"}, headers=owner | idem())
    ).json()
    refused = await suite.client.post(
        f"/v1/dossiers/{draft['id']}/withdrawal", json={}, headers=owner | etag(draft)
    )
    assert refused.status_code == 409


async def test_a_redelivered_event_changes_nothing_twice(suite: Suite) -> None:
    owner, dossier = await received_dossier(suite)
    event = DossierProcessingStarted(**base(dossier))
    first = await publish(suite.kafka, DOSSIER_PROCESSING_STARTED, event, key=dossier["id"])
    await publish(suite.kafka, DOSSIER_PROCESSING_STARTED, event, key=dossier["id"], event_id=first.id)
    await publish(
        suite.kafka, DOSSIER_PROCESSING_STARTED, DossierProcessingStarted(**base(dossier)), key=dossier["id"]
    )
    await until_status(suite, owner, dossier["id"], "processing")

    async def settled() -> list[str] | None:
        async with runtime_of(suite.app).db.transaction() as session:
            handled = await session.scalar(
                select(tables.inbox.c.event_id).where(tables.inbox.c.event_id == uuid.UUID(first.id))
            )
        if handled is None:
            return None
        entries = (await suite.client.get(f"/v1/dossiers/{dossier['id']}/history", headers=owner)).json()[
            "items"
        ]
        return [e["action"] for e in entries]

    actions = await eventually(settled, timeout=30)
    assert actions.count("processing_started") == 1
