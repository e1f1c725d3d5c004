"""Issue 8 on the whole stack, through the gateway: a level-4 dossier waits for its fees (status 6),
the citizen pays through the VNPay simulator (real browser redirect, real IPN to the gateway), and
processing starts; a refusal after appraisal refunds the fee through VNPay (R-PAY-4); the daily
reconciliation finds a mismatch injected into VNPay's report."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from servicekit.testing import TokenFactory, eventually

pytestmark = pytest.mark.e2e

# Cấp Phiếu lý lịch tư pháp (demo catalogue): level 4, 200.000 đ, 100.000 đ online (R-PAY-5).
PROCEDURE = "2.000488"
AGENCY = "000.00.11.H49"
ONLINE_FEE = 100_000
VN = timezone(timedelta(hours=7))


def official(tokens: TokenFactory, role: str, name: str) -> dict[str, str]:
    return tokens.headers(
        f"{role}-{uuid.uuid4().hex[:8]}", kind="official", roles=[role], agencies=[AGENCY], name=name
    )


async def received_lltp_dossier(
    gateway: httpx.AsyncClient, tokens: TokenFactory, citizen: str
) -> dict[str, Any]:
    """The citizen's request for a judicial record, registered and received at the desk."""
    desk = official(tokens, "reception_officer", "Phạm Thị Tiếp Nhận")
    body = {
        "procedure_code": PROCEDURE,
        "channel": "desk",
        "applicant": {
            "name": "Nguyễn Văn An",
            "personal_id": "001090012345",
            "phone": "0912345678",
            "address": "Số 1 đường Trần Hưng Đạo, phường Hồng Gai, Hạ Long, Quảng Ninh",
            "account_subject": citizen,
        },
        "forms": {
            "TK-LLTP": {
                "nguoi_yeu_cau": {"ho_ten": "Nguyễn Văn An", "so_dinh_danh": "001090012345"},
                "loai_phieu": "Phiếu số 1",
                "so_luong": 1,
                "muc_dich": "Bổ sung hồ sơ xin việc",
            }
        },
    }
    filed = await gateway.post(
        "/v1/reception/dossiers", json=body, headers=desk | {"Idempotency-Key": str(uuid.uuid4())}
    )
    assert filed.status_code == 201, filed.text
    dossier = filed.json()
    accepted = await gateway.post(
        f"/v1/reception/dossiers/{dossier['id']}/acceptance",
        json={},
        headers=desk | {"If-Match": f'"{dossier["version"]}"'},
    )
    assert accepted.status_code == 200, accepted.text
    result: dict[str, Any] = accepted.json()
    assert result["payment_due"] == "before_processing"
    return result


async def simulator(stack: Any, method: str, path: str, **kwargs: Any) -> httpx.Response:
    """The VNPay simulator's own controls (not through the gateway: VNPay is outside)."""
    async with httpx.AsyncClient(base_url=stack.vnpay_simulator_url, timeout=10) as client:
        return await client.request(method, path, **kwargs)


async def dossier_of(
    gateway: httpx.AsyncClient, tokens: TokenFactory, citizen: str, dossier_id: str
) -> dict[str, Any]:
    response = await gateway.get(f"/v1/dossiers/{dossier_id}", headers=tokens.headers(citizen))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def payment_of(
    gateway: httpx.AsyncClient, tokens: TokenFactory, citizen: str, dossier_id: str
) -> dict[str, Any]:
    async def issued() -> dict[str, Any] | None:
        response = await gateway.get(
            "/v1/payments", params={"dossier_id": dossier_id}, headers=tokens.headers(citizen)
        )
        assert response.status_code == 200, response.text
        items = response.json()["items"]
        return items[0] if items else None

    summary: dict[str, Any] = await eventually(issued, timeout=60, message="the payment order")
    response = await gateway.get(f"/v1/payments/{summary['id']}", headers=tokens.headers(citizen))
    body: dict[str, Any] = response.json()
    return body


async def pay_in_browser(gateway: httpx.AsyncClient, redirect_url: str) -> httpx.Response:
    """The payer's browser: VNPay's page, the pay button, then back to the portal through the gateway."""
    async with httpx.AsyncClient(timeout=20) as browser:
        page = await browser.get(redirect_url)
        assert page.status_code == 200 and "100.000 VND" in page.text, page.text
        token = re.search(r'name="token" value="([^"]+)"', page.text)
        assert token is not None
        base = redirect_url.split("/paymentv2/")[0]
        paid = await browser.post(
            f"{base}/paymentv2/pay", data={"token": token.group(1), "action": "pay", "bank_code": "NCB"}
        )
        assert paid.status_code == 302
        back = urlsplit(paid.headers["location"])
        assert f"{back.scheme}://{back.netloc}" == str(gateway.base_url).rstrip("/")
        return await gateway.get(f"{back.path}?{back.query}")


