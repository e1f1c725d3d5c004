"""Form 03, Phiếu từ chối tiếp nhận giải quyết hồ sơ: the desk refuses, with every reason (R-INT-3)."""

from __future__ import annotations

import dataclasses

import pytest

from intake.letters import RefusalLetter, demo, render_refusal
from servicekit.documents import qr_matrix, sha256_hex
from servicekit.documents.testing import embedded_qr_matrices, pdf_text


def test_r_int_3_refusal_prints_the_applicant_request_and_every_reason() -> None:
    letter = demo.refusal()
    text = pdf_text(render_refusal(letter))
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert "Quảng Ninh, ngày 12 tháng 02 năm 2026" in text
    assert "Bộ phận Tiếp nhận và Trả kết quả: Sở Tư pháp tỉnh Quảng Ninh" in text
    assert "Tiếp nhận hồ sơ của: Nguyễn Thị Hường" in text
    assert f"Nội dung yêu cầu giải quyết: {letter.procedure_name}" in text
    assert (
        "Qua xem xét, Bộ phận Tiếp nhận và Trả kết quả thông báo không tiếp nhận, giải quyết hồ sơ này"
        " với lý do cụ thể như sau:" in text
    )
    assert f"1. {letter.reasons[0]}" in text
    assert f"2. {letter.reasons[1]}" in text
    assert "Xin thông báo cho Ông/Bà được biết và thực hiện./." in text
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ (Ký và ghi rõ họ tên) Trần Văn Bình" in text


def test_refusal_with_a_dossier_code_carries_it_as_qr() -> None:
    content = render_refusal(dataclasses.replace(demo.refusal(), dossier_code="000.00.18.H49-260212-0003"))
    assert "Mã hồ sơ: 000.00.18.H49-260212-0003" in pdf_text(content)
    assert embedded_qr_matrices(content) == [qr_matrix("000.00.18.H49-260212-0003")]
    assert embedded_qr_matrices(render_refusal(demo.refusal())) == []


def test_organisation_is_addressed_as_such() -> None:
    from contracts.lifecycle import ApplicantKind
    from servicekit.documents import Applicant

    company = Applicant(name="Công ty TNHH Hạ Long Xanh", kind=ApplicantKind.ORGANISATION)
    text = pdf_text(render_refusal(dataclasses.replace(demo.refusal(), applicant=company)))
    assert "Tiếp nhận hồ sơ của: Công ty TNHH Hạ Long Xanh" in text
    assert "Xin thông báo cho Tổ chức được biết và thực hiện./." in text


def test_refusal_needs_reasons_and_renders_identically() -> None:
    with pytest.raises(ValueError):
        dataclasses.replace(demo.refusal(), reasons=())
    with pytest.raises(ValueError):
        dataclasses.replace(demo.refusal(), reasons=("Lý do\x07",))
    assert sha256_hex(render_refusal(demo.refusal())) == sha256_hex(render_refusal(demo.refusal()))
    with pytest.raises(TypeError):
        RefusalLetter(**{**dataclasses.asdict(demo.refusal()), "body": "Khác"})  # type: ignore[arg-type]
