"""Composition root of the catalog service."""

from __future__ import annotations

from fastapi import FastAPI

from catalog import models  # noqa: F401  (maps every table)
from catalog.agencies.calendar_router import router as calendar_router
from catalog.agencies.router import router as agencies_router
from catalog.classification.router import fields as fields_router
from catalog.classification.router import sectors as sectors_router
from catalog.consumers import build_handlers
from catalog.db import tables
from catalog.eforms.router import router as eforms_router
from catalog.faq.router import router as faq_router
from catalog.maintenance.router import router as maintenance_router
from catalog.procedures.router import router as procedures_router
from catalog.search.router import router as search_router
from catalog.settings import CatalogSettings
from catalog.statistics.cache import FiguresCache
from catalog.statistics.router import router as statistics_router
from servicekit.app import ServiceRuntime, build_service_app
from servicekit.consumer import Handler


def create_app(settings: CatalogSettings | None = None) -> FastAPI:
    settings = settings or CatalogSettings()

    def handlers(_: ServiceRuntime) -> dict[str, Handler]:
        return build_handlers()

    app = build_service_app(
        settings=settings,
        tables=tables,
        title="motcua catalog — Danh mục thủ tục hành chính",
        description=(
            "Cơ quan (mã QCVN 102), ngành và lĩnh vực, thủ tục hành chính có phiên bản với đầy đủ "
            "thông tin theo R-CAT-1, biểu mẫu điện tử (JSON Schema 2020-12), tìm kiếm không phân biệt "
            "dấu, lịch làm việc, số liệu công khai (R-STAT-6) và thông báo bảo trì (R-OPS-1). Đọc công "
            "khai; thay đổi cần quyền catalog_admin của cơ quan hoặc system_admin."
        ),
        routers=[
            sectors_router,
            fields_router,
            search_router,
            procedures_router,
            eforms_router,
            faq_router,
            agencies_router,
            calendar_router,
            statistics_router,
            maintenance_router,
        ],
        handlers=handlers,
        openapi_tags=[
            {"name": "sectors", "description": "Ngành — bước 1 khi duyệt danh mục (kèm lĩnh vực)"},
            {"name": "fields", "description": "Lĩnh vực"},
            {
                "name": "procedures",
                "description": "Thủ tục hành chính: tìm kiếm, trang thủ tục, phiên bản, công bố",
            },
            {"name": "eforms", "description": "Biểu mẫu điện tử và mẫu tờ khai để in"},
            {"name": "faq", "description": "Câu hỏi thường gặp của thủ tục (R-STAT-7)"},
            {"name": "agencies", "description": "Cơ quan, đơn vị (QCVN 102:2016)"},
            {"name": "calendar", "description": "Lịch làm việc, ngày nghỉ, ngày hẹn trả"},
            {"name": "statistics", "description": "Số liệu công khai (R-STAT-6)"},
            {"name": "maintenance", "description": "Thông báo bảo trì hệ thống (R-OPS-1)"},
        ],
    )
    app.state.statistics_cache = FiguresCache(settings.statistics_cache_seconds)
    return app
