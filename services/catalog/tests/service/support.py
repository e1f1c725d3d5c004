"""Helpers of the catalog's service tests: the running service, tokens per role, complete content."""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI

from servicekit.testing import TokenFactory

PROVINCE = "000.00.00.H49"  # UBND tỉnh Quảng Ninh
JUSTICE = "000.00.11.H49"  # Sở Tư pháp
CITY = "000.00.31.H49"  # UBND thành phố Hạ Long
WARD = "000.01.31.H49"  # UBND phường Hồng Gai
MINISTRY = "000.00.00.G09"  # Bộ Tư pháp
OTHER_PROVINCE = "000.00.00.H55"
SECTOR = "TU_PHAP"
FIELD = "G09-TP05"

PERSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["ho_ten", "so_dinh_danh", "ngay_sinh"],
    "properties": {
        "ho_ten": {"type": "string", "title": "Họ, chữ đệm, tên", "minLength": 2, "maxLength": 100},
        "so_dinh_danh": {"type": "string", "title": "Số định danh cá nhân", "format": "vn-personal-id"},
        "ngay_sinh": {"type": "string", "title": "Ngày sinh", "format": "date"},
        "ma_so_thue": {"type": "string", "title": "Mã số thuế", "format": "vn-tax-code"},
        "dien_thoai": {"type": "string", "title": "Số điện thoại", "format": "vn-phone"},
        "gioi_tinh": {"type": "string", "title": "Giới tính", "enum": ["Nam", "Nữ"]},
        "tinh": {"type": "string", "title": "Tỉnh, thành phố"},
        "cha": {
            "type": "object",
            "title": "Thông tin người cha",
            "properties": {"ho_ten": {"type": "string", "title": "Họ tên cha"}},
        },
    },
}

FORM: dict[str, Any] = {
    "title": "Tờ khai đăng ký khai sinh",
    "component_code": "TP1",
    "json_schema": PERSON_SCHEMA,
    "guidance": {"so_dinh_danh": "Ghi số định danh cá nhân 12 chữ số.", "cha.ho_ten": "Ghi theo giấy tờ."},
    "prefill": {"ho_ten": {"source": "profile", "field": "full_name"}},
    "enum_sources": {"tinh": "provinces"},
}

COMPLETE: dict[str, Any] = {
    "name": "Đăng ký khai sinh",
    "agency_code": WARD,
    "field_code": FIELD,
    "administrative_levels": ["commune"],
    "level": 4,
    "steps": [
        {"order": 1, "title": "Nộp hồ sơ", "actor": "applicant", "working_days": 0},
        {"order": 2, "title": "Tiếp nhận, kiểm tra", "actor": "desk", "working_days": 0.5},
        {"order": 3, "title": "Cấp Giấy khai sinh", "actor": "agency", "working_days": 0.5},
    ],
    "methods": [
        {"channel": "desk", "description": "Nộp trực tiếp tại Bộ phận Một cửa."},
        {"channel": "online", "description": "Nộp trực tuyến trên Cổng Dịch vụ công."},
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
            "accepted_file_types": ["pdf", "jpg"],
            "max_file_size_mb": 10,
        },
    ],
    "dossier_sets": 1,
    "processing_days": 1,
    "subjects": ["Công dân Việt Nam"],
    "applicant_kinds": ["citizen"],
    "results": [{"name": "Giấy khai sinh"}],
    "requirements": [],
    "fees": [
        {
            "code": "LP1",
            "name": "Lệ phí cấp bản sao trích lục",
            "kind": "charge",
            "basis": "per_unit",
            "amount": 8000,
            "online_amount": 4000,
            "unit": "bản",
            "exemptions": [{"code": "MG1", "description": "Hộ nghèo", "percent": 100}],
        }
    ],
    "online_payment": True,
    "submission_channels": ["desk", "online"],
    "result_channels": ["desk", "online"],
    "legal_basis": [{"number": "60/2014/QH13", "title": "Luật Hộ tịch"}],
    "keywords": ["giấy khai sinh"],
}