async def paid_dossier(
    gateway: httpx.AsyncClient, tokens: TokenFactory
) -> tuple[str, dict[str, Any], dict[str, Any]]:
    citizen = f"citizen-{uuid.uuid4()}"
    dossier = await received_lltp_dossier(gateway, tokens, citizen)

    async def awaiting_payment() -> dict[str, Any] | None:
        current = await dossier_of(gateway, tokens, citizen, dossier["id"])
        return current if current["status"]["value"] == "awaiting_payment" else None

    waiting = await eventually(awaiting_payment, timeout=60, message="status awaiting_payment")
    assert waiting["status"]["national_code"] == 6  # Yêu cầu thực hiện nghĩa vụ tài chính

    payment = await payment_of(gateway, tokens, citizen, dossier["id"])
    assert payment["amount"] == ONLINE_FEE and payment["status"] == "created"
    started = await gateway.post(
        f"/v1/payments/{payment['id']}/checkout",
        json={"gateway": "vnpay"},
        headers=tokens.headers(citizen) | {"Idempotency-Key": str(uuid.uuid4())},
    )
    assert started.status_code == 201, started.text
    shown = await pay_in_browser(gateway, started.json()["redirect_url"])
    assert shown.status_code == 200 and "Thanh toán thành công" in shown.text

    async def succeeded() -> dict[str, Any] | None:
        response = await gateway.get(f"/v1/payments/{payment['id']}", headers=tokens.headers(citizen))
        body: dict[str, Any] = response.json()
        return body if body["status"] == "succeeded" else None

    done = await eventually(succeeded, timeout=60, message="payment succeeded")
    return citizen, dossier, done


async def test_a_level_4_dossier_waits_for_payment_through_vnpay_then_processing_starts(
    stack: Any, gateway: httpx.AsyncClient, e2e_tokens: TokenFactory
) -> None:
    citizen, dossier, payment = await paid_dossier(gateway, e2e_tokens)
    assert payment["receipt"]["number"].startswith(f"{AGENCY}-BL")
    [txn] = payment["transactions"]

    async def ipn_answered() -> dict[str, Any] | None:
        found: dict[str, Any] = (
            await simulator(stack, "GET", f"/simulator/transactions/{txn['txn_ref']}")
        ).json()
        return found if found["ipn_attempts"] else None

    at_vnpay = await eventually(ipn_answered, timeout=30, message="VNPay's IPN answered")
    assert at_vnpay["status"] == "success"
    # The IPN came through the gateway: it confirmed the payment ("00"), unless the browser's return
    # asked VNPay first, in which case the IPN found it confirmed ("02"). Never both, never neither.
    expected = "00" if txn["settled_via"] == "ipn" else "02"
    assert txn["settled_via"] in ("ipn", "return") and at_vnpay["ipn_attempts"][0]["rsp_code"] == expected

    async def processing() -> dict[str, Any] | None:
        current = await dossier_of(gateway, e2e_tokens, citizen, dossier["id"])
        return current if current["status"]["value"] == "processing" else None

    now_processing = await eventually(processing, timeout=60, message="processing started after payment")
    assert now_processing["payment_state"] == "paid"
    head = official(e2e_tokens, "unit_head", "Trần Thị Trưởng Phòng")

    async def workflow_processing() -> dict[str, Any] | None:
        # Intake and workflow each hear payment.succeeded on their own: workflow may be a moment behind.
        answer = await gateway.get(f"/v1/processes/by-dossier/{dossier['id']}", headers=head)
        assert answer.status_code == 200, answer.text
        found: dict[str, Any] = answer.json()
        return found if found["stage"] == "processing" else None

    process = await eventually(workflow_processing, timeout=30, message="workflow processing after payment")
    assert process["open_tasks"][0]["kind"] == "appraisal"


async def act(
    gateway: httpx.AsyncClient, task_id: str, action: str, body: dict[str, Any], who: dict[str, str]
) -> None:
    read = await gateway.get(f"/v1/tasks/{task_id}", headers=who)
    assert read.status_code == 200, read.text
    done = await gateway.post(
        f"/v1/tasks/{task_id}/{action}", json=body, headers=who | {"If-Match": read.headers["etag"]}
    )
    assert done.status_code in (200, 201), done.text


async def open_task(
    gateway: httpx.AsyncClient, dossier_id: str, kind: str, who: dict[str, str]
) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        process = (await gateway.get(f"/v1/processes/by-dossier/{dossier_id}", headers=who)).json()
        return next((t for t in process.get("open_tasks", []) if t["kind"] == kind), None)

    task: dict[str, Any] = await eventually(probe, timeout=60, message=f"an open {kind} task")
    return task


