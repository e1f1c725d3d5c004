"""Demo procedures of social insurance, construction, post and telecommunications."""

from __future__ import annotations

from typing import Any

from catalog.seeddata.common import attachment, charge, fee, form_component, law, methods, procedure, steps
from catalog.seeddata.forms import applicant_form, choice, form, text

BHXH_QN = "000.00.25.H49"
BHXH_LAW = law("41/2024/QH15", "Luật Bảo hiểm xã hội", "Quốc hội", "2024-06-29")

SO_BHXH = procedure(
    "1.000401",
    {
        "name": "Cấp lại, đổi, điều chỉnh thông tin trên sổ bảo hiểm xã hội, thẻ bảo hiểm y tế",
        "agency_code": BHXH_QN,
        "field_code": "G12-BH01",
        "administrative_levels": ["province", "district"],
        "level": 4,
        "steps": steps(
            ("Kê khai, nộp hồ sơ", "applicant", 0),
            ("Tiếp nhận, kiểm tra hồ sơ", "desk", 1),
            ("Cơ quan BHXH cập nhật dữ liệu, in sổ, thẻ", "agency", 3),
            ("Trả kết quả", "desk", 1),
        ),
        "methods": methods("Bộ phận Một cửa Bảo hiểm xã hội tỉnh Quảng Ninh", "desk", "online", "postal"),
        "components": [
            form_component(
                "TP1",
                "Tờ khai tham gia, điều chỉnh thông tin bảo hiểm xã hội, bảo hiểm y tế (Mẫu TK1-TS)",
                "TK1-TS",
            ),
            attachment(
                "TP2",
                "Giấy tờ chứng minh thông tin cần điều chỉnh",
                copies=1,
                condition="Khi điều chỉnh họ tên, ngày sinh, giới tính",
            ),
        ],
        "processing_days": 5,
        "processing_time_note": (
            "Không quá 05 ngày làm việc; trường hợp điều chỉnh nhân thân không quá 10 ngày."
        ),
        "subjects": ["Người lao động", "Người tham gia bảo hiểm xã hội tự nguyện"],
        "applicant_kinds": ["citizen", "organisation"],
        "results": [{"name": "Sổ bảo hiểm xã hội"}, {"name": "Thẻ bảo hiểm y tế"}],
        "requirements": [],
        "fees": [],
        "submission_channels": ["desk", "online", "postal"],
        "result_channels": ["desk", "online", "postal"],
        "legal_basis": [
            BHXH_LAW,
            law(
                "490/QĐ-BHXH",
                "Quyết định ban hành quy trình thu BHXH, BHYT…, cấp sổ BHXH, thẻ BHYT",
                "Bảo hiểm xã hội Việt Nam",
                "2023-03-28",
            ),
        ],
        "faq": [
            {
                "question": "Tôi có thể dùng ứng dụng VssID thay cho thẻ bảo hiểm y tế giấy không?",
                "answer": (
                    "Có. Thẻ bảo hiểm y tế hiển thị trên ứng dụng VssID hoặc VNeID có giá trị sử dụng khi đi"
                    " khám, chữa bệnh."
                ),
            }
        ],
        "keywords": ["sổ BHXH", "thẻ BHYT", "bảo hiểm y tế"],
    },
    {
        "TK1-TS": applicant_form(
            "Tờ khai tham gia, điều chỉnh thông tin bảo hiểm xã hội, bảo hiểm y tế",
            "TP1",
            {
                "ma_so_bhxh": {"type": "string", "title": "Mã số bảo hiểm xã hội", "pattern": "^[0-9]{10}$"},
                "noi_dung": choice(
                    "Nội dung yêu cầu", "Cấp lại sổ", "Cấp lại thẻ", "Đổi thẻ", "Điều chỉnh thông tin"
                ),
                "ly_do": text("Lý do", max_length=500),
                "noi_dang_ky_kcb": text("Nơi đăng ký khám, chữa bệnh ban đầu"),
            },
            ["ma_so_bhxh", "noi_dung"],
            guidance={
                "ma_so_bhxh": "Mã số BHXH gồm 10 chữ số, in trên sổ BHXH, thẻ BHYT hoặc ứng dụng VssID."
            },
        )
    },
)

