"""Helpers shared by the end-to-end tests."""

from __future__ import annotations

from typing import Any

import asyncpg

AGENCY = "000.00.00.G12"


async def fetch(stack: Any, service: str, query: str, *args: Any) -> list[asyncpg.Record]:
    """Read a service's own database directly, as an operator would, to check invariants."""
    url = stack.database_url(service).replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(url)
    try:
        return list(await conn.fetch(query, *args))
    finally:
        await conn.close()


def dossier_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "procedure_code": "1.005129",
        "procedure_version": 1,
        "agency_code": AGENCY,
        "form_data": {"ho_ten": "Nguyễn Văn An", "so_dinh_danh": "001090012345"},
    }
    body.update(overrides)
    return body
