"""Reading and acknowledging the deadline watcher's notices (the desk head's reports, R-PROC-4)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit.auth import Principal
from servicekit.errors import Forbidden
from servicekit.http import decode_cursor, encode_cursor
from servicekit.i18n import Text
from workflow.deadlines.models import DeadlineNotice
from workflow.processes.models import ProcessInstance
from workflow.roles import is_desk_head
from workflow.tasks.errors import NoticeNotFound
from workflow.tasks.schemas import NoticeRead


class DeskHeadRequired(Forbidden):
    code = "desk_head_required"
    detail = Text(
        "Báo cáo này gửi trưởng Bộ phận Một cửa của cơ quan tiếp nhận.",
        "This report is addressed to the head of the receiving agency's desk.",
    )


def _read(notice: DeadlineNotice, dossier_code: str | None) -> NoticeRead:
    return NoticeRead.model_validate(
        {
            **{c: getattr(notice, c) for c in NoticeRead.model_fields if c != "dossier_code"},
            "dossier_code": dossier_code,
        }
    )


def _visible(principal: Principal) -> Any:
    units = sorted(principal.agencies)
    return or_(DeadlineNotice.desk_agency_code.in_(units), DeadlineNotice.handling_agency_code.in_(units))


async def list_for(
    session: AsyncSession,
    *,
    principal: Principal,
    reported_to_desk: bool | None,
    acknowledged: bool | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[NoticeRead], str | None]:
    query = (
        select(DeadlineNotice, ProcessInstance.dossier_code)
        .join(ProcessInstance, ProcessInstance.id == DeadlineNotice.instance_id)
        .where(_visible(principal))
    )
    if reported_to_desk is not None:
        query = query.where(DeadlineNotice.reported_to_desk.is_(reported_to_desk))
    if acknowledged is not None:
        column = DeadlineNotice.acknowledged_at
        query = query.where(column.is_not(None) if acknowledged else column.is_(None))
    if cursor:
        at, after = decode_cursor(cursor, 2)
        query = query.where(
            tuple_(DeadlineNotice.created_at, DeadlineNotice.id)
            < (datetime.fromisoformat(at), uuid.UUID(after))
        )
    rows = list(
        await session.execute(
            query.order_by(DeadlineNotice.created_at.desc(), DeadlineNotice.id.desc()).limit(limit + 1)
        )
    )
    items = [_read(row[0], row[1]) for row in rows[:limit]]
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1][0]
        next_cursor = encode_cursor([last.created_at.isoformat(), last.id])
    return items, next_cursor


async def acknowledge(
    session: AsyncSession, *, notice_id: uuid.UUID, principal: Principal, at: datetime
) -> NoticeRead:
    notice = await session.get(DeadlineNotice, notice_id, with_for_update=True)
    if notice is None or not principal.agencies & {notice.desk_agency_code, notice.handling_agency_code}:
        raise NoticeNotFound()
    if notice.reported_to_desk and not (
        is_desk_head(principal) and principal.serves_agency(notice.desk_agency_code)
    ):
        raise DeskHeadRequired()
    if notice.acknowledged_at is None:
        notice.acknowledged_at = at
        notice.acknowledged_by = principal.subject
    instance = await session.get(ProcessInstance, notice.instance_id)
    return _read(notice, instance.dossier_code if instance else None)