THAI_SAN = procedure(
    "2.000013",
    {
        "name": "Giải quyết hưởng chế độ thai sản",
        "agency_code": BHXH_QN,
        "field_code": "G12-BH02",
        "administrative_levels": ["province", "district"],
        "level": 4,
        "steps": steps(
            ("Nộp hồ sơ cho người sử dụng lao động hoặc cơ quan BHXH", "applicant", 0),
            ("Xét duyệt, chi trả", "agency", 6),
        ),
        "methods": methods("Bộ phận Một cửa Bảo hiểm xã hội tỉnh Quảng Ninh", "desk", "online", "postal"),
        "components": [
            form_component("TP1", "Văn bản đề nghị giải quyết chế độ thai sản", "DN-TS"),
            attachment("TP2", "Bản sao giấy khai sinh hoặc trích lục khai sinh của con", copies=1),
            attachment(
                "TP3",
                "Giấy chứng nhận nghỉ việc hưởng bảo hiểm xã hội",
                originals=1,
                copies=0,
                condition="Khi nghỉ việc khám thai, sẩy thai",
            ),
        ],
        "processing_days": 6,
        "subjects": [
            "Lao động nữ sinh con",
            "Lao động nam có vợ sinh con",
            "Người lao động nhận nuôi con nuôi dưới 06 tháng tuổi",
        ],
        "applicant_kinds": ["citizen", "organisation"],
        "results": [{"name": "Quyết định hưởng chế độ thai sản và tiền trợ cấp"}],
        "requirements": [
            "Đóng bảo hiểm xã hội từ đủ 06 tháng trở lên trong thời gian 12 tháng trước khi sinh con"
        ],
        "fees": [],
        "submission_channels": ["desk", "online", "postal"],
        "result_channels": ["desk", "online", "postal"],
        "legal_basis": [BHXH_LAW],
        "keywords": ["thai sản", "sinh con", "trợ cấp"],
    },
    {
        "DN-TS": applicant_form(
            "Văn bản đề nghị giải quyết chế độ thai sản",
            "TP1",
            {
                "ma_so_bhxh": {"type": "string", "title": "Mã số bảo hiểm xã hội", "pattern": "^[0-9]{10}$"},
                "so_tai_khoan": {
                    "type": "string",
                    "title": "Số tài khoản nhận trợ cấp",
                    "pattern": "^[0-9]{6,20}$",
                },
                "ngan_hang": text("Ngân hàng"),
            },
            ["ma_so_bhxh"],
        )
    },
)

