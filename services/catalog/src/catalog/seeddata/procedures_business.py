"""Demo procedures of business and tax registration (hộ kinh doanh, doanh nghiệp, đăng ký thuế)."""

from __future__ import annotations

from typing import Any

from catalog.seeddata.common import attachment, charge, fee, form_component, law, methods, procedure, steps
from catalog.seeddata.forms import applicant_form, date, form, text

HA_LONG = "000.00.31.H49"
FINANCE_DEPT = "000.00.05.H49"
BUSINESS_DECREE = law("168/2025/NĐ-CP", "Nghị định về đăng ký doanh nghiệp", "Chính phủ", "2025-06-30")
BUSINESS_FEES = law(
    "47/2019/TT-BTC",
    (
        "Thông tư quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí, lệ phí cung cấp thông tin doanh"
        " nghiệp, lệ phí đăng ký doanh nghiệp"
    ),
    "Bộ Tài chính",
    "2019-08-05",
)

HOUSEHOLD_PROPERTIES: dict[str, Any] = {
    "ten_ho_kinh_doanh": text("Tên hộ kinh doanh", max_length=200),
    "dia_chi_tru_so": text("Địa chỉ trụ sở hộ kinh doanh", max_length=300),
    "nganh_nghe": {
        "type": "array",
        "title": "Ngành, nghề kinh doanh",
        "minItems": 1,
        "items": {
            "type": "object",
            "required": ["ma_nganh", "ten_nganh"],
            "properties": {
                "ma_nganh": {"type": "string", "title": "Mã ngành cấp 4", "pattern": "^[0-9]{4}$"},
                "ten_nganh": text("Tên ngành"),
            },
        },
    },
    "von_kinh_doanh": {"type": "integer", "title": "Vốn kinh doanh (đồng)", "minimum": 0},
    "so_lao_dong": {"type": "integer", "title": "Số lượng lao động", "minimum": 0},
}

HO_KINH_DOANH = procedure(
    "1.001612",
    {
        "name": "Đăng ký thành lập hộ kinh doanh",
        "agency_code": HA_LONG,
        "field_code": "G12-HKD01",
        "administrative_levels": ["district"],
        "level": 4,
        "steps": steps(
            ("Nộp hồ sơ", "applicant", 0),
            ("Tiếp nhận, trao Giấy biên nhận", "desk", 0.5),
            ("Kiểm tra tính hợp lệ, cấp Giấy chứng nhận đăng ký hộ kinh doanh", "agency", 2),
            ("Trả kết quả", "desk", 0.5),
        ),
        "methods": methods("Bộ phận Một cửa UBND thành phố Hạ Long", "desk", "online", "postal"),
        "components": [
            form_component("TP1", "Giấy đề nghị đăng ký hộ kinh doanh (Phụ lục III-1)", "GDN-HKD"),
            attachment(
                "TP2",
                "Biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh",
                originals=1,
                copies=0,
                condition="Khi các thành viên hộ gia đình cùng đăng ký",
            ),
            attachment(
                "TP3",
                "Văn bản ủy quyền của thành viên hộ gia đình cho một thành viên làm chủ hộ",
                originals=1,
                copies=0,
                condition="Khi các thành viên hộ gia đình cùng đăng ký",
            ),
        ],
        "processing_days": 3,
        "subjects": [
            "Cá nhân, thành viên hộ gia đình là công dân Việt Nam có năng lực hành vi dân sự đầy đủ"
        ],
        "applicant_kinds": ["citizen"],
        "results": [{"name": "Giấy chứng nhận đăng ký hộ kinh doanh"}],
        "requirements": [
            "Ngành, nghề đăng ký kinh doanh không bị cấm đầu tư kinh doanh",
            "Tên hộ kinh doanh không trùng với tên hộ kinh doanh đã đăng ký trong phạm vi cấp huyện",
        ],
        "fees": [charge("LP-HKD", "Lệ phí đăng ký hộ kinh doanh", 100000, online_amount=50000)],
        "fee_note": (
            "Mức thu theo Nghị quyết của Hội đồng nhân dân tỉnh Quảng Ninh; nộp trực tuyến được giảm 50%."
        ),
        "submission_channels": ["desk", "online", "postal"],
        "result_channels": ["desk", "online", "postal"],
        "legal_basis": [law("59/2020/QH14", "Luật Doanh nghiệp", "Quốc hội", "2020-06-17"), BUSINESS_DECREE],
        "faq": [
            {
                "question": "Hộ kinh doanh có được kinh doanh ở nhiều địa điểm không?",
                "answer": (
                    "Hộ kinh doanh có thể kinh doanh tại nhiều địa điểm nhưng phải chọn một địa điểm làm trụ"
                    " sở và thông báo các địa điểm còn lại cho cơ quan thuế, cơ quan quản lý thị trường."
                ),
            }
        ],
        "keywords": ["mở cửa hàng", "giấy phép kinh doanh hộ gia đình", "đăng ký kinh doanh"],
    },
    {
        "GDN-HKD": applicant_form(
            "Giấy đề nghị đăng ký hộ kinh doanh",
            "TP1",
            HOUSEHOLD_PROPERTIES,
            ["ten_ho_kinh_doanh", "dia_chi_tru_so", "nganh_nghe", "von_kinh_doanh"],
            guidance={
                "ten_ho_kinh_doanh": (
                    "Gồm cụm từ “Hộ kinh doanh” và tên riêng; không dùng từ ngữ vi phạm truyền thống văn hóa."
                ),
                "nganh_nghe.ma_nganh": "Mã ngành cấp 4 theo Hệ thống ngành kinh tế Việt Nam.",
            },
        )
    },
)

