"""The content of a process definition: stages (one per agency taking part) of ordered steps, each with
the unit and role in charge and a working-day budget. Shapes only; the rules are in ``rules.py``."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from workflow.roles import StepRole

AGENCY_CODE_PATTERN = r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$"
PROCEDURE_CODE_PATTERN = r"^\d\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?$"

AgencyCode = Annotated[str, StringConstraints(pattern=AGENCY_CODE_PATTERN)]
ProcedureCode = Annotated[str, StringConstraints(pattern=PROCEDURE_CODE_PATTERN)]
#: Working days, by half days (a step may take a morning).
WorkingDays = Annotated[float, Field(ge=0, le=365, multiple_of=0.5)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class StepKind(StrEnum):
    APPRAISAL = "appraisal"
    """Thẩm định: the assigned specialist examines the dossier and proposes a decision (R-PROC-2)."""
    VERIFICATION = "verification"
    """Thẩm tra, xác minh: an in-person verification is recorded (R-PROC-2)."""
    CONSULTATION = "consultation"
    """Lấy ý kiến: other units or agencies are asked, with a deadline (R-PROC-4)."""
    APPROVAL = "approval"
    """Phê duyệt: one approval level (unit head, then agency leader)."""
    RESULT = "result"
    """The result document is produced and handed back to the desk (R-PROC-6, R-RES-1)."""


class Route(StrEnum):
    SINGLE = "single"
    """One agency processes the dossier."""
    SEQUENTIAL = "sequential"
    """Inter-agency, one after the other, each with its task and limit (Phiếu chuyển xử lý, R-PROC-5)."""
    PARALLEL = "parallel"
    """Inter-agency, all at once, the lead agency decides once every part is in (R-PROC-5)."""
    CROSS_LEVEL = "cross_level"
    """Forwarded to a higher-level agency, which decides; the result returns to the desk (R-PROC-6)."""


class StepSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")] = Field(
        description="Mã bước, duy nhất trong quy trình", examples=["tham_dinh"]
    )
    kind: StepKind
    title: Title
    role: StepRole
    unit_code: AgencyCode | None = Field(
        default=None, description="Đơn vị xử lý (mặc định: cơ quan của giai đoạn)", examples=["000.00.18.G12"]
    )
    working_days: WorkingDays = Field(description="Thời gian của bước (ngày làm việc, theo nửa ngày)")
    optional: bool = Field(default=False, description="Bước xác minh, lấy ý kiến có thể bỏ qua")


class StageSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    agency_code: AgencyCode
    task: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)] | None = (
        Field(default=None, description="Nhiệm vụ của cơ quan (Phiếu chuyển xử lý)")
    )
    limit_days: WorkingDays = Field(description="Thời hạn của cơ quan (ngày làm việc)")
    lead: bool = Field(default=False, description="Cơ quan chủ trì (liên thông song song)")
    steps: list[StepSpec] = Field(min_length=1, max_length=30)


class DefinitionContent(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Title
    route: Route = Route.SINGLE
    legal_limit_days: WorkingDays = Field(description="Thời hạn giải quyết theo quy định (ngày làm việc)")
    stages: list[StageSpec] = Field(min_length=1, max_length=10)

    def decisive_index(self) -> int:
        """The stage that decides and produces the result: the lead (parallel) or the last one."""
        if self.route is Route.PARALLEL:
            return next((i for i, s in enumerate(self.stages) if s.lead), 0)
        return len(self.stages) - 1
