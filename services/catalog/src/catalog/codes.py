"""National code formats (R-FMT-1, R-FMT-3): pure checks shared by every aggregate.

Agency codes follow QCVN 102:2016, ``V1V2V3.Z1Z2.Y1Y2.MX1X2``: the level-1 unit (``M`` = ``G`` for
ministries and government bodies, ``H`` for provincial people's committees, ``K`` for provincial
councils) comes last and each lower level prepends its own number, zero while unused. So a unit's
code carries every ancestor's non-zero segment, which is what ``is_descendant_code`` checks.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import Field

AGENCY_CODE_PATTERN = r"^\d{3}\.\d{2}\.\d{2}\.[GHK]\d{2}$"
PROCEDURE_CODE_PATTERN = r"^\d\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.[GHK]\d{2})?$"
# R-FMT-1 example ``G03-GD10``: the ministry's level-1 unit, then the field's own code.
FIELD_CODE_PATTERN = r"^[GHK]\d{2}-[A-Z]{1,6}\d{1,4}$"
SECTOR_CODE_PATTERN = r"^[A-Z][A-Z0-9_]{1,31}$"
FORM_CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$"

_AGENCY = re.compile(AGENCY_CODE_PATTERN)
_PROCEDURE = re.compile(PROCEDURE_CODE_PATTERN)
_FIELD = re.compile(FIELD_CODE_PATTERN)


def is_agency_code(value: str) -> bool:
    """R-FMT-1: ``000.00.00.G12`` (Ministry of Finance), ``000.00.00.H49`` (Quảng Ninh)…"""
    return bool(_AGENCY.fullmatch(value))


def is_procedure_code(value: str) -> bool:
    """R-FMT-3: ``d.dddddd``, optionally followed by a local agency code (``2.000815.000.00.00.H55``)."""
    return bool(_PROCEDURE.fullmatch(value))


def is_field_code(value: str) -> bool:
    """R-FMT-1: field (lĩnh vực) codes such as ``G03-GD10``."""
    return bool(_FIELD.fullmatch(value))


def agency_segments(code: str) -> tuple[str, str, str, str]:
    """``V1V2V3, Z1Z2, Y1Y2, MX1X2`` of a valid agency code."""
    v, z, y, m = code.split(".")
    return v, z, y, m


def level_one_unit(code: str) -> str:
    """The level-1 unit (``G12``, ``H49``) an agency belongs to."""
    return agency_segments(code)[3]


def agency_depth(code: str) -> int:
    """1 for a level-1 unit (``000.00.00.G12``), up to 4 for ``001.02.03.H49``."""
    v, z, y, _ = agency_segments(code)
    return 1 + sum(1 for part in (y, z, v) if int(part) != 0)


def is_descendant_code(child: str, parent: str) -> bool:
    """Whether ``child`` sits below ``parent`` in the QCVN 102 numbering.

    The child keeps every non-zero segment of its parent and adds at least one level of its own.
    """
    c, p = agency_segments(child), agency_segments(parent)
    if c[3] != p[3]:
        return False
    for mine, theirs in zip(c[:3], p[:3], strict=True):
        if int(theirs) != 0 and mine != theirs:
            return False
    return agency_depth(child) > agency_depth(parent)


def field_ministry_unit(field_code: str) -> str:
    """The level-1 unit that owns a field: ``G03`` for ``G03-GD10``."""
    return field_code.split("-", 1)[0]


AgencyCode = Annotated[
    str,
    Field(
        pattern=AGENCY_CODE_PATTERN,
        examples=["000.00.00.G12"],
        description="Mã định danh cơ quan theo QCVN 102:2016 (R-FMT-1), ví dụ 000.00.00.G12",
    ),
]
ProcedureCode = Annotated[
    str,
    Field(
        pattern=PROCEDURE_CODE_PATTERN,
        examples=["1.001193"],
        description="Mã thủ tục hành chính d.dddddd, có thể kèm mã cơ quan địa phương (R-FMT-3)",
    ),
]
FieldCode = Annotated[
    str,
    Field(
        pattern=FIELD_CODE_PATTERN, examples=["G09-TP05"], description="Mã lĩnh vực (R-FMT-1), ví dụ G03-GD10"
    ),
]
SectorCode = Annotated[
    str,
    Field(pattern=SECTOR_CODE_PATTERN, examples=["TU_PHAP"], description="Mã ngành (chữ in hoa, số, _)"),
]
FormCode = Annotated[
    str,
    Field(pattern=FORM_CODE_PATTERN, examples=["TK01"], description="Mã biểu mẫu trong phiên bản thủ tục"),
]
