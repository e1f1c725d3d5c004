"""Who does what in processing: the officials' roles of identity (docs/identity.md) as workflow uses them.

- ``specialist`` (chuyên viên): appraises, verifies, consults, proposes, produces the result;
- ``unit_head`` (trưởng phòng, trưởng bộ phận): assigns and reassigns, first approval level, may move
  the appointment date (R-PROC-8);
- ``agency_leader`` (lãnh đạo cơ quan): the final approval level, extensions, stopping a dossier;
- ``reception_officer`` (Bộ phận Một cửa): the desk; a desk officer who is also ``unit_head`` heads the
  desk and receives the reports of missed consultation deadlines (R-PROC-4);
- ``agency_admin``: manages the agency's process definitions.

A unit is an agency code of any level (QCVN 102: a department of a ministry, a division of a provincial
department), so an official's ``agencies`` claim names the units they work in.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import Depends

from servicekit.auth import Principal, require

SPECIALIST = "specialist"
UNIT_HEAD = "unit_head"
AGENCY_LEADER = "agency_leader"
RECEPTION_OFFICER = "reception_officer"
AGENCY_ADMIN = "agency_admin"
SYSTEM_ADMIN = "system_admin"


class StepRole(StrEnum):
    """Roles a step of a process definition can be given to."""

    SPECIALIST = SPECIALIST
    UNIT_HEAD = UNIT_HEAD
    AGENCY_LEADER = AGENCY_LEADER


#: Roles that may decide on the dossier as a whole (extension, R-PROC-8).
MANAGERS = frozenset({UNIT_HEAD, AGENCY_LEADER})
#: Every role that works on processing, and so may read processes and tasks of its agencies.
PROCESSING_ROLES = frozenset({SPECIALIST, UNIT_HEAD, AGENCY_LEADER, RECEPTION_OFFICER, AGENCY_ADMIN})

OfficialDep = Annotated[Principal, Depends(require(kinds=("official",)))]
DefinitionAdmin = Annotated[
    Principal, Depends(require(kinds=("official", "system"), roles=(AGENCY_ADMIN, SYSTEM_ADMIN)))
]


def is_desk_head(principal: Principal) -> bool:
    """The head of the one-stop desk: a desk officer who heads the unit (R-PROC-4)."""
    return principal.has_role(RECEPTION_OFFICER) and principal.has_role(UNIT_HEAD, AGENCY_LEADER)
