"""HTTP endpoints of e-forms: definitions (admins, drafts only), the schema, validation, printable form."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request, Response, status
from fastapi.responses import JSONResponse

from catalog.auth import CatalogEditor
from catalog.codes import FORM_CODE_PATTERN, PROCEDURE_CODE_PATTERN
from catalog.deps import ReadSessionDep, SessionDep
from catalog.eforms import repository, service
from catalog.eforms.schemas import (
    EFormPage,
    EFormRead,
    EFormWrite,
    FieldProblem,
    ValidationRequest,
    ValidationResult,
)
from catalog.procedures import service as procedures
from servicekit.auth import OptionalPrincipalDep
from servicekit.http import PageParamsDep, check_if_match, etag_for

router = APIRouter(prefix="/v1/procedures/{code}/versions/{number}/eforms", tags=["eforms"])
CodePath = Annotated[str, Path(pattern=PROCEDURE_CODE_PATTERN, examples=["1.001193"])]
NumberPath = Annotated[int, Path(ge=1, le=100000)]
FormPath = Annotated[str, Path(pattern=FORM_CODE_PATTERN, examples=["TK01"])]


class TemplateFormat(StrEnum):
    HTML = "html"
    TEXT = "text"


@router.get("", response_model=EFormPage, summary="Các biểu mẫu của phiên bản thủ tục")
async def list_eforms(
    code: CodePath,
    number: NumberPath,
    session: ReadSessionDep,
    page: PageParamsDep,
    principal: OptionalPrincipalDep,
) -> EFormPage:
    procedure = await procedures.get(session, code=code)
    version = await procedures.get_version(session, procedure=procedure, number=number, principal=principal)
    rows, next_cursor = await service.list_forms(
        session, version=version, limit=page.limit, cursor=page.cursor
    )
    return EFormPage(items=[service.read(procedure, version, f) for f in rows], next_cursor=next_cursor)


@router.get("/{form}", response_model=EFormRead, summary="Định nghĩa một biểu mẫu")
async def get_eform(
    code: CodePath,
    number: NumberPath,
    form: FormPath,
    session: ReadSessionDep,
    principal: OptionalPrincipalDep,
) -> JSONResponse:
    procedure = await procedures.get(session, code=code)
    version = await procedures.get_version(session, procedure=procedure, number=number, principal=principal)
    row = await service.get(session, procedure=procedure, version=version, code=form)
    body = service.read(procedure, version, row)
    return JSONResponse(body.model_dump(mode="json"), headers={"ETag": etag_for(row.etag)})


@router.put(
    "/{form}",
    response_model=EFormRead,
    responses={201: {"model": EFormRead, "description": "Đã tạo biểu mẫu"}},
    summary="Tạo hoặc thay biểu mẫu của bản nháp",
    description=(
        "JSON Schema 2020-12 được kiểm tra (lược đồ sai → 422); định dạng hỗ trợ: vn-personal-id (12 số), "
        "vn-tax-code (10 hoặc 13 số), vn-phone, date, email. Thay biểu mẫu đã có cần If-Match."
    ),
)
async def put_eform(
    code: CodePath,
    number: NumberPath,
    form: FormPath,
    body: EFormWrite,
    request: Request,
    editor: CatalogEditor,
    session: SessionDep,
) -> JSONResponse:
    procedure = await procedures.get(session, code=code, for_update=True)
    version = await procedures.get_version(session, procedure=procedure, number=number, principal=editor)
    procedures.ensure_editable(editor, procedure, version)
    existing = await repository.get(session, version_id=version.id, code=form, for_update=True)
    if existing is not None:
        check_if_match(request, existing.etag)
    row = await service.put(
        session, principal=editor, procedure=procedure, version=version, form=existing, code=form, data=body
    )
    read = service.read(procedure, version, row)
    return JSONResponse(
        read.model_dump(mode="json"),
        status_code=status.HTTP_200_OK if existing else status.HTTP_201_CREATED,
        headers={"ETag": etag_for(row.etag), "Location": f"{service.base_url(procedure, version)}/{form}"},
    )


@router.delete("/{form}", status_code=status.HTTP_204_NO_CONTENT, summary="Xóa biểu mẫu của bản nháp")
async def delete_eform(
    code: CodePath,
    number: NumberPath,
    form: FormPath,
    request: Request,
    editor: CatalogEditor,
    session: SessionDep,
) -> Response:
    procedure = await procedures.get(session, code=code, for_update=True)
    version = await procedures.get_version(session, procedure=procedure, number=number, principal=editor)
    procedures.ensure_editable(editor, procedure, version)
    row = await service.get(session, procedure=procedure, version=version, code=form, for_update=True)
    check_if_match(request, row.etag)
    await service.delete(session, principal=editor, procedure=procedure, version=version, form=row)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{form}/schema",
    summary="JSON Schema của biểu mẫu (để kiểm tra dữ liệu tờ khai)",
    description="Danh mục (tỉnh, cơ quan…) được điền sẵn dưới dạng oneOf const/title.",
    response_class=JSONResponse,
    responses={200: {"content": {"application/schema+json": {}}}},
)
async def get_schema(
    code: CodePath,
    number: NumberPath,
    form: FormPath,
    session: ReadSessionDep,
    principal: OptionalPrincipalDep,
) -> JSONResponse:
    procedure = await procedures.get(session, code=code)
    version = await procedures.get_version(session, procedure=procedure, number=number, principal=principal)
    row = await service.get(session, procedure=procedure, version=version, code=form)
    schema = await service.resolved_schema(session, procedure=procedure, version=version, form=row)
    return JSONResponse(schema, media_type="application/schema+json", headers={"ETag": etag_for(row.etag)})


@router.post(
    "/{form}/validation",
    response_model=ValidationResult,
    summary="Kiểm tra dữ liệu tờ khai theo biểu mẫu",
    description="Trả về từng lỗi theo trường, bằng tiếng Việt (hoặc tiếng Anh với Accept-Language: en).",
)
async def validate_data(
    code: CodePath,
    number: NumberPath,
    form: FormPath,
    body: ValidationRequest,
    session: ReadSessionDep,
    principal: OptionalPrincipalDep,
) -> ValidationResult:
    procedure = await procedures.get(session, code=code)
    version = await procedures.get_version(session, procedure=procedure, number=number, principal=principal)
    row = await service.get(session, procedure=procedure, version=version, code=form)
    errors = await service.validate(session, procedure=procedure, version=version, form=row, data=body.data)
    return ValidationResult(valid=not errors, errors=[FieldProblem(**e) for e in errors])


@router.get(
    "/{form}/template",
    summary="Tải mẫu tờ khai để in (mức độ 2)",
    response_class=Response,
    responses={200: {"content": {"text/html": {}, "text/plain": {}}}},
)
async def download_template(
    code: CodePath,
    number: NumberPath,
    form: FormPath,
    session: ReadSessionDep,
    principal: OptionalPrincipalDep,
    format: Annotated[TemplateFormat, Query(description="html (để in) hoặc text")] = TemplateFormat.HTML,
) -> Response:
    procedure = await procedures.get(session, code=code)
    version = await procedures.get_version(session, procedure=procedure, number=number, principal=principal)
    row = await service.get(session, procedure=procedure, version=version, code=form)
    as_html = format is TemplateFormat.HTML
    document = await service.printable(
        session, procedure=procedure, version=version, form=row, as_html=as_html
    )
    extension = "html" if as_html else "txt"
    filename = f"{row.code}-{procedure.code}-v{version.number}.{extension}"
    return Response(
        document,
        media_type="text/html; charset=utf-8" if as_html else "text/plain; charset=utf-8",
        headers={
            "Content-Disposition": f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}",
            "ETag": etag_for(row.etag),
        },
    )
