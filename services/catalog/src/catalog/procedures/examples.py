"""An example procedure sheet for the OpenAPI document (modelled on đăng ký khai sinh)."""

from __future__ import annotations

from typing import Any

CONTENT_EXAMPLE: dict[str, Any] = {
    "name": "Đăng ký khai sinh",
    "agency_code": "000.01.31.H49",
    "field_code": "G09-TP05",
    "administrative_levels": ["commune"],
    "level": 4,
    "online_mode": "full",
    "steps": [
        {"order": 1, "title": "Nộp hồ sơ", "actor": "applicant", "working_days": 0},
        {"order": 2, "title": "Tiếp nhận, kiểm tra hồ sơ", "actor": "desk", "working_days": 0.5},
        {"order": 3, "title": "Ghi Sổ hộ tịch, cấp Giấy khai sinh", "actor": "agency", "working_days": 0.5},
    ],
    "methods": [
        {"channel": "desk", "description": "Nộp trực tiếp tại Bộ phận Một cửa UBND cấp xã."},
        {"channel": "online", "description": "Nộp trực tuyến trên Cổng Dịch vụ công."},
        {"channel": "postal", "description": "Gửi qua dịch vụ bưu chính công ích."},
    ],
    "components": [
        {
            "code": "TP1",
            "name": "Tờ khai đăng ký khai sinh",
            "kind": "form",
            "form_code": "TK01",
            "originals": 1,
        },
        {
            "code": "TP2",
            "name": "Giấy chứng sinh",
            "kind": "attachment",
            "originals": 1,
            "accepted_file_types": ["pdf", "jpg", "png"],
            "max_file_size_mb": 10,
        },
    ],
    "dossier_sets": 1,
    "processing_days": 1,
    "subjects": ["Công dân Việt Nam"],
    "applicant_kinds": ["citizen"],
    "results": [{"name": "Giấy khai sinh (bản chính)"}],
    "requirements": [],
    "fees": [],
    "online_payment": False,
    "submission_channels": ["desk", "online", "postal"],
    "result_channels": ["desk", "online", "postal"],
    "legal_basis": [{"number": "60/2014/QH13", "title": "Luật Hộ tịch"}],
    "faq": [],
    "keywords": ["giấy khai sinh"],
}