async def test_r_pay_4_a_refusal_after_appraisal_refunds_the_fee_through_vnpay(
    stack: Any, gateway: httpx.AsyncClient, e2e_tokens: TokenFactory
) -> None:
    citizen, dossier, payment = await paid_dossier(gateway, e2e_tokens)
    head = official(e2e_tokens, "unit_head", "Trần Thị Trưởng Phòng")
    specialist_subject = f"specialist-{uuid.uuid4().hex[:8]}"
    specialist = e2e_tokens.headers(
        specialist_subject, kind="official", roles=["specialist"], agencies=[AGENCY], name="Hoàng Văn Chuyên"
    )
    leader = official(e2e_tokens, "agency_leader", "Vũ Văn Lãnh Đạo")
    for who in (head, specialist, leader):  # officials are known to workflow once they open their tasks
        assert (await gateway.get("/v1/tasks", headers=who)).status_code == 200

    appraisal = await open_task(gateway, dossier["id"], "appraisal", head)
    await act(gateway, appraisal["id"], "assignment", {"assignee_subject": specialist_subject}, head)
    await act(
        gateway,
        appraisal["id"],
        "appraisal",
        {"findings": "Thông tin lý lịch chưa xác minh được"},
        specialist,
    )
    await act(
        gateway,
        appraisal["id"],
        "proposal",
        {
            "decision": "refuse",
            "summary": "Đề nghị từ chối cấp phiếu",
            "reasons": ["Cơ sở dữ liệu lý lịch tư pháp không xác minh được nhân thân người yêu cầu"],
        },
        specialist,
    )
    # The demo process of this procedure (workflow's seed): an optional consultation, then the head of
    # unit and the agency's leader approve the proposal.
    consultation = await open_task(gateway, dossier["id"], "consultation", head)
    await act(gateway, consultation["id"], "completion", {"comment": "Không cần lấy ý kiến"}, specialist)
    for approver in (head, leader):
        approval = await open_task(gateway, dossier["id"], "approval", approver)
        agreed = {"decision": "approve", "comment": "Đồng ý từ chối"}
        await act(gateway, approval["id"], "decision", agreed, approver)
    result = await open_task(gateway, dossier["id"], "result", specialist)
    await act(
        gateway, result["id"], "result", {"title": "Văn bản từ chối cấp Phiếu lý lịch tư pháp"}, specialist
    )
    await act(gateway, result["id"], "handover", {"comment": "Chuyển Bộ phận Một cửa"}, specialist)

    async def refunded() -> dict[str, Any] | None:
        response = await gateway.get(f"/v1/payments/{payment['id']}", headers=e2e_tokens.headers(citizen))
        body: dict[str, Any] = response.json()
        return body if body["status"] == "refunded" else None

    back = await eventually(refunded, timeout=90, message="the fee refunded")
    assert back["refunded_amount"] == ONLINE_FEE
    assert back["refunds"][0]["cause"] == "service_not_performed"
    txn_ref = back["transactions"][0]["txn_ref"]
    at_vnpay = (await simulator(stack, "GET", f"/simulator/transactions/{txn_ref}")).json()
    assert at_vnpay["refunded"] == ONLINE_FEE

    async def intake_knows() -> dict[str, Any] | None:
        current = await dossier_of(gateway, e2e_tokens, citizen, dossier["id"])
        return current if current["payment_state"] == "refunded" else None

    final = await eventually(intake_knows, timeout=60, message="intake shows the refund")
    assert final["status"]["value"] == "refused"


async def test_reconciliation_finds_a_mismatch_injected_into_vnpays_report(
    stack: Any, gateway: httpx.AsyncClient, e2e_tokens: TokenFactory
) -> None:
    _, _, payment = await paid_dossier(gateway, e2e_tokens)
    txn_ref = payment["transactions"][0]["txn_ref"]
    today = datetime.now(UTC).astimezone(VN).date().isoformat()
    injected = await simulator(
        stack,
        "POST",
        "/simulator/report-adjustments",
        json={"date": today, "kind": "alter_amount", "txn_ref": txn_ref, "amount": ONLINE_FEE - 1_000},
    )
    assert injected.status_code == 201
    admin = e2e_tokens.headers(kind="official", roles=["system_admin"])
    run = await gateway.post("/v1/payments/reconciliations", json={"date": today}, headers=admin)
    assert run.status_code == 201, run.text
    report = run.json()
    assert report["status"] == "completed"
    [found] = [d for d in report["items"] if d["txn_ref"] == txn_ref]
    assert found["kind"] == "amount_mismatch"
    assert (found["our_amount"], found["gateway_amount"]) == (ONLINE_FEE, ONLINE_FEE - 1_000)
    exported = await gateway.get(
        f"/v1/payments/reconciliations/{report['id']}/discrepancies.csv", headers=admin
    )
    assert exported.status_code == 200 and txn_ref in exported.text and "amount_mismatch" in exported.text
    await simulator(stack, "DELETE", "/simulator/report-adjustments")
