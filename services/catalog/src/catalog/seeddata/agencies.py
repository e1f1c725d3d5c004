"""Demo agencies, parents first: two ministries and a government body, Quảng Ninh province with
departments, a city and two wards, and a second province."""

from __future__ import annotations

from typing import Any


def _bank(holder: str, number: str, bank: str = "Kho bạc Nhà nước khu vực IV") -> dict[str, str]:
    return {"bank_name": bank, "account_number": number, "account_holder": holder}


AGENCIES: list[dict[str, Any]] = [
    {
        "code": "000.00.00.G12",
        "name": "Bộ Tài chính",
        "administrative_level": "central",
        "address": "Số 28 Trần Hưng Đạo, phường Cửa Nam, Hà Nội",
        "phone": "024 2220 2828",
        "feedback_email": "phananh@mof.gov.vn",
        "website": "https://mof.gov.vn",
    },
    {
        "code": "000.00.18.G12",
        "name": "Cục Thuế",
        "short_name": "Cục Thuế",
        "parent_code": "000.00.00.G12",
        "administrative_level": "central",
        "address": "Số 123 Lò Đúc, phường Hai Bà Trưng, Hà Nội",
        "phone": "024 3768 9679",
        "feedback_email": "hotro@gdt.gov.vn",
        "website": "https://gdt.gov.vn",
    },
    {
        "code": "000.00.25.G12",
        "name": "Bảo hiểm xã hội Việt Nam",
        "short_name": "BHXH Việt Nam",
        "parent_code": "000.00.00.G12",
        "administrative_level": "central",
        "address": "Số 7 Tràng Thi, phường Hoàn Kiếm, Hà Nội",
        "phone": "1900 9068",
        "feedback_email": "baohiemxahoi@vss.gov.vn",
        "website": "https://baohiemxahoi.gov.vn",
    },
    {
        "code": "000.00.00.G09",
        "name": "Bộ Tư pháp",
        "administrative_level": "central",
        "address": "Số 60 Trần Phú, phường Ba Đình, Hà Nội",
        "phone": "024 6273 9718",
        "feedback_email": "phananhkiennghi@moj.gov.vn",
        "website": "https://moj.gov.vn",
    },
    {
        "code": "000.00.00.G20",
        "name": "Bộ Khoa học và Công nghệ",
        "administrative_level": "central",
        "address": "Số 113 Trần Duy Hưng, phường Yên Hòa, Hà Nội",
        "phone": "024 3943 7056",
        "feedback_email": "motcua@most.gov.vn",
        "website": "https://most.gov.vn",
        "bank_account": _bank("Bộ Khoa học và Công nghệ", "3511005566778", "Kho bạc Nhà nước khu vực I"),
    },
    {
        "code": "000.00.00.H49",
        "name": "Ủy ban nhân dân tỉnh Quảng Ninh",
        "short_name": "UBND tỉnh Quảng Ninh",
        "administrative_level": "province",
        "address": "Trụ sở Liên cơ quan số 3, phường Hồng Hà, tỉnh Quảng Ninh",
        "phone": "0203 3835 566",
        "feedback_email": "ubnd@quangninh.gov.vn",
        "website": "https://quangninh.gov.vn",
    },
    {
        "code": "000.00.11.H49",
        "name": "Sở Tư pháp tỉnh Quảng Ninh",
        "parent_code": "000.00.00.H49",
        "administrative_level": "province",
        "address": "Trụ sở Liên cơ quan số 2, phường Hồng Hà, tỉnh Quảng Ninh",
        "phone": "0203 3835 648",
        "feedback_email": "sotuphap@quangninh.gov.vn",
        "bank_account": _bank("Sở Tư pháp tỉnh Quảng Ninh", "3511012345678"),
    },
    {
        "code": "000.00.05.H49",
        "name": "Sở Tài chính tỉnh Quảng Ninh",
        "parent_code": "000.00.00.H49",
        "administrative_level": "province",
        "address": "Trụ sở Liên cơ quan số 3, phường Hồng Hà, tỉnh Quảng Ninh",
        "phone": "0203 3835 202",
        "feedback_email": "sotaichinh@quangninh.gov.vn",
        "bank_account": _bank("Sở Tài chính tỉnh Quảng Ninh", "3511023456789"),
    },
    {
        "code": "000.00.25.H49",
        "name": "Bảo hiểm xã hội tỉnh Quảng Ninh",
        "parent_code": "000.00.00.H49",
        "administrative_level": "province",
        "address": "Số 1 đường Nguyễn Văn Cừ, phường Hồng Hải, tỉnh Quảng Ninh",
        "phone": "0203 3825 126",
        "feedback_email": "bhxh@quangninh.vss.gov.vn",
    },
    {
        "code": "000.00.31.H49",
        "name": "Ủy ban nhân dân thành phố Hạ Long",
        "short_name": "UBND TP Hạ Long",
        "parent_code": "000.00.00.H49",
        "administrative_level": "district",
        "address": "Số 1 đường 25/4, phường Hồng Gai, thành phố Hạ Long, tỉnh Quảng Ninh",
        "phone": "0203 3825 375",
        "feedback_email": "motcua@halong.gov.vn",
        "bank_account": _bank("UBND thành phố Hạ Long", "3511034567890"),
    },
    {
        "code": "000.01.31.H49",
        "name": "Ủy ban nhân dân phường Hồng Gai",
        "short_name": "UBND phường Hồng Gai",
        "parent_code": "000.00.31.H49",
        "administrative_level": "commune",
        "address": "Số 2 phố Lê Thánh Tông, phường Hồng Gai, thành phố Hạ Long, tỉnh Quảng Ninh",
        "phone": "0203 3825 688",
        "feedback_email": "phuonghonggai@halong.gov.vn",
        "bank_account": _bank("UBND phường Hồng Gai", "3511045678901"),
    },
    {
        "code": "000.02.31.H49",
        "name": "Ủy ban nhân dân phường Bãi Cháy",
        "short_name": "UBND phường Bãi Cháy",
        "parent_code": "000.00.31.H49",
        "administrative_level": "commune",
        "address": "Đường Hạ Long, phường Bãi Cháy, thành phố Hạ Long, tỉnh Quảng Ninh",
        "phone": "0203 3846 152",
        "feedback_email": "phuongbaichay@halong.gov.vn",
    },
    {
        "code": "000.00.00.H55",
        "name": "Ủy ban nhân dân tỉnh Ninh Bình",
        "short_name": "UBND tỉnh Ninh Bình",
        "administrative_level": "province",
        "address": "Đường Lê Đại Hành, phường Hoa Lư, tỉnh Ninh Bình",
        "phone": "0229 3871 181",
        "feedback_email": "ubnd@ninhbinh.gov.vn",
    },
]

