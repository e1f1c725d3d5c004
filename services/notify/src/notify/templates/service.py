"""Use cases on templates: versions, publication, preview, and the lookup used to render messages."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from notify.kinds import KINDS, Channel, MessageKind
from notify.templates import repository
from notify.templates.errors import TemplateCodeUnknown, TemplateNotFound
from notify.templates.models import MessageTemplate
from notify.templates.rendering import Rendered, TemplateSource, check, render
from notify.templates.schemas import PreviewRequest, TemplateCreate
from servicekit.db import utcnow
from servicekit.http import InvalidCursor, decode_cursor, encode_cursor


def kind_or_404(code: str) -> MessageKind:
    kind = KINDS.get(code)
    if kind is None:
        raise TemplateCodeUnknown(template_code=code)
    return kind


def source_of(template: MessageTemplate) -> TemplateSource:
    return TemplateSource(Channel(template.channel), template.subject, template.body_text, template.body_html)


async def create_version(
    session: AsyncSession, *, code: str, data: TemplateCreate, author: str
) -> MessageTemplate:
    """Validate the source against the kind's variables, then store it as version n+1."""
    kind = kind_or_404(code)
    source = TemplateSource(data.channel, data.subject, data.body_text, data.body_html)
    placeholders = check(source, kind)
    # Versions of one (code, channel, language) are numbered one writer at a time.
    await session.execute(
        select(func.pg_advisory_xact_lock(func.hashtext(f"template:{code}:{data.channel}:{data.language}")))
    )
    version = await repository.latest_version(
        session, code=code, channel=data.channel, language=data.language
    )
    now = utcnow()
    template = MessageTemplate(
        code=code,
        channel=data.channel.value,
        language=data.language,
        version=version + 1,
        subject=data.subject,
        body_text=data.body_text,
        body_html=data.body_html,
        placeholders=placeholders,
        published_at=now if data.publish else None,
        created_by=author,
        created_at=now,
    )
    repository.add(session, template)
    await session.flush()
    return template


async def get_version(session: AsyncSession, *, code: str, template_id: uuid.UUID) -> MessageTemplate:
    kind_or_404(code)
    template = await repository.get(session, code=code, template_id=template_id)
    if template is None:
        raise TemplateNotFound(template_code=code)
    return template


async def publish(session: AsyncSession, *, code: str, template_id: uuid.UUID) -> MessageTemplate:
    """Publish a draft version (publishing is the one change a saved version may get)."""
    template = await get_version(session, code=code, template_id=template_id)
    if template.published_at is None:
        template.published_at = utcnow()
        await session.flush()
    return template


async def preview(session: AsyncSession, *, code: str, data: PreviewRequest) -> tuple[Rendered, int | None]:
    kind = kind_or_404(code)
    variables: dict[str, Any] = (
        kind.sample_variables() if data.variables is None else {**_common_defaults(), **data.variables}
    )
    if data.body_text is not None:
        source = TemplateSource(data.channel, data.subject, data.body_text, data.body_html)
        check(source, kind)
        return render(source, variables, language=data.language), None
    if data.version is not None:
        template = await repository.by_version(
            session, code=code, channel=data.channel, language=data.language, version=data.version
        )
    else:
        template = await repository.active(session, code=code, channel=data.channel, language=data.language)
    if template is None:
        raise TemplateNotFound(template_code=code)
    return render(source_of(template), variables, language=data.language), template.version


def _common_defaults() -> dict[str, Any]:
    # Previews need not repeat the variables every message gets from notify itself.
    return {"recipient_name": None, "portal_url": "http://localhost:8000"}


async def for_message(
    session: AsyncSession, *, code: str, channel: Channel, language: str
) -> MessageTemplate | None:
    """The template a new message uses: the active one in the language, else the Vietnamese one."""
    template = await repository.active(session, code=code, channel=channel, language=language)
    if template is None and language != "vi":
        template = await repository.active(session, code=code, channel=channel, language="vi")
    return template


async def list_active(
    session: AsyncSession,
    *,
    code: str | None,
    channel: str | None,
    language: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[MessageTemplate], str | None]:
    after = None
    if cursor:
        c, ch, lang = decode_cursor(cursor, 3)
        after = (c, ch, lang)
    rows = list(
        await repository.list_active(
            session, code=code, channel=channel, language=language, after=after, limit=limit + 1
        )
    )
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor([last.code, last.channel, last.language])
    return rows, next_cursor


async def list_versions(
    session: AsyncSession, *, code: str, limit: int, cursor: str | None
) -> tuple[list[MessageTemplate], str | None]:
    kind_or_404(code)
    after = None
    if cursor:
        ch, lang, version = decode_cursor(cursor, 3)
        after = (ch, lang, _int(version))
    rows = list(await repository.list_versions(session, code=code, after=after, limit=limit + 1))
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor([last.channel, last.language, last.version])
    return rows, next_cursor


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError as exc:
        raise InvalidCursor() from exc
