"""Appending to and reading a process history. Appends happen under the instance's row lock, so the
numbering and the chain are never raced."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit.auth import Principal
from workflow.history import chain
from workflow.history.models import HistoryEntry
from workflow.processes.models import ProcessInstance


async def append(
    session: AsyncSession,
    instance: ProcessInstance,
    *,
    action: str,
    at: datetime,
    actor: Principal | None = None,
    task_id: uuid.UUID | None = None,
    step_title: str | None = None,
    handling_agency_code: str | None = None,
    giver: str | None = None,
    receiver: str | None = None,
    comment: str | None = None,
    attachment_ids: Sequence[uuid.UUID] = (),
    data: dict[str, Any] | None = None,
) -> HistoryEntry:
    fields: dict[str, Any] = {
        "instance_id": str(instance.id),
        "seq": instance.history_length + 1,
        "at": at,
        "action": action,
        "actor_subject": actor.subject if actor else None,
        "actor_name": (actor.name or actor.subject) if actor else None,
        "task_id": str(task_id) if task_id else None,
        "step_title": step_title,
        "handling_agency_code": handling_agency_code,
        "giver": giver,
        "receiver": receiver,
        "comment": comment,
        "attachment_ids": [str(a) for a in attachment_ids],
        "data": data or {},
        "prev_hash": instance.history_head,
    }
    digest = chain.entry_hash(fields)
    entry = HistoryEntry(
        **{**fields, "instance_id": instance.id, "task_id": task_id},
        hash=digest,
    )
    session.add(entry)
    instance.history_length = fields["seq"]
    instance.history_head = digest
    return entry


async def entries(session: AsyncSession, instance_id: uuid.UUID) -> list[HistoryEntry]:
    rows = await session.scalars(
        select(HistoryEntry).where(HistoryEntry.instance_id == instance_id).order_by(HistoryEntry.seq)
    )
    return list(rows.all())


def as_fields(entry: HistoryEntry) -> dict[str, Any]:
    return {
        "instance_id": str(entry.instance_id),
        "seq": entry.seq,
        "at": entry.at,
        "action": entry.action,
        "actor_subject": entry.actor_subject,
        "actor_name": entry.actor_name,
        "task_id": str(entry.task_id) if entry.task_id else None,
        "step_title": entry.step_title,
        "handling_agency_code": entry.handling_agency_code,
        "giver": entry.giver,
        "receiver": entry.receiver,
        "comment": entry.comment,
        "attachment_ids": list(entry.attachment_ids or []),
        "data": dict(entry.data or {}),
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }


async def verify(session: AsyncSession, instance: ProcessInstance) -> chain.Verdict:
    """The chain as stored, checked end to end, and against the head the instance row remembers."""
    verdict = chain.verify([as_fields(e) for e in await entries(session, instance.id)])
    if verdict.valid and (verdict.length != instance.history_length or verdict.head != instance.history_head):
        return chain.Verdict(
            valid=False, length=verdict.length, head=verdict.head, first_broken_seq=verdict.length + 1
        )
    return verdict
