"""How the hub's answers are read (retry, park or done), the Idempotency-Key of a push, and the national
date formats (R-FMT-4: yyyyMMddHHmmss in Vietnam's local time)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest

from nationalsync.hub.client import Outcome, classify
from nationalsync.queue.dispatcher import idempotency_key
from nationalsync.records.national import national_day, national_moment


def answer(status: int, body: Any = None, **headers: str) -> httpx.Response:
    if body is None:
        return httpx.Response(status, text="Bad Gateway", headers=headers)
    return httpx.Response(status, json=body, headers=headers)


def test_accepted_only_with_error_code_zero() -> None:
    assert classify(answer(200, {"error_code": "0", "message": "Thành công"})).outcome is Outcome.ACCEPTED
    assert classify(answer(200, {"accepted": 1})).outcome is Outcome.ACCEPTED
    refused = classify(answer(200, {"error_code": "-1", "message": "Mã hồ sơ đã tồn tại"}))
    assert refused.outcome is Outcome.REJECTED and refused.message == "Mã hồ sơ đã tồn tại"


def test_a_validation_refusal_is_parked_with_the_hubs_field_errors() -> None:
    body = {
        "error_code": "INVALID_DATA",
        "message": "Dữ liệu không hợp lệ: NgayHenTra trước NgayTiepNhan",
        "errors": [{"index": 0, "field": "NgayHenTra", "message": "NgayHenTra trước NgayTiepNhan"}, "noise"],
    }
    read = classify(answer(400, body))
    assert read.outcome is Outcome.REJECTED
    assert (read.http_status, read.error_code) == (400, "INVALID_DATA")
    assert read.field_errors == [
        {"index": 0, "field": "NgayHenTra", "message": "NgayHenTra trước NgayTiepNhan"}
    ]
    assert classify(answer(403, {"message": "Không có quyền"})).outcome is Outcome.REJECTED
    assert classify(answer(404, None)).message == "Cổng quốc gia từ chối dữ liệu (HTTP 404)"


@pytest.mark.parametrize("status", [500, 502, 503, 504, 408, 425, 429, 401])
def test_not_now_is_retried(status: int) -> None:
    read = classify(answer(status, None))
    assert read.outcome is Outcome.TEMPORARY
    assert read.message == f"Cổng quốc gia trả lời HTTP {status}"


def test_retry_after_is_read() -> None:
    assert classify(answer(429, {"message": "Chậm lại"}, **{"Retry-After": "120"})).retry_after == 120.0
    assert classify(answer(503, None, **{"Retry-After": "Wed, 21 Oct 2026 07:28:00 GMT"})).retry_after is None


def test_the_same_push_keeps_its_key_and_an_operator_retry_renews_it() -> None:
    items = [{"MaHoSo": "000.00.00.G12-260213-0007", "TrangThaiHoSo": "2"}]
    first = idempotency_key("rec", 41, items)
    assert first == idempotency_key("rec", 41, [dict(reversed(list(items[0].items())))])  # key order aside
    assert first != idempotency_key("rec", 41, [{**items[0], "TrangThaiHoSo": "4"}])
    assert first != idempotency_key("rec", 42, items)
    assert idempotency_key("rec", 41, items, generation=1) == first + "-r1"


def test_r_fmt_4_moments_in_local_time_and_legal_dates_at_the_end_of_the_working_day() -> None:
    assert national_moment(datetime(2026, 2, 13, 17, 30, tzinfo=UTC)) == "20260214003000"  # 00:30 next day
    assert national_day(date(2026, 2, 27)) == "20260227170000"