THAY_DOI_HO_KINH_DOANH = procedure(
    "2.000575",
    {
        **HO_KINH_DOANH["content"],
        "name": "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
        "components": [
            form_component(
                "TP1", "Thông báo thay đổi nội dung đăng ký hộ kinh doanh (Phụ lục III-2)", "TB-HKD"
            ),
            attachment(
                "TP2",
                "Bản sao biên bản họp thành viên hộ gia đình về việc thay đổi",
                copies=1,
                condition="Khi thay đổi chủ hộ kinh doanh",
            ),
        ],
        "results": [{"name": "Giấy chứng nhận đăng ký hộ kinh doanh (cấp đổi)"}],
        "fees": [charge("LP-HKD", "Lệ phí đăng ký thay đổi hộ kinh doanh", 100000, online_amount=50000)],
        "faq": [],
        "keywords": ["thay đổi giấy phép kinh doanh hộ gia đình"],
    },
    {
        "TB-HKD": applicant_form(
            "Thông báo thay đổi nội dung đăng ký hộ kinh doanh",
            "TP1",
            {
                "ma_so_ho_kinh_doanh": text("Mã số hộ kinh doanh", max_length=20),
                "noi_dung_thay_doi": text("Nội dung đăng ký thay đổi", max_length=2000),
            },
            ["ma_so_ho_kinh_doanh", "noi_dung_thay_doi"],
        )
    },
)