GIAY_PHEP_XAY_DUNG = procedure(
    "1.009994",
    {
        "name": "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
        "agency_code": "000.00.31.H49",
        "field_code": "G07-XD02",
        "administrative_levels": ["district"],
        "level": 3,
        "steps": steps(
            ("Nộp hồ sơ đề nghị cấp giấy phép", "applicant", 0),
            ("Thẩm định hồ sơ, kiểm tra thực địa", "agency", 10),
            ("Cấp giấy phép xây dựng", "agency", 5),
        ),
        "methods": methods("Bộ phận Một cửa UBND thành phố Hạ Long", "desk", "online"),
        "components": [
            form_component("TP1", "Đơn đề nghị cấp giấy phép xây dựng (Mẫu số 01)", "DDN-GPXD"),
            attachment("TP2", "Giấy tờ chứng minh quyền sử dụng đất", copies=1),
            attachment("TP3", "02 bộ bản vẽ thiết kế xây dựng", originals=2, copies=0),
        ],
        "processing_days": 15,
        "subjects": ["Hộ gia đình, cá nhân"],
        "applicant_kinds": ["citizen"],
        "results": [{"name": "Giấy phép xây dựng", "validity": "12 tháng kể từ ngày cấp nếu chưa khởi công"}],
        "requirements": [
            "Phù hợp với quy hoạch chi tiết xây dựng tỷ lệ 1/500 hoặc quy chế quản lý kiến trúc"
        ],
        "fees": [charge("LP-GPXD", "Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ", 75000)],
        "submission_channels": ["desk", "online"],
        "result_channels": ["desk", "postal"],
        "legal_basis": [
            law("50/2014/QH13", "Luật Xây dựng", "Quốc hội", "2014-06-18"),
            law(
                "175/2024/NĐ-CP",
                (
                    "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Xây dựng về quản lý "
                    "hoạt động xây dựng"
                ),
                "Chính phủ",
                "2024-12-30",
            ),
        ],
        "keywords": ["xin phép xây nhà", "GPXD"],
    },
    {
        "DDN-GPXD": applicant_form(
            "Đơn đề nghị cấp giấy phép xây dựng",
            "TP1",
            {
                "dia_diem": text("Địa điểm xây dựng", max_length=300),
                "so_thua": text("Số thửa đất, tờ bản đồ", max_length=50),
                "dien_tich_xay_dung": {
                    "type": "number",
                    "title": "Diện tích xây dựng tầng 1 (m²)",
                    "minimum": 1,
                },
                "so_tang": {"type": "integer", "title": "Số tầng", "minimum": 1, "maximum": 50},
            },
            ["dia_diem", "so_thua", "dien_tich_xay_dung", "so_tang"],
        )
    },
)

GIAY_PHEP_BUU_CHINH = procedure(
    "1.004470",
    {
        "name": "Cấp giấy phép bưu chính",
        "agency_code": "000.00.00.G20",
        "field_code": "G20-BC01",
        "administrative_levels": ["central"],
        "level": 4,
        "steps": steps(
            ("Nộp hồ sơ", "applicant", 0), ("Thẩm định hồ sơ", "agency", 15), ("Cấp giấy phép", "agency", 5)
        ),
        "methods": methods("Bộ phận Một cửa Bộ Khoa học và Công nghệ", "desk", "online", "postal"),
        "components": [
            form_component("TP1", "Đơn đề nghị cấp giấy phép bưu chính", "DDN-GPBC"),
            attachment("TP2", "Bản sao giấy chứng nhận đăng ký doanh nghiệp", copies=1),
            attachment("TP3", "Phương án kinh doanh", originals=1, copies=0),
            attachment("TP4", "Mẫu hợp đồng cung ứng và sử dụng dịch vụ bưu chính", originals=1, copies=0),
        ],
        "processing_days": 20,
        "subjects": ["Doanh nghiệp"],
        "applicant_kinds": ["organisation"],
        "results": [{"name": "Giấy phép bưu chính", "validity": "10 năm"}],
        "requirements": [
            "Có phương án kinh doanh khả thi",
            "Có biện pháp bảo đảm an ninh thông tin trong hoạt động bưu chính",
        ],
        "fees": [fee("PHI-TD", "Phí thẩm định điều kiện hoạt động bưu chính (phạm vi liên tỉnh)", 20000000)],
        "submission_channels": ["desk", "online", "postal"],
        "result_channels": ["desk", "online", "postal"],
        "legal_basis": [
            law("49/2010/QH12", "Luật Bưu chính", "Quốc hội", "2010-06-17"),
            law(
                "47/2011/NĐ-CP",
                "Nghị định quy định chi tiết thi hành một số nội dung của Luật Bưu chính",
                "Chính phủ",
                "2011-06-17",
            ),
        ],
        "keywords": ["chuyển phát", "dịch vụ bưu chính"],
    },
    {
        "DDN-GPBC": form(
            "Đơn đề nghị cấp giấy phép bưu chính",
            "TP1",
            {
                "ten_doanh_nghiep": text("Tên doanh nghiệp", max_length=300),
                "ma_so_doanh_nghiep": {
                    "type": "string",
                    "title": "Mã số doanh nghiệp",
                    "format": "vn-tax-code",
                },
                "pham_vi": choice("Phạm vi cung ứng dịch vụ", "Nội tỉnh", "Liên tỉnh", "Quốc tế"),
                "nguoi_dai_dien": text("Người đại diện theo pháp luật", max_length=100),
                "dien_thoai": {"type": "string", "title": "Điện thoại", "format": "vn-phone"},
            },
            ["ten_doanh_nghiep", "ma_so_doanh_nghiep", "pham_vi", "nguoi_dai_dien"],
            prefill={
                "ten_doanh_nghiep": {"source": "profile", "field": "organisation_name"},
                "ma_so_doanh_nghiep": {"source": "profile", "field": "business_code"},
            },
        )
    },
)

