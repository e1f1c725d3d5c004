"""Pure rules of process definitions (no I/O): what makes a definition one an agency may put in force.

- Every stage's steps fit in the stage's limit, and the stages fit in the legal limit (R-PROC-5:
  each agency's task and time limit; the sum of a sequential chain within the procedure's limit).
- The deciding stage starts with an appraisal, has the agency leader's approval and ends with the
  result; the other agencies' stages start with an appraisal and end with their approval (their part).
- Sequential and cross-level routes start at the agency that received the dossier (R-PROC-9); a
  cross-level route forwards to an agency of a higher administrative level (R-PROC-6); a parallel
  route names exactly one lead agency and no part may take longer than the lead's limit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from servicekit.errors import FieldError
from servicekit.i18n import Text
from workflow.definitions.content import DefinitionContent, Route, StageSpec, StepKind
from workflow.roles import StepRole

LEVEL_RANK = {"central": 0, "province": 1, "district": 2, "commune": 3}

#: Who may be given each kind of step.
ROLES_FOR_KIND: Mapping[StepKind, frozenset[StepRole]] = {
    StepKind.APPRAISAL: frozenset({StepRole.SPECIALIST}),
    StepKind.VERIFICATION: frozenset({StepRole.SPECIALIST}),
    StepKind.CONSULTATION: frozenset({StepRole.SPECIALIST}),
    StepKind.APPROVAL: frozenset({StepRole.UNIT_HEAD, StepRole.AGENCY_LEADER}),
    StepKind.RESULT: frozenset({StepRole.SPECIALIST}),
}


@dataclass(frozen=True)
class KnownAgency:
    code: str
    parent_code: str | None
    administrative_level: str | None


_MESSAGES: Mapping[str, Text] = {
    "duplicate_step_code": Text("Mã bước bị trùng.", "Duplicate step code."),
    "steps_exceed_stage_limit": Text(
        "Tổng thời gian các bước ({total}) vượt thời hạn của cơ quan ({limit}).",
        "The steps take {total} working days, more than the stage's limit of {limit}.",
    ),
    "stages_exceed_legal_limit": Text(
        "Tổng thời hạn các cơ quan ({total}) vượt thời hạn giải quyết ({limit}).",
        "The stages take {total} working days, more than the legal limit of {limit}.",
    ),
    "stage_exceeds_legal_limit": Text(
        "Thời hạn của cơ quan ({limit}) vượt thời hạn giải quyết ({legal}).",
        "The stage's limit ({limit}) is longer than the legal limit ({legal}).",
    ),
    "part_exceeds_lead_limit": Text(
        "Thời hạn phần việc ({limit}) dài hơn thời hạn của cơ quan chủ trì ({lead}).",
        "The part's limit ({limit}) is longer than the lead agency's ({lead}).",
    ),
    "legal_limit_mismatch": Text(
        "Thời hạn giải quyết phải đúng với thủ tục đã công bố ({limit} ngày làm việc).",
        "The legal limit must be the published procedure's ({limit} working days).",
    ),
    "single_route_one_stage": Text(
        "Quy trình một cơ quan chỉ có một giai đoạn.", "A single-agency route has exactly one stage."
    ),
    "inter_agency_needs_two_stages": Text(
        "Quy trình liên thông cần ít nhất hai cơ quan.", "An inter-agency route needs at least two stages."
    ),
    "first_stage_not_receiving_agency": Text(
        "Giai đoạn đầu phải do cơ quan tiếp nhận hồ sơ ({agency_code}) thực hiện.",
        "The first stage must be at the receiving agency ({agency_code}).",
    ),
    "duplicate_stage_agency": Text("Cơ quan bị lặp lại.", "The agency appears twice."),
    "one_lead_required": Text(
        "Liên thông song song cần đúng một cơ quan chủ trì.",
        "A parallel route needs exactly one lead agency.",
    ),
    "lead_only_in_parallel": Text(
        "Chỉ liên thông song song mới có cơ quan chủ trì.", "Only a parallel route names a lead agency."
    ),
    "not_higher_level": Text(
        "Liên thông khác cấp phải chuyển lên cơ quan cấp trên.",
        "A cross-level route must forward to a higher-level agency.",
    ),
    "unknown_agency": Text("Không có cơ quan {agency_code} trong danh mục.", "Unknown agency {agency_code}."),
    "level_unknown": Text(
        "Chưa biết cấp hành chính của cơ quan {agency_code}.",
        "The administrative level of {agency_code} is not known.",
    ),
    "unit_not_in_agency": Text(
        "Đơn vị xử lý phải thuộc cơ quan của giai đoạn ({agency_code}).",
        "The unit must belong to the stage's agency ({agency_code}).",
    ),
    "role_not_allowed": Text(
        "Vai trò {role} không được giao bước loại {kind}.", "Role {role} cannot be given a {kind} step."
    ),
    "optional_not_allowed": Text(
        "Chỉ bước xác minh hoặc lấy ý kiến mới có thể bỏ qua.",
        "Only verification and consultation steps may be optional.",
    ),
    "first_step_appraisal": Text(
        "Bước đầu của mỗi cơ quan phải là thẩm định.", "Each stage starts with an appraisal step."
    ),
    "result_step_last": Text(
        "Cơ quan quyết định phải kết thúc bằng bước trả kết quả, và chỉ có một bước như vậy.",
        "The deciding stage ends with the single result step.",
    ),
    "leader_approval_required": Text(
        "Cơ quan quyết định cần bước phê duyệt của lãnh đạo cơ quan trước khi trả kết quả.",
        "The deciding stage needs the agency leader's approval before the result.",
    ),
    "part_ends_with_approval": Text(
        "Phần việc của cơ quan phối hợp phải kết thúc bằng bước phê duyệt, không có bước trả kết quả.",
        "A participating agency's part ends with an approval and has no result step.",
    ),
}


def _error(field: str, code: str, **params: object) -> FieldError:
    return FieldError(field, code, _MESSAGES[code].render(None, **params))


def _days(value: float) -> str:
    return f"{value:g}"


def problems(
    content: DefinitionContent,
    *,
    receiving_agency: str,
    published_limit: int | None,
    agencies: Mapping[str, KnownAgency],
) -> list[FieldError]:
    """Every reason the definition cannot be put in force (empty when it can)."""
    errors: list[FieldError] = []
    if published_limit is not None and content.legal_limit_days != published_limit:
        errors.append(_error("legal_limit_days", "legal_limit_mismatch", limit=published_limit))
    errors += _route_problems(content, receiving_agency, agencies)
    decisive = content.decisive_index()
    seen_codes: set[str] = set()
    for s, stage in enumerate(content.stages):
        where = f"stages.{s}"
        if stage.agency_code not in agencies:
            errors.append(_error(f"{where}.agency_code", "unknown_agency", agency_code=stage.agency_code))
        total = sum(step.working_days for step in stage.steps)
        if total > stage.limit_days:
            errors.append(
                _error(
                    f"{where}.steps",
                    "steps_exceed_stage_limit",
                    total=_days(total),
                    limit=_days(stage.limit_days),
                )
            )
        for i, step in enumerate(stage.steps):
            field = f"{where}.steps.{i}"
            if step.code in seen_codes:
                errors.append(_error(f"{field}.code", "duplicate_step_code"))
            seen_codes.add(step.code)
            if step.role not in ROLES_FOR_KIND[step.kind]:
                errors.append(
                    _error(f"{field}.role", "role_not_allowed", role=step.role.value, kind=step.kind.value)
                )
            if step.optional and step.kind not in (StepKind.VERIFICATION, StepKind.CONSULTATION):
                errors.append(_error(f"{field}.optional", "optional_not_allowed"))
            if step.unit_code is not None and step.unit_code != stage.agency_code:
                if step.unit_code not in agencies:
                    errors.append(_error(f"{field}.unit_code", "unknown_agency", agency_code=step.unit_code))
                elif stage.agency_code not in _chain(step.unit_code, agencies):
                    errors.append(
                        _error(f"{field}.unit_code", "unit_not_in_agency", agency_code=stage.agency_code)
                    )
        errors += _shape_problems(where, [step.kind for step in stage.steps], stage, deciding=s == decisive)
    return errors


def _shape_problems(
    where: str, kinds: Sequence[StepKind], stage: object, *, deciding: bool
) -> list[FieldError]:

    assert isinstance(stage, StageSpec)
    errors: list[FieldError] = []
    if kinds[0] is not StepKind.APPRAISAL:
        errors.append(_error(f"{where}.steps.0.kind", "first_step_appraisal"))
    if deciding:
        if kinds[-1] is not StepKind.RESULT or kinds.count(StepKind.RESULT) != 1:
            errors.append(_error(f"{where}.steps", "result_step_last"))
        leader = any(
            step.kind is StepKind.APPROVAL and step.role is StepRole.AGENCY_LEADER for step in stage.steps
        )
        if not leader:
            errors.append(_error(f"{where}.steps", "leader_approval_required"))
    elif kinds[-1] is not StepKind.APPROVAL or StepKind.RESULT in kinds:
        errors.append(_error(f"{where}.steps", "part_ends_with_approval"))
    return errors


def _chain(code: str, agencies: Mapping[str, KnownAgency]) -> list[str]:
    """The agency and its known ancestors, nearest first."""
    chain: list[str] = []
    current: str | None = code
    while current is not None and current in agencies and current not in chain and len(chain) < 12:
        chain.append(current)
        current = agencies[current].parent_code
    return chain


def _route_problems(
    content: DefinitionContent, receiving_agency: str, agencies: Mapping[str, KnownAgency]
) -> list[FieldError]:
    stages = content.stages
    errors: list[FieldError] = []
    codes = [s.agency_code for s in stages]
    for s, code in enumerate(codes):
        if code in codes[:s]:
            errors.append(_error(f"stages.{s}.agency_code", "duplicate_stage_agency"))
    leads = [s for s, stage in enumerate(stages) if stage.lead]
    if content.route is Route.SINGLE:
        if len(stages) != 1:
            errors.append(_error("stages", "single_route_one_stage"))
        if stages[0].agency_code != receiving_agency:
            errors.append(
                _error(
                    "stages.0.agency_code", "first_stage_not_receiving_agency", agency_code=receiving_agency
                )
            )
    elif len(stages) < 2:
        errors.append(_error("stages", "inter_agency_needs_two_stages"))
    if content.route is not Route.PARALLEL and leads:
        errors.append(_error(f"stages.{leads[0]}.lead", "lead_only_in_parallel"))
    if content.route in (Route.SEQUENTIAL, Route.CROSS_LEVEL):
        if stages[0].agency_code != receiving_agency:
            errors.append(
                _error(
                    "stages.0.agency_code", "first_stage_not_receiving_agency", agency_code=receiving_agency
                )
            )
        total = sum(s.limit_days for s in stages)
        if total > content.legal_limit_days:
            errors.append(
                _error(
                    "stages",
                    "stages_exceed_legal_limit",
                    total=_days(total),
                    limit=_days(content.legal_limit_days),
                )
            )
    if content.route is Route.CROSS_LEVEL:
        errors += _cross_level_problems(content, agencies)
    if content.route is Route.PARALLEL:
        if len(leads) != 1:
            errors.append(_error("stages", "one_lead_required"))
        lead_limit = stages[leads[0]].limit_days if len(leads) == 1 else content.legal_limit_days
        for s, stage in enumerate(stages):
            if stage.limit_days > content.legal_limit_days:
                errors.append(
                    _error(
                        f"stages.{s}.limit_days",
                        "stage_exceeds_legal_limit",
                        limit=_days(stage.limit_days),
                        legal=_days(content.legal_limit_days),
                    )
                )
            elif not stage.lead and stage.limit_days > lead_limit:
                errors.append(
                    _error(
                        f"stages.{s}.limit_days",
                        "part_exceeds_lead_limit",
                        limit=_days(stage.limit_days),
                        lead=_days(lead_limit),
                    )
                )
    return errors


def _cross_level_problems(
    content: DefinitionContent, agencies: Mapping[str, KnownAgency]
) -> list[FieldError]:
    """Each agency after the first is of a higher administrative level than the receiving one."""
    first = agencies.get(content.stages[0].agency_code)
    if first is None:
        return []
    if first.administrative_level not in LEVEL_RANK:
        return [_error("stages.0.agency_code", "level_unknown", agency_code=first.code)]
    errors: list[FieldError] = []
    for s, stage in enumerate(content.stages[1:], start=1):
        known = agencies.get(stage.agency_code)
        if known is None:
            continue
        if known.administrative_level not in LEVEL_RANK:
            errors.append(_error(f"stages.{s}.agency_code", "level_unknown", agency_code=known.code))
        elif LEVEL_RANK[known.administrative_level] >= LEVEL_RANK[first.administrative_level]:
            errors.append(_error(f"stages.{s}.agency_code", "not_higher_level"))
    return errors


def referenced_agencies(content: DefinitionContent) -> set[str]:
    """Every agency code a definition names (stages and units)."""
    codes = {stage.agency_code for stage in content.stages}
    codes |= {step.unit_code for stage in content.stages for step in stage.steps if step.unit_code}
    return codes
