"""``GET /v1/lookup/{dossier_code}``: public, rate-limited per client; richer for the owner and officers."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse

from contracts.lifecycle import DossierStatus, LookupStatus, lookup_status
from intake.attachments import repository as attachments
from intake.attachments.views import file_read
from intake.context import IntakeDep
from intake.deps import ReadSessionDep
from intake.dossiers import repository
from intake.dossiers.schemas import AgencyRef, HistoryEntry
from intake.dossiers.service import may_see
from intake.dossiers.views import status_view
from intake.lookup.schemas import LookupDetails, LookupRead
from intake.reception.letters_router import list_letters
from servicekit.auth import OptionalPrincipalDep
from servicekit.errors import NotFound, RateLimited
from servicekit.http import client_address
from servicekit.i18n import Text

router = APIRouter(prefix="/v1/lookup", tags=["lookup"])
CODE = r"^[0-9A-Za-z.]{1,30}-\d{6}-\d{4,6}$"
#: The scope of a service's token that looks dossiers up on behalf of many people (notify's SMS lookup).
LOOKUP_SCOPE = "dossiers:lookup"
_CODE = re.compile(CODE)


class DossierCodeNotFound(NotFound):
    code = "dossier_code_not_found"
    title = Text("Không tìm thấy mã hồ sơ", "Dossier code not found")
    detail = Text(
        "Không có hồ sơ mã {dossier_code}; hãy kiểm tra mã in trên Giấy tiếp nhận hồ sơ.",
        "No dossier has the code {dossier_code}; check the code printed on the receipt.",
    )


@router.get(
    "/{dossier_code}",
    response_model=LookupRead,
    summary="Tra cứu hồ sơ theo mã (công khai)",
    description=(
        "Không cần đăng nhập: mã hồ sơ, thủ tục và tình trạng giải quyết (R-LOOK-1). Chủ hồ sơ (hoặc cán bộ "
        "của cơ quan) đăng nhập thấy thêm đơn vị đang xử lý, ngày tiếp nhận, ngày hẹn trả, lịch sử, giấy tờ "
        "(details). Giới hạn số lần tra cứu mỗi phút cho mỗi địa chỉ."
    ),
)
async def look_up(
    dossier_code: Annotated[str, Path(max_length=45, examples=["000.00.25.H49-261123-0001"])],
    request: Request,
    principal: OptionalPrincipalDep,
    session: ReadSessionDep,
    intake: IntakeDep,
) -> JSONResponse:
    window = 60
    settings = intake.settings
    if principal is not None and principal.kind == "system" and LOOKUP_SCOPE in principal.scopes:
        # A service answering lookups for many people (notify's SMS lookup, R-LOOK-2) limits them
        # per person itself; here it has a budget of its own, not one person's.
        key, limit = f"lookup-service:{principal.subject}", settings.lookup_service_rate_per_minute
    elif principal is not None:
        key, limit = f"lookup:{principal.subject}", settings.lookup_rate_per_minute
    else:
        caller = client_address(request, trusted_proxies=settings.trusted_proxies)
        key, limit = f"lookup:{caller}", settings.lookup_rate_per_minute
    decision = await intake.limiter.hit(key, limit=limit, window=window)
    if not decision.allowed:
        raise RateLimited(headers=dict(decision.headers(window)))
    row = await repository.public_row(session, code=dossier_code) if _CODE.match(dossier_code) else None
    public = lookup_status(DossierStatus(row.status)) if row else None
    if row is None or public is None:
        raise DossierCodeNotFound(dossier_code=dossier_code)
    details = None
    dossier = await repository.get(session, dossier_id=row.id) if principal is not None else None
    if dossier is not None and principal is not None and may_see(dossier, principal):
        entries = await repository.history(session, dossier_id=dossier.id)
        files = await attachments.current(session, dossier_id=dossier.id)
        letters = await list_letters(dossier.id, principal, session)
        details = LookupDetails(
            id=dossier.id,
            status=status_view(dossier),
            agency=AgencyRef(code=dossier.agency_code, name=dossier.agency_name),
            handling_unit=dossier.handling_unit,
            channel=dossier.channel,
            submitted_at=dossier.submitted_at,
            received_at=dossier.received_at,
            reception_date=dossier.reception_date,
            appointment_date=dossier.appointment_date,
            returned_at=dossier.returned_at,
            payment_state=dossier.payment_state,
            history=[HistoryEntry.model_validate(e) for e in entries],
            documents=[file_read(a, d) for a, d in files],
            letters=letters.items,
        )
    body = LookupRead(
        dossier_code=dossier_code,
        procedure_code=row.procedure_code,
        procedure_name=row.procedure_name,
        status=public.value,
        status_label=LookupStatus(public).label,
        details=details,
    )
    return JSONResponse(
        body.model_dump(mode="json"),
        headers=dict(decision.headers(window))
        | {"Cache-Control": "private, no-store", "Vary": "Authorization"},
    )
