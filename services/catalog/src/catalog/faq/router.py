"""HTTP endpoints of a procedure's FAQ (R-STAT-7): public reads, writes by the agency's administrators."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response, status
from fastapi.responses import JSONResponse

from catalog.auth import CatalogEditor
from catalog.codes import PROCEDURE_CODE_PATTERN
from catalog.deps import ReadSessionDep, SessionDep
from catalog.faq import service
from catalog.faq.models import ProcedureFaq
from catalog.faq.schemas import FaqContact, FaqCreate, FaqPage, FaqRead, FaqUpdate
from servicekit.auth import OptionalPrincipalDep
from servicekit.http import PageParamsDep, check_if_match, etag_for

router = APIRouter(prefix="/v1/procedures/{code}/faq", tags=["faq"])
CodePath = Annotated[
    str, Path(pattern=PROCEDURE_CODE_PATTERN, description="Mã thủ tục (R-FMT-3)", examples=["1.001193"])
]


def _entry(entry: ProcedureFaq, status_code: int = 200, **headers: str) -> JSONResponse:
    body = FaqRead.model_validate(entry).model_dump(mode="json")
    return JSONResponse(body, status_code=status_code, headers={"ETag": etag_for(entry.version), **headers})


@router.get(
    "",
    response_model=FaqPage,
    summary="Câu hỏi thường gặp của thủ tục",
    description=(
        "Câu hỏi thường gặp và câu trả lời do cơ quan giải quyết biên soạn, theo thứ tự; kèm địa chỉ thư "
        "điện tử nhận góp ý và đường dẫn gửi phản ánh, kiến nghị (R-STAT-7). Công khai."
    ),
)
async def list_faq(
    code: CodePath, session: ReadSessionDep, principal: OptionalPrincipalDep, page: PageParamsDep
) -> FaqPage:
    procedure, items, next_cursor, agency = await service.page(
        session, code=code, principal=principal, limit=page.limit, cursor=page.cursor
    )
    return FaqPage(
        procedure_code=procedure.code,
        items=[FaqRead.model_validate(i) for i in items],
        next_cursor=next_cursor,
        contact=FaqContact(
            agency_code=procedure.agency_code,
            agency_name=agency.name if agency else None,
            feedback_email=agency.feedback_email if agency else None,
            phone=agency.phone if agency else None,
            feedback_url="/v1/feedback",
        ),
    )


@router.get("/{faq_id}", response_model=FaqRead, summary="Một câu hỏi thường gặp")
async def get_faq(
    code: CodePath, faq_id: uuid.UUID, session: ReadSessionDep, principal: OptionalPrincipalDep
) -> JSONResponse:
    _, entry = await service.get(session, code=code, faq_id=faq_id, principal=principal)
    return _entry(entry)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=FaqRead,
    summary="Thêm câu hỏi thường gặp",
    description="Quản trị danh mục của cơ quan giải quyết thủ tục, hoặc quản trị hệ thống.",
)
async def create_faq(
    code: CodePath, body: FaqCreate, editor: CatalogEditor, session: SessionDep
) -> JSONResponse:
    entry = await service.create(session, code=code, principal=editor, data=body)
    return _entry(entry, status.HTTP_201_CREATED, Location=f"/v1/procedures/{code}/faq/{entry.id}")


@router.patch(
    "/{faq_id}",
    response_model=FaqRead,
    summary="Sửa câu hỏi thường gặp",
    description="Cần If-Match với ETag đã đọc.",
)
async def update_faq(
    code: CodePath,
    faq_id: uuid.UUID,
    body: FaqUpdate,
    request: Request,
    editor: CatalogEditor,
    session: SessionDep,
) -> JSONResponse:
    procedure, entry = await service.get(session, code=code, faq_id=faq_id, principal=editor, for_update=True)
    service.ensure_editable(editor, procedure)
    check_if_match(request, entry.version)
    service.update(entry, principal=editor, data=body)
    await session.flush()
    return _entry(entry)


@router.delete(
    "/{faq_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Xóa câu hỏi thường gặp",
    description="If-Match (tùy chọn) với ETag đã đọc.",
)
async def delete_faq(
    code: CodePath, faq_id: uuid.UUID, request: Request, editor: CatalogEditor, session: SessionDep
) -> Response:
    procedure, entry = await service.get(session, code=code, faq_id=faq_id, principal=editor, for_update=True)
    service.ensure_editable(editor, procedure)
    check_if_match(request, entry.version, required=False)
    await session.delete(entry)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
