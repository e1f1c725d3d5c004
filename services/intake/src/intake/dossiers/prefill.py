"""Pre-filling e-forms (R-CAT-4, R-INT-5, R-ID-2): what the administration already knows is offered, and
put into empty fields of a new draft, instead of being typed again.

Sources, as the catalogue's ``x-prefill`` annotations name them: the applicant's profile (identity),
the deciding agency's own data, and the applicant's earlier dossiers. Every field of a form is also
offered the values the applicant entered for it in earlier dossiers. Pure functions, no I/O.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from intake.catalog.models import Agency

#: The catalogue's profile field names → identity's account fields (R-FMT-5 userinfo).
PROFILE_FIELDS = {
    "full_name": "full_name",
    "personal_id": "so_dinh_danh",
    "date_of_birth": "date_of_birth",
    "gender": "gender",
    "email": "email",
    "phone": "phone",
    "address": "address",
    "tax_code": "tax_code",
    "business_code": "tax_code",
    "organisation_name": "full_name",
}
SOURCE_LABELS = {
    "profile": "Thông tin tài khoản",
    "agency": "Thông tin cơ quan",
    "earlier_dossier": "Hồ sơ đã nộp trước đây",
}


@dataclass(frozen=True)
class Suggestion:
    form_code: str
    path: str
    source: str
    value: Any
    source_field: str | None = None
    label: str = ""


def leaves(schema: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every scalar field of a form (objects are walked; arrays are entered as a whole elsewhere)."""
    for name, node in (schema.get("properties") or {}).items():
        if not isinstance(node, Mapping):
            continue
        path = f"{prefix}{name}"
        if node.get("type") == "object":
            yield from leaves(node, f"{path}.")
        elif node.get("type") != "array":
            yield path, node


def get_path(data: Any, path: str) -> Any:
    node = data
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def _set_path(data: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    node = data
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    node[parts[-1]] = value


def _coerce(value: Any, node: Mapping[str, Any]) -> Any:
    """A source value in the field's type (dates as ISO text, numbers from digit strings)."""
    if value is None or value == "":
        return None
    kind = node.get("type")
    if kind == "string":
        text = value.isoformat() if hasattr(value, "isoformat") else str(value)
        allowed = [c.get("const") for c in node.get("oneOf") or () if isinstance(c, Mapping)]
        enum = list(node.get("enum") or allowed)
        return text if not enum or text in enum else None
    if kind == "integer":
        try:
            return int(value)
        except (TypeError, ValueError):
            return None
    return value


def suggestions(
    form_code: str,
    schema: Mapping[str, Any],
    *,
    profile: Mapping[str, Any],
    agency: Agency | None,
    earlier: Sequence[Mapping[str, Any]],
) -> list[Suggestion]:
    """What can fill each field of one form; the annotated source first, then earlier dossiers.

    ``earlier`` holds the ``forms`` of the applicant's earlier dossiers, newest first.
    """
    out: list[Suggestion] = []
    for path, node in leaves(schema):
        spec = node.get("x-prefill")
        seen: set[str] = set()
        if isinstance(spec, Mapping):
            source, field = str(spec.get("source")), str(spec.get("field", ""))
            value: Any = None
            if source == "profile":
                value = profile.get(PROFILE_FIELDS.get(field, field))
            elif source == "agency" and agency is not None:
                value = agency.value(field)
            elif source == "earlier_dossier":
                value = next(
                    (
                        v
                        for forms in earlier
                        for data in forms.values()
                        if (v := get_path(data, field)) is not None
                    ),
                    None,
                )
            value = _coerce(value, node)
            if value is not None:
                out.append(
                    Suggestion(form_code, path, source, value, field, SOURCE_LABELS.get(source, source))
                )
                seen.add(repr(value))
        for forms in earlier:
            value = _coerce(get_path(forms.get(form_code), path), node)
            if value is not None and repr(value) not in seen:
                seen.add(repr(value))
                out.append(
                    Suggestion(
                        form_code, path, "earlier_dossier", value, path, SOURCE_LABELS["earlier_dossier"]
                    )
                )
    return out


def fill(data: Mapping[str, Any] | None, offered: Sequence[Suggestion]) -> dict[str, Any]:
    """``data`` with every empty field set to its first suggestion; what was typed is never replaced."""
    filled: dict[str, Any] = copy.deepcopy(dict(data or {}))
    for suggestion in offered:
        if get_path(filled, suggestion.path) in (None, ""):
            _set_path(filled, suggestion.path, suggestion.value)
    return filled
