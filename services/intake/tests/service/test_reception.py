"""The one-stop desk (issue 6 scopes 4–6; R-INT-1…4, R-FMT-2, R-FMT-8, R-PROC-1): the queue of filed
dossiers, counter and postal intake, and the three decisions with their letters (forms 01–03), whose
fields come from the data — the dossier code with its QR code, the appointment date in working days."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select

from contracts.events import (
    DOSSIER_RECEIVED,
    DOSSIER_REFUSED,
    DOSSIER_SUPPLEMENT_REQUESTED,
    DOSSIER_SUPPLEMENTED,
)
from intake.db import tables
from servicekit.app import runtime_of
from servicekit.calendar import WorkingCalendar
from servicekit.documents import vn_date
from servicekit.documents.testing import embedded_qr_matrices, pdf_text
from services.intake.tests.support import (
    BHXH_QN,
    PNG,
    SO_BHXH,
    THAI_SAN,
    Suite,
    counter_dossier,
    draft,
    filed_dossier,
    idem,
    letter_pdf,
    pdf_bytes,
    upload,
)

CODE = re.compile(r"^000\.00\.25\.H49-\d{6}-\d{4}$")


async def outbox_types(suite: Suite, dossier_id: str) -> list[str]:
    async with runtime_of(suite.app).db.transaction() as session:
        rows = await session.execute(
            select(tables.outbox.c.event_type)
            .where(tables.outbox.c.key == dossier_id)
            .order_by(tables.outbox.c.id)
        )
    return [r[0] for r in rows]


def etag(dossier: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return {"If-Match": f'"{dossier["version"]}"'}


async def test_an_online_dossier_waits_in_its_agencys_queue_only(suite: Suite) -> None:
    _, dossier = await filed_dossier(suite)
    officer = suite.officer(BHXH_QN)
    queue = (await suite.client.get("/v1/reception/queue", params={"limit": 100}, headers=officer)).json()
    assert dossier["id"] in [d["id"] for d in queue["items"]]
    waiting = next(d for d in queue["items"] if d["id"] == dossier["id"])
    assert waiting["channel"] == "online" and waiting["status"] == "submitted" and waiting["code"] is None

    elsewhere = suite.officer("000.00.11.H49")
    assert dossier["id"] not in [
        d["id"] for d in (await suite.client.get("/v1/reception/queue", headers=elsewhere)).json()["items"]
    ]
    accepted = await suite.client.post(
        f"/v1/reception/dossiers/{dossier['id']}/acceptance", json={}, headers=elsewhere | etag(dossier)
    )
    assert accepted.status_code == 404 and accepted.json()["code"] == "dossier_not_found"
    specialist = suite.officer(BHXH_QN, roles=("specialist",))
    assert (await suite.client.get("/v1/reception/queue", headers=specialist)).status_code == 403
    assert (await suite.client.get("/v1/reception/queue", headers=suite.citizen())).status_code == 403


async def test_receiving_issues_the_code_the_appointment_date_and_the_receipt(suite: Suite) -> None:
    owner, dossier = await filed_dossier(suite)
    officer = suite.tokens.headers(
        "officer-binh", kind="official", roles=["reception_officer"], agencies=[BHXH_QN], name="Trần Văn Bình"
    )
    path = f"/v1/reception/dossiers/{dossier['id']}/acceptance"
    assert (await suite.client.post(path, json={}, headers=officer)).status_code == 428
    before = datetime.now().astimezone()
    received = await suite.client.post(path, json={"note": "Đủ thành phần"}, headers=officer | etag(dossier))
    assert received.status_code == 200, received.text
    result = received.json()
    assert result["status"]["value"] == "received" and result["status"]["public"] == "received"
    assert CODE.match(result["code"]), result["code"]
    # R-PROC-1 / R-FMT-8: the reception day (15:00 cut-off, days off) + 5 working days, the day not counted.
    calendar = WorkingCalendar()
    reception_date = calendar.reception_date(datetime.fromisoformat(result["received_at"]))
    assert result["reception_date"] == reception_date.isoformat()
    assert result["code"].split("-")[1] == reception_date.strftime("%y%m%d")
    assert result["appointment_date"] == calendar.due_date(reception_date, 5).isoformat()
    assert datetime.fromisoformat(result["received_at"]) >= before
    assert await outbox_types(suite, dossier["id"]) == ["vn.motcua.dossier.submitted.v1", DOSSIER_RECEIVED]

    again = await suite.client.post(path, json={}, headers=officer | etag(result))
    assert again.status_code == 409 and again.json()["code"] == "dossier_not_awaiting_decision"

    # R-INT-2: the receipt is the system's, its fields from the data (form 01).
    pdf = await letter_pdf(suite, owner, dossier["id"], "receipt")
    text = pdf_text(pdf)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text.upper()
    assert f"Mã hồ sơ: {result['code']}" in text
    assert vn_date(datetime.fromisoformat(result["appointment_date"]).date()) in text
    assert "Lê Thị Hoa" in text and "Trần Văn Bình" in text
    assert "5 ngày làm việc" in text
    assert embedded_qr_matrices(pdf), "the dossier code is printed as a QR code too (R-FMT-2)"
    # The agency's officer reads the same letter; another citizen does not.
    assert (
        await suite.client.get(f"/v1/dossiers/{dossier['id']}/letters", headers=officer)
    ).status_code == 200
    assert (
        await suite.client.get(f"/v1/dossiers/{dossier['id']}/letters", headers=suite.citizen())
    ).status_code == 404


async def test_a_supplement_request_lists_everything_and_the_dossier_comes_back(suite: Suite) -> None:
    owner, dossier = await filed_dossier(suite)
    officer = suite.officer(BHXH_QN)
    base = f"/v1/reception/dossiers/{dossier['id']}"
    items = [
        {
            "component_code": "TP2",
            "reason": "Thiếu giấy tờ chứng minh thông tin cần điều chỉnh.",
            "guidance": "Nộp bản chụp giấy khai sinh hoặc thẻ Căn cước.",
        },
        {
            "name": "Mã số bảo hiểm xã hội trên tờ khai",
            "reason": "Mã số không khớp với sổ bảo hiểm xã hội.",
            "guidance": "Ghi đúng mã số 10 chữ số in trên sổ.",
        },
    ]
    for bad, field in (
        ({"items": []}, "items"),
        ({"items": [{"reason": "Thiếu giấy tờ", "guidance": "Nộp bổ sung"}]}, "items.0.name"),
        ({"items": [{"component_code": "TP9", "reason": "Thiếu giấy tờ", "guidance": "Nộp bổ sung"}]}, None),
    ):
        refused = await suite.client.post(
            f"{base}/supplement-request", json=bad, headers=officer | etag(dossier)
        )
        assert refused.status_code == 422, refused.text
        if field:
            assert field in [e["field"] for e in refused.json()["errors"]]
    asked = await suite.client.post(
        f"{base}/supplement-request", json={"items": items}, headers=officer | etag(dossier)
    )
    assert asked.status_code == 200, asked.text
    assert asked.json()["status"]["value"] == "supplement_requested"
    assert asked.json()["status"]["national_code"] == 5

    text = pdf_text(await letter_pdf(suite, owner, dossier["id"], "supplement_request"))
    # Form 02: every item with its reason and guidance, at once (R-INT-3).
    for item in items:
        assert item["reason"] in text and item["guidance"] in text
    assert "Giấy tờ chứng minh thông tin cần điều chỉnh" in text

    # The applicant supplies the document and sends the dossier back to the desk.
    current = (await suite.client.get(f"/v1/dossiers/{dossier['id']}", headers=owner)).json()
    assert (await upload(suite, owner, dossier["id"], "TP2", "khai-sinh.png", PNG)).status_code == 201
    current = (await suite.client.get(f"/v1/dossiers/{dossier['id']}", headers=owner)).json()
    missing_key = await suite.client.post(
        f"/v1/dossiers/{dossier['id']}/supplement", headers=owner | etag(current)
    )
    assert missing_key.status_code == 400
    back = await suite.client.post(
        f"/v1/dossiers/{dossier['id']}/supplement", headers=owner | idem() | etag(current)
    )
    assert back.status_code == 200, back.text
    assert back.json()["status"]["value"] == "submitted"
    queue = (await suite.client.get("/v1/reception/queue", params={"limit": 100}, headers=officer)).json()[
        "items"
    ]
    assert next(d for d in queue if d["id"] == dossier["id"])["supplement_round"] == 1

    received = await suite.client.post(f"{base}/acceptance", json={}, headers=officer | etag(back.json()))
    assert received.status_code == 200, received.text
    assert await outbox_types(suite, dossier["id"]) == [
        "vn.motcua.dossier.submitted.v1",
        DOSSIER_SUPPLEMENT_REQUESTED,
        DOSSIER_SUPPLEMENTED,
        DOSSIER_RECEIVED,
    ]
    history = (await suite.client.get(f"/v1/dossiers/{dossier['id']}/history", headers=owner)).json()["items"]
    moves = [(h["action"], h["from_status"], h["to_status"]) for h in history if h["to_status"]]
    assert moves[-3:] == [
        ("supplement_requested", "submitted", "supplement_requested"),
        ("supplemented", "supplement_requested", "submitted"),
        ("received", "submitted", "received"),
    ]
    files = (await suite.client.get(f"/v1/dossiers/{dossier['id']}/documents/history", headers=owner)).json()
    assert [f["supplement_round"] for f in files["items"]] == [1]


async def test_a_refusal_states_its_reasons_on_form_03(suite: Suite) -> None:
    owner, dossier = await filed_dossier(suite)
    officer = suite.officer(BHXH_QN)
    path = f"/v1/reception/dossiers/{dossier['id']}/refusal"
    assert (
        await suite.client.post(path, json={"reasons": []}, headers=officer | etag(dossier))
    ).status_code == 422
    reasons = ["Người nộp không thuộc đối tượng tham gia bảo hiểm xã hội tại tỉnh Quảng Ninh."]
    refused = await suite.client.post(path, json={"reasons": reasons}, headers=officer | etag(dossier))
    assert refused.status_code == 200, refused.text
    status = refused.json()["status"]
    assert (status["value"], status["national_code"], status["national_label"]) == (
        "refused",
        3,
        "Không được tiếp nhận",
    )
    text = pdf_text(await letter_pdf(suite, owner, dossier["id"], "refusal"))
    assert reasons[0] in text and "PHIẾU TỪ CHỐI" in text.upper()
    assert await outbox_types(suite, dossier["id"]) == ["vn.motcua.dossier.submitted.v1", DOSSIER_REFUSED]


async def test_a_walk_in_dossier_is_scanned_and_received_at_the_counter(suite: Suite) -> None:
    officer = suite.officer(BHXH_QN)
    dossier = await counter_dossier(
        suite,
        officer,
        procedure=THAI_SAN,
        forms={
            "DN-TS": {
                "nguoi_yeu_cau": {"ho_ten": "Phạm Văn Đức", "so_dinh_danh": "022090001234"},
                "ma_so_bhxh": "0123456789",
            }
        },
    )
    assert dossier["channel"] == "desk" and dossier["status"]["value"] == "submitted"
    assert dossier["submission_method"] == "desk"
    base = f"/v1/reception/dossiers/{dossier['id']}"
    incomplete = await suite.client.post(f"{base}/acceptance", json={}, headers=officer | etag(dossier))
    assert incomplete.status_code == 422 and incomplete.json()["code"] == "dossier_incomplete"
    assert [e["field"] for e in incomplete.json()["errors"]] == ["components.TP2"]
    scan = await upload(suite, officer, dossier["id"], "TP2", "ban-sao-khai-sinh.pdf", pdf_bytes())
    assert scan.status_code == 201, scan.text
    current = (await suite.client.get(base, headers=officer)).json()
    received = await suite.client.post(f"{base}/acceptance", json={}, headers=officer | etag(current))
    assert received.status_code == 200, received.text
    code = received.json()["code"]
    officer_view = (await suite.client.get(f"/v1/dossiers/{dossier['id']}/letters", headers=officer)).json()
    assert [i["kind"] for i in officer_view["items"]] == ["receipt"]
    text = pdf_text(await letter_pdf(suite, officer, dossier["id"], "receipt"))
    assert code in text and "Phạm Văn Đức" in text and "NGƯỜI NỘP HỒ SƠ" in text
    # Postal intake is the same, with its own channel (HinhThuc 3).
    postal = await counter_dossier(suite, officer, channel="postal")
    assert postal["channel"] == "postal"


async def test_the_desk_refuses_what_it_cannot_decide(suite: Suite) -> None:
    officer = suite.officer(BHXH_QN)
    # Another agency's procedure cannot be registered here.
    elsewhere = await suite.client.post(
        "/v1/reception/dossiers",
        json={
            "procedure_code": "2.000488",
            "applicant": {"name": "Phạm Văn Đức", "personal_id": "022090001234"},
        },
        headers=officer | idem(),
    )
    assert elsewhere.status_code == 403 and elsewhere.json()["code"] == "not_agency_officer"
    anonymous = await suite.client.post(
        "/v1/reception/dossiers",
        json={"procedure_code": SO_BHXH, "applicant": {"name": "Không Rõ"}},
        headers=officer | idem(),
    )
    assert anonymous.status_code == 422
    # A draft is the applicant's: the desk does not see it.
    owner = suite.citizen()
    mine = await draft(suite, owner, SO_BHXH)
    hidden = await suite.client.post(
        f"/v1/reception/dossiers/{mine['id']}/acceptance", json={}, headers=officer | etag(mine)
    )
    assert hidden.status_code == 404


async def test_an_immediate_result_is_recorded_without_a_receipt(suite: Suite) -> None:
    officer = suite.officer("000.01.31.H49")
    dossier = await counter_dossier(suite, officer, procedure="2.000815.000.01.31.H49", forms={})
    scan = await upload(suite, officer, dossier["id"], "TP1", "ban-chinh.pdf", pdf_bytes())
    assert scan.status_code == 201, scan.text
    current = (await suite.client.get(f"/v1/reception/dossiers/{dossier['id']}", headers=officer)).json()
    received = await suite.client.post(
        f"/v1/reception/dossiers/{dossier['id']}/acceptance", json={}, headers=officer | etag(current)
    )
    assert received.status_code == 200, received.text
    result = received.json()
    # R-INT-4: recorded with a code, promised the same day, and no receipt issued.
    assert (
        result["code"].startswith("000.01.31.H49-") and result["appointment_date"] == result["reception_date"]
    )
    letters = (await suite.client.get(f"/v1/dossiers/{dossier['id']}/letters", headers=officer)).json()
    assert letters["items"] == []
