"""Pure rules of classification (R-FMT-1)."""

from __future__ import annotations

from catalog.codes import field_ministry_unit, level_one_unit


def field_matches_agency(field_code: str, managing_agency_code: str) -> bool:
    """A field ``G09-TP05`` is maintained by a unit of the level-1 unit ``G09`` it names."""
    return field_ministry_unit(field_code) == level_one_unit(managing_agency_code)
