"""HTTP endpoints of a dossier's files: components with their limits and files, upload (whole or
resumable), reuse from the document store, removal, download."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, File, Form, Header, Query, Request, Response, UploadFile, status
from fastapi.responses import JSONResponse, StreamingResponse

from intake.attachments import repository, rules, service, uploads
from intake.attachments.downloads import file_response
from intake.attachments.errors import AttachmentNotFound, FileTooLarge
from intake.attachments.models import UploadSession
from intake.attachments.schemas import (
    ComponentRead,
    ComponentsRead,
    FileRead,
    HistoryFiles,
    ReuseRequest,
    UploadCreate,
    UploadRead,
)
from intake.attachments.views import file_read
from intake.context import IntakeDep
from intake.deps import SessionDep
from intake.dossiers.service import get_visible, procedure_of
from servicekit.auth import PrincipalDep
from servicekit.errors import ServiceError
from servicekit.i18n import Text

router = APIRouter(prefix="/v1/dossiers/{dossier_id}/documents", tags=["documents"])
READ_CHUNK = 1024 * 1024


class BadChunk(ServiceError):
    status = 400
    code = "upload_offset_required"
    title = Text("Thiếu vị trí tải lên", "Upload offset required")
    detail = Text(
        "Gửi tiêu đề Upload-Offset (số nguyên không âm).", "Send an Upload-Offset header (0 or more)."
    )


@router.get(
    "",
    response_model=ComponentsRead,
    summary="Thành phần hồ sơ và tệp đã đính kèm",
    description="Mỗi thành phần kèm loại tệp và dung lượng tối đa được nhận (R-CAT-4) và các tệp hiện có.",
)
async def list_components(
    dossier_id: uuid.UUID, principal: PrincipalDep, session: SessionDep, intake: IntakeDep
) -> ComponentsRead:
    dossier = await get_visible(session, dossier_id=dossier_id, principal=principal)
    procedure = await procedure_of(intake, dossier)
    files = await repository.current(session, dossier_id=dossier.id)
    items = []
    for c in procedure.components:
        attachment_like = not c.is_form
        items.append(
            ComponentRead(
                code=c.code,
                name=c.name,
                kind=c.kind,
                required=c.required,
                condition=c.condition,
                form_code=c.form_code,
                accepted_file_types=list(rules.accepted(c)) if attachment_like else [],
                max_file_size_mb=(c.max_file_size_mb or intake.settings.default_max_file_mb),
                originals=c.originals,
                copies=c.copies,
                files=[file_read(a, d) for a, d in files if a.component_code == c.code],
            )
        )
    return ComponentsRead(items=items)


@router.get("/history", response_model=HistoryFiles, summary="Mọi phiên bản tệp, kể cả tệp đã thay")
async def list_every_version(
    dossier_id: uuid.UUID, principal: PrincipalDep, session: SessionDep
) -> HistoryFiles:
    dossier = await get_visible(session, dossier_id=dossier_id, principal=principal)
    rows = await repository.every_version(session, dossier_id=dossier.id)
    return HistoryFiles(items=[file_read(a, d) for a, d in rows])


async def _chunks(file: UploadFile) -> AsyncIterator[bytes]:
    while data := await file.read(READ_CHUNK):
        yield data


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=FileRead,
    summary="Tải lên một tệp cho thành phần hồ sơ",
    description=(
        "multipart/form-data: component_code và file. Loại tệp được kiểm tra theo nội dung (không chỉ đuôi "
        "tệp), dung lượng theo giới hạn của thành phần; tên tệp được làm sạch; lưu SHA-256. Tệp lớn: dùng "
        "phiên tải lên nhiều phần (…/documents/uploads). Người nộp khi hồ sơ là bản nháp hoặc đang bổ sung; "
        "cán bộ một cửa khi nhận hồ sơ giấy tại quầy hoặc qua bưu chính (bản quét)."
    ),
)
async def upload_file(
    dossier_id: uuid.UUID,
    component_code: Annotated[str, Form(min_length=1, max_length=40)],
    file: Annotated[UploadFile, File(description="Tệp giấy tờ")],
    principal: PrincipalDep,
    session: SessionDep,
    intake: IntakeDep,
) -> JSONResponse:
    dossier = await get_visible(session, dossier_id=dossier_id, principal=principal, for_update=True)
    attachment, document = await service.upload(
        session,
        intake,
        dossier=dossier,
        principal=principal,
        component_code=component_code,
        filename=file.filename or "",
        source=_chunks(file),
    )
    body = file_read(attachment, document)
    return JSONResponse(
        body.model_dump(mode="json"),
        status_code=status.HTTP_201_CREATED,
        headers={"Location": f"/v1/dossiers/{dossier.id}/documents/{attachment.id}/content"},
    )


@router.post(
    "/reuse",
    status_code=status.HTTP_201_CREATED,
    response_model=FileRead,
    summary="Dùng lại giấy tờ trong kho giấy tờ",
    description="Giấy tờ đã nộp trước đây hoặc kết quả đã được cấp, không phải tải lên lại (R-INT-5).",
)
async def reuse_document(
    dossier_id: uuid.UUID, body: ReuseRequest, principal: PrincipalDep, session: SessionDep, intake: IntakeDep
) -> FileRead:
    dossier = await get_visible(session, dossier_id=dossier_id, principal=principal, for_update=True)
    attachment, document = await service.reuse(
        session,
        intake,
        dossier=dossier,
        principal=principal,
        component_code=body.component_code,
        document_id=body.document_id,
    )
    return file_read(attachment, document)


def _upload_read(upload: UploadSession, intake: IntakeDep, file: FileRead | None = None) -> UploadRead:
    return UploadRead(
        id=upload.id,
        component_code=upload.component_code,
        filename=upload.filename,
        size=upload.size,
        offset=upload.received,
        max_chunk_bytes=intake.settings.max_chunk_mb * rules.MIB,
        expires_at=upload.expires_at,
        completed=upload.completed_at is not None,
        file=file,
    )


@router.post(
    "/uploads",
    status_code=status.HTTP_201_CREATED,
    response_model=UploadRead,
    summary="Bắt đầu tải lên nhiều phần (tệp lớn)",
    description="Khai báo tên và dung lượng; dung lượng vượt giới hạn của thành phần bị từ chối ngay (413).",
)
async def start_upload(
    dossier_id: uuid.UUID, body: UploadCreate, principal: PrincipalDep, session: SessionDep, intake: IntakeDep
) -> JSONResponse:
    dossier = await get_visible(session, dossier_id=dossier_id, principal=principal)
    upload = await uploads.start(
        session,
        intake,
        dossier=dossier,
        principal=principal,
        component_code=body.component_code,
        filename=body.filename,
        size=body.size,
    )
    read = _upload_read(upload, intake)
    return JSONResponse(
        read.model_dump(mode="json"),
        status_code=status.HTTP_201_CREATED,
        headers={
            "Location": f"/v1/dossiers/{dossier.id}/documents/uploads/{upload.id}",
            "Upload-Offset": "0",
            "Upload-Length": str(upload.size),
        },
    )


@router.get("/uploads/{upload_id}", response_model=UploadRead, summary="Vị trí đã nhận của phiên tải lên")
async def upload_status(
    dossier_id: uuid.UUID,
    upload_id: uuid.UUID,
    principal: PrincipalDep,
    session: SessionDep,
    intake: IntakeDep,
) -> JSONResponse:
    dossier = await get_visible(session, dossier_id=dossier_id, principal=principal)
    upload = await uploads.get(session, dossier=dossier, principal=principal, upload_id=upload_id)
    read = _upload_read(upload, intake)
    return JSONResponse(
        read.model_dump(mode="json"),
        headers={"Upload-Offset": str(upload.received), "Upload-Length": str(upload.size)},
    )


@router.patch(
    "/uploads/{upload_id}",
    response_model=UploadRead,
    summary="Gửi một phần của tệp",
    description=(
        "Thân yêu cầu là các byte tiếp theo (application/offset+octet-stream), tiêu đề Upload-Offset là "
        "vị trí của chúng; sai vị trí → 409 kèm Upload-Offset đúng. Phần cuối cùng hoàn tất, kiểm tra và "
        "đính kèm tệp."
    ),
)
async def send_chunk(
    dossier_id: uuid.UUID,
    upload_id: uuid.UUID,
    request: Request,
    principal: PrincipalDep,
    session: SessionDep,
    intake: IntakeDep,
    upload_offset: Annotated[int | None, Header(alias="Upload-Offset", ge=0)] = None,
) -> JSONResponse:
    if upload_offset is None:
        raise BadChunk()
    limit = intake.settings.max_chunk_mb * rules.MIB
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise FileTooLarge(limit_mb=intake.settings.max_chunk_mb)
    data = bytearray()
    async for piece in request.stream():
        data += piece
        if len(data) > limit:
            raise FileTooLarge(limit_mb=intake.settings.max_chunk_mb)
    dossier = await get_visible(session, dossier_id=dossier_id, principal=principal, for_update=True)
    upload = await uploads.get(
        session, dossier=dossier, principal=principal, upload_id=upload_id, for_update=True
    )
    finished = await uploads.append(
        session,
        intake,
        dossier=dossier,
        principal=principal,
        upload=upload,
        offset=upload_offset,
        data=bytes(data),
    )
    file = file_read(*finished) if finished else None
    read = _upload_read(upload, intake, file)
    return JSONResponse(
        read.model_dump(mode="json"),
        status_code=status.HTTP_201_CREATED if finished else status.HTTP_200_OK,
        headers={"Upload-Offset": str(upload.received), "Upload-Length": str(upload.size)},
    )


@router.delete(
    "/{attachment_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Bỏ một tệp khỏi hồ sơ",
    description="Tệp vẫn được lưu trong lịch sử hồ sơ và trong kho giấy tờ.",
)
async def remove_file(
    dossier_id: uuid.UUID, attachment_id: uuid.UUID, principal: PrincipalDep, session: SessionDep
) -> Response:
    dossier = await get_visible(session, dossier_id=dossier_id, principal=principal, for_update=True)
    await service.remove(session, dossier=dossier, principal=principal, attachment_id=attachment_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{attachment_id}/content",
    response_class=StreamingResponse,
    summary="Tải tệp đính kèm",
    description="Chỉ người nộp hồ sơ và cán bộ của cơ quan giải quyết.",
    responses={200: {"content": {"application/octet-stream": {}}}},
)
async def download(
    dossier_id: uuid.UUID,
    attachment_id: uuid.UUID,
    principal: PrincipalDep,
    session: SessionDep,
    intake: IntakeDep,
    inline: Annotated[bool, Query(description="Hiển thị trong trình duyệt thay vì tải về")] = False,
) -> StreamingResponse:
    dossier = await get_visible(session, dossier_id=dossier_id, principal=principal)
    found = await repository.attachment(session, dossier_id=dossier.id, attachment_id=attachment_id)
    if found is None:
        raise AttachmentNotFound()
    return file_response(intake.storage, found[1], inline=inline)
