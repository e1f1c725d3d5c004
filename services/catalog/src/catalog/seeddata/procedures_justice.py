"""Demo procedures of the justice sector (hộ tịch, chứng thực, lý lịch tư pháp)."""

from __future__ import annotations

from typing import Any

from catalog.seeddata.common import attachment, charge, fee, form_component, law, methods, procedure, steps
from catalog.seeddata.forms import applicant_form, choice, date, text

HONG_GAI = "000.01.31.H49"
ONE_STOP_WARD = "Bộ phận Một cửa UBND phường Hồng Gai"
HO_TICH_LAW = law("60/2014/QH13", "Luật Hộ tịch", "Quốc hội", "2014-11-20")
HO_TICH_DECREE = law(
    "123/2015/NĐ-CP",
    "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch",
    "Chính phủ",
    "2015-11-15",
)

KHAI_SINH = procedure(
    "1.001193",
    {
        "name": "Đăng ký khai sinh",
        "agency_code": HONG_GAI,
        "field_code": "G09-TP05",
        "administrative_levels": ["commune"],
        "level": 4,
        "steps": steps(
            ("Người yêu cầu nộp hồ sơ trực tuyến hoặc tại Bộ phận Một cửa", "applicant", 0),
            ("Tiếp nhận, kiểm tra hồ sơ", "desk", 0),
            ("Công chức tư pháp - hộ tịch ghi vào Sổ hộ tịch, trình ký", "agency", 0.5),
            ("Trả Giấy khai sinh bản chính", "desk", 0.5),
        ),
        "methods": methods(ONE_STOP_WARD, "desk", "online", "postal"),
        "components": [
            form_component("TP1", "Tờ khai đăng ký khai sinh theo mẫu", "TK-KS"),
            attachment(
                "TP2",
                "Giấy chứng sinh hoặc văn bản của người làm chứng xác nhận việc sinh",
                originals=1,
                copies=0,
            ),
            attachment(
                "TP3",
                "Văn bản ủy quyền có chứng thực",
                originals=1,
                copies=0,
                condition="Khi ủy quyền đăng ký khai sinh",
            ),
        ],
        "processing_days": 1,
        "processing_time_note": (
            "Ngay trong ngày tiếp nhận hồ sơ; trường hợp nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày "
            "làm việc tiếp theo."
        ),
        "subjects": ["Cha, mẹ hoặc người thân thích của trẻ em", "Cá nhân, tổ chức đang nuôi dưỡng trẻ em"],
        "applicant_kinds": ["citizen"],
        "results": [
            {"name": "Giấy khai sinh (bản chính)", "description": "Kèm bản sao trích lục nếu có yêu cầu"}
        ],
        "requirements": [],
        "fees": [
            charge(
                "LP-BS",
                "Lệ phí cấp bản sao trích lục hộ tịch",
                8000,
                basis="per_unit",
                unit="bản",
                exemptions=[{"code": "NGHEO", "description": "Người thuộc hộ nghèo", "percent": 100}],
            )
        ],
        "fee_note": "Miễn lệ phí đăng ký khai sinh đúng hạn.",
        "submission_channels": ["desk", "online", "postal"],
        "result_channels": ["desk", "online", "postal"],
        "legal_basis": [HO_TICH_LAW, HO_TICH_DECREE],
        "faq": [
            {
                "question": "Quá 60 ngày kể từ ngày sinh mới đăng ký khai sinh có bị phạt không?",
                "answer": (
                    "Việc đăng ký khai sinh quá hạn vẫn được thực hiện; cha, mẹ có thể bị nhắc nhở hoặc xử "
                    "phạt theo quy định."
                ),
            }
        ],
        "keywords": ["giấy khai sinh", "khai sinh cho con"],
    },
    {
        "TK-KS": applicant_form(
            "Tờ khai đăng ký khai sinh",
            "TP1",
            {
                "tre_em": {
                    "type": "object",
                    "title": "Người được khai sinh",
                    "required": ["ho_ten", "ngay_sinh", "gioi_tinh", "noi_sinh"],
                    "properties": {
                        "ho_ten": text("Họ, chữ đệm, tên", max_length=100),
                        "ngay_sinh": date("Ngày, tháng, năm sinh"),
                        "gioi_tinh": choice("Giới tính", "Nam", "Nữ"),
                        "noi_sinh": text("Nơi sinh"),
                        "dan_toc": text("Dân tộc", max_length=50),
                        "quoc_tich": text("Quốc tịch", max_length=50),
                    },
                },
                "quan_he": text("Quan hệ với người được khai sinh", max_length=50),
            },
            ["tre_em", "quan_he"],
            guidance={"tre_em.noi_sinh": "Ghi tên cơ sở y tế nơi trẻ sinh ra, hoặc địa chỉ nơi sinh."},
        )
    },
)

