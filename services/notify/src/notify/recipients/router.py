"""The signed-in user's notification preferences (channels, language)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from notify.deps import SessionDep
from notify.recipients import service
from notify.recipients.models import Contact, NotificationPreference
from notify.recipients.rules import DEFAULT_PREFERENCES
from notify.recipients.schemas import PreferencesRead, PreferencesUpdate
from servicekit.auth import PrincipalDep
from servicekit.http import check_if_match, etag_for

router = APIRouter(prefix="/v1/notification-preferences", tags=["preferences"])


def _read(preference: NotificationPreference | None, contact: Contact | None) -> JSONResponse:
    defaults = DEFAULT_PREFERENCES
    body = PreferencesRead(
        email=preference.email_enabled if preference else defaults.email,
        sms=preference.sms_enabled if preference else defaults.sms,
        in_app=preference.in_app_enabled if preference else defaults.in_app,
        language="en" if (preference.language if preference else defaults.language) == "en" else "vi",
        email_address=contact.email if contact else None,
        phone_number=contact.phone if contact else None,
        updated_at=preference.updated_at if preference else None,
    )
    # Version 0: nobody saved preferences yet (the defaults apply).
    version = preference.version if preference else 0
    return JSONResponse(body.model_dump(mode="json"), headers={"ETag": etag_for(version)})


@router.get(
    "",
    response_model=PreferencesRead,
    summary="Tùy chọn nhận thông báo của tôi",
    description="Thông báo bắt buộc theo quy định luôn vào hộp thư trên Cổng, dù tắt mọi kênh.",
)
async def get_preferences(principal: PrincipalDep, session: SessionDep) -> JSONResponse:
    preference, contact = await service.preferences_of(session, subject=principal.subject)
    return _read(preference, contact)


@router.put(
    "",
    response_model=PreferencesRead,
    summary="Thay đổi tùy chọn nhận thông báo",
    description='Cần tiêu đề If-Match với ETag đã đọc ("0" khi chưa từng lưu).',
)
async def put_preferences(
    body: PreferencesUpdate, request: Request, principal: PrincipalDep, session: SessionDep
) -> JSONResponse:
    current = await service.lock_preferences(session, subject=principal.subject)
    check_if_match(request, current.version if current else 0)
    saved = await service.save_preferences(session, subject=principal.subject, data=body, current=current)
    _, contact = await service.preferences_of(session, subject=principal.subject)
    return _read(saved, contact)