CONG_TY_TNHH = procedure(
    "2.001610",
    {
        "name": "Đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên",
        "agency_code": FINANCE_DEPT,
        "field_code": "G12-DN01",
        "administrative_levels": ["province"],
        "level": 4,
        "steps": steps(
            (
                "Nộp hồ sơ đăng ký doanh nghiệp qua Hệ thống thông tin quốc gia về đăng ký doanh nghiệp",
                "applicant",
                0,
            ),
            ("Phòng Đăng ký kinh doanh xem xét tính hợp lệ", "agency", 2.5),
            ("Cấp Giấy chứng nhận đăng ký doanh nghiệp", "agency", 0.5),
        ),
        "methods": methods(
            "Phòng Đăng ký kinh doanh, Sở Tài chính tỉnh Quảng Ninh", "desk", "online", "postal"
        ),
        "components": [
            form_component("TP1", "Giấy đề nghị đăng ký doanh nghiệp", "GDN-DN"),
            attachment("TP2", "Điều lệ công ty", originals=1, copies=0),
            attachment("TP3", "Bản sao giấy tờ pháp lý của chủ sở hữu công ty", copies=1),
        ],
        "processing_days": 3,
        "subjects": ["Tổ chức, cá nhân thành lập doanh nghiệp"],
        "applicant_kinds": ["citizen", "organisation"],
        "results": [{"name": "Giấy chứng nhận đăng ký doanh nghiệp"}],
        "requirements": ["Tên doanh nghiệp không trùng hoặc gây nhầm lẫn với tên doanh nghiệp đã đăng ký"],
        "fees": [
            charge("LP-DKDN", "Lệ phí đăng ký doanh nghiệp", 50000, online_amount=0),
            fee("PHI-CB", "Phí công bố nội dung đăng ký doanh nghiệp", 100000),
        ],
        "fee_note": "Miễn lệ phí khi đăng ký qua mạng điện tử.",
        "submission_channels": ["desk", "online", "postal"],
        "result_channels": ["desk", "online", "postal"],
        "legal_basis": [
            law("59/2020/QH14", "Luật Doanh nghiệp", "Quốc hội", "2020-06-17"),
            BUSINESS_DECREE,
            BUSINESS_FEES,
        ],
        "keywords": ["thành lập công ty", "giấy phép kinh doanh", "đăng ký doanh nghiệp"],
    },
    {
        "GDN-DN": form(
            "Giấy đề nghị đăng ký doanh nghiệp",
            "TP1",
            {
                "ten_cong_ty": text("Tên công ty viết bằng tiếng Việt", max_length=300),
                "ten_viet_tat": text("Tên công ty viết tắt", max_length=100),
                "dia_chi_tru_so": text("Địa chỉ trụ sở chính", max_length=300),
                "von_dieu_le": {"type": "integer", "title": "Vốn điều lệ (đồng)", "minimum": 1},
                "nguoi_dai_dien": text("Người đại diện theo pháp luật", max_length=100),
                "so_dinh_danh_nguoi_dai_dien": {
                    "type": "string",
                    "title": "Số định danh cá nhân của người đại diện",
                    "format": "vn-personal-id",
                },
                "dien_thoai": {"type": "string", "title": "Điện thoại", "format": "vn-phone"},
                "email": {"type": "string", "title": "Thư điện tử", "format": "email"},
            },
            ["ten_cong_ty", "dia_chi_tru_so", "von_dieu_le", "nguoi_dai_dien", "so_dinh_danh_nguoi_dai_dien"],
            guidance={"von_dieu_le": "Tổng giá trị tài sản do chủ sở hữu cam kết góp, ghi bằng số (đồng)."},
            prefill={
                "nguoi_dai_dien": {"source": "profile", "field": "full_name"},
                "so_dinh_danh_nguoi_dai_dien": {"source": "profile", "field": "personal_id"},
                "dien_thoai": {"source": "profile", "field": "phone"},
            },
        )
    },
)

