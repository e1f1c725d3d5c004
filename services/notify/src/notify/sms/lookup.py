"""Asking intake for a dossier's public status (R-LOOK-1: code and degree of completion only).

Contract (intake's public lookup, DESIGN §6): ``GET {SERVICE_BASE_URL_INTAKE}/v1/lookup/{code}``
(with notify's ``dossiers:lookup`` token when it has a client secret) →
200 ``{"dossier_code", "status": received|processing|resolved|returned|refused, "status_label",
"appointment_date": "YYYY-MM-DD"|null}``, 404 problem when the code is unknown.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ValidationError

from servicekit.http import outgoing_headers
from servicekit.oauth import ClientCredentials, TokenUnavailable

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


class IntakeLookup:
    """Intake's public lookup asked on behalf of everyone who texts a code. With a client secret,
    notify asks with its own token (client credentials, scope ``dossiers:lookup``), which gives it a
    budget of its own at intake instead of one person's limit per address; notify limits each phone."""

    def __init__(
        self, base_url: str, *, timeout: float, credentials: ClientCredentials | None = None
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.credentials = credentials

    async def __call__(self, code: str) -> PublicStatus | None:
        """The dossier's public status, None when intake does not know the code."""
        url = f"{self.base_url}/v1/lookup/{quote(code, safe='')}"
        headers = {**outgoing_headers(), "Accept": "application/json", "Accept-Language": "vi"}
        async with httpx.AsyncClient(timeout=self.timeout, trust_env=False) as client:
            response = await self._get(client, url, headers)
            if response.status_code == 401 and self.credentials is not None:
                response = await self._get(client, url, headers, renew=True)
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise LookupUnavailable(f"HTTP {response.status_code}")
        try:
            return PublicStatus.model_validate_json(response.content)
        except ValidationError as exc:
            raise LookupUnavailable("unreadable answer") from exc

    async def _get(
        self, client: httpx.AsyncClient, url: str, headers: dict[str, str], *, renew: bool = False
    ) -> httpx.Response:
        try:
            if self.credentials is not None:
                token = await self.credentials.token(client, renew=renew)
                headers = {**headers, "Authorization": f"Bearer {token}"}
            return await client.get(url, headers=headers)
        except TokenUnavailable as exc:
            raise LookupUnavailable(str(exc)) from exc
        except httpx.HTTPError as exc:
            raise LookupUnavailable(f"{type(exc).__name__}") from exc
