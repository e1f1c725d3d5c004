"""Pure rules of dossiers: who may change a dossier when, and what makes it complete (no I/O)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from contracts.lifecycle import DossierStatus
from intake.catalog.models import ProcedureVersion
from servicekit.errors import FieldError
from servicekit.i18n import Text

#: The applicant changes forms and documents of a draft, or of a dossier the desk or the appraising
#: officer asked to supplement (R-INT-3); everything else is frozen once filed.
APPLICANT_EDITABLE = frozenset({DossierStatus.DRAFT, DossierStatus.SUPPLEMENT_REQUESTED})

MISSING_FORM = Text("Chưa khai tờ khai: {name}.", "The form is not filled in: {name}.")
MISSING_COMPONENT = Text("Thiếu thành phần hồ sơ: {name}.", "A dossier component is missing: {name}.")


def applicant_may_edit(status: str) -> bool:
    return DossierStatus(status) in APPLICANT_EDITABLE


def prefixed(errors: Iterable[Mapping[str, Any]], prefix: str) -> list[FieldError]:
    """Field errors of one form, addressed from the dossier (``forms.<form code>.<path>``)."""
    out = []
    for error in errors:
        field = str(error["field"])
        path = prefix if field == "data" else f"{prefix}.{field}"
        out.append(FieldError(path, str(error["code"]), str(error["message"])))
    return out


def missing_components(
    procedure: ProcedureVersion, forms: Mapping[str, Any], attached: Iterable[str]
) -> list[FieldError]:
    """Required forms not filled in and required documents not attached, all at once."""
    have = set(attached)
    errors: list[FieldError] = []
    for component in procedure.components:
        if not component.required:
            continue
        if component.is_form:
            if component.form_code and not forms.get(component.form_code):
                errors.append(
                    FieldError(
                        f"forms.{component.form_code}",
                        "form_missing",
                        MISSING_FORM.render(name=component.name),
                    )
                )
        elif component.code not in have:
            errors.append(
                FieldError(
                    f"components.{component.code}",
                    "component_missing",
                    MISSING_COMPONENT.render(name=component.name),
                )
            )
    return errors


def unknown_forms(procedure: ProcedureVersion, forms: Mapping[str, Any]) -> list[FieldError]:
    """Forms the procedure does not have, and text that cannot be printed."""
    known = {f.code for f in procedure.forms}
    message = Text("Thủ tục không có biểu mẫu này.", "The procedure has no such form.").render()
    errors = [FieldError(f"forms.{code}", "unknown_form", message) for code in forms if code not in known]
    return errors + unprintable(forms)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
UNPRINTABLE = Text(
    "Có ký tự điều khiển không in được; hãy gõ lại nội dung.",
    "Contains control characters that cannot be printed; type the value again.",
)


def unprintable(forms: Mapping[str, Any]) -> list[FieldError]:
    """Text with control characters: it could not be printed on the declaration or the letters."""
    errors: list[FieldError] = []

    def walk(value: Any, path: str) -> None:
        if isinstance(value, str):
            if _CONTROL.search(value):
                errors.append(FieldError(path, "unprintable", UNPRINTABLE.render()))
        elif isinstance(value, Mapping):
            for key, item in value.items():
                walk(item, f"{path}.{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{path}.{index}")

    for code, data in forms.items():
        walk(data, f"forms.{code}")
    return errors
