"""Who may change the catalogue: a ``catalog_admin`` of the agency concerned, or a ``system_admin``.

Reads are public. Writes first need one of the two roles (``CatalogEditor``); the use case then
checks the agency the change concerns (``ensure_may_edit``), so an administrator of one agency can
never touch another agency's agencies, procedures or e-forms.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from fastapi import Depends

from servicekit.auth import Principal, require
from servicekit.errors import Forbidden
from servicekit.i18n import Text

CATALOG_ADMIN = "catalog_admin"
SYSTEM_ADMIN = "system_admin"

CatalogEditor = Annotated[
    Principal,
    Depends(require(roles={CATALOG_ADMIN, SYSTEM_ADMIN}, kinds=("official", "system"))),
]
SystemAdmin = Annotated[Principal, Depends(require(roles={SYSTEM_ADMIN}, kinds=("official", "system")))]


class NotAgencyAdmin(Forbidden):
    code = "not_agency_admin"
    detail = Text(
        "Chỉ quản trị danh mục của cơ quan {agency_code} hoặc quản trị hệ thống được thay đổi nội dung này.",
        "Only a catalogue administrator of agency {agency_code} or a system administrator may change this.",
    )


class SystemAdminOnly(Forbidden):
    code = "system_admin_only"
    detail = Text(
        "Chỉ quản trị hệ thống được thay đổi nội dung này.", "Only a system administrator may change this."
    )


def is_system_admin(principal: Principal) -> bool:
    return principal.has_role(SYSTEM_ADMIN)


def may_edit(principal: Principal, agency_code: str) -> bool:
    """Whether ``principal`` may change what belongs to ``agency_code``."""
    if is_system_admin(principal):
        return True
    return principal.has_role(CATALOG_ADMIN) and principal.serves_agency(agency_code)


def ensure_may_edit(principal: Principal, *agency_codes: str) -> None:
    """Refuse unless ``principal`` administers every agency named (a move needs both ends)."""
    for code in agency_codes:
        if not may_edit(principal, code):
            raise NotAgencyAdmin(agency_code=code)


def ensure_system_admin(principal: Principal) -> None:
    if not is_system_admin(principal):
        raise SystemAdminOnly()


def may_see_drafts(principal: Principal | None, agency_codes: Iterable[str]) -> bool:
    """Drafts are visible to whoever may edit them, nobody else."""
    return principal is not None and all(may_edit(principal, code) for code in agency_codes)
