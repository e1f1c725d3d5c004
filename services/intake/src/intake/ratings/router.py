"""HTTP endpoints of ratings (R-FB-5): the form, rate or change a dossier's rating, read them."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.responses import JSONResponse

from contracts.events import RATING_CRITERIA, SatisfactionLevel
from intake.deps import OutboxDep, RuntimeDep, SessionDep
from intake.ratings import service
from intake.ratings.models import DossierRating
from intake.ratings.schemas import (
    Criterion,
    CriterionScore,
    Level,
    RatingForm,
    RatingPage,
    RatingRead,
    RatingWrite,
)
from intake.settings import IntakeSettings
from servicekit.auth import ApplicantDep, PrincipalDep
from servicekit.clock import Clock, ClockDep
from servicekit.errors import PreconditionFailed
from servicekit.http import PageParamsDep, etag_for

router = APIRouter(prefix="/v1/ratings", tags=["ratings"])


def edit_days(runtime: RuntimeDep) -> int:
    settings = runtime.settings
    assert isinstance(settings, IntakeSettings)
    return settings.rating_edit_days


EditDaysDep = Annotated[int, Depends(edit_days)]


def _score(level: str) -> CriterionScore:
    value = SatisfactionLevel(level)
    return CriterionScore(level=value, label=value.label)


def rating_read(rating: DossierRating, clock: Clock) -> RatingRead:
    return RatingRead(
        id=rating.id,
        dossier_id=rating.dossier_id,
        dossier_code=rating.dossier_code,
        agency_code=rating.agency_code,
        procedure_code=rating.procedure_code,
        overall=_score(rating.overall),
        ease_of_use=_score(rating.ease_of_use),
        timeliness=_score(rating.timeliness),
        officer_attitude=_score(rating.officer_attitude),
        comment=rating.comment,
        revision=rating.revision,
        first_submitted_at=rating.first_submitted_at,
        updated_at=rating.updated_at,
        editable_until=rating.editable_until,
        editable=clock.now() < rating.editable_until,
    )


def _expected_revision(request: Request) -> int | None:
    """If-Match carries the revision read (ETag ``"<revision>"``); none means last write wins."""
    header = request.headers.get("if-match")
    if header is None or header.strip() == "*":
        return None
    try:
        return int(header.strip().removeprefix("W/").strip('"'))
    except ValueError:
        raise PreconditionFailed() from None


@router.get(
    "/form",
    response_model=RatingForm,
    summary="Tiêu chí và mức đánh giá",
    description="Bốn tiêu chí và ba mức của TT32 Điều 12 (R-FB-5), và số ngày được sửa đánh giá.",
)
async def rating_form(days: EditDaysDep) -> RatingForm:
    return RatingForm(
        criteria=[Criterion(code=code, name=name) for code, name in RATING_CRITERIA.items()],
        levels=[Level(code=level, label=level.label) for level in SatisfactionLevel],
        edit_days=days,
    )


@router.get(
    "",
    response_model=RatingPage,
    summary="Đánh giá của tôi / của cơ quan",
    description="Công dân: đánh giá mình đã gửi. Cán bộ: đánh giá hồ sơ của các cơ quan mình thuộc về.",
)
async def list_ratings(
    principal: PrincipalDep,
    session: SessionDep,
    clock: ClockDep,
    page: PageParamsDep,
    agency_code: Annotated[str | None, Query(pattern=r"^\d{3}\.\d{2}\.\d{2}\.[GHK]\d{2}$")] = None,
) -> RatingPage:
    rows, next_cursor = await service.list_visible(
        session, principal=principal, agency_code=agency_code, limit=page.limit, cursor=page.cursor
    )
    return RatingPage(items=[rating_read(r, clock) for r in rows], next_cursor=next_cursor)


@router.get("/{dossier_id}", response_model=RatingRead, summary="Đánh giá của một hồ sơ")
async def get_rating(
    dossier_id: uuid.UUID, principal: PrincipalDep, session: SessionDep, clock: ClockDep
) -> JSONResponse:
    rating = await service.get_visible(session, dossier_id=dossier_id, principal=principal)
    return JSONResponse(
        rating_read(rating, clock).model_dump(mode="json"), headers={"ETag": etag_for(rating.revision)}
    )


@router.put(
    "/{dossier_id}",
    response_model=RatingRead,
    responses={201: {"model": RatingRead, "description": "Đánh giá lần đầu"}},
    summary="Đánh giá hoặc sửa đánh giá hồ sơ",
    description=(
        "Người nộp hồ sơ, khi hồ sơ đã có kết quả (đã xử lý xong hoặc đã trả kết quả). Mỗi hồ sơ một đánh "
        "giá, sửa được trong số ngày cấu hình (mặc định 7) kể từ lần đầu; If-Match với ETag đã đọc (tùy "
        "chọn) tránh ghi đè. 201 khi đánh giá lần đầu, 200 khi sửa."
    ),
)
async def put_rating(
    dossier_id: uuid.UUID,
    body: RatingWrite,
    request: Request,
    applicant: ApplicantDep,
    session: SessionDep,
    outbox: OutboxDep,
    clock: ClockDep,
    days: EditDaysDep,
) -> JSONResponse:
    rating, created = await service.rate(
        session,
        outbox,
        principal=applicant,
        dossier_id=dossier_id,
        data=body,
        now=clock.now(),
        edit_days=days,
        expected_revision=_expected_revision(request),
    )
    return JSONResponse(
        rating_read(rating, clock).model_dump(mode="json"),
        status_code=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        headers={"ETag": etag_for(rating.revision), "Location": f"/v1/ratings/{dossier_id}"},
    )
