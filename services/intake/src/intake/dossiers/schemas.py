"""API shapes of dossiers (DossierCreate, DossierRead, DossierPage)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from contracts.lifecycle import ApplicantKind, Channel, DossierStatus

AgencyCode = Annotated[
    str,
    Field(
        pattern=r"^\d{3}\.\d{2}\.\d{2}\.[GHK]\d{2}$",
        examples=["000.00.00.G12"],
        description="Mã định danh cơ quan (QCVN 102:2016, R-FMT-1)",
    ),
]
ProcedureCode = Annotated[
    str,
    Field(
        pattern=r"^\d\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.[GHK]\d{2})?$",
        examples=["1.005129"],
        description="Mã thủ tục hành chính (R-FMT-3)",
    ),
]


class DossierCreate(BaseModel):
    """A dossier filed online by the signed-in applicant."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "procedure_code": "1.005129",
                    "procedure_version": 1,
                    "agency_code": "000.00.00.G12",
                    "form_data": {"ho_ten": "Nguyễn Văn An", "so_dinh_danh": "001090012345"},
                }
            ]
        },
    )

    procedure_code: ProcedureCode
    procedure_version: int = Field(ge=1, description="Phiên bản thủ tục (R-CAT-5)")
    agency_code: AgencyCode
    form_data: dict[str, Any] = Field(default_factory=dict, description="Dữ liệu tờ khai điện tử")


class DossierRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    code: str | None
    procedure_code: str
    procedure_version: int
    agency_code: str
    applicant_kind: ApplicantKind
    applicant_name: str
    channel: Channel
    status: DossierStatus
    form_data: dict[str, Any]
    created_at: datetime
    submitted_at: datetime | None


class DossierPage(BaseModel):
    items: list[DossierRead]
    next_cursor: str | None = None
