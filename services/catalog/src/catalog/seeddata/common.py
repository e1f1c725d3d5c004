"""Building blocks of the demo procedures, so each procedure reads like its published sheet."""

from __future__ import annotations

from typing import Any

ONLINE = "Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia hoặc Cổng Dịch vụ công của tỉnh."
POSTAL = "Gửi hồ sơ qua dịch vụ bưu chính công ích đến Bộ phận Một cửa."


def desk(place: str) -> str:
    return f"Nộp trực tiếp tại {place}, giờ hành chính các ngày làm việc."


def methods(place: str, *channels: str) -> list[dict[str, str]]:
    text = {"desk": desk(place), "online": ONLINE, "postal": POSTAL}
    return [{"channel": c, "description": text[c]} for c in channels]


def steps(*items: tuple[str, str, float]) -> list[dict[str, Any]]:
    """``(title, actor, working days)`` in order."""
    return [
        {"order": i, "title": title, "actor": actor, "working_days": days}
        for i, (title, actor, days) in enumerate(items, start=1)
    ]


def attachment(
    code: str, name: str, *, originals: int = 0, copies: int = 1, condition: str | None = None
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "code": code,
        "name": name,
        "kind": "attachment",
        "originals": originals,
        "copies": copies,
        "accepted_file_types": ["pdf", "jpg", "png"],
        "max_file_size_mb": 10,
    }
    if condition:
        item |= {"requirement": "conditional", "condition": condition}
    return item


def form_component(code: str, name: str, form_code: str) -> dict[str, Any]:
    return {"code": code, "name": name, "kind": "form", "form_code": form_code, "originals": 1}


def charge(code: str, name: str, amount: int, **extra: Any) -> dict[str, Any]:
    return {"code": code, "name": name, "kind": "charge", "amount": amount, **extra}


def fee(code: str, name: str, amount: int, **extra: Any) -> dict[str, Any]:
    return {"code": code, "name": name, "kind": "fee", "amount": amount, **extra}


def law(number: str, title: str, issuer: str, issued_on: str | None = None) -> dict[str, Any]:
    return {"number": number, "title": title, "issuer": issuer, "issued_on": issued_on}


def procedure(code: str, content: dict[str, Any], forms: dict[str, dict[str, Any]]) -> dict[str, Any]:
    base = {"dossier_sets": 1, "coordinating_agency_codes": [], "faq": [], "keywords": []}
    level = content["level"]
    payment = any(f["amount"] > 0 for f in content.get("fees", []))
    base["online_payment"] = level == 4 and payment
    return {"code": code, "content": base | content, "forms": forms}
