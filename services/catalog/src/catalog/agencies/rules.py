"""Pure rules about agencies: code hierarchy (R-FMT-1) and administrative levels (R-CAT-3)."""

from __future__ import annotations

from enum import StrEnum

from catalog.codes import is_descendant_code, level_one_unit


class AdministrativeLevel(StrEnum):
    """Cấp hành chính: where a unit sits (R-CAT-3)."""

    CENTRAL = "central"
    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def rank(self) -> int:
        return list(AdministrativeLevel).index(self)


_LABELS = {
    AdministrativeLevel.CENTRAL: "Cấp Trung ương",
    AdministrativeLevel.PROVINCE: "Cấp Tỉnh",
    AdministrativeLevel.DISTRICT: "Cấp Huyện",
    AdministrativeLevel.COMMUNE: "Cấp Xã",
}

NATIONAL_SCOPE = "national"


def code_problems(
    code: str,
    level: AdministrativeLevel,
    parent_code: str | None,
    parent_level: AdministrativeLevel | None,
) -> list[tuple[str, str]]:
    """What is wrong with an agency's place in the hierarchy, as ``(field, problem)`` pairs.

    - Ministries and government bodies (``G``) are central; provincial units (``H``, ``K``) are not.
    - A child's code carries its parent's segments (QCVN 102 numbering).
    - A child is at its parent's administrative level or below (a province's department is
      provincial, its districts and communes are lower), never above.
    """
    problems: list[tuple[str, str]] = []
    unit = level_one_unit(code)[0]
    if unit == "G" and level is not AdministrativeLevel.CENTRAL:
        problems.append(("administrative_level", "central_unit_level"))
    if unit in ("H", "K") and level is AdministrativeLevel.CENTRAL:
        problems.append(("administrative_level", "local_unit_level"))
    if parent_code is not None:
        if parent_code == code or not is_descendant_code(code, parent_code):
            problems.append(("parent_code", "not_below_parent"))
        if parent_level is not None and level.rank < parent_level.rank:
            problems.append(("administrative_level", "above_parent"))
    return problems
