"""Demo letters: realistic data for previews, documentation and tests."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from contracts.lifecycle import ApplicantKind, Channel, DossierStatus
from intake.letters.eform import EFormPrintout
from intake.letters.receipt import ReceiptLetter, ReceivedComponent
from intake.letters.refusal import RefusalLetter
from intake.letters.supplement import SupplementItem, SupplementRequestLetter
from servicekit.calendar import VN_TZ
from servicekit.documents import Agency, Applicant, Officer

__all__ = ["AGENCY", "APPLICANT", "OFFICER", "eform_printout", "receipt", "refusal", "supplement_request"]

AGENCY = Agency(
    name="Sở Tư pháp tỉnh Quảng Ninh",
    governing_body="Ủy ban nhân dân tỉnh Quảng Ninh",
    place="Quảng Ninh",
    code="000.00.18.H49",
    desk_name="Bộ phận Tiếp nhận và Trả kết quả",
    phone="0203 3835 678",
)
APPLICANT = Applicant(
    name="Nguyễn Thị Hường",
    kind=ApplicantKind.CITIZEN,
    address="Số 12 đường Trần Hưng Đạo, phường Hồng Gai, thành phố Hạ Long, tỉnh Quảng Ninh",
    phone="0912 345 678",
    email="huong.nguyen@example.vn",
)
OFFICER = Officer(name="Trần Văn Bình", position="Công chức Bộ phận Tiếp nhận và Trả kết quả")
PROCEDURE = "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam"
CODE = "000.00.18.H49-260213-0007"


def receipt() -> ReceiptLetter:
    """Received Fri 13/2/2026 at 09:30, 5 working days across Tết (16–20/2) → Fri 27/2/2026 (R-FMT-8)."""
    return ReceiptLetter(
        dossier_code=CODE,
        agency=AGENCY,
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        components=(
            ReceivedComponent(
                "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (Mẫu số 03/2013/TT-LLTP)", originals=1
            ),
            ReceivedComponent("Bản chụp Thẻ Căn cước hoặc Hộ chiếu của người được cấp Phiếu", copies=1),
            ReceivedComponent("Bản chụp giấy tờ chứng minh nơi thường trú hoặc tạm trú", copies=1),
        ),
        processing_days=5,
        received_at=datetime(2026, 2, 13, 9, 30, tzinfo=VN_TZ),
        appointment_date=date(2026, 2, 27),
        reception_channel=Channel.DESK,
        result_channel=Channel.POSTAL,
        result_postal_address=APPLICANT.address,
        received_by=OFFICER,
    )


def supplement_request() -> SupplementRequestLetter:
    return SupplementRequestLetter(
        agency=AGENCY,
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        items=(
            SupplementItem(
                name="Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
                reason="Chưa ghi nơi cư trú trước khi đủ 14 tuổi.",
                guidance="Ghi đầy đủ mục 6 của Tờ khai theo hướng dẫn tại mặt sau Tờ khai.",
                component_code="TP1",
            ),
            SupplementItem(
                name="Bản chụp Thẻ Căn cước",
                reason="Bản chụp bị mờ, không đọc được số định danh cá nhân.",
                guidance="Tải lên bản chụp rõ nét cả hai mặt Thẻ Căn cước.",
                component_code="TP2",
            ),
        ),
        requested_at=datetime(2026, 2, 12, 10, 15, tzinfo=VN_TZ),
        requested_by=OFFICER,
    )


def refusal() -> RefusalLetter:
    return RefusalLetter(
        agency=AGENCY,
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        reasons=(
            "Yêu cầu không thuộc thẩm quyền giải quyết của Sở Tư pháp tỉnh Quảng Ninh.",
            "Người yêu cầu đã được cấp Phiếu lý lịch tư pháp cùng nội dung ngày 02/02/2026.",
        ),
        refused_at=datetime(2026, 2, 12, 14, 5, tzinfo=VN_TZ),
        refused_by=OFFICER,
    )


SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "ho_ten": {"type": "string", "title": "Họ, chữ đệm, tên"},
        "ngay_sinh": {"type": "string", "title": "Ngày sinh", "format": "date"},
        "gioi_tinh": {
            "type": "string",
            "title": "Giới tính",
            "oneOf": [{"const": "nam", "title": "Nam"}, {"const": "nu", "title": "Nữ"}],
        },
        "noi_cu_tru": {
            "type": "object",
            "title": "Nơi cư trú",
            "properties": {
                "tinh": {"type": "string", "title": "Tỉnh, thành phố"},
                "dia_chi": {"type": "string", "title": "Địa chỉ chi tiết"},
            },
        },
        "so_ban": {"type": "integer", "title": "Số lượng Phiếu yêu cầu cấp"},
        "nhan_qua_buu_dien": {"type": "boolean", "title": "Nhận kết quả qua bưu điện"},
        "ghi_chu": {"type": "string", "title": "Ghi chú"},
    },
}
DATA: dict[str, Any] = {
    "ho_ten": "Nguyễn Thị Hường",
    "ngay_sinh": "1990-02-05",
    "gioi_tinh": "nu",
    "noi_cu_tru": {"tinh": "Quảng Ninh", "dia_chi": "Số 12 đường Trần Hưng Đạo, phường Hồng Gai"},
    "so_ban": 2,
    "nhan_qua_buu_dien": True,
}


def eform_printout() -> EFormPrintout:
    return EFormPrintout.from_schema(
        SCHEMA,
        DATA,
        form_title="Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
        procedure_name=PROCEDURE,
        applicant_name=APPLICANT.name,
        status=DossierStatus.DRAFT,
        saved_at=datetime(2026, 2, 11, 20, 45, tzinfo=VN_TZ),
        data_version=3,
    )
