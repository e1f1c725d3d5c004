"""Demo letters: realistic data for previews, documentation and tests."""

from __future__ import annotations

from datetime import date, datetime

from contracts.lifecycle import ApplicantKind
from servicekit.calendar import VN_TZ
from servicekit.documents import Agency, Applicant, Officer
from workflow.letters.apology import ApologyLetter
from workflow.letters.common import DossierRef
from workflow.letters.control_sheet import ControlSheet, HandOver, HandOverVerdict, Party
from workflow.letters.refusal import RefusalAfterAppraisal
from workflow.letters.stop_notice import StopNotice

__all__ = ["AGENCY", "DOSSIER", "SIGNER", "apology", "control_sheet", "refusal", "stop_notice"]

AGENCY = Agency(
    name="Sở Tư pháp tỉnh Quảng Ninh",
    governing_body="Ủy ban nhân dân tỉnh Quảng Ninh",
    place="Quảng Ninh",
    code="000.00.18.H49",
    phone="0203 3835 678",
)
DOSSIER = DossierRef(
    dossier_code="000.00.18.H49-260213-0007",
    applicant=Applicant(
        name="Nguyễn Thị Hường",
        kind=ApplicantKind.CITIZEN,
        address="Số 12 đường Trần Hưng Đạo, phường Hồng Gai, thành phố Hạ Long, tỉnh Quảng Ninh",
    ),
    procedure_name=(
        "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam"
    ),
    received_at=datetime(2026, 2, 13, 9, 30, tzinfo=VN_TZ),
)
SIGNER = Officer(name="Phạm Quang Huy", position="Giám đốc")


def apology() -> ApologyLetter:
    return ApologyLetter(
        agency=AGENCY,
        dossier=DOSSIER,
        previous_appointment_date=date(2026, 2, 27),
        new_appointment_date=date(2026, 3, 6),
        reason=(
            "Cần xác minh thông tin về án tích tại Sở Tư pháp tỉnh Hải Dương"
            " nơi người yêu cầu cư trú trước đây."
        ),
        issued_at=datetime(2026, 2, 25, 16, 10, tzinfo=VN_TZ),
        signer=SIGNER,
        document_number="125/XL-STP",
    )


def stop_notice() -> StopNotice:
    return StopNotice(
        agency=AGENCY,
        dossier=DOSSIER,
        reason="Người yêu cầu đề nghị dừng giải quyết hồ sơ bằng văn bản ngày 20/02/2026.",
        stopped_at=datetime(2026, 2, 23, 10, 0, tzinfo=VN_TZ),
        signer=SIGNER,
        legal_basis="Điều 19 Nghị định số 61/2018/NĐ-CP",
        fees_refunded=True,
        document_number="131/TB-STP",
    )


def refusal() -> RefusalAfterAppraisal:
    return RefusalAfterAppraisal(
        agency=AGENCY,
        dossier=DOSSIER,
        reasons=(
            "Người yêu cầu không thuộc đối tượng được cấp Phiếu lý lịch tư pháp số 2"
            " theo yêu cầu của cơ quan.",
            "Giấy ủy quyền không có chứng thực theo quy định.",
        ),
        refused_at=datetime(2026, 2, 24, 14, 0, tzinfo=VN_TZ),
        signer=SIGNER,
        document_number="128/TC-STP",
    )


DESK = "Bộ phận Tiếp nhận và Trả kết quả"
RECORDS = "Phòng Hành chính tư pháp"


def control_sheet() -> ControlSheet:
    def at(day: int, hour: int, minute: int = 0) -> datetime:
        return datetime(2026, 2, day, hour, minute, tzinfo=VN_TZ)

    return ControlSheet(
        agency=AGENCY,
        dossier=DOSSIER,
        appointment_date=date(2026, 2, 27),
        lead_unit=f"{RECORDS}, Sở Tư pháp tỉnh Quảng Ninh",
        coordinating_units=("Công an tỉnh Quảng Ninh",),
        hand_overs=(
            HandOver(Party(DESK, "Trần Văn Bình"), Party(RECORDS, "Lê Thu Trang"), at(13, 10, 5)),
            HandOver(
                Party(RECORDS, "Lê Thu Trang"),
                Party("Công an tỉnh Quảng Ninh"),
                at(23, 9, 0),
                HandOverVerdict.ON_TIME,
                date(2026, 2, 23),
                "Lấy ý kiến xác minh án tích",
            ),
            HandOver(
                Party("Công an tỉnh Quảng Ninh"),
                Party(RECORDS, "Lê Thu Trang"),
                at(25, 15, 30),
                HandOverVerdict.LATE,
                date(2026, 2, 24),
            ),
            HandOver(
                Party(RECORDS, "Lê Thu Trang"),
                Party(DESK, "Trần Văn Bình"),
                at(26, 11, 0),
                HandOverVerdict.EARLY,
                date(2026, 2, 27),
                "Trả kết quả",
            ),
        ),
        as_of=at(26, 11, 0),
    )