KET_HON = procedure(
    "1.000894",
    {
        "name": "Đăng ký kết hôn",
        "agency_code": HONG_GAI,
        "field_code": "G09-TP05",
        "administrative_levels": ["commune"],
        "level": 3,
        "steps": steps(
            ("Nộp tờ khai và giấy tờ", "applicant", 0),
            ("Kiểm tra, xác minh điều kiện kết hôn", "agency", 2),
            ("Hai bên nam, nữ có mặt ký Giấy chứng nhận kết hôn", "desk", 1),
        ),
        "methods": methods(ONE_STOP_WARD, "desk", "online"),
        "components": [
            form_component("TP1", "Tờ khai đăng ký kết hôn", "TK-KH"),
            attachment(
                "TP2",
                "Giấy xác nhận tình trạng hôn nhân",
                originals=1,
                copies=0,
                condition="Khi đăng ký tại nơi không phải nơi thường trú",
            ),
        ],
        "processing_days": 3,
        "processing_time_note": "Ngay trong ngày; trường hợp cần xác minh không quá 05 ngày làm việc.",
        "subjects": ["Công dân Việt Nam"],
        "applicant_kinds": ["citizen"],
        "results": [{"name": "Giấy chứng nhận kết hôn"}],
        "requirements": [
            "Nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi",
            "Việc kết hôn do nam và nữ tự nguyện quyết định",
        ],
        "fees": [],
        "fee_note": "Miễn lệ phí đăng ký kết hôn.",
        "submission_channels": ["desk", "online"],
        "result_channels": ["desk"],
        "legal_basis": [
            law("52/2014/QH13", "Luật Hôn nhân và gia đình", "Quốc hội", "2014-06-19"),
            HO_TICH_LAW,
        ],
        "keywords": ["giấy đăng ký kết hôn"],
    },
    {
        "TK-KH": applicant_form(
            "Tờ khai đăng ký kết hôn",
            "TP1",
            {
                "ben_kia": {
                    "type": "object",
                    "title": "Thông tin bên kia",
                    "required": ["ho_ten", "ngay_sinh", "so_dinh_danh"],
                    "properties": {
                        "ho_ten": text("Họ, chữ đệm, tên", max_length=100),
                        "ngay_sinh": date("Ngày, tháng, năm sinh"),
                        "so_dinh_danh": {
                            "type": "string",
                            "title": "Số định danh cá nhân",
                            "format": "vn-personal-id",
                        },
                    },
                },
                "lan_ket_hon": {"type": "integer", "title": "Kết hôn lần thứ", "minimum": 1, "maximum": 10},
            },
            ["ben_kia"],
        )
    },
)

CHUNG_THUC = procedure(
    f"2.000815.{HONG_GAI}",
    {
        "name": (
            "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam"
            " cấp hoặc chứng nhận"
        ),
        "agency_code": HONG_GAI,
        "field_code": "G09-TP08",
        "administrative_levels": ["commune"],
        "level": 1,
        "steps": steps(
            ("Xuất trình bản chính và bản sao cần chứng thực", "applicant", 0),
            ("Đối chiếu, chứng thực", "desk", 0),
        ),
        "methods": methods(ONE_STOP_WARD, "desk"),
        "components": [
            attachment(
                "TP1", "Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao", originals=1, copies=1
            )
        ],
        "processing_days": 0,
        "processing_time_note": (
            "Trong ngày cơ quan tiếp nhận yêu cầu hoặc ngày làm việc tiếp theo nếu tiếp nhận sau 15 giờ."
        ),
        "subjects": ["Cá nhân, tổ chức"],
        "applicant_kinds": ["citizen", "organisation"],
        "results": [{"name": "Bản sao được chứng thực từ bản chính"}],
        "requirements": ["Bản chính không thuộc các trường hợp không được chứng thực bản sao"],
        "fees": [
            charge(
                "LP-CT",
                "Phí chứng thực bản sao từ bản chính",
                2000,
                basis="per_unit",
                unit="trang",
                note="Từ trang thứ ba trở lên thu 1.000 đồng/trang, tối đa 200.000 đồng/bản.",
            )
        ],
        "submission_channels": ["desk"],
        "result_channels": ["desk"],
        "legal_basis": [
            law(
                "23/2015/NĐ-CP",
                "Nghị định về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính…",
                "Chính phủ",
                "2015-02-16",
            )
        ],
        "keywords": ["sao y", "công chứng bản sao"],
    },
    {},
)