DANG_KY_THUE = procedure(
    "1.007660",
    {
        "name": "Đăng ký thuế lần đầu đối với cá nhân có thu nhập chịu thuế thu nhập cá nhân",
        "agency_code": "000.00.18.G12",
        "field_code": "G12-TH03",
        "administrative_levels": ["central", "province"],
        "level": 4,
        "steps": steps(
            ("Nộp tờ khai đăng ký thuế", "applicant", 0), ("Cơ quan thuế cấp mã số thuế", "agency", 3)
        ),
        "methods": methods("cơ quan thuế quản lý nơi cư trú", "desk", "online", "postal"),
        "components": [form_component("TP1", "Tờ khai đăng ký thuế (Mẫu 05-ĐK-TCT)", "05-DK-TCT")],
        "processing_days": 3,
        "subjects": ["Cá nhân có thu nhập chịu thuế thu nhập cá nhân"],
        "applicant_kinds": ["citizen"],
        "results": [{"name": "Thông báo mã số thuế"}],
        "requirements": [],
        "fees": [],
        "fee_note": "Không thu phí, lệ phí.",
        "submission_channels": ["desk", "online", "postal"],
        "result_channels": ["desk", "online", "postal"],
        "legal_basis": [law("38/2019/QH14", "Luật Quản lý thuế", "Quốc hội", "2019-06-13")],
        "keywords": ["mã số thuế cá nhân", "MST"],
    },
    {
        "05-DK-TCT": applicant_form(
            "Tờ khai đăng ký thuế",
            "TP1",
            {
                "co_quan_chi_tra": text("Tên tổ chức, cá nhân chi trả thu nhập", max_length=300),
                "ma_so_thue_co_quan_chi_tra": {
                    "type": "string",
                    "title": "Mã số thuế của tổ chức chi trả",
                    "format": "vn-tax-code",
                },
            },
            [],
        )
    },
)

# Decided by the ministry itself (000.00.00.G12), where the demo officials of identity's seed work.
THE_THAM_DINH_VIEN = procedure(
    "1.005129",
    {
        "name": "Cấp thẻ thẩm định viên về giá",
        "agency_code": "000.00.00.G12",
        "field_code": "G12-QLG01",
        "administrative_levels": ["central"],
        "level": 3,
        "steps": steps(
            ("Nộp hồ sơ đề nghị cấp thẻ", "applicant", 0),
            ("Tiếp nhận, kiểm tra tính đầy đủ của hồ sơ", "desk", 1),
            ("Thẩm định hồ sơ, trình ký quyết định cấp thẻ", "agency", 8),
            ("Trả thẻ thẩm định viên về giá", "desk", 1),
        ),
        "methods": methods("Bộ phận Một cửa Bộ Tài chính", "desk", "online", "postal"),
        "components": [
            form_component("TP1", "Đơn đề nghị cấp thẻ thẩm định viên về giá", "DN-TDV"),
            attachment(
                "TP2",
                "Bản sao văn bằng tốt nghiệp đại học trở lên",
                copies=1,
                condition="Khi văn bằng chưa có trong Cơ sở dữ liệu quốc gia về văn bằng",
            ),
        ],
        "processing_days": 10,
        "subjects": ["Công dân Việt Nam đã có chứng chỉ thẩm định giá"],
        "applicant_kinds": ["citizen"],
        "results": [{"name": "Thẻ thẩm định viên về giá"}],
        "requirements": ["Có chứng chỉ thẩm định giá", "Có thời gian công tác thực tế từ 36 tháng trở lên"],
        "fees": [fee("LP-TDV", "Lệ phí cấp thẻ thẩm định viên về giá", 100000)],
        "fee_note": "Nộp khi nhận thẻ tại Bộ phận Một cửa hoặc qua bưu chính.",
        "submission_channels": ["desk", "online", "postal"],
        "result_channels": ["desk", "postal"],
        "legal_basis": [law("16/2023/QH15", "Luật Giá", "Quốc hội", "2023-06-19")],
        "keywords": ["thẩm định giá", "thẻ thẩm định viên"],
    },
    {
        "DN-TDV": applicant_form(
            "Đơn đề nghị cấp thẻ thẩm định viên về giá",
            "TP1",
            {
                "so_chung_chi": text("Số chứng chỉ thẩm định giá", max_length=50),
                "ngay_cap_chung_chi": date("Ngày cấp chứng chỉ"),
                "noi_cong_tac": text("Nơi công tác", max_length=300),
            },
            ["so_chung_chi"],
        )
    },
)

PROCEDURES: list[dict[str, Any]] = [
    HO_KINH_DOANH,
    THAY_DOI_HO_KINH_DOANH,
    CONG_TY_TNHH,
    DANG_KY_THUE,
    THE_THAM_DINH_VIEN,
]