GIAY_PHEP_VIEN_THONG = procedure(
    "1.004922",
    {
        "name": "Cấp giấy phép cung cấp dịch vụ viễn thông có hạ tầng mạng",
        "agency_code": "000.00.00.G20",
        "field_code": "G20-VT01",
        "administrative_levels": ["central"],
        "level": 3,
        "steps": steps(
            ("Nộp hồ sơ", "applicant", 0), ("Thẩm định hồ sơ", "agency", 20), ("Cấp giấy phép", "agency", 10)
        ),
        "methods": methods("Bộ phận Một cửa Bộ Khoa học và Công nghệ", "desk", "online", "postal"),
        "components": [
            form_component("TP1", "Đơn đề nghị cấp giấy phép viễn thông", "DDN-GPVT"),
            attachment("TP2", "Kế hoạch kinh doanh trong 05 năm đầu", originals=1, copies=0),
            attachment("TP3", "Kế hoạch kỹ thuật trong 05 năm đầu", originals=1, copies=0),
        ],
        "processing_days": 30,
        "subjects": ["Doanh nghiệp"],
        "applicant_kinds": ["organisation"],
        "results": [{"name": "Giấy phép cung cấp dịch vụ viễn thông", "validity": "Không quá 15 năm"}],
        "requirements": ["Đáp ứng điều kiện về vốn, kỹ thuật, bảo đảm an toàn, an ninh mạng"],
        "fees": [fee("PHI-TD-VT", "Phí thẩm định điều kiện cung cấp dịch vụ viễn thông", 15000000)],
        "submission_channels": ["desk", "online", "postal"],
        "result_channels": ["desk", "postal"],
        "legal_basis": [law("24/2023/QH15", "Luật Viễn thông", "Quốc hội", "2023-11-24")],
        "keywords": ["giấy phép viễn thông", "mạng viễn thông"],
    },
    {
        "DDN-GPVT": form(
            "Đơn đề nghị cấp giấy phép viễn thông",
            "TP1",
            {
                "ten_doanh_nghiep": text("Tên doanh nghiệp", max_length=300),
                "ma_so_doanh_nghiep": {
                    "type": "string",
                    "title": "Mã số doanh nghiệp",
                    "format": "vn-tax-code",
                },
                "loai_mang": choice(
                    "Loại mạng viễn thông",
                    "Mạng viễn thông cố định mặt đất",
                    "Mạng viễn thông di động mặt đất",
                    "Mạng viễn thông vệ tinh",
                ),
                "pham_vi": choice("Phạm vi thiết lập mạng", "Toàn quốc", "Khu vực"),
            },
            ["ten_doanh_nghiep", "ma_so_doanh_nghiep", "loai_mang", "pham_vi"],
            prefill={"ma_so_doanh_nghiep": {"source": "profile", "field": "business_code"}},
        )
    },
)

PROCEDURES: list[dict[str, Any]] = [
    SO_BHXH,
    THAI_SAN,
    GIAY_PHEP_XAY_DUNG,
    GIAY_PHEP_BUU_CHINH,
    GIAY_PHEP_VIEN_THONG,
]