def content(**overrides: Any) -> dict[str, Any]:
    return copy.deepcopy(COMPLETE) | overrides


@dataclass
class Catalog:
    """The running service and what a test needs around it."""

    client: httpx.AsyncClient
    app: FastAPI
    kafka: str
    tokens: TokenFactory

    def system(self) -> dict[str, str]:
        return self.tokens.headers(f"sys-{uuid.uuid4()}", kind="official", roles=["system_admin"])

    def admin(self, *agencies: str) -> dict[str, str]:
        return self.tokens.headers(
            f"admin-{uuid.uuid4()}", kind="official", roles=["catalog_admin"], agencies=list(agencies)
        )

    def citizen(self) -> dict[str, str]:
        return self.tokens.headers(f"citizen-{uuid.uuid4()}")

    async def ok(self, method: str, url: str, *, status: int = 200, **kwargs: Any) -> Any:
        response = await self.client.request(method, url, **kwargs)
        assert response.status_code == status, (method, url, response.status_code, response.text)
        return response.json() if response.content else None

    async def basics(self) -> None:
        """Quảng Ninh with a department, a city and a ward; Bộ Tư pháp; the Tư pháp sector and its field."""
        system = self.system()
        for body in (
            {"code": PROVINCE, "name": "Ủy ban nhân dân tỉnh Quảng Ninh", "administrative_level": "province"},
            {
                "code": OTHER_PROVINCE,
                "name": "Ủy ban nhân dân tỉnh Ninh Bình",
                "administrative_level": "province",
            },
            {"code": MINISTRY, "name": "Bộ Tư pháp", "administrative_level": "central"},
            {
                "code": JUSTICE,
                "name": "Sở Tư pháp tỉnh Quảng Ninh",
                "parent_code": PROVINCE,
                "administrative_level": "province",
            },
            {
                "code": CITY,
                "name": "UBND thành phố Hạ Long",
                "parent_code": PROVINCE,
                "administrative_level": "district",
            },
            {
                "code": WARD,
                "name": "UBND phường Hồng Gai",
                "parent_code": CITY,
                "administrative_level": "commune",
            },
        ):
            await self.ok("POST", "/v1/agencies", json=body, headers=system, status=201)
        await self.ok(
            "POST", "/v1/sectors", json={"code": SECTOR, "name": "Tư pháp"}, headers=system, status=201
        )
        await self.ok(
            "POST",
            "/v1/fields",
            json={"code": FIELD, "sector_code": SECTOR, "name": "Hộ tịch", "managing_agency_code": MINISTRY},
            headers=system,
            status=201,
        )

    async def draft(self, code: str, body: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
        created: dict[str, Any] = await self.ok(
            "POST",
            "/v1/procedures",
            json={"code": code, "content": body if body is not None else content(), **extra},
            headers=self.system(),
            status=201,
        )
        return created

    async def put_form(
        self, code: str, version: int, form: str = "TK01", body: dict[str, Any] | None = None
    ) -> Any:
        return await self.ok(
            "PUT",
            f"/v1/procedures/{code}/versions/{version}/eforms/{form}",
            json=body or FORM,
            headers=self.system(),
            status=201,
        )

    async def publish(
        self, code: str, version: int, *, headers: dict[str, str] | None = None
    ) -> httpx.Response:
        path = f"/v1/procedures/{code}/versions/{version}"
        current = await self.client.get(path, headers=self.system())
        assert current.status_code == 200, current.text
        return await self.client.post(
            f"{path}/publish", headers=(headers or self.system()) | {"If-Match": current.headers["etag"]}
        )

    async def published(self, code: str, body: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
        """A complete procedure, with its form, published as version 1."""
        await self.draft(code, body, **extra)
        await self.put_form(code, 1)
        response = await self.publish(code, 1)
        assert response.status_code == 200, response.text
        published: dict[str, Any] = response.json()
        return published
