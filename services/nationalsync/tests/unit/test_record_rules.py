"""How each event changes the national record (R-FMT-4 TrangThaiHoSo, dates, documents, fees) and
that an older status never replaces a newer one (R-OPS-5: the portal shows where a dossier stands)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest
from pydantic import BaseModel

from contracts.events import ProcessAction
from contracts.lifecycle import DossierStatus, NationalStatus
from nationalsync.records.national import ProcedureInfo, national_record
from nationalsync.records.rules import Applied, apply_event
from nationalsync.records.state import Document, Fee, RecordState
from services.nationalsync.tests.events import OFFICER, Life

NAME = ProcedureInfo("Đăng ký khai sinh", "G09-TP05")


def run(events: Sequence[tuple[str, BaseModel]], state: RecordState | None = None) -> list[Applied]:
    results = []
    for event_type, payload in events:
        applied = apply_event(state, event_type, payload)
        state = applied.state
        results.append(applied)
    return results


def final(events: Sequence[tuple[str, BaseModel]]) -> RecordState:
    return run(events)[-1].state


def test_r_fmt_4_submitted_is_1_and_waits_for_its_code() -> None:
    life = Life()
    [applied] = run([life.submitted()])
    assert applied.state.national_status is NationalStatus.REGISTERED
    assert applied.record_changed
    assert applied.state.missing_for_push() == ["MaHoSo"]  # the code comes with the receipt (R-INT-2)
    assert applied.step is not None and applied.step.content == "Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công"
    assert applied.step.actor_name == "Nguyễn Văn An"


def test_r_fmt_4_received_is_2_with_reception_and_appointment_dates() -> None:
    life = Life()
    state = final([life.submitted(), life.received()])
    assert state.national_status is NationalStatus.RECEIVED
    record = national_record(state, NAME)
    assert record["MaHoSo"] == "000.00.00.G12-260213-0007"
    assert record["TrangThaiHoSo"] == "2"
    assert record["NgayTiepNhan"] == "20260213093200"  # 02:32 UTC is 09:32 in Hà Nội
    assert record["NgayHenTra"] == "20260227170000"  # a legal date, at the end of the working day
    assert "NgayTra" not in record


@pytest.mark.parametrize(
    ("at_desk", "expected"), [(True, NationalStatus.NOT_RECEIVED), (False, NationalStatus.STOPPED)]
)
def test_r_fmt_4_refused_at_the_desk_is_3_after_appraisal_8(at_desk: bool, expected: NationalStatus) -> None:
    life = Life()
    events = [life.submitted(with_code=True), life.refused(at_desk=True)]
    if not at_desk:
        events = [life.submitted(), life.received(), life.processing(), life.refused(at_desk=False)]
    applied = run(events)[-1]
    assert applied.state.national_status is expected
    assert applied.step is not None and applied.step.actor_subject == OFFICER
    assert applied.step.content.startswith("Từ chối tiếp nhận" if at_desk else "Từ chối giải quyết")


def test_r_fmt_4_every_status_code_along_a_dossiers_life() -> None:
    life = Life()
    events = [
        life.submitted(),
        life.received(),
        life.payment_requested(),
        life.payment_succeeded(),
        life.processing(),
        life.supplement_requested(),
        life.supplemented(),
        life.resolved(),
        life.returned(),
    ]
    statuses = [int(a.state.national_status or 0) for a in run(events)]
    assert statuses == [1, 2, 6, 2, 4, 5, 4, 9, 10]


@pytest.mark.parametrize(
    ("ending", "code"),
    [("withdrawn", NationalStatus.WITHDRAWAL_REQUESTED), ("stopped", NationalStatus.STOPPED)],
)
def test_r_fmt_4_withdrawn_is_7_and_stopped_8(ending: str, code: NationalStatus) -> None:
    life = Life()
    last = life.withdrawn() if ending == "withdrawn" else life.stopped()
    state = final([life.submitted(), life.received(), life.processing(), last])
    assert state.national_status is code
    assert national_record(state, NAME)["TrangThaiHoSo"] == str(int(code))


def test_r_fmt_4_returned_is_10_with_the_return_date_and_result_documents() -> None:
    life = Life()
    state = final([life.submitted(), life.received(), life.processing(), life.resolved(), life.returned()])
    record = national_record(state, NAME)
    assert record["TrangThaiHoSo"] == "10"
    assert record["NgayTra"] == "20260213093500"
    assert record["DanhSachGiayToKetQua"] == [
        {"GiayToId": "00000000-0000-0000-0000-000000000003", "TenGiayTo": "Giấy khai sinh"}
    ]
    assert record["TaiLieuNop"] == [
        {
            "TepDinhKemId": "00000000-0000-0000-0000-000000000001",
            "TenTepDinhKem": "Tờ khai đăng ký khai sinh",
            "MaThanhPhanHoSo": "TP01",
        }
    ]


def test_r_fmt_4_record_fields_channel_applicant_kind_procedure() -> None:
    life = Life()
    record = national_record(final([life.submitted(), life.received()]), NAME)
    assert record | {"NgayTiepNhan": "", "NgayHenTra": ""} == {
        "MaHoSo": life.code,
        "MaTTHC": "1.005129",
        "TenTTHC": "Đăng ký khai sinh",
        "MaLinhVuc": "G09-TP05",
        "ChuHoSo": "Nguyễn Văn An",
        "LoaiDoiTuong": "1",
        "TrangThaiHoSo": "2",
        "HinhThuc": "2",
        "DonViXuLy": "000.00.00.G12",
        "NgayTiepNhan": "",
        "NgayHenTra": "",
        "TaiLieuNop": record["TaiLieuNop"],
        "DanhSachGiayToKetQua": [],
        "DanhSachLePhi": [],
    }


def test_fees_are_listed_and_marked_paid() -> None:
    life = Life()
    requested = final([life.submitted(), life.received(), life.payment_requested()])
    assert requested.fees == (Fee("Lệ phí đăng ký khai sinh", 50000),)
    assert national_record(requested, NAME)["DanhSachLePhi"] == [
        {"TenPhiLePhi": "Lệ phí đăng ký khai sinh", "Gia": 50000, "DaThanhToan": False}
    ]
    paid = apply_event(requested, *life.payment_succeeded()).state
    assert national_record(paid, NAME)["DanhSachLePhi"][0]["DaThanhToan"] is True


def test_an_extension_moves_the_appointment_without_changing_the_status() -> None:
    life = Life()
    before = final([life.submitted(), life.received(), life.processing()])
    applied = apply_event(before, *life.extended())
    assert applied.record_changed
    assert applied.state.national_status is NationalStatus.PROCESSING
    assert national_record(applied.state, NAME)["NgayHenTra"] == "20260306170000"
    assert applied.step is not None and applied.step.end == date(2026, 3, 6)
    assert "06/03/2026" in applied.step.content


def test_supplemented_documents_are_added_once() -> None:
    life = Life()
    state = final([life.submitted(), life.received(), life.processing(), life.supplement_requested()])
    event = life.supplemented()
    once = apply_event(state, *event).state
    twice = apply_event(once, *event).state
    assert twice.documents == (
        Document("00000000-0000-0000-0000-000000000001", "Tờ khai đăng ký khai sinh", "TP01"),
        Document("00000000-0000-0000-0000-000000000002", "Giấy tờ bổ sung"),
    )


def test_a_desk_supplement_goes_back_to_1_until_the_desk_receives_it() -> None:
    life = Life()
    state = final(
        [
            life.submitted(with_code=True),
            life.supplement_requested(at_desk=True),
            life.supplemented(next_status=DossierStatus.SUBMITTED),
        ]
    )
    assert state.national_status is NationalStatus.REGISTERED


def test_a_payment_order_that_overtakes_the_reception_keeps_status_6() -> None:
    """Payment events travel on another topic: the order may arrive before the reception it follows."""
    life = Life()
    submitted, received, requested = life.submitted(), life.received(), life.payment_requested()
    state = final([submitted, requested])
    assert state.national_status is NationalStatus.FINANCIAL_OBLIGATION_REQUESTED
    assert state.missing_for_push() == ["NgayTiepNhan", "NgayHenTra"]  # waits for the reception
    state = apply_event(state, *received).state
    assert state.national_status is NationalStatus.FINANCIAL_OBLIGATION_REQUESTED  # the newer status stays
    assert state.missing_for_push() == []
    paid = apply_event(state, *life.payment_succeeded()).state
    assert paid.status is DossierStatus.RECEIVED  # back where the order found it


def test_an_old_payment_order_does_not_replace_a_newer_status() -> None:
    life = Life()
    submitted, received, requested, processing = (
        life.submitted(),
        life.received(),
        life.payment_requested(),
        life.processing(),
    )
    state = final([submitted, received, processing, requested])
    assert state.national_status is NationalStatus.PROCESSING
    assert state.fees  # the fees are still listed


def test_processing_that_arrives_after_the_payment_confirmation_still_counts() -> None:
    life = Life()
    submitted, received, requested = life.submitted(), life.received(), life.payment_requested()
    processing = life.processing()  # happened before the payment was confirmed …
    succeeded = life.payment_succeeded()
    state = final([submitted, received, requested, succeeded, processing])  # … but arrives after it
    assert state.national_status is NationalStatus.PROCESSING


def test_a_payment_seen_before_anything_else_makes_a_record_that_waits() -> None:
    life = Life()
    state = final([life.payment_requested()])
    assert state.national_status is NationalStatus.FINANCIAL_OBLIGATION_REQUESTED
    assert set(state.missing_for_push()) >= {"MaTTHC", "ChuHoSo", "NgayTiepNhan"}


def test_an_event_that_changes_nothing_national_queues_no_record_push() -> None:
    life = Life()
    state = final([life.submitted(), life.received(), life.payment_requested(), life.payment_succeeded()])
    again = apply_event(state, *life.payment_succeeded())
    assert not again.record_changed


def test_progress_steps_carry_the_r_fmt_4_fields() -> None:
    life = Life()
    received = run([life.submitted(), life.received()])[-1]
    step = received.step
    assert step is not None
    assert step.status is NationalStatus.RECEIVED
    assert step.actor_subject == OFFICER
    assert step.start is not None and step.end == date(2026, 2, 27)
    assert step.content == "Tiếp nhận hồ sơ, hẹn trả kết quả ngày 27/02/2026"
    system = apply_event(received.state, *life.received(by=None)).step
    assert system is not None and system.actor_name == "Hệ thống một cửa điện tử"


def test_a_late_payment_order_is_logged_as_the_request_it_was() -> None:
    """Its progress step says 6 even when a newer status stands (the log records what happened)."""
    life = Life()
    submitted, received, requested, processing = (
        life.submitted(),
        life.received(),
        life.payment_requested(),
        life.processing(),
    )
    applied = run([submitted, received, processing, requested])[-1]
    assert applied.state.national_status is NationalStatus.PROCESSING
    assert applied.step is not None and applied.step.status is NationalStatus.FINANCIAL_OBLIGATION_REQUESTED


def test_a_waiver_goes_on_as_if_paid_with_no_fee_listed() -> None:
    life = Life()
    state = final([life.submitted(), life.received(), life.payment_requested()])
    applied = apply_event(state, *life.payment_waived())
    assert applied.state.status is DossierStatus.RECEIVED
    assert national_record(applied.state, NAME)["DanhSachLePhi"] == []
    assert (
        applied.step is not None and applied.step.content == "Miễn phí, lệ phí: Người có công với cách mạng"
    )


def test_workflows_steps_go_to_the_progress_log_only() -> None:
    """R-FMT-4 progress updates: officer, time, department (the unit holding the dossier), content,
    status, start and statutory end; the record itself does not change."""
    life = Life()
    state = final([life.submitted(), life.received(), life.processing()])
    applied = apply_event(state, *life.progressed())
    assert not applied.record_changed
    step = applied.step
    assert step is not None
    assert step.content == "Thẩm định hồ sơ: Hồ sơ đủ điều kiện"
    handed = apply_event(state, *life.progressed(ProcessAction.TRANSFERRED, content=None)).step
    assert handed is not None and handed.content == "Chuyển xử lý — Thẩm định hồ sơ"
    assert (step.actor_subject, step.actor_name) == ("specialist-07", "Lê Văn Cường")
    assert step.agency_code == "000.00.18.G12"
    assert step.status is NationalStatus.PROCESSING
    assert step.end == date(2026, 2, 24)  # the step's own due date
    system = apply_event(state, *life.progressed(officer=None, officer_name=None, content=None)).step
    assert system is not None and system.actor_name == "Hệ thống một cửa điện tử"
