"""Asking intake for a dossier's public status (R-LOOK-1: code and degree of completion only).

Contract (intake's public lookup, DESIGN §6): ``GET {SERVICE_BASE_URL_INTAKE}/v1/lookup/{code}`` →
200 ``{"dossier_code", "status": received|processing|resolved|returned|refused, "status_label",
"appointment_date": "YYYY-MM-DD"|null}``, 404 problem when the code is unknown.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ValidationError

from servicekit.http import outgoing_headers

STATUS_LABELS = {
    "received": "Đã tiếp nhận",
    "processing": "Đang giải quyết",
    "resolved": "Đã có kết quả",
    "returned": "Đã trả kết quả",
    "refused": "Không được tiếp nhận hoặc dừng giải quyết",
}


class PublicStatus(BaseModel):
    dossier_code: str
    status: str
    status_label: str | None = None
    appointment_date: date | None = None

    @property
    def label(self) -> str:
        return self.status_label or STATUS_LABELS.get(self.status, self.status)


class LookupUnavailable(Exception):
    """Intake could not answer (down, slow, or an answer we cannot read)."""


async def public_status(base_url: str, code: str, *, timeout: float) -> PublicStatus | None:
    """The dossier's public status, None when intake does not know the code."""
    url = f"{base_url.rstrip('/')}/v1/lookup/{quote(code, safe='')}"
    headers = {**outgoing_headers(), "Accept": "application/json", "Accept-Language": "vi"}
    try:
        async with httpx.AsyncClient(timeout=timeout, trust_env=False) as client:
            response = await client.get(url, headers=headers)
    except httpx.HTTPError as exc:
        raise LookupUnavailable(f"{type(exc).__name__}") from exc
    if response.status_code == 404:
        return None
    if response.status_code != 200:
        raise LookupUnavailable(f"HTTP {response.status_code}")
    try:
        return PublicStatus.model_validate_json(response.content)
    except ValidationError as exc:
        raise LookupUnavailable("unreadable answer") from exc
