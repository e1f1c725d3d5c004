"""Demo process definitions for the procedures of catalog's demo catalogue (same codes, agencies and
legal time limits), and the demo agencies they name with their levels — so the seed can check each
definition against the same rules as the API before writing it."""

from __future__ import annotations

from typing import Any

from workflow.definitions.rules import KnownAgency

MINISTRY = "000.00.00.G12"
TAX = "000.00.18.G12"
SCIENCE = "000.00.00.G20"
PROVINCE = "000.00.00.H49"
JUSTICE_DEPT = "000.00.11.H49"
FINANCE_DEPT = "000.00.05.H49"
SOCIAL_INSURANCE = "000.00.25.H49"
HA_LONG = "000.00.31.H49"
HONG_GAI = "000.01.31.H49"

AGENCIES: dict[str, KnownAgency] = {
    a.code: a
    for a in (
        KnownAgency(MINISTRY, None, "central"),
        KnownAgency(TAX, MINISTRY, "central"),
        KnownAgency(SCIENCE, None, "central"),
        KnownAgency(PROVINCE, None, "province"),
        KnownAgency(JUSTICE_DEPT, PROVINCE, "province"),
        KnownAgency(FINANCE_DEPT, PROVINCE, "province"),
        KnownAgency(SOCIAL_INSURANCE, PROVINCE, "province"),
        KnownAgency(HA_LONG, PROVINCE, "district"),
        KnownAgency(HONG_GAI, HA_LONG, "commune"),
    )
}


def _step(code: str, kind: str, title: str, role: str, days: float, **extra: Any) -> dict[str, Any]:
    return {"code": code, "kind": kind, "title": title, "role": role, "working_days": days, **extra}


def _single(
    agency: str,
    days: float,
    appraisal: float,
    *middle: dict[str, Any],
    head: float = 0.0,
    leader: float = 0.5,
    result: float = 0.5,
) -> list[dict[str, Any]]:
    steps = [
        _step("tham_dinh", "appraisal", "Thẩm định hồ sơ, đề xuất giải quyết", "specialist", appraisal),
        *middle,
    ]
    if head:
        steps.append(_step("lanh_dao_phong", "approval", "Lãnh đạo phòng xem xét", "unit_head", head))
    steps.append(_step("lanh_dao", "approval", "Lãnh đạo cơ quan phê duyệt", "agency_leader", leader))
    steps.append(
        _step("tra_ket_qua", "result", "Ban hành kết quả, chuyển Bộ phận Một cửa", "specialist", result)
    )
    assert sum(s["working_days"] for s in steps) == days, (agency, days)
    return [{"agency_code": agency, "limit_days": days, "steps": steps}]


def _verification(days: float, title: str, *, optional: bool = True) -> dict[str, Any]:
    return _step("xac_minh", "verification", title, "specialist", days, optional=optional)


def _consultation(days: float, title: str) -> dict[str, Any]:
    return _step("lay_y_kien", "consultation", title, "specialist", days, optional=True)


def _definition(
    code: str, agency: str, days: int, name: str, stages: list[dict[str, Any]], route: str = "single"
) -> dict[str, Any]:
    return {
        "agency_code": agency,
        "procedure_code": code,
        "procedure_version": 1,
        "name": name,
        "route": route,
        "legal_limit_days": days,
        "stages": stages,
    }


DEFINITIONS: list[dict[str, Any]] = [
    _definition(
        "1.005129",
        MINISTRY,
        10,
        "Cấp thẻ thẩm định viên về giá",
        _single(MINISTRY, 10, 6, _consultation(2, "Lấy ý kiến đơn vị liên quan (nếu cần)"), head=1),
    ),
    _definition(
        "1.001612",
        HA_LONG,
        3,
        "Đăng ký thành lập hộ kinh doanh",
        _single(
            HA_LONG, 3, 1.5, _verification(0.5, "Xác minh địa điểm kinh doanh (nếu cần)"), head=0.5, result=0
        ),
    ),
    _definition(
        "2.000575",
        FINANCE_DEPT,
        3,
        "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
        _single(FINANCE_DEPT, 3, 1.5, head=0.5),
    ),
    _definition("1.007660", TAX, 3, "Đăng ký thuế lần đầu", _single(TAX, 3, 2)),
    _definition(
        "1.001193", HONG_GAI, 1, "Đăng ký khai sinh", _single(HONG_GAI, 1, 0.5, leader=0.5, result=0)
    ),
    _definition(
        "1.000894",
        HONG_GAI,
        3,
        "Đăng ký kết hôn",
        _single(HONG_GAI, 3, 1.5, _verification(0.5, "Xác minh điều kiện kết hôn (nếu cần)")),
    ),
    _definition(
        "2.000488",
        JUSTICE_DEPT,
        10,
        "Cấp Phiếu lý lịch tư pháp",
        _single(
            JUSTICE_DEPT,
            10,
            5,
            _consultation(3, "Tra cứu, xác minh thông tin án tích với cơ quan liên quan"),
            head=1,
        ),
    ),
    _definition(
        "1.000401",
        SOCIAL_INSURANCE,
        5,
        "Cấp lại, đổi, điều chỉnh sổ BHXH, thẻ BHYT",
        _single(SOCIAL_INSURANCE, 5, 3, head=1),
    ),
    _definition(
        "2.000013",
        SOCIAL_INSURANCE,
        6,
        "Giải quyết hưởng chế độ thai sản",
        _single(SOCIAL_INSURANCE, 6, 4, head=1),
    ),
    _definition(
        "1.009994",
        HA_LONG,
        15,
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        _single(
            HA_LONG,
            15,
            7,
            _verification(3, "Kiểm tra thực địa", optional=False),
            _consultation(2, "Lấy ý kiến cơ quan quản lý chuyên ngành (nếu cần)"),
            head=1.5,
            leader=1,
        ),
    ),
    _definition(
        "2.001610",
        FINANCE_DEPT,
        3,
        "Đăng ký thành lập công ty TNHH một thành viên (liên thông)",
        [
            {**_single(FINANCE_DEPT, 3, 1.5, head=0.5)[0], "lead": True},
            {
                "agency_code": SOCIAL_INSURANCE,
                "task": "Cấp mã số đơn vị tham gia bảo hiểm xã hội cho doanh nghiệp",
                "limit_days": 2,
                "steps": [
                    _step("bhxh_tham_dinh", "appraisal", "Thẩm định thông tin lao động", "specialist", 1.5),
                    _step("bhxh_duyet", "approval", "Lãnh đạo phòng duyệt", "unit_head", 0.5),
                ],
            },
        ],
        route="parallel",
    ),
    _definition(
        "1.004470",
        SCIENCE,
        20,
        "Cấp giấy phép bưu chính",
        _single(SCIENCE, 20, 12, _consultation(4, "Lấy ý kiến đơn vị liên quan"), head=2, leader=1.5),
    ),
    _definition(
        "1.004922",
        SCIENCE,
        30,
        "Cấp giấy phép cung cấp dịch vụ viễn thông có hạ tầng mạng",
        _single(SCIENCE, 30, 18, _consultation(6, "Lấy ý kiến các cục, vụ liên quan"), head=3, leader=2.5),
    ),
]
