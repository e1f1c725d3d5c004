"""Who may see and do what with payments (object-level checks; roles come from the access token).

An applicant sees only their own dossiers' payments; an official only their agencies' (others' are
404, as if they did not exist); a system administrator sees everything.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from servicekit.auth import Principal, require
from servicekit.errors import Forbidden
from servicekit.i18n import Text

RECEPTION = "reception_officer"
LEADER = "agency_leader"
AGENCY_ADMIN = "agency_admin"
SYSTEM_ADMIN = "system_admin"
#: Officials who may look at their agency's payments.
AGENCY_STAFF = frozenset({RECEPTION, LEADER, AGENCY_ADMIN, "unit_head", "specialist"})
#: Who may order a refund by hand (R-PAY-4), and cancel or re-quote an order.
REFUND_ROLES = frozenset({LEADER, AGENCY_ADMIN})

Officer = Annotated[Principal, Depends(require(kinds=("official",)))]
SystemAdmin = Annotated[Principal, Depends(require(roles={SYSTEM_ADMIN}, kinds=("official", "system")))]


class RoleRequired(Forbidden):
    code = "role_required"
    detail = Text(
        "Thao tác này cần vai trò {roles} tại cơ quan {agency_code}.",
        "This needs the role {roles} at agency {agency_code}.",
    )


def is_system_admin(principal: Principal) -> bool:
    return principal.has_role(SYSTEM_ADMIN)


def may_view(principal: Principal, *, agency_code: str, applicant_subject: str) -> bool:
    if principal.is_applicant:
        return principal.subject == applicant_subject
    if is_system_admin(principal):
        return True
    return (
        principal.kind == "official"
        and principal.serves_agency(agency_code)
        and bool(principal.roles & AGENCY_STAFF)
    )


def acts_for(principal: Principal, agency_code: str, roles: frozenset[str]) -> bool:
    """Whether the official holds one of ``roles`` at ``agency_code`` (a system admin always does)."""
    if is_system_admin(principal):
        return True
    return (
        principal.kind == "official"
        and principal.serves_agency(agency_code)
        and bool(principal.roles & roles)
    )


def ensure_acts_for(principal: Principal, agency_code: str, roles: frozenset[str]) -> None:
    if not acts_for(principal, agency_code, roles):
        raise RoleRequired(roles=", ".join(sorted(roles)), agency_code=agency_code)
