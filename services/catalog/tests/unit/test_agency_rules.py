"""Agencies in the hierarchy (R-FMT-1, R-CAT-3)."""

from __future__ import annotations

from catalog.agencies.rules import AdministrativeLevel as L
from catalog.agencies.rules import code_problems


def test_a_ministry_is_central_and_a_province_is_not() -> None:
    assert code_problems("000.00.00.G12", L.CENTRAL, None, None) == []
    assert code_problems("000.00.00.G12", L.PROVINCE, None, None) == [
        ("administrative_level", "central_unit_level")
    ]
    assert code_problems("000.00.00.H49", L.CENTRAL, None, None) == [
        ("administrative_level", "local_unit_level")
    ]


def test_a_unit_below_its_parent_at_the_same_level_or_lower_is_accepted() -> None:
    assert code_problems("000.00.11.H49", L.PROVINCE, "000.00.00.H49", L.PROVINCE) == []
    assert code_problems("000.01.31.H49", L.COMMUNE, "000.00.31.H49", L.DISTRICT) == []


def test_a_unit_cannot_be_above_its_parent_nor_outside_its_numbering() -> None:
    assert code_problems("000.00.31.H49", L.PROVINCE, "000.00.00.H49", L.DISTRICT) == [
        ("administrative_level", "above_parent")
    ]
    assert ("parent_code", "not_below_parent") in code_problems(
        "000.00.11.H55", L.PROVINCE, "000.00.00.H49", L.PROVINCE
    )
    assert ("parent_code", "not_below_parent") in code_problems(
        "000.00.00.H49", L.PROVINCE, "000.00.00.H49", L.PROVINCE
    )
