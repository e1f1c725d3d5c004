"""Submission (issue 6 scope 3, R-ID-3): a complete draft is filed once confirmed, by an OTP for a citizen
(identity's confirmation endpoint) or by a digital signature for an organisation (PAdES, verified against
the trust store); an Idempotency-Key is required; dossier.submitted is emitted with the status change."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

from sqlalchemy import func, select

from contracts.events import DOSSIER_SUBMITTED, DOSSIER_TOPIC
from intake.db import tables
from intake.letters import render_eform_printout
from intake.letters.demo import eform_printout
from servicekit.app import runtime_of
from servicekit.testing.kafka import collect
from services.intake.tests.support import (
    SO_BHXH,
    THAI_SAN,
    Suite,
    bhxh_form,
    draft,
    filed_dossier,
    idem,
    pdf_bytes,
    person,
    upload,
)
from services.intake.tests.testca import TestCA, sign_pdf_async


async def events_for(suite: Suite, dossier_id: str) -> list[str]:
    async with runtime_of(suite.app).db.transaction() as session:
        rows = await session.execute(
            select(tables.outbox.c.event_type)
            .where(tables.outbox.c.key == dossier_id)
            .order_by(tables.outbox.c.id)
        )
    return [r[0] for r in rows]


async def new_citizen(suite: Suite) -> tuple[dict[str, str], str]:
    phone = "09" + str(uuid.uuid4().int % 10**8).zfill(8)
    subject = await suite.identity.new_citizen(phone=phone)
    return suite.citizen(subject, name="Lê Thị Hoa"), phone


async def test_a_citizen_confirms_the_submission_with_an_otp(suite: Suite) -> None:
    headers, phone = await new_citizen(suite)
    dossier = await draft(suite, headers, SO_BHXH, forms=bhxh_form())
    path = f"/v1/dossiers/{dossier['id']}/submission"
    sent = await suite.client.post(f"{path}/otp", json={"channel": "sms"}, headers=headers)
    assert sent.status_code == 201, sent.text
    assert sent.json()["channel"] == "sms" and sent.json()["sent_to"].endswith(phone[-3:])
    assert phone not in sent.text  # the address is masked
    code = suite.identity.otp.latest(phone)

    key = idem()
    body = {"otp": {"challenge_id": sent.json()["challenge_id"], "code": code}}
    filed = await suite.client.post(path, json=body, headers=headers | key | {"If-Match": '"1"'})
    assert filed.status_code == 200, filed.text
    result = filed.json()
    assert result["status"]["value"] == "submitted"
    assert result["status"]["national_code"] == 1 and result["status"]["national_label"] == "Mới đăng ký"
    assert result["submission_method"] == "otp" and result["submitted_at"] is not None
    assert result["code"] is None  # issued by the desk at reception (R-INT-2)

    # A retry after a lost answer gets the same answer, and files nothing twice.
    again = await suite.client.post(path, json=body, headers=headers | key | {"If-Match": '"1"'})
    assert again.status_code == 200 and again.headers["idempotent-replayed"] == "true"
    assert again.json()["id"] == result["id"]
    replay_new_key = await suite.client.post(path, json=body, headers=headers | idem() | {"If-Match": '"2"'})
    assert replay_new_key.status_code == 409 and replay_new_key.json()["code"] == "dossier_not_submittable"
    assert await events_for(suite, dossier["id"]) == [DOSSIER_SUBMITTED]

    events = await collect(
        suite.kafka, DOSSIER_TOPIC, until=lambda evs: any(e.subject == dossier["id"] for e in evs)
    )
    event = next(e for e in events if e.subject == dossier["id"])
    assert event.type == DOSSIER_SUBMITTED
    assert event.data["channel"] == "online" and event.data["procedure_version"] == 1

    # Filed: frozen for the applicant, visible to the deciding agency's officers.
    frozen = await suite.client.patch(
        f"/v1/dossiers/{dossier['id']}", json={"forms": bhxh_form()}, headers=headers | {"If-Match": '"2"'}
    )
    assert frozen.status_code == 409 and frozen.json()["code"] == "dossier_not_editable"
    assert (
        await suite.client.get(f"/v1/dossiers/{dossier['id']}", headers=suite.officer())
    ).status_code == 200
    history = (await suite.client.get(f"/v1/dossiers/{dossier['id']}/history", headers=headers)).json()[
        "items"
    ]
    assert [(h["action"], h["from_status"], h["to_status"]) for h in history][-2:] == [
        ("confirmation_code_sent", None, None),
        ("submitted", "draft", "submitted"),
    ]


async def test_an_incomplete_dossier_gets_no_code_and_is_not_filed(suite: Suite) -> None:
    headers, phone = await new_citizen(suite)
    dossier = await draft(suite, headers, THAI_SAN, forms={"DN-TS": {"ma_so_bhxh": "12"}})
    sent = await suite.client.post(f"/v1/dossiers/{dossier['id']}/submission/otp", json={}, headers=headers)
    assert sent.status_code == 422
    problem = sent.json()
    assert problem["code"] == "dossier_incomplete"
    # Everything at once: the missing document, the missing block and the malformed number.
    assert {(e["field"], e["code"]) for e in problem["errors"]} == {
        ("components.TP2", "component_missing"),
        ("forms.DN-TS.nguoi_yeu_cau", "required"),
        ("forms.DN-TS.ma_so_bhxh", "pattern"),
    }
    assert all(d["address"] != phone for d in suite.identity.otp.deliveries)
    filed = await suite.client.post(
        f"/v1/dossiers/{dossier['id']}/submission",
        json={"otp": {"challenge_id": str(uuid.uuid4()), "code": "123456"}},
        headers=headers | idem() | {"If-Match": '"1"'},
    )
    assert filed.status_code == 422 and filed.json()["code"] == "dossier_incomplete"
    assert await events_for(suite, dossier["id"]) == []


async def test_wrong_stale_and_missing_confirmations_change_nothing(suite: Suite) -> None:
    headers, phone = await new_citizen(suite)
    dossier = await draft(suite, headers, SO_BHXH, forms=bhxh_form())
    path = f"/v1/dossiers/{dossier['id']}/submission"
    sent = (await suite.client.post(f"{path}/otp", json={}, headers=headers)).json()
    code = suite.identity.otp.latest(phone)
    wrong = "000000" if code != "000000" else "111111"

    async def attempt(body: dict[str, Any], version: int = 1, **extra: str) -> Any:
        return await suite.client.post(
            path, json=body, headers=headers | idem() | {"If-Match": f'"{version}"'} | extra
        )

    bad = await attempt({"otp": {"challenge_id": sent["challenge_id"], "code": wrong}})
    assert bad.status_code == 400 and bad.json()["code"] == "otp_invalid"
    assert bad.json()["title"] == "Mã xác thực không đúng"
    neither = await attempt({})
    assert neither.status_code == 422 and neither.json()["code"] == "confirmation_required"
    no_key = await suite.client.post(path, json={}, headers=headers | {"If-Match": '"1"'})
    assert no_key.status_code == 400 and no_key.json()["code"] == "idempotency_key_required"
    no_etag = await suite.client.post(path, json={}, headers=headers | idem())
    assert no_etag.status_code == 428

    # The applicant changes the dossier after the code was sent: the code no longer confirms it.
    saved = await suite.client.patch(
        f"/v1/dossiers/{dossier['id']}",
        json={"forms": bhxh_form(ly_do="Sổ bị rách")},
        headers=headers | {"If-Match": '"1"'},
    )
    assert saved.status_code == 200
    stale = await attempt({"otp": {"challenge_id": sent["challenge_id"], "code": code}}, version=2)
    assert stale.status_code == 400 and stale.json()["code"] == "otp_invalid"
    current = (await suite.client.get(f"/v1/dossiers/{dossier['id']}", headers=headers)).json()
    assert current["status"]["value"] == "draft" and current["version"] == 2
    assert await events_for(suite, dossier["id"]) == []

    # Someone else's code and dossier: 404 before anything is checked.
    other, _ = await new_citizen(suite)
    theirs = await suite.client.post(
        path,
        json={"otp": {"challenge_id": sent["challenge_id"], "code": code}},
        headers=other | idem() | {"If-Match": '"2"'},
    )
    assert theirs.status_code == 404


async def test_a_citizen_without_a_phone_is_told_to_add_one(suite: Suite) -> None:
    subject = await suite.identity.new_citizen(phone=None)
    headers = suite.citizen(subject)
    dossier = await draft(suite, headers, SO_BHXH, forms=bhxh_form())
    sent = await suite.client.post(f"/v1/dossiers/{dossier['id']}/submission/otp", json={}, headers=headers)
    assert sent.status_code == 422 and sent.json()["code"] == "no_contact_for_channel"


async def test_earlier_dossiers_prefill_the_next_one(suite: Suite) -> None:
    headers, _ = await filed_dossier(suite, forms=bhxh_form(noi_dang_ky_kcb="Bệnh viện Bãi Cháy"))
    again = await draft(suite, headers, SO_BHXH, prefill=True)
    form = again["forms"]["TK1-TS"]
    # R-INT-5: what the applicant declared before is offered again, not typed again.
    assert form["ma_so_bhxh"] == "0123456789" and form["noi_dang_ky_kcb"] == "Bệnh viện Bãi Cháy"
    offered = (await suite.client.get(f"/v1/dossiers/{again['id']}/prefill", headers=headers)).json()["items"]
    assert {"path": "ma_so_bhxh", "source": "earlier_dossier", "value": "0123456789"}.items() <= next(
        i for i in offered if i["path"] == "ma_so_bhxh"
    ).items()


async def organisation_draft(suite: Suite, headers: dict[str, str]) -> dict[str, Any]:
    dossier = await draft(
        suite, headers, THAI_SAN, forms={"DN-TS": {"nguoi_yeu_cau": person(), "ma_so_bhxh": "0123456789"}}
    )
    sent = await upload(suite, headers, dossier["id"], "TP2", "khai-sinh.pdf", pdf_bytes())
    assert sent.status_code == 201
    return (await suite.client.get(f"/v1/dossiers/{dossier['id']}", headers=headers)).json()  # type: ignore[no-any-return]


async def signed_submission(
    suite: Suite, headers: dict[str, str], dossier: dict[str, Any], signed: bytes
) -> Any:
    return await suite.client.post(
        f"/v1/dossiers/{dossier['id']}/submission",
        json={"signature": {"signed_pdf": base64.b64encode(signed).decode()}},
        headers=headers | idem() | {"If-Match": f'"{dossier["version"]}"'},
    )


async def test_an_organisation_signs_its_declaration_digitally(suite: Suite, test_ca: TestCA) -> None:
    subject = await suite.identity.account_id("0101234567")  # the demo company, tax code 0101234567
    headers = suite.citizen(subject, kind="organisation", name="Công ty TNHH Dịch vụ Một Cửa")
    dossier = await organisation_draft(suite, headers)
    otp = await suite.client.post(f"/v1/dossiers/{dossier['id']}/submission/otp", json={}, headers=headers)
    assert otp.status_code == 422 and otp.json()["code"] == "signature_required"

    declaration = await suite.client.get(
        f"/v1/dossiers/{dossier['id']}/submission/declaration", headers=headers
    )
    assert declaration.status_code == 200 and declaration.content.startswith(b"%PDF-")
    again = await suite.client.get(f"/v1/dossiers/{dossier['id']}/submission/declaration", headers=headers)
    assert again.content == declaration.content  # one declaration per version

    wrong_company = await sign_pdf_async(
        declaration.content, test_ca.issue("Công ty Khác", tax_code="0309999999"), test_ca
    )
    refused = await signed_submission(suite, headers, dossier, wrong_company)
    assert refused.status_code == 422 and refused.json()["code"] == "signature_signer_mismatch"

    signed = await sign_pdf_async(
        declaration.content, test_ca.issue("Công ty TNHH Dịch vụ Một Cửa", tax_code="0101234567"), test_ca
    )
    filed = await signed_submission(suite, headers, dossier, signed)
    assert filed.status_code == 200, filed.text
    assert filed.json()["status"]["value"] == "submitted" and filed.json()["submission_method"] == "signature"
    assert filed.json()["applicant"]["kind"] == "organisation"
    assert await events_for(suite, dossier["id"]) == [DOSSIER_SUBMITTED]
    # The supplied documents are named on the event, for the national record (R-FMT-4).
    async with runtime_of(suite.app).db.transaction() as session:
        value = await session.scalar(
            select(tables.outbox.c.value).where(tables.outbox.c.key == dossier["id"])
        )
    documents = json.loads(value)["documents"]
    assert [(d["component_code"], d["name"]) for d in documents] == [
        ("TP2", "Bản sao giấy khai sinh hoặc trích lục khai sinh của con")
    ]


async def test_signatures_that_prove_nothing_are_refused(suite: Suite, test_ca: TestCA) -> None:
    headers = suite.citizen(f"org-{uuid.uuid4()}", kind="organisation", name="Hợp tác xã Hạ Long")
    dossier = await organisation_draft(suite, headers)
    url = f"/v1/dossiers/{dossier['id']}/submission/declaration"
    declaration = (await suite.client.get(url, headers=headers)).content
    company = test_ca.issue("Hợp tác xã Hạ Long", tax_code="5701234567")
    signed = await sign_pdf_async(declaration, company, test_ca)

    stranger_ca = TestCA("CA không được tin cậy")
    cases = [
        (
            await sign_pdf_async(
                declaration, stranger_ca.issue("Hợp tác xã Hạ Long", tax_code="5701234567"), stranger_ca
            ),
            "signature_untrusted",
        ),
        (signed + b"\n% changed after signing\n", "signature_invalid"),
        (declaration, "signature_missing"),
        (
            await sign_pdf_async(render_eform_printout(eform_printout()), company, test_ca),
            "signature_document_mismatch",
        ),
        (b"not a pdf at all", "signature_document_mismatch"),
    ]
    for content, code in cases:
        response = await signed_submission(suite, headers, dossier, content)
        assert response.status_code == 422, (code, response.text)
        assert response.json()["code"] == code

    # A signature over an earlier version does not file the changed dossier.
    await suite.client.patch(
        f"/v1/dossiers/{dossier['id']}",
        json={"forms": {"DN-TS": {"nguoi_yeu_cau": person(), "ma_so_bhxh": "9999999999"}}},
        headers=headers | {"If-Match": f'"{dossier["version"]}"'},
    )
    changed = (await suite.client.get(f"/v1/dossiers/{dossier['id']}", headers=headers)).json()
    stale = await signed_submission(suite, headers, changed, signed)
    assert stale.status_code == 422 and stale.json()["code"] == "signature_document_mismatch"
    assert changed["status"]["value"] == "draft"
    assert await events_for(suite, dossier["id"]) == []
    async with runtime_of(suite.app).db.transaction() as session:
        outbox = await session.scalar(
            select(func.count()).select_from(tables.outbox).where(tables.outbox.c.key == dossier["id"])
        )
    assert outbox == 0