LY_LICH_TU_PHAP = procedure(
    "2.000488",
    {
        "name": "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam",
        "agency_code": "000.00.11.H49",
        "field_code": "G09-TP12",
        "administrative_levels": ["province"],
        "level": 4,
        "steps": steps(
            ("Nộp tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "applicant", 0),
            ("Tiếp nhận, kiểm tra hồ sơ", "desk", 0.5),
            ("Tra cứu, xác minh thông tin lý lịch tư pháp", "agency", 7),
            ("Lập, ký Phiếu lý lịch tư pháp", "agency", 2),
            ("Trả kết quả", "desk", 0.5),
        ),
        "methods": methods("Bộ phận Một cửa Sở Tư pháp tỉnh Quảng Ninh", "desk", "online", "postal"),
        "components": [
            form_component(
                "TP1", "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (Mẫu số 03/2013/TT-LLTP)", "TK-LLTP"
            ),
            attachment(
                "TP2",
                "Văn bản ủy quyền",
                originals=1,
                copies=0,
                condition="Khi ủy quyền cho người khác làm thủ tục",
            ),
        ],
        "processing_days": 10,
        "processing_time_note": (
            "Không quá 10 ngày kể từ ngày nhận đủ hồ sơ hợp lệ; 15 ngày nếu cần xác minh."
        ),
        "subjects": ["Công dân Việt Nam", "Người nước ngoài đang cư trú tại Việt Nam"],
        "applicant_kinds": ["citizen"],
        "results": [
            {
                "name": "Phiếu lý lịch tư pháp số 1 hoặc số 2",
                "description": "Bản điện tử có giá trị như bản giấy",
            }
        ],
        "requirements": [],
        "fees": [
            fee(
                "PHI-LLTP",
                "Phí cung cấp thông tin lý lịch tư pháp",
                200000,
                online_amount=100000,
                exemptions=[
                    {"code": "SV", "description": "Sinh viên, người có công với cách mạng", "percent": 50},
                    {
                        "code": "TE",
                        "description": "Trẻ em, người cao tuổi, người khuyết tật, hộ nghèo",
                        "percent": 100,
                    },
                ],
            )
        ],
        "submission_channels": ["desk", "online", "postal"],
        "result_channels": ["desk", "online", "postal"],
        "legal_basis": [law("28/2009/QH12", "Luật Lý lịch tư pháp", "Quốc hội", "2009-06-17")],
        "keywords": ["lý lịch tư pháp", "LLTP", "phiếu lý lịch"],
    },
    {
        "TK-LLTP": applicant_form(
            "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
            "TP1",
            {
                "loai_phieu": choice("Loại phiếu yêu cầu", "Phiếu số 1", "Phiếu số 2"),
                "so_luong": {"type": "integer", "title": "Số lượng phiếu", "minimum": 1, "maximum": 10},
                "muc_dich": text("Mục đích yêu cầu cấp phiếu", max_length=300),
                "tinh_nhan": {"type": "string", "title": "Tỉnh nơi nhận kết quả"},
            },
            ["loai_phieu", "so_luong", "muc_dich"],
            guidance={
                "loai_phieu": "Phiếu số 2 ghi đầy đủ án tích, kể cả đã được xóa; chỉ cấp cho chính đương sự."
            },
            enum_sources={"tinh_nhan": "provinces"},
        )
    },
)

PROCEDURES: list[dict[str, Any]] = [KHAI_SINH, KET_HON, CHUNG_THUC, LY_LICH_TU_PHAP]
