"""HTTP endpoints of process instances: lists for the desk, one dossier's process, its history (with the
hash chain's verification), documents, and the dossier-wide actions (extension, stop)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from sqlalchemy import select

from servicekit.auth import PrincipalDep
from servicekit.http import PageParamsDep, check_if_match, etag_for
from workflow.clock import local_today
from workflow.deps import ClockDep, OutboxDep, SessionDep, SettingsDep
from workflow.directory import service as directory
from workflow.documents import letters
from workflow.documents import service as documents
from workflow.documents.models import ProcessDocument
from workflow.history import service as history
from workflow.officials import CurrentOfficial
from workflow.processes import actions, engine, queries
from workflow.processes.engine import Context
from workflow.processes.models import ProcessInstance
from workflow.processes.queries import Due
from workflow.processes.schemas import (
    ChainVerification,
    DocumentPage,
    DocumentRead,
    ExtensionWrite,
    HistoryEntryRead,
    HistoryRead,
    ProcessDetail,
    ProcessPage,
    StopWrite,
)
from workflow.tasks import access
from workflow.tasks.errors import DocumentNotFound, NotYetReceived, ProcessNotFound

router = APIRouter(prefix="/v1/processes", tags=["processes"])


async def _detail(session: SessionDep, instance: ProcessInstance) -> JSONResponse:
    await session.flush()
    body = await queries.detail(session, instance)
    return JSONResponse(body.model_dump(mode="json"), headers={"ETag": etag_for(instance.version)})


@router.get(
    "",
    response_model=ProcessPage,
    summary="Hồ sơ đang xử lý của cơ quan tiếp nhận",
    description="Cho Bộ phận Một cửa và lãnh đạo: lọc theo trạng thái và hạn (soon, overdue).",
)
async def list_processes(
    official: CurrentOfficial,
    session: SessionDep,
    clock: ClockDep,
    settings: SettingsDep,
    page: PageParamsDep,
    stage: Annotated[str | None, Query(max_length=32)] = None,
    due: Due = Due.ANY,
) -> ProcessPage:
    today = local_today(clock)
    calendar = await directory.calendar_for(
        session, min(official.agencies) if official.agencies else "national"
    )
    items, cursor = await queries.list_for(
        session,
        principal=official,
        stage=stage,
        due=due,
        today=today,
        soon_until=calendar.add_working_days(today, settings.due_soon_working_days),
        limit=page.limit,
        cursor=page.cursor,
    )
    return ProcessPage(items=items, next_cursor=cursor)


@router.get("/by-dossier/{dossier_id}", response_model=ProcessDetail, summary="Quy trình xử lý của một hồ sơ")
async def get_process_for_dossier(
    dossier_id: uuid.UUID, official: CurrentOfficial, session: SessionDep
) -> JSONResponse:
    instance_id = await session.scalar(
        select(ProcessInstance.id).where(ProcessInstance.dossier_id == dossier_id)
    )
    if instance_id is None:
        raise ProcessNotFound()
    return await _detail(session, await access.readable_instance(session, instance_id, official))


@router.get("/{process_id}", response_model=ProcessDetail, summary="Một quy trình xử lý")
async def get_process(process_id: uuid.UUID, official: CurrentOfficial, session: SessionDep) -> JSONResponse:
    return await _detail(session, await access.readable_instance(session, process_id, official))


@router.get(
    "/{process_id}/history",
    response_model=HistoryRead,
    summary="Toàn bộ quá trình xử lý",
    description="Chỉ ghi thêm; mỗi mục có mã băm của mục trước (prev_hash) và của chính nó (hash).",
)
async def get_history(process_id: uuid.UUID, official: CurrentOfficial, session: SessionDep) -> HistoryRead:
    instance = await access.readable_instance(session, process_id, official)
    entries = await history.entries(session, instance.id)
    return HistoryRead(
        items=[HistoryEntryRead.model_validate(e) for e in entries], head=instance.history_head
    )


@router.get(
    "/{process_id}/history/verification",
    response_model=ChainVerification,
    summary="Kiểm tra tính toàn vẹn của lịch sử",
)
async def verify_history(
    process_id: uuid.UUID, official: CurrentOfficial, session: SessionDep
) -> ChainVerification:
    instance = await access.readable_instance(session, process_id, official)
    verdict = await history.verify(session, instance)
    return ChainVerification(
        valid=verdict.valid,
        length=verdict.length,
        head=verdict.head,
        first_broken_seq=verdict.first_broken_seq,
    )


@router.get(
    "/{process_id}/control-sheet",
    summary="Phiếu kiểm soát quá trình giải quyết hồ sơ (PDF)",
    description=(
        "Mỗi lần chuyển giao: thời điểm, bên giao, bên nhận, hạn của bước giao và kết quả trước hạn, đúng "
        "hạn, quá hạn — lập từ lịch sử xử lý tại thời điểm gọi (Mẫu 06, TT 03/2025)."
    ),
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
async def get_control_sheet(
    process_id: uuid.UUID, official: CurrentOfficial, session: SessionDep, clock: ClockDep
) -> Response:
    instance = await access.readable_instance(session, process_id, official)
    if instance.received_at is None or instance.plan is None:
        raise NotYetReceived()
    plan = engine.plan_of(instance)
    content = await letters.control_sheet(
        session,
        instance,
        await history.entries(session, instance.id),
        deciding_agency=plan.stages[plan.decisive_index()].agency_code,
        participants=[stage.agency_code for stage in plan.stages],
        at=clock.now(),
    )
    return Response(
        content,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="phieu-kiem-soat-{instance.dossier_code}.pdf"',
            "Cache-Control": "private, no-store",
        },
    )


@router.post(
    "/{process_id}/extension",
    response_model=ProcessDetail,
    summary="Gia hạn (một lần, chậm nhất 1 ngày làm việc trước hạn, R-PROC-8)",
    description="Cần If-Match với ETag của quy trình. Tạo văn bản xin lỗi và hẹn lại ngày trả kết quả.",
)
async def extend(
    process_id: uuid.UUID,
    body: ExtensionWrite,
    request: Request,
    official: CurrentOfficial,
    session: SessionDep,
    outbox: OutboxDep,
    clock: ClockDep,
) -> JSONResponse:
    await access.readable_instance(session, process_id, official)
    instance = await access.lock_instance(session, process_id)
    check_if_match(request, instance.version)
    agencies = await access.participants(session, instance)
    ctx = Context(session=session, outbox=outbox, now=clock.now())
    await actions.extend(ctx, instance, official, body, agencies=agencies)
    return await _detail(session, instance)


@router.post(
    "/{process_id}/stop",
    response_model=ProcessDetail,
    summary="Dừng giải quyết hồ sơ (Mẫu 05, TT 03/2025)",
    description="Cần If-Match với ETag của quy trình; lãnh đạo cơ quan tiếp nhận hoặc cơ quan quyết định.",
)
async def stop(
    process_id: uuid.UUID,
    body: StopWrite,
    request: Request,
    official: CurrentOfficial,
    session: SessionDep,
    outbox: OutboxDep,
    clock: ClockDep,
) -> JSONResponse:
    await access.readable_instance(session, process_id, official)
    instance = await access.lock_instance(session, process_id)
    check_if_match(request, instance.version)
    plan = engine.plan_of(instance) if instance.plan else None
    deciding = plan.stages[plan.decisive_index()].agency_code if plan else instance.agency_code
    ctx = Context(session=session, outbox=outbox, now=clock.now())
    await actions.stop(ctx, instance, official, body, deciding_agency=deciding)
    return await _detail(session, instance)


@router.post(
    "/{process_id}/documents",
    response_model=DocumentRead,
    status_code=201,
    summary="Tải lên tài liệu đính kèm (PDF, JPEG, PNG)",
    description="Dùng id trả về trong attachment_ids, document_ids của các thao tác.",
)
async def upload_document(
    process_id: uuid.UUID,
    file: UploadFile,
    official: CurrentOfficial,
    session: SessionDep,
    settings: SettingsDep,
) -> JSONResponse:
    instance = await access.readable_instance(session, process_id, official)
    content = await file.read(settings.max_document_bytes + 1)
    document = await documents.upload(
        session,
        instance,
        filename=file.filename or "tai-lieu",
        content=content,
        created_by=official.subject,
        max_bytes=settings.max_document_bytes,
    )
    body = DocumentRead.model_validate(document).model_dump(mode="json")
    return JSONResponse(
        body, status_code=201, headers={"Location": f"/v1/processes/{process_id}/documents/{document.id}"}
    )


@router.get("/{process_id}/documents", response_model=DocumentPage, summary="Tài liệu của hồ sơ")
async def list_documents(
    process_id: uuid.UUID, official: CurrentOfficial, session: SessionDep
) -> DocumentPage:
    instance = await access.readable_instance(session, process_id, official)
    return DocumentPage(
        items=[DocumentRead.model_validate(d) for d in await documents.list_for(session, instance.id)]
    )


@router.get(
    "/{process_id}/documents/{document_id}",
    summary="Tải tài liệu",
    description=(
        "Cán bộ tham gia xử lý; người nộp hồ sơ tải được văn bản gửi mình (kết quả, văn bản xin lỗi, "
        "thông báo dừng)."
    ),
    response_class=Response,
)
async def download_document(
    process_id: uuid.UUID, document_id: uuid.UUID, principal: PrincipalDep, session: SessionDep
) -> Response:
    instance = await session.get(ProcessInstance, process_id)
    if instance is None:
        raise ProcessNotFound()
    if principal.kind == "official":
        await access.readable_instance(session, process_id, principal)
        document = await documents.get(session, instance.id, document_id)
    else:
        document = await documents.get(session, instance.id, document_id)
        if principal.subject != instance.applicant_subject or not document.for_applicant:
            raise DocumentNotFound()
    return _file(document)


def _file(document: ProcessDocument) -> Response:
    filename = document.filename.encode("ascii", "ignore").decode() or "tai-lieu"
    return Response(
        document.content,
        media_type=document.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "ETag": f'"{document.sha256}"',
            "Cache-Control": "private, no-store",
        },
    )