SECTORS: list[dict[str, Any]] = [
    {"code": "TU_PHAP", "name": "Tư pháp", "position": 10},
    {"code": "TAI_CHINH", "name": "Tài chính, đầu tư và thuế", "position": 20},
    {"code": "BAO_HIEM_XA_HOI", "name": "Bảo hiểm xã hội", "position": 30},
    {"code": "XAY_DUNG", "name": "Xây dựng", "position": 40},
    {"code": "KHOA_HOC_CONG_NGHE", "name": "Khoa học, công nghệ, bưu chính và viễn thông", "position": 50},
]

FIELDS: list[dict[str, Any]] = [
    {
        "code": "G09-TP05",
        "sector_code": "TU_PHAP",
        "name": "Hộ tịch",
        "managing_agency_code": "000.00.00.G09",
    },
    {
        "code": "G09-TP08",
        "sector_code": "TU_PHAP",
        "name": "Chứng thực",
        "managing_agency_code": "000.00.00.G09",
    },
    {
        "code": "G09-TP12",
        "sector_code": "TU_PHAP",
        "name": "Lý lịch tư pháp",
        "managing_agency_code": "000.00.00.G09",
    },
    {
        "code": "G12-DN01",
        "sector_code": "TAI_CHINH",
        "name": "Thành lập và hoạt động của doanh nghiệp",
        "managing_agency_code": "000.00.00.G12",
    },
    {
        "code": "G12-HKD01",
        "sector_code": "TAI_CHINH",
        "name": "Thành lập và hoạt động của hộ kinh doanh",
        "managing_agency_code": "000.00.00.G12",
    },
    {
        "code": "G12-QLG01",
        "sector_code": "TAI_CHINH",
        "name": "Quản lý giá",
        "managing_agency_code": "000.00.00.G12",
    },
    {
        "code": "G12-TH03",
        "sector_code": "TAI_CHINH",
        "name": "Quản lý thuế",
        "managing_agency_code": "000.00.18.G12",
    },
    {
        "code": "G12-BH01",
        "sector_code": "BAO_HIEM_XA_HOI",
        "name": "Thu bảo hiểm xã hội, cấp sổ bảo hiểm xã hội, thẻ bảo hiểm y tế",
        "managing_agency_code": "000.00.25.G12",
    },
    {
        "code": "G12-BH02",
        "sector_code": "BAO_HIEM_XA_HOI",
        "name": "Giải quyết các chế độ bảo hiểm xã hội",
        "managing_agency_code": "000.00.25.G12",
    },
    {"code": "G07-XD02", "sector_code": "XAY_DUNG", "name": "Hoạt động xây dựng"},
    {
        "code": "G20-BC01",
        "sector_code": "KHOA_HOC_CONG_NGHE",
        "name": "Bưu chính",
        "managing_agency_code": "000.00.00.G20",
    },
    {
        "code": "G20-VT01",
        "sector_code": "KHOA_HOC_CONG_NGHE",
        "name": "Viễn thông và Internet",
        "managing_agency_code": "000.00.00.G20",
    },
]
